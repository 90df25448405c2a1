package airtable_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

func userPath(id string) string { return base + "/" + id }

// The documented 403 and 422 bodies of manage user and logout user, as the pages print them.
const (
	docActionOnSelf = `{"error": {"message": "Cannot perform action on self","type": "INVALID_PERMISSIONS"}}`
	docExternal     = `{"error": {"message": "User does not belong to the enterprise email domain","type": "INVALID_PERMISSIONS"}}`
	docNotManaged   = `{"error": {"message": "User is not managed by the enterprise account","type": "INVALID_PERMISSIONS"}}`
	docFLA          = `{"error": {"message": "State modification is not enabled for FLA enterprise accounts","type": "INVALID_PERMISSIONS"}}`
	docEmailInUse   = `{"error": {"message": "Email already in use","type": "EMAIL_ALREADY_IN_USE"}}`
	docSoleOwner    = `{"error": {"message": "Cannot delete sole owner of a workspace with other collaborators","type": "INVALID_PERMISSIONS"}}`
)

// Success is 200 with a zero-length body, and the change reads back.
func TestManageUser_DeactivateAnswersAnEmpty200(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	res := call(s, "PATCH", userPath("usrFooBam00000001"), `{"state":"deactivated"}`)
	res.ExpectEmpty(200)
	if cl := res.Header.Get("Content-Length"); cl != "0" {
		t.Errorf("Content-Length = %q", cl)
	}
	call(s, "GET", userPath("usrFooBam00000001"), "").Expect(200, fooBamUser.json("deactivated", true))
	call(s, "PATCH", userPath("usrFooBam00000001"), `{"state":"provisioned"}`).ExpectEmpty(200)
	call(s, "GET", userPath("usrFooBam00000001"), "").Expect(200, fooBamUser.json("provisioned", true))
}

// Deactivation does not touch admin access.
func TestManageUser_DeactivatingAnAdminKeepsTheGrant(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "PATCH", userPath("usrEmuAdmin000002"), `{"state":"deactivated"}`).ExpectEmpty(200)
	want := strings.Replace(admin2(true), `"state":"provisioned"`, `"state":"deactivated"`, 1)
	getUsers(s, "?id=usrEmuAdmin000002").Expect(200, `{"users":[`+want+`]}`)
}

// The doc's example request: email, names and state at once.
func TestManageUser_EmailAndNames(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "PATCH", userPath("usrFooBam00000001"), `{"email":"foo@example.com","firstName":"Foo","lastName":"Baz","state":"provisioned"}`).ExpectEmpty(200)
	changed := userView{id: fooBamUser.id, email: "foo@example.com", name: "Foo Baz", created: fooBamUser.created, lastActivity: fooBamUser.lastActivity}
	call(s, "GET", userPath("usrFooBam00000001"), "").Expect(200, changed.json("provisioned", true))
	getUsers(s, "?email=foo@bam.com").Expect(404, notFound)
	call(s, "PATCH", userPath("usrFooBam00000001"), `{"lastName":"Bam Bam"}`).ExpectEmpty(200)
	changed.name = "Foo Bam Bam"
	getUsers(s, "?email=FOO@example.com").Expect(200, `{"users":[`+changed.json("provisioned", true)+`]}`)
}

// pyairtable's UserInfo.save() sends email and state unchanged; the answer is empty, so it reloads
// the user with get user by id.
func TestManageUser_PyairtableSaveRoundTrip(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "PATCH", userPath("usrFooBam00000001"), `{"email": "foo@bam.com", "state": "provisioned"}`).ExpectEmpty(200)
	call(s, "GET", userPath("usrFooBam00000001"), "").Expect(200, fooBamUser.json("provisioned", true))
}

func TestManageUser_Refusals(t *testing.T) {
	cases := []struct {
		name, id, body string
		status         int
		want           string
	}{
		{"the caller itself", "usrEmuAdmin000001", `{"state":"deactivated"}`, 403, docActionOnSelf},
		{"an external user", "usrGcrteE5fUMqq0R", `{"state":"deactivated"}`, 403, docExternal},
		{"an unmanaged member", "usrEmuUnmanaged01", `{"state":"deactivated"}`, 403, docNotManaged},
		{"an email another user has", "usrFooBam00000001", `{"email":"Member@example.com"}`, 422, docEmailInUse},
		{"an email an admin has", "usrFooBam00000001", `{"email":"foo@bar.com"}`, 422, docEmailInUse},
		{"an email on a domain the account does not own", "usrFooBam00000001", `{"email":"foo@elsewhere.test"}`, 422, badShape},
		{"an email without @", "usrFooBam00000001", `{"email":"foo"}`, 422, badShape},
		{"an unknown state", "usrFooBam00000001", `{"state":"suspended"}`, 422, badShape},
		{"state not a string", "usrFooBam00000001", `{"state":true}`, 422, badShape},
		{"body not an object", "usrFooBam00000001", `["deactivated"]`, 422, badShape},
		{"body not JSON", "usrFooBam00000001", `{"state":`, 422, cannotParse},
		{"an unknown user", "usrsOEchC9xuwRgKk", `{"state":"deactivated"}`, 404, notFound},
	}
	shared := apitest.StartAlone(t, airtable.New())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			shared.Emu.Reset(emulator.DefaultTenant)
			s := shared.For(t)
			want := tc.want
			if strings.HasPrefix(want, `{"error": {`) {
				want = docError(t, want)
			}
			call(s, "PATCH", userPath(tc.id), tc.body).Expect(tc.status, want)
			call(s, "GET", userPath("usrFooBam00000001"), "").Expect(200, fooBamUser.json("provisioned", true))
		})
	}
}

func TestManageUser_TheUnownedDomainAnswerIsAnOption(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New(), withOptions("unowned_domain_error: {type: INVALID_EMAIL_DOMAIN, message: Enterprise account must own target email domain}"))
	call(s, "PATCH", userPath("usrFooBam00000001"), `{"email":"foo@elsewhere.test"}`).Expect(422,
		`{"error":{"type":"INVALID_EMAIL_DOMAIN","message":"Enterprise account must own target email domain"}}`)
}

// An FLA account refuses state changes, but not a save that leaves the state as it is.
func TestManageUser_AnFLAAccountRefusesStateChanges(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New(), flaWorld)
	path := "/v0/meta/enterpriseAccounts/entEmulator000001/users/usrEmuMember00001"
	call(s, "PATCH", path, `{"state":"deactivated"}`).Expect(403, docError(t, docFLA))
	call(s, "PATCH", path, `{"email":"member@example.com","state":"provisioned"}`).ExpectEmpty(200)
	getUsers(s, "?email=member@example.com").Expect(200, `{"users":[`+memberFLA+`]}`)
}

func TestManageUser_NeedsEnterpriseUserWrite(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	s.Do("PATCH", userPath("usrFooBam00000001"), `{"state":"deactivated"}`, "Authorization", readOnlyToken).Expect(403, noPermission)
	s.Do("PATCH", userPath("usrFooBam00000001"), `{"state":"deactivated"}`, "Authorization", memberToken).Expect(403, noPermission)
	s.Do("PATCH", userPath("usrFooBam00000001"), `{"state":"deactivated"}`).Expect(401, authRequired)
	call(s, "GET", userPath("usrFooBam00000001"), "").Expect(200, fooBamUser.json("provisioned", true))
}

// pyairtable's logout() sends no body at all; a client may send {}.
func TestLogout_AnswersAnEmpty200WithOrWithoutABody(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	s.Do("POST", userPath("usrFooBam00000001")+"/logout", "", "Authorization", adminToken).ExpectEmpty(200)
	call(s, "POST", userPath("usrFooBam00000001")+"/logout", `{}`).ExpectEmpty(200)
	call(s, "GET", userPath("usrFooBam00000001"), "").Expect(200, fooBamUser.json("provisioned", true))
}

func TestLogout_Refusals(t *testing.T) {
	cases := []struct {
		name, id, body string
		status         int
		want           string
	}{
		{"the caller itself", "usrEmuAdmin000001", ``, 403, docError(t, docActionOnSelf)},
		{"an external user", "usrGcrteE5fUMqq0R", ``, 403, docError(t, docExternal)},
		{"an unmanaged member", "usrEmuUnmanaged01", ``, 403, docError(t, docNotManaged)},
		{"an unknown user", "usrsOEchC9xuwRgKk", ``, 404, notFound},
		{"a body that is not an object", "usrFooBam00000001", `[]`, 422, badShape},
		{"a body that is not JSON", "usrFooBam00000001", `{`, 422, cannotParse},
	}
	s := apitest.StartAlone(t, airtable.New())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			call(s.For(t), "POST", userPath(tc.id)+"/logout", tc.body).Expect(tc.status, tc.want)
		})
	}
}

// A removed user keeps its Airtable account, so its email stays taken.
func TestManageUser_ARemovedUsersEmailStaysInUse(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "POST", removePath("usrL2PNC5o3H4lBEi"), `{}`)
	call(s, "PATCH", userPath("usrFooBam00000001"), `{"email":"foo@bar.com"}`).Expect(422, docError(t, docEmailInUse))
}

// The shipped scenario answers with the world's chosen body too.
func TestManageUser_TheUnownedDomainScenarioUsesTheOption(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New(), withOptions("unowned_domain_error: {type: INVALID_EMAIL_DOMAIN, message: Enterprise account must own target email domain}"))
	s.Do("PATCH", userPath("usrFooBam00000001"), `{"state":"deactivated"}`, "Authorization", adminToken,
		emulator.ScenarioHeader, "airtable-must-own-target-domain").Expect(422,
		`{"error":{"type":"INVALID_EMAIL_DOMAIN","message":"Enterprise account must own target email domain"}}`)
	call(s, "GET", userPath("usrFooBam00000001"), "").Expect(200, fooBamUser.json("provisioned", true))
}
