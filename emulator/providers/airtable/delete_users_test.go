package airtable_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

// Airtable's delete-users example replays as documented: foo@bar.com is deleted, bar@bam.com (a
// super admin in the default world) is refused with the documented item error.
func TestDeleteUsers_DocumentedExample(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "DELETE", base+"?email[]=foo%40bar.com&email[]=bar%40bam.com", "").Expect(200,
		`{"deletedUsers": [{"email": "foo@bar.com","id": "usrL2PNC5o3H4lBEi"}],"errors": [{"email": "bar@bam.com","message": "Invalid permissions","type": "INVALID_PERMISSIONS"}]}`)
	call(s, "GET", entPath, "").Expect(200, enterpriseBody(without(defaultUserIDs, "usrL2PNC5o3H4lBEi")))
}

// pyairtable's delete_users sends repeated email= without brackets.
func TestDeleteUsers_RepeatedEmailsAsPyairtableSendsThem(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "DELETE", base+"?email=foo%40bam.com&email=FOO%40bar.com", "").Expect(200,
		`{"deletedUsers":[{"email":"foo@bam.com","id":"usrFooBam00000001"},{"email":"FOO@bar.com","id":"usrL2PNC5o3H4lBEi"}],"errors":[]}`)
}

// After a deletion the user is unknown everywhere, its token stops working and its email is free.
func TestDeleteUsers_TheUserIsGoneEverywhere(t *testing.T) {
	s := apitest.StartWith(t, withAdmin2Token())
	call(s, "DELETE", base+"?email=admin2@example.com", "").Expect(200, `{"deletedUsers":[{"email":"admin2@example.com","id":"usrEmuAdmin000002"}],"errors":[]}`)
	revoke(s, `{"users":[{"id":"usrEmuAdmin000002"},{"email":"admin2@example.com"}]}`).Expect(200, userErrors(
		idError("usrEmuAdmin000002", "User not found", "USER_ID_NOT_FOUND"), emailError("admin2@example.com", "User not found", "NOT_FOUND")))
	grant(s, `{"users":[{"id":"usrEmuAdmin000002"}]}`).Expect(200, userErrors(idError("usrEmuAdmin000002", "User not found", "USER_ID_NOT_FOUND")))
	getUsers(s, "?email=admin2@example.com").Expect(404, notFound)
	call(s, "GET", base+"/usrEmuAdmin000002", "").Expect(404, notFound)
	s.Do("GET", whoamiPath, "", "Authorization", admin2Token).Expect(401, authRequired)
	call(s, "DELETE", base+"?email=admin2@example.com", "").Expect(200, `{"deletedUsers":[],"errors":[{"email":"admin2@example.com","message":"User not found","type":"NOT_FOUND"}]}`)
	// The freed email can be given to another user.
	call(s, "PATCH", base+"/usrFooBam00000001", `{"email":"admin2@example.com"}`).ExpectEmpty(200)
	getUsers(s, "?email=admin2@example.com").Expect(200, `{"users":[`+userView{id: fooBamUser.id, email: "admin2@example.com", name: fooBamUser.name,
		created: fooBamUser.created, lastActivity: fooBamUser.lastActivity}.json("provisioned", true)+`]}`)
}

// Each user that cannot be deleted is an item error with the documented message of its case;
// the others are deleted.
func TestDeleteUsers_ItemErrors(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "DELETE", base+"?email=admin1@example.com&email=guest@outside.example.org&email=unmanaged@example.com"+
		"&email=super@example.com&email=member@example.com&email=nobody@example.com&email=foo@bam.com&email=foo@bam.com", "").Expect(200,
		`{"deletedUsers":[{"email":"foo@bam.com","id":"usrFooBam00000001"}],"errors":[`+
			emailError("admin1@example.com", "Cannot perform action on self", "INVALID_PERMISSIONS")+`,`+
			emailError("guest@outside.example.org", "User does not belong to the enterprise email domain", "INVALID_PERMISSIONS")+`,`+
			emailError("unmanaged@example.com", "User is not managed by the enterprise account", "INVALID_PERMISSIONS")+`,`+
			emailError("super@example.com", "Invalid permissions", "INVALID_PERMISSIONS")+`,`+
			emailError("member@example.com", "Cannot delete sole owner of a workspace with other collaborators", "INVALID_PERMISSIONS")+`,`+
			emailError("nobody@example.com", "User not found", "NOT_FOUND")+`,`+
			emailError("foo@bam.com", "User not found", "NOT_FOUND")+`]}`)
	call(s, "GET", entPath, "").Expect(200, enterpriseBody(without(defaultUserIDs, "usrFooBam00000001")))
}

func TestDeleteUsers_Errors(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "DELETE", base, "").Expect(422, idOrEmail)
	call(s, "DELETE", base+"?email=&email[]=", "").Expect(422, idOrEmail)
	call(s, "DELETE", base+"?id=usrFooBam00000001", "").Expect(422, idOrEmail)
	s.Do("DELETE", base+"?email=foo@bam.com", "", "Authorization", readOnlyToken).Expect(403, noPermission)
	s.Do("DELETE", base+"?email=foo@bam.com", "", "Authorization", memberToken).Expect(403, noPermission)
	s.Do("DELETE", base+"?email=foo@bam.com", "").Expect(401, authRequired)
	call(s, "GET", entPath, "").Expect(200, enterpriseBody(defaultUserIDs))
}

// An FLA account refuses the whole request with the documented 403.
func TestDeleteUsers_AnFLAAccountRefusesStateChanges(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New(), flaWorld)
	call(s, "DELETE", base+"?email=member@example.com", "").Expect(403,
		docError(t, `{"error": {"message": "State modification is not enabled for FLA enterprise accounts","type": "INVALID_PERMISSIONS"}}`))
	getUsers(s, "?email=member@example.com").Expect(200, `{"users":[`+memberFLA+`]}`)
}

// flaWorld is an FLA enterprise account with an admin and a managed member.
const flaWorld = `
airtable:
  enterprise_accounts:
    - id: entEmulator000001
      fla: true
      email_domains: [example.com]
      users:
        - {id: usrEmuAdmin000001, email: admin1@example.com, admin: true}
        - {id: usrEmuMember00001, email: member@example.com, name: Mia Member, created_time: "2020-01-01T00:00:00Z", last_activity_time: "2021-01-01T00:00:00Z", two_factor_enabled: false}
  tokens:
    - {token: patEmuAdmin000001.admin, user: usrEmuAdmin000001, scopes: [enterprise.user:read, enterprise.user:write]}
`

const memberFLA = `{"createdTime":"2020-01-01T00:00:00.000Z","email":"member@example.com","groups":[],"id":"usrEmuMember00001","invitedToAirtableByUserId":null,` +
	`"isAdmin":false,"isManaged":true,"isServiceAccount":false,"isSsoRequired":false,"isSuperAdmin":false,"isTwoFactorAuthEnabled":false,` +
	`"lastActivityTime":"2021-01-01T00:00:00.000Z","name":"Mia Member","state":"provisioned"}`

// pyairtable's UserInfo.delete(): DELETE .../users/{id}, 200 with an empty body; the user is then
// unknown everywhere.
func TestDeleteUserByID_DeletesTheUser(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "DELETE", userPath("usrFooBam00000001"), "").ExpectEmpty(200)
	call(s, "GET", userPath("usrFooBam00000001"), "").Expect(404, notFound)
	revoke(s, `{"users":[{"email":"foo@bam.com"}]}`).Expect(200, userErrors(emailError("foo@bam.com", "User not found", "NOT_FOUND")))
	call(s, "DELETE", userPath("usrFooBam00000001"), "").Expect(404, notFound)
	call(s, "GET", entPath, "").Expect(200, enterpriseBody(without(defaultUserIDs, "usrFooBam00000001")))
}

// The refusals are delete users by email's, each as the documented 403.
func TestDeleteUserByID_Refusals(t *testing.T) {
	cases := []struct {
		name, id, want string
		status         int
	}{
		{"the caller", "usrEmuAdmin000001", docError(t, docActionOnSelf), 403},
		{"an external user", "usrGcrteE5fUMqq0R", docError(t, docExternal), 403},
		{"an unmanaged member", "usrEmuUnmanaged01", docError(t, docNotManaged), 403},
		{"the sole owner of a shared workspace", "usrEmuMember00001", docError(t, docSoleOwner), 403},
		{"a super admin", "usrBarBam00000001", noPermission, 403},
		{"an unknown user", "usrsOEchC9xuwRgKk", notFound, 404},
	}
	shared := apitest.StartAlone(t, airtable.New())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			shared.Emu.Reset(emulator.DefaultTenant)
			s := shared.For(t)
			call(s, "DELETE", userPath(tc.id), "").Expect(tc.status, tc.want)
			call(s, "GET", entPath, "").Expect(200, enterpriseBody(defaultUserIDs))
		})
	}
	s := apitest.StartAlone(t, airtable.New(), flaWorld)
	call(s, "DELETE", "/v0/meta/enterpriseAccounts/entEmulator000001/users/usrEmuMember00001", "").Expect(403, docError(t, docFLA))
}
