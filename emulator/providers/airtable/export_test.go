package airtable

import (
	"sort"

	"github.com/accessemu/accessemu/emulator/provider"
)

// UserIDs lists the ids of an account's users in a loaded world, for the tests of faked data.
func UserIDs(st provider.State, accountID string) []string {
	a := st.(*world).accounts[accountID]
	if a == nil {
		return nil
	}
	ids := make([]string, 0, a.users.Len())
	for id := range a.users.All() {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// AccountIDs lists the enterprise account ids of a loaded world.
func AccountIDs(st provider.State) []string {
	var ids []string
	for id := range st.(*world).accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
