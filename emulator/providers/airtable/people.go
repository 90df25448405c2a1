package airtable

import "strings"

// A user id names one person across the world's enterprise accounts. What belongs to the person
// (email, name, state, deletion, sessions) changes in every account that lists it, so that the
// accounts never disagree and a dump loads back.

// person is the user with the id as any account lists it.
func (w *world) person(id string) (user, bool) {
	for _, a := range w.accounts {
		if u, ok := a.users.Get(id); ok {
			return u, true
		}
	}
	return user{}, false
}

// canLogIn reports whether the user's tokens still work: the Airtable account is neither deleted
// nor deactivated.
func (u user) canLogIn() bool { return !u.Deleted && u.State != stateDeactivated }

// updatePerson applies change to the user in every account that lists it, keeping each account's
// email index and claimed-domain flag in step with the email.
func (w *world) updatePerson(id string, change func(user) user) {
	for _, a := range w.accounts {
		u, ok := a.users.Get(id)
		if !ok {
			continue
		}
		before := u
		u = change(u) // by value: a pointer given to change would move every user it changes to the heap
		if !strings.EqualFold(before.Email, u.Email) || before.Deleted != u.Deleted {
			if owner, _ := a.byEmail.Get(strings.ToLower(before.Email)); owner == id {
				a.byEmail.Delete(strings.ToLower(before.Email))
			}
			if !u.Deleted {
				key := strings.ToLower(u.Email)
				a.byEmail.Set(key, u.ID)
				_, u.Claimed = a.claimed[domainOf(key)]
			}
		}
		a.setUser(u)
	}
}

// emailInUse reports whether a user other than id, not deleted, has the email in any account.
func (w *world) emailInUse(email, id string) bool {
	for _, a := range w.accounts {
		if other, ok := a.byEmail.Get(strings.ToLower(email)); ok && other != id {
			return true
		}
	}
	return false
}

// domainOf is the lower-cased domain of an email.
func domainOf(email string) string {
	key := strings.ToLower(email)
	return key[strings.LastIndex(key, "@")+1:]
}
