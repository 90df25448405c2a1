package airtable_test

import (
	"strings"
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

// lifecycleChanges drives every state change of the lifecycle operations.
func lifecycleChanges(s *apitest.Server) {
	call(s, "POST", removePath("usrEmuMember00001"), `{"replacementOwnerId":"usrEmuAdmin000002"}`)
	call(s, "DELETE", base+"?email=foo@bar.com", "")
	call(s, "PATCH", userPath("usrFooBam00000001"), `{"state":"deactivated","email":"foo.bam@example.com","firstName":"Foo","lastName":"Bam"}`)
	call(s, "POST", claimPath, `{"users":[{"id":"usrEmuAdmin000002","state":"unmanaged"}]}`)
	call(s, "POST", claimPath, `{"users":[{"id":"usrEmuUnmanaged01","state":"managed"}]}`)
	call(s, "POST", userPath("usrEmuUnmanaged01")+"/logout", "")
}

// A dump taken after every kind of change loads back into the same world: the same dump, and the
// same answers to the API.
func TestDump_LifecycleStateRoundTrips(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	lifecycleChanges(s)
	dump, err := s.Emu.DumpState(emulator.DefaultTenant)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"removed: true", "deleted: true", "state: deactivated", "managed: false", "logged_out_at:",
		"email_verified: false", "id: wspEmulator000001", "user: usrEmuAdmin000002"} {
		if !strings.Contains(string(dump), want) {
			t.Errorf("the dump lacks %q", want)
		}
	}
	again := apitest.StartWith(t, emulator.Options{Providers: []provider.Provider{airtable.New()}, Fixtures: dump})
	redump, err := again.Emu.DumpState(emulator.DefaultTenant)
	if err != nil {
		t.Fatal(err)
	}
	if string(redump) != string(dump) {
		t.Errorf("the dump does not load back to itself\nfirst:\n%s\nsecond:\n%s", dump, redump)
	}
	for _, path := range []string{entPath, userPath("usrFooBam00000001"), userPath("usrEmuAdmin000002"), userPath("usrEmuMember00001"),
		userPath("usrL2PNC5o3H4lBEi"), base + "?id=usrEmuUnmanaged01&email=foo.bam@example.com"} {
		want, got := call(s, "GET", path, ""), call(again, "GET", path, "")
		if got.Status != want.Status || got.Body != want.Body {
			t.Errorf("GET %s: %d %s after loading the dump, %d %s before", path, got.Status, got.Body, want.Status, want.Body)
		}
	}
	// The deleted user's email is free in the loaded world too; the removed one's is not.
	call(again, "PATCH", userPath("usrEmuUnmanaged01"), `{"email":"foo@bar.com"}`).ExpectEmpty(200)
	call(again, "PATCH", userPath("usrEmuUnmanaged01"), `{"email":"member@example.com"}`).Expect(422, docError(t, docEmailInUse))
}

// The admin API's state load takes the same document, and a reset returns to the fixtures.
func TestDump_ResetUndoesTheLifecycle(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	lifecycleChanges(s)
	s.Emu.Reset(emulator.DefaultTenant)
	call(s, "GET", entPath, "").Expect(200, enterpriseBody(defaultUserIDs))
	call(s, "GET", userPath("usrFooBam00000001"), "").Expect(200, fooBamUser.json("provisioned", true))
}

func TestFixture_LifecycleFieldsAreChecked(t *testing.T) {
	cases := []struct{ name, users, workspaces, want string }{
		{"unknown state", `[{id: usrA, email: a@example.com, state: suspended}]`, ``, `line 7: state must be provisioned or deactivated, not "suspended"`},
		{"managed external", `[{id: usrA, email: a@other.org, member: false, managed: true}]`, ``, `line 7: user usrA (a@other.org) is managed but not a member`},
		{"workspace without wsp id", `[{id: usrA, email: a@example.com}]`, `[{id: abc, collaborators: [{user: usrA}]}]`, `line 7: a workspace needs an id starting with wsp, not "abc"`},
		{"workspace twice", `[{id: usrA, email: a@example.com}]`, `[{id: wspA}, {id: wspA}]`, `line 7: workspace id "wspA" is used twice`},
		{"unknown collaborator", `[{id: usrA, email: a@example.com}]`, `[{id: wspA, collaborators: [{user: usrB}]}]`, `line 7: workspace wspA: "usrB" is not a user of the account`},
		{"removed collaborator", `[{id: usrA, email: a@example.com, removed: true}]`, `[{id: wspA, collaborators: [{user: usrA}]}]`, `line 7: workspace wspA: "usrA" is not a user of the account`},
		{"collaborator twice", `[{id: usrA, email: a@example.com}]`, `[{id: wspA, collaborators: [{user: usrA}, {user: usrA, permission_level: edit}]}]`, `line 7: workspace wspA: user usrA is listed twice`},
		{"unknown granted_by", `[{id: usrA, email: a@example.com}]`, `[{id: wspA, collaborators: [{user: usrA, granted_by: usrZ}]}]`, `line 7: workspace wspA: granted_by "usrZ" is not a user of the account`},
		{"unknown permission level", `[{id: usrA, email: a@example.com}]`, `[{id: wspA, collaborators: [{user: usrA, permission_level: admin}]}]`, `permission_level must be one of read, comment, edit, create, owner, not "admin"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := "\nairtable:\n  enterprise_accounts:\n    - id: entA\n      email_domains: [example.com]\n      users:\n        " + tc.users + "\n"
			if tc.workspaces != "" {
				doc = strings.Replace(doc, "      users:\n        "+tc.users+"\n", "      users: "+tc.users+"\n      workspaces: "+tc.workspaces+"\n", 1)
			}
			var node yaml.Node
			if err := yaml.Unmarshal([]byte(doc), &node); err != nil {
				t.Fatal(err)
			}
			_, err := airtable.New().Load(node.Content[0].Content[1], gofakeit.New(1), time.Now())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q\n%s", err, tc.want, doc)
			}
		})
	}
}

// A deleted user's email is free: a fixture may give it to another user.
func TestFixture_ADeletedUsersEmailMayBeReused(t *testing.T) {
	doc := `
airtable:
  enterprise_accounts:
    - id: entEmulator000001
      email_domains: [example.com]
      users:
        - {id: usrEmuAdmin000001, email: admin1@example.com, admin: true}
        - {id: usrOld00000000001, email: same@example.com, deleted: true}
        - {id: usrNew00000000001, email: same@example.com, name: New Person, created_time: "2020-01-01T00:00:00Z", last_activity_time: "2021-01-01T00:00:00Z", two_factor_enabled: false}
  tokens:
    - {token: patEmuAdmin000001.admin, user: usrEmuAdmin000001, scopes: [enterprise.user:read, enterprise.user:write]}
`
	s := apitest.StartAlone(t, airtable.New(), doc)
	users := usersOf(t, getUsers(s, "?email=same@example.com"))
	if len(users) != 1 || users[0].ID != "usrNew00000000001" {
		t.Fatalf("users: %+v", users)
	}
	getUsers(s, "?id=usrOld00000000001").Expect(404, notFound)
}

// Through the admin API only: the tenant's clock stamps a logout and an email change, the state
// moves to another tenant with GET and PUT, and tenants never share a change.
func TestAdminAPI_LifecycleStateMovesBetweenTenantsAndFollowsTheClock(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	s.Do("PUT", "/__emulator/tenants/a/clock", `{"now": "2030-01-01T00:00:00Z"}`)
	admin := []string{"Authorization", adminToken, "Content-Type", "application/json"}
	s.Do("POST", "/t/a"+userPath("usrFooBam00000001")+"/logout", "", admin...).ExpectEmpty(200)
	s.Do("POST", "/t/a"+removePath("usrL2PNC5o3H4lBEi"), `{}`, admin...)
	state := s.Do("GET", "/__emulator/tenants/a/state", "")
	if !strings.Contains(state.Body, "logged_out_at: \"2030-01-01T00:00:00Z\"") || !strings.Contains(state.Body, "removed: true") {
		t.Fatalf("tenant a's state:\n%s", state.Body)
	}
	if res := s.Do("PUT", "/__emulator/tenants/b/state", state.Body); res.Status != 204 {
		t.Fatalf("loading the state into b: %d %s", res.Status, res.Body)
	}
	s.Do("GET", "/t/b"+userPath("usrL2PNC5o3H4lBEi"), "", admin...).Expect(404, notFound)
	if b := s.Do("GET", "/__emulator/tenants/b/state", ""); b.Body != state.Body {
		t.Errorf("tenant b's state differs from a's:\n%s", b.Body)
	}
	fooBar := userView{id: "usrL2PNC5o3H4lBEi", email: "foo@bar.com", name: "foo baz", created: "2020-03-19T10:15:30.428Z",
		lastActivity: "2022-01-24T23:48:37.517Z", twoFactor: true, admin: true}
	call(s, "GET", userPath("usrL2PNC5o3H4lBEi"), "").Expect(200, fooBar.json("provisioned", true))
	if d := s.Do("GET", "/__emulator/tenants/default/state", ""); strings.Contains(d.Body, "logged_out_at") || strings.Contains(d.Body, "removed: true") {
		t.Error("the default tenant changed")
	}
}
