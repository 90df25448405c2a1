package airtable_test

import (
	"reflect"
	"regexp"
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

func TestLoad_FixtureErrorsNameTheLine(t *testing.T) {
	cases := []struct {
		name, doc, want string
	}{
		{"duplicate user id", `
airtable:
  enterprise_accounts:
    - id: entA
      users:
        - {id: usrA, email: a@example.com}
        - {id: usrA, email: b@example.com}
`, `line 7: user id "usrA" is used twice`},
		{"duplicate email ignoring case", `
airtable:
  enterprise_accounts:
    - id: entA
      users:
        - {email: a@example.com}
        - {email: A@Example.com}
`, `line 7: email "A@Example.com" is used twice`},
		{"token of an unknown user", `
airtable:
  enterprise_accounts:
    - id: entA
      users: [{id: usrA}]
  tokens:
    - token: pat1
      user: usrB
      scopes: [enterprise.user:read]
`, `line 8: token "pat1": user "usrB" is not a user of any enterprise account`},
		{"unknown scope", `
airtable:
  enterprise_accounts:
    - id: entA
      users: [{id: usrA}]
  tokens:
    - token: pat1
      user: usrA
      scopes:
        - enterprise.user:read
        - enterprise.users:write
`, `line 11: token "pat1": unknown scope "enterprise.users:write"`},
		{"duplicate token", `
airtable:
  enterprise_accounts:
    - {id: entA, users: [{id: usrA}]}
  tokens:
    - {token: pat1, user: usrA}
    - {token: pat1, user: usrA}
`, `line 7: token "pat1" is listed twice`},
		{"unknown field", `
airtable:
  enterprise_accounts:
    - id: entA
      users:
        - {id: usrA, superadmin: true}
`, `line 6: unknown field "superadmin"`},
		{"bad missing_scope_status", `
airtable:
  options:
    missing_scope_status: 404
`, `line 4: options.missing_scope_status must be 403 or 401, not 404`},
		{"bad malformed_json_status", `
airtable:
  options:
    malformed_json_status: 500
`, `line 4: options.malformed_json_status must be 422 or 400, not 500`},
		{"negative max_body_bytes", `
airtable:
  options:
    max_body_bytes: -1
`, `line 4: options.max_body_bytes must be positive, not -1`},
		{"external admin", `
airtable:
  enterprise_accounts:
    - id: entA
      email_domains: [example.com]
      users:
        - {id: usrA, email: a@example.com}
        - {id: usrB, email: b@other.org, admin: true}
`, `line 8: user usrB (b@other.org) is an admin but not a member`},
		{"non-member admin", `
airtable:
  enterprise_accounts:
    - id: entA
      email_domains: [example.com]
      users:
        - {id: usrB, email: b@example.com, super_admin: true, member: false}
`, `line 7: user usrB (b@example.com) is an admin but not a member`},
		{"duplicate enterprise account", `
airtable:
  enterprise_accounts:
    - id: entA
    - id: entA
`, `line 5: enterprise account id "entA" is used twice`},
		{"email without @", `
airtable:
  enterprise_accounts:
    - id: entA
      users:
        - {id: usrA, email: nobody}
`, `line 6: "nobody" is not an email address`},
		{"one id, two emails across accounts", `
airtable:
  enterprise_accounts:
    - id: entA
      users: [{id: usrA, email: a@example.com}]
    - id: entB
      users:
        - {id: usrA, email: z@example.com}
`, `line 8: user id usrA has email a@example.com in another enterprise account`},
		{"bad email domain", `
airtable:
  enterprise_accounts:
    - id: entA
      email_domains:
        - example.com
        - "@example.org"
`, `line 7: "@example.org" is not an email domain`},
		{"wrong type", `
airtable:
  enterprise_accounts:
    - id: entA
      users:
        - {id: usrA, admin: maybe}
`, `line 6`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := emulator.New(emulator.Options{Providers: []provider.Provider{airtable.New()}, Fixtures: []byte(tc.doc)})
			if err == nil {
				t.Fatal("the fixture was accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

const sparseFixture = `
airtable:
  enterprise_accounts:
    - id: entSparse00000001
      email_domains: [sparse.test]
      users:
        - {id: usrSparseAdmin001, admin: true}
        - {}
        - {name: Named Person}
        - {member: false}
    - users: [{}, {email: someone@elsewhere.test}]
  tokens:
    - {token: patSparse.admin, user: usrSparseAdmin001, scopes: [enterprise.user:read]}
`

func load(t *testing.T, doc string, seed int64) provider.State {
	t.Helper()
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &node); err != nil {
		t.Fatal(err)
	}
	section := node.Content[0].Content[1]
	st, err := airtable.New().Load(section, gofakeit.New(seed), time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestLoad_SameSeedGivesTheSameWorld(t *testing.T) {
	a, b := load(t, sparseFixture, 42), load(t, sparseFixture, 42)
	if !reflect.DeepEqual(a, b) {
		t.Error("two loads with the same seed differ")
	}
	if reflect.DeepEqual(a, load(t, sparseFixture, 43)) {
		t.Error("a different seed gives the same fake data")
	}
}

func TestLoad_FakedIdsLookLikeAirtables(t *testing.T) {
	st := load(t, sparseFixture, 42)
	accounts := airtable.AccountIDs(st)
	if len(accounts) != 2 {
		t.Fatalf("accounts: %v", accounts)
	}
	ent := regexp.MustCompile(`^ent[A-Za-z0-9]{14}$`)
	usr := regexp.MustCompile(`^usr[A-Za-z0-9]{14}$`)
	for _, a := range accounts {
		if a != "entSparse00000001" && !ent.MatchString(a) {
			t.Errorf("faked enterprise id %q", a)
		}
		for _, id := range airtable.UserIDs(st, a) {
			if !usr.MatchString(id) {
				t.Errorf("user id %q is not usr + 14 alphanumerics", id)
			}
		}
	}
	if n := len(airtable.UserIDs(st, "entSparse00000001")); n != 4 {
		t.Errorf("entSparse00000001 has %d users, want 4", n)
	}
}

// TestLoad_FakedUsersAreServed reads faked data over HTTP from two emulators on the same file:
// users given only an email or only an id get the rest faked, identically both times.
func TestLoad_FakedUsersAreServed(t *testing.T) {
	const doc = `
airtable:
  enterprise_accounts:
    - id: entSparse00000001
      email_domains: [sparse.test]
      users:
        - {id: usrSparseAdmin001, admin: true}
        - {email: one@sparse.test}
        - {email: two@elsewhere.test, member: false}
  tokens:
    - {token: patSparse.admin, user: usrSparseAdmin001, scopes: [enterprise.user:read]}
`
	path := "/v0/meta/enterpriseAccounts/entSparse00000001/users?id=usrSparseAdmin001&email=one@sparse.test&email=two@elsewhere.test"
	first := apitest.StartAlone(t, airtable.New(), doc).Do("GET", path, "", "Authorization", "Bearer patSparse.admin")
	second := apitest.StartAlone(t, airtable.New(), doc).Do("GET", path, "", "Authorization", "Bearer patSparse.admin")
	if first.Status != 200 || first.Body != second.Body {
		t.Fatalf("status %d\nfirst:  %s\nsecond: %s", first.Status, first.Body, second.Body)
	}
	var body struct {
		Users []struct {
			ID, Email, Name, State, CreatedTime string
			IsAdmin                             *bool
		}
	}
	first.JSON(&body)
	if len(body.Users) != 3 {
		t.Fatalf("users: %s", first.Body)
	}
	usr := regexp.MustCompile(`^usr[A-Za-z0-9]{14}$`)
	for i, u := range body.Users {
		if !usr.MatchString(u.ID) || u.Name == "" || !strings.Contains(u.Email, "@") || u.State != "provisioned" {
			t.Errorf("faked user %+v", u)
		}
		if internal := i < 2; internal != (u.CreatedTime != "" && u.IsAdmin != nil) {
			t.Errorf("createdTime and isAdmin belong to members on the claimed domain only: %+v", u)
		}
	}
	if !strings.HasSuffix(body.Users[0].Email, "@sparse.test") {
		t.Errorf("a faked member's email is on the account's first domain: %s", body.Users[0].Email)
	}
}
