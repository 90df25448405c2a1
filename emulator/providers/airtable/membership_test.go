package airtable_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

func isManaged(t *testing.T, s *apitest.Server, id string) bool {
	t.Helper()
	users := usersOf(t, getUsers(s, "?id="+id))
	if len(users) != 1 || users[0].IsManaged == nil {
		t.Fatalf("get users %s: %+v", id, users)
	}
	return *users[0].IsManaged
}

// Both paths serve the operation: Airtable's documented users/claim and claim/users, where
// pyairtable's claim_users sends it.
func TestClaim_BothPathsChangeMembership(t *testing.T) {
	for _, path := range []string{claimPath, claimUsersPath} {
		t.Run(path, func(t *testing.T) {
			s := apitest.StartAlone(t, airtable.New())
			call(s, "POST", path, `{"users":[{"id":"usrEmuMember00001","state":"unmanaged"},{"email":"unmanaged@example.com","state":"managed"}]}`).Expect(200, noErrors)
			if isManaged(t, s, "usrEmuMember00001") || !isManaged(t, s, "usrEmuUnmanaged01") {
				t.Error("membership did not change")
			}
			call(s, "POST", path, `{"users":[{"email":"MEMBER@example.com","state":"managed"},{"id":"usrEmuMember00001","state":"managed"}]}`).Expect(200, noErrors)
			if !isManaged(t, s, "usrEmuMember00001") {
				t.Error("member is not managed again")
			}
		})
	}
}

func TestClaim_PerUserErrorsInRequestOrder(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "POST", claimPath, `{"users":[
		{"id":"usrL2PNC5o3H4lBEi","state":"managed"},
		{"email":"bam@bam.com","state":"managed"},
		{"id":"usrsOEchC9xuwRgKk","state":"unmanaged"},
		{"email":"guest@outside.example.org","state":"managed"},
		{"id":"usrEmuMember00001","email":"nobody@example.com","state":"unmanaged"}
	]}`).Expect(200, userErrors(
		emailError("bam@bam.com", "User not found", "NOT_FOUND"),
		idError("usrsOEchC9xuwRgKk", "User not found", "USER_ID_NOT_FOUND"),
		emailError("guest@outside.example.org", "Invalid permissions", "INVALID_PERMISSIONS")))
	if isManaged(t, s, "usrEmuMember00001") {
		t.Error("the id wins over the email: member should be unmanaged")
	}
}

func TestClaim_Errors(t *testing.T) {
	// The documented 422, verbatim.
	documented := `{
"error": {
"message": "Invalid request: either ID or email must be specified. Check your request data.",
"type": "INVALID_REQUEST_UNKNOWN"
}
}`
	cases := []struct {
		name, body string
		status     int
		want       string
	}{
		{"no users", `{"users":[]}`, 422, docError(t, documented)},
		{"a user without id or email", `{"users":[{"state":"managed"}]}`, 422, docError(t, documented)},
		{"a user with empty id and email", `{"users":[{"id":"","email":"","state":"managed"}]}`, 422, docError(t, documented)},
		{"a user without state", `{"users":[{"id":"usrEmuMember00001"}]}`, 422, badShape},
		{"an unknown state", `{"users":[{"id":"usrEmuMember00001","state":"owned"}]}`, 422, badShape},
		{"state null", `{"users":[{"id":"usrEmuMember00001","state":null}]}`, 422, badShape},
		{"users missing", `{}`, 422, badShape},
		{"not JSON", `{"users":[`, 422, cannotParse},
		{"no body", ``, 422, badShape},
	}
	shared := apitest.StartAlone(t, airtable.New())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			shared.Emu.Reset(emulator.DefaultTenant)
			s := shared.For(t)
			call(s, "POST", claimPath, tc.body).Expect(tc.status, tc.want)
			if !isManaged(t, s, "usrEmuMember00001") {
				t.Error("a refused request changed membership")
			}
		})
	}
}

func TestClaim_ADomainCapturingAccountCannotUseIt(t *testing.T) {
	doc := `
airtable:
  enterprise_accounts:
    - id: entEmulator000001
      domain_capturing: true
      email_domains: [example.com]
      users:
        - {id: usrEmuAdmin000001, email: admin1@example.com, admin: true}
        - {id: usrEmuMember00001, email: member@example.com}
  tokens:
    - {token: patEmuAdmin000001.admin, user: usrEmuAdmin000001, scopes: [enterprise.user:read, enterprise.user:write]}
`
	s := apitest.StartAlone(t, airtable.New(), doc)
	call(s, "POST", claimPath, `{"users":[{"id":"usrEmuMember00001","state":"unmanaged"}]}`).Expect(422, badShape)
	if !isManaged(t, s, "usrEmuMember00001") {
		t.Error("membership changed")
	}
}

func TestClaim_NeedsEnterpriseUserWrite(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	body := `{"users":[{"id":"usrEmuMember00001","state":"unmanaged"}]}`
	s.Do("POST", claimUsersPath, body, "Authorization", readOnlyToken).Expect(403, noPermission)
	s.Do("POST", claimPath, body, "Authorization", memberToken).Expect(403, noPermission)
	s.Do("POST", claimPath, body).Expect(401, authRequired)
}
