package airtable

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/accessemu/accessemu/internal/jsonout"
)

func TestUserRemovedResponseAppendJSON_WritesWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	texts := []string{"", "usrABC", "wspABC", "owner", "2019-01-03T12:33:12.421Z", `q"uote`, "<b>&</b>", "é😀", "\xff", "\u2028", "tab\t"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	optText := func() *string {
		if rng.IntN(2) == 0 {
			return nil
		}
		s := text()
		return &s
	}
	empties := func() []struct{} {
		if rng.IntN(3) == 0 {
			return nil
		}
		return make([]struct{}, rng.IntN(3))
	}
	for range 2000 {
		r := userRemovedResponse{WasUserRemovedAsAdmin: rng.IntN(2) == 0}
		if rng.IntN(6) > 0 {
			r.Shared.Workspaces = []sharedWorkspace{}
			for range rng.IntN(3) {
				r.Shared.Workspaces = append(r.Shared.Workspaces, sharedWorkspace{DeletedTime: optText(), EnterpriseAccountID: text(),
					PermissionLevel: text(), UserID: text(), WorkspaceID: text(), WorkspaceName: text()})
			}
		}
		r.Unshared.Bases, r.Unshared.Interfaces = empties(), empties()
		if rng.IntN(6) > 0 {
			r.Unshared.Workspaces = []unsharedWorkspace{}
			for range rng.IntN(3) {
				r.Unshared.Workspaces = append(r.Unshared.Workspaces, unsharedWorkspace{DeletedTime: optText(), EnterpriseAccountID: text(),
					FormerPermissionLevel: text(), UserID: text(), WorkspaceID: text(), WorkspaceName: text()})
			}
		}
		want, err := jsonout.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.AppendJSON(nil)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("AppendJSON wrote %s (%v), encoding/json %s", got, err, want)
		}
	}
}
