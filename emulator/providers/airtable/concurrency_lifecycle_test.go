package airtable_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

// crowdWorld is an enterprise with an admin and n managed members usrCrowd000000000..n-1, each the
// sole owner of its own workspace.
func crowdWorld(n int) string {
	var users, workspaces strings.Builder
	for i := range n {
		fmt.Fprintf(&users, "        - {id: %s, email: crowd%d@example.com}\n", crowdID(i), i)
		fmt.Fprintf(&workspaces, "        - {id: wspCrowd%09d, collaborators: [{user: %s}]}\n", i, crowdID(i))
	}
	return `
airtable:
  enterprise_accounts:
    - id: entEmulator000001
      email_domains: [example.com]
      users:
        - {id: usrEmuAdmin000001, email: admin1@example.com, admin: true}
` + users.String() + `      workspaces:
` + workspaces.String() + `  tokens:
    - {token: patEmuAdmin000001.admin, user: usrEmuAdmin000001, scopes: [enterprise.user:read, enterprise.user:write, enterprise.account:read]}
`
}

func crowdID(i int) string { return fmt.Sprintf("usrCrowd%09d", i) }

// Every member goes through grant, rename, unmanage, logout and then removal or deletion, all
// members at once, while readers list the enterprise: each member ends exactly where its own
// sequence put it, so no change overwrote another.
func TestConcurrency_LifecycleOperationsLoseNoUpdate(t *testing.T) {
	const n = 24
	s := apitest.StartAlone(t, airtable.New(), crowdWorld(n))
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, email := crowdID(i), fmt.Sprintf("crowd%d@example.com", i)
			grant(s, `{"users":[{"id":"`+id+`"}]}`)
			call(s, "PATCH", userPath(id), `{"firstName":"Crowd","lastName":"`+fmt.Sprint(i)+`"}`)
			call(s, "GET", entPath, "")
			if i%3 == 0 {
				// Stays: unmanaged, renamed, still an admin.
				call(s, "POST", claimUsersPath, `{"users":[{"email":"`+email+`","state":"unmanaged"}]}`)
				return
			}
			call(s, "POST", userPath(id)+"/logout", "")
			if i%3 == 1 {
				call(s, "POST", removePath(id), `{"replacementOwnerId":"usrEmuAdmin000001"}`)
			} else {
				call(s, "DELETE", base+"?email="+email, "")
			}
		}()
	}
	wg.Wait()
	var kept []string
	for i := range n {
		id := crowdID(i)
		res := call(s, "GET", userPath(id), "")
		if i%3 != 0 {
			res.Expect(404, notFound)
			continue
		}
		kept = append(kept, id)
		var u struct {
			Name      string
			IsAdmin   bool
			IsManaged bool
		}
		res.JSON(&u)
		if u.Name != fmt.Sprintf("Crowd %d", i) || !u.IsAdmin || u.IsManaged {
			t.Errorf("%s: %+v, want renamed, admin, unmanaged", id, u)
		}
	}
	var ent struct{ UserIDs []string }
	call(s, "GET", entPath, "").JSON(&ent)
	if got, want := strings.Join(ent.UserIDs, ","), strings.Join(append(kept, "usrEmuAdmin000001"), ","); got != want {
		t.Errorf("userIds = %s\nwant     %s", got, want)
	}
}

// Many removals of one user at once: exactly one succeeds, the rest find nobody; the same for
// deletions of one email.
func TestConcurrency_AUserIsRemovedOrDeletedOnce(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	const tries = 16
	var removed, deleted atomic.Int64
	var wg sync.WaitGroup
	for range tries {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if call(s, "POST", removePath("usrL2PNC5o3H4lBEi"), `{}`).Status == 200 {
				removed.Add(1)
			}
		}()
		go func() {
			defer wg.Done()
			if strings.Contains(call(s, "DELETE", base+"?email=foo@bam.com", "").Body, `"deletedUsers":[{`) {
				deleted.Add(1)
			}
		}()
	}
	wg.Wait()
	if removed.Load() != 1 || deleted.Load() != 1 {
		t.Errorf("%d removals and %d deletions succeeded, want 1 each", removed.Load(), deleted.Load())
	}
	call(s, "GET", entPath, "").Expect(200, enterpriseBody(without(defaultUserIDs, "usrL2PNC5o3H4lBEi", "usrFooBam00000001")))
}
