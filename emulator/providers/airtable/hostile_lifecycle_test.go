package airtable_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

// hostileAuth are the credential attacks every operation answers the same way; ok is the answer
// to the admin's token, so the cases whose token still works expect it.
func hostileAuth(method, path, body string, okStatus int, ok string) []apitest.Case {
	c := func(name string, h []string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: method, Path: path, Header: apitest.Header(h...), Body: body, Status: status, Want: want}
	}
	return []apitest.Case{
		c("no Authorization", nil, 401, authRequired),
		c("Basic scheme", []string{"Authorization", "Basic patEmuAdmin000001.admin"}, 401, authRequired),
		c("token without scheme", []string{"Authorization", "patEmuAdmin000001.admin"}, 401, authRequired),
		c("a word after the token", []string{"Authorization", adminToken + " extra"}, 401, authRequired),
		c("64 KiB token", []string{"Authorization", "Bearer pat" + strings.Repeat("A", 64<<10)}, 401, authRequired),
		c("token with a NUL-free look-alike suffix", []string{"Authorization", adminToken + "x"}, 401, authRequired),
		c("bearer in lower case", []string{"Authorization", "bearer patEmuAdmin000001.admin"}, okStatus, ok),
	}
}

// runHostile runs each case from the loaded world and asserts its exact answer; a case without a
// wanted body expects a zero-length one.
func runHostile(t *testing.T, cases []apitest.Case) {
	t.Helper()
	s := apitest.StartAlone(t, airtable.New())
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			s.Emu.Reset("default")
			res := s.For(t).DoHeader(c.Method, c.Path, c.Body, c.Header)
			if c.Want == "" {
				res.ExpectEmpty(c.Status)
				return
			}
			res.Expect(c.Status, c.Want)
		})
	}
}

func admin(method, path, body string, status int, want string) apitest.Case {
	return apitest.Case{Name: method + " " + path + " " + body, Method: method, Path: path, Body: body, Status: status, Want: want,
		Header: apitest.Header("Authorization", adminToken, "Content-Type", "application/json")}
}

func named(name string, c apitest.Case) apitest.Case { c.Name = name; return c }

func TestHostile_WhoamiAndGetEnterprise(t *testing.T) {
	me := `{"email":"admin1@example.com","id":"usrEmuAdmin000001"}`
	ent := enterpriseBody(defaultUserIDs)
	cases := append(hostileAuth("GET", whoamiPath, "", 200, me), hostileAuth("GET", entPath, "", 200, ent)...)
	cases = append(cases,
		named("whoami ignores a body", admin("GET", whoamiPath, `{"id":"usrEmuMember00001"}`, 200, me)),
		named("whoami ignores a query", admin("GET", whoamiPath+"?id=usrEmuMember00001&include=scopes", "", 200, me)),
		named("whoami with a trailing slash", admin("GET", whoamiPath+"/", "", 404, notFound)),
		named("whoami by POST", admin("POST", whoamiPath, "{}", 404, notFound)),
		named("whoami read-only token has no email scope", apitest.Case{Method: "GET", Path: whoamiPath, Header: apitest.Header("Authorization", readOnlyToken), Status: 200, Want: `{"id":"usrEmuAdmin000001"}`}),
		named("whoami of the member's token", apitest.Case{Method: "GET", Path: whoamiPath, Header: apitest.Header("Authorization", memberToken), Status: 200, Want: `{"id":"usrEmuMember00001"}`}),
		named("whoami path with an encoded letter is matched undecoded", admin("GET", "/v0/meta/wh%6Fami", "", 404, notFound)),
		named("whoami in a tenant", admin("GET", "/t/hostile"+whoamiPath, "", 200, me)),
		named("whoami with two tokens, the first unknown", apitest.Case{Method: "GET", Path: whoamiPath, Header: apitest.Header("Authorization", "Bearer patNobody", "Authorization", adminToken), Status: 401, Want: authRequired}),
		named("whoami in capitals", admin("GET", "/v0/meta/WHOAMI", "", 404, notFound)),
		named("enterprise with a trailing slash", admin("GET", entPath+"/", "", 404, notFound)),
		named("enterprise id percent-encoded", admin("GET", "/v0/meta/enterpriseAccounts/ent%45mulator000001", "", 200, ent)),
		named("enterprise id in another case", admin("GET", "/v0/meta/enterpriseAccounts/ENTEMULATOR000001", "", 403, noPermission)),
		named("enterprise id 10,000 characters", admin("GET", "/v0/meta/enterpriseAccounts/ent"+strings.Repeat("x", 10000), "", 403, noPermission)),
		named("enterprise id with a NUL", admin("GET", "/v0/meta/enterpriseAccounts/entEmulator000001%00", "", 403, noPermission)),
		named("enterprise id with an encoded slash", admin("GET", "/v0/meta/enterpriseAccounts/entEmulator000001%2Fusers", "", 403, noPermission)),
		named("enterprise unknown include", admin("GET", entPath+"?include=collaborations", "", 422, badShape)),
		named("enterprise include in brackets and bare", admin("GET", entPath+"?include[]=descendants&include=descendants", "", 200,
			strings.Replace(ent, `"emailDomains"`, `"descendants":{},"emailDomains"`, 1))),
		named("enterprise empty include", admin("GET", entPath+"?include=", "", 422, badShape)),
		named("enterprise by DELETE", admin("DELETE", entPath, "", 404, notFound)),
		named("enterprise read-only token lacks the scope", apitest.Case{Method: "GET", Path: entPath, Header: apitest.Header("Authorization", readOnlyToken), Status: 403, Want: noPermission}),
	)
	runHostile(t, cases)
}

func TestHostile_GetUserByID(t *testing.T) {
	member := memberUser.json("provisioned", true)
	p := userPath("usrEmuMember00001")
	cases := hostileAuth("GET", p, "", 200, member)
	cases = append(cases,
		named("id percent-encoded", admin("GET", base+"/%75srEmuMember00001", "", 200, member)),
		named("id in another case", admin("GET", userPath("USREMUMEMBER00001"), "", 404, notFound)),
		named("an email as the id", admin("GET", userPath("member@example.com"), "", 404, notFound)),
		named("id with a NUL", admin("GET", userPath("usrEmuMember00001%00"), "", 404, notFound)),
		named("id with an encoded slash", admin("GET", userPath("usrEmuMember00001%2Fremove"), "", 404, notFound)),
		named("id 10,000 characters", admin("GET", userPath("usr"+strings.Repeat("x", 10000)), "", 404, notFound)),
		named("emoji id", admin("GET", userPath("usr%F0%9F%92%A5"), "", 404, notFound)),
		named("dot-dot id", admin("GET", userPath(".."), "", 404, notFound)),
		named("trailing slash", admin("GET", p+"/", "", 404, notFound)),
		named("unknown include", admin("GET", p+"?include=groups", "", 422, badShape)),
		named("a body on GET is ignored", admin("GET", p, `{"id":"usrEmuAdmin000002"}`, 200, member)),
		named("an id query is ignored", admin("GET", p+"?id=usrEmuAdmin000002", "", 200, member)),
		named("a route name as the id", admin("GET", userPath("revokeAdminAccess"), "", 404, notFound)),
		named("by PUT", admin("PUT", p, "{}", 404, notFound)),
		named("by POST", admin("POST", p, "{}", 404, notFound)),
	)
	runHostile(t, cases)
}

func TestHostile_DeleteUserByID(t *testing.T) {
	p := userPath("usrFooBam00000001")
	cases := hostileAuth("DELETE", p, "", 200, "")
	cases = append(cases,
		named("a body is ignored", admin("DELETE", p, `{"id":"usrEmuAdmin000002"}`, 200, "")),
		named("a body that is not JSON is ignored", admin("DELETE", p, `{`, 200, "")),
		named("a query is ignored", admin("DELETE", p+"?email=member%40example.com", "", 200, "")),
		named("id percent-encoded", admin("DELETE", base+"/%75srFooBam00000001", "", 200, "")),
		named("id in another case", admin("DELETE", userPath("USRFOOBAM00000001"), "", 404, notFound)),
		named("an email as the id", admin("DELETE", userPath("foo@bam.com"), "", 404, notFound)),
		named("id with a NUL", admin("DELETE", userPath("usrFooBam00000001%00"), "", 404, notFound)),
		named("id with an encoded slash", admin("DELETE", userPath("usrFooBam00000001%2Flogout"), "", 404, notFound)),
		named("id 10,000 characters", admin("DELETE", userPath("usr"+strings.Repeat("x", 10000)), "", 404, notFound)),
		named("a route name as the id", admin("DELETE", userPath("claim"), "", 404, notFound)),
		named("trailing slash", admin("DELETE", p+"/", "", 404, notFound)),
		named("the caller", admin("DELETE", userPath("usrEmuAdmin000001"), "", 403, docError(t, docActionOnSelf))),
		named("an external user", admin("DELETE", userPath("usrGcrteE5fUMqq0R"), "", 403, docError(t, docExternal))),
		named("an unmanaged member", admin("DELETE", userPath("usrEmuUnmanaged01"), "", 403, docError(t, docNotManaged))),
		named("a sole owner", admin("DELETE", userPath("usrEmuMember00001"), "", 403, docError(t, docSoleOwner))),
		named("a super admin", admin("DELETE", userPath("usrBarBam00000001"), "", 403, noPermission)),
		named("read-only token", apitest.Case{Method: "DELETE", Path: p, Header: apitest.Header("Authorization", readOnlyToken), Status: 403, Want: noPermission}),
	)
	runHostile(t, cases)
}

func TestHostile_RemoveUser(t *testing.T) {
	p := removePath("usrFooBam00000001")
	cases := hostileAuth("POST", p, `{}`, 200, removedNothing)
	deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
	cases = append(cases,
		named("no body", admin("POST", p, ``, 200, removedNothing)),
		named("JSON null is no body", admin("POST", p, `null`, 200, removedNothing)),
		named("not JSON", admin("POST", p, `{"isDryRun":`, 422, cannotParse)),
		named("byte order mark", admin("POST", p, "\ufeff{}", 422, cannotParse)),
		named("two JSON values", admin("POST", p, `{} {}`, 422, cannotParse)),
		named("10,001 nested arrays", admin("POST", p, deep, 422, cannotParse)),
		named("body an array", admin("POST", p, `[]`, 422, badShape)),
		named("body a string", admin("POST", p, `"usrEmuAdmin000002"`, 422, badShape)),
		named("isDryRun a string", admin("POST", p, `{"isDryRun":"true"}`, 422, badShape)),
		named("isDryRun null", admin("POST", p, `{"isDryRun":null}`, 422, badShape)),
		named("replacementOwnerId a number", admin("POST", p, `{"replacementOwnerId":1e400}`, 422, badShape)),
		named("removeFromDescendants 1", admin("POST", p, `{"removeFromDescendants":1}`, 422, badShape)),
		named("unknown keys are ignored", admin("POST", p, `{"dryRun":true,"force":1}`, 200, removedNothing)),
		named("a duplicated key, the last one wins", admin("POST", removePath("usrEmuMember00001"), `{"isDryRun":false,"replacementOwnerId":"usrNobody","replacementOwnerId":"usrEmuAdmin000002"}`, 200, removedMember)),
		named("a replacement with a NUL", admin("POST", removePath("usrEmuMember00001"), `{"replacementOwnerId":"usrEmuAdmin000002\u0000"}`, 422, badShape)),
		named("a removed replacement", admin("POST", removePath("usrEmuMember00001"), `{"replacementOwnerId":"usrEmuMember00001"}`, 422, badShape)),
		named("the caller by encoded id", admin("POST", base+"/%75srEmuAdmin000001/remove", `{}`, 403, docError(t, `{"error": {"message": "You are not permitted to perform this operation on yourself","type": "INVALID_PERMISSIONS"}}`))),
		named("an id with an encoded slash", admin("POST", base+"/usrFooBam00000001%2Fx/remove", `{}`, 404, notFound)),
		named("a 10,000-character id", admin("POST", removePath("usr"+strings.Repeat("x", 10000)), `{}`, 404, notFound)),
		named("by GET", admin("GET", p, ``, 404, notFound)),
		named("read-only token", apitest.Case{Method: "POST", Path: p, Body: `{}`, Header: apitest.Header("Authorization", readOnlyToken), Status: 403, Want: noPermission}),
	)
	runHostile(t, cases)
}

func TestHostile_ManageUserMembership(t *testing.T) {
	one := `{"users":[{"id":"usrEmuMember00001","state":"unmanaged"}]}`
	cases := append(hostileAuth("POST", claimPath, one, 200, noErrors), hostileAuth("POST", claimUsersPath, one, 200, noErrors)...)
	notFoundItem := func(id string) string { return userErrors(idError(id, "User not found", "USER_ID_NOT_FOUND")) }
	cases = append(cases,
		named("not JSON", admin("POST", claimPath, `{"users":[`, 422, cannotParse)),
		named("NaN", admin("POST", claimUsersPath, `{"users":[{"id":NaN,"state":"managed"}]}`, 422, cannotParse)),
		named("body null", admin("POST", claimPath, `null`, 422, badShape)),
		named("no body", admin("POST", claimUsersPath, ``, 422, badShape)),
		named("users an object", admin("POST", claimPath, `{"users":{"id":"usrEmuMember00001","state":"managed"}}`, 422, badShape)),
		named("a user null", admin("POST", claimPath, `{"users":[null]}`, 422, badShape)),
		named("state in capitals", admin("POST", claimPath, `{"users":[{"id":"usrEmuMember00001","state":"MANAGED"}]}`, 422, badShape)),
		named("state a boolean", admin("POST", claimPath, `{"users":[{"id":"usrEmuMember00001","state":true}]}`, 422, badShape)),
		named("id a number", admin("POST", claimPath, `{"users":[{"id":1,"state":"managed"}]}`, 422, badShape)),
		named("one bad item fails the whole request", admin("POST", claimPath, `{"users":[{"id":"usrEmuMember00001","state":"unmanaged"},{"state":"managed"}]}`, 422, idOrEmail)),
		named("users empty", admin("POST", claimUsersPath, `{"users":[]}`, 422, idOrEmail)),
		named("an id with a NUL", admin("POST", claimPath, `{"users":[{"id":"usrEmuMember00001\u0000","state":"managed"}]}`, 200, `{"errors":[{"id":"usrEmuMember00001\u0000","message":"User not found","type":"USER_ID_NOT_FOUND"}]}`)),
		named("emoji id", admin("POST", claimPath, `{"users":[{"id":"usr💥","state":"managed"}]}`, 200, notFoundItem("usr💥"))),
		named("email with a leading space", admin("POST", claimPath, `{"users":[{"email":" member@example.com","state":"managed"}]}`, 200, userErrors(emailError(" member@example.com", "User not found", "NOT_FOUND")))),
		named("the same user both ways", admin("POST", claimPath, `{"users":[{"id":"usrEmuMember00001","state":"unmanaged"},{"email":"MEMBER@example.com","state":"managed"}]}`, 200, noErrors)),
		named("an external user", admin("POST", claimPath, `{"users":[{"id":"usrGcrteE5fUMqq0R","state":"managed"}]}`, 200, userErrors(idError("usrGcrteE5fUMqq0R", "Invalid permissions", "INVALID_PERMISSIONS")))),
		named("unknown keys are ignored", admin("POST", claimPath, `{"users":[{"id":"usrEmuMember00001","state":"managed","role":"x"}],"force":true}`, 200, noErrors)),
		named("by GET", admin("GET", claimPath, ``, 404, notFound)),
		named("the path pyairtable uses, by PUT", admin("PUT", claimUsersPath, one, 404, notFound)),
		named("read-only token", apitest.Case{Method: "POST", Path: claimUsersPath, Body: one, Header: apitest.Header("Authorization", readOnlyToken), Status: 403, Want: noPermission}),
	)
	runHostile(t, cases)
}

func TestHostile_DeleteUsersByEmail(t *testing.T) {
	p := base + "?email=foo%40bam.com"
	ok := `{"deletedUsers":[{"email":"foo@bam.com","id":"usrFooBam00000001"}],"errors":[]}`
	nobody := func(email string) string {
		return `{"deletedUsers":[],"errors":[` + emailError(email, "User not found", "NOT_FOUND") + `]}`
	}
	cases := hostileAuth("DELETE", p, "", 200, ok)
	cases = append(cases,
		named("a body is ignored", admin("DELETE", p, `{"email":["member@example.com"]}`, 200, ok)),
		named("a body that is not JSON is ignored", admin("DELETE", p, `{`, 200, ok)),
		named("brackets and bare mixed: the bare ones first", admin("DELETE", base+"?email[]=foo%40bam.com&email=FOO%40bar.com", "", 200,
			`{"deletedUsers":[{"email":"FOO@bar.com","id":"usrL2PNC5o3H4lBEi"},{"email":"foo@bam.com","id":"usrFooBam00000001"}],"errors":[]}`)),
		named("percent-encoded brackets", admin("DELETE", base+"?email%5B%5D=foo%40bam.com", "", 200, ok)),
		named("the same email twice", admin("DELETE", p+"&email=foo%40bam.com", "", 200,
			`{"deletedUsers":[{"email":"foo@bam.com","id":"usrFooBam00000001"}],"errors":[`+emailError("foo@bam.com", "User not found", "NOT_FOUND")+`]}`)),
		named("an email with a NUL", admin("DELETE", base+"?email=foo%40bam.com%00", "", 200, `{"deletedUsers":[],"errors":[{"email":"foo@bam.com\u0000","message":"User not found","type":"NOT_FOUND"}]}`)),
		named("an email with a leading space", admin("DELETE", base+"?email=%20foo%40bam.com", "", 200, nobody(" foo@bam.com"))),
		named("an id instead of an email", admin("DELETE", base+"?email=usrFooBam00000001", "", 200, nobody("usrFooBam00000001"))),
		named("a 10,000-character email", admin("DELETE", base+"?email="+strings.Repeat("a", 10000)+"%40example.com", "", 200, nobody(strings.Repeat("a", 10000)+"@example.com"))),
		named("an invalid percent escape", admin("DELETE", base+"?email=%zz", "", 422, idOrEmail)),
		named("only empty emails", admin("DELETE", base+"?email=&email[]=", "", 422, idOrEmail)),
		named("only ids", admin("DELETE", base+"?id=usrFooBam00000001", "", 422, idOrEmail)),
		named("the caller", admin("DELETE", base+"?email=ADMIN1%40example.com", "", 200,
			`{"deletedUsers":[],"errors":[`+emailError("ADMIN1@example.com", "Cannot perform action on self", "INVALID_PERMISSIONS")+`]}`)),
		named("a route name as the path", admin("DELETE", base+"/claim", "", 404, notFound)),
		named("read-only token", apitest.Case{Method: "DELETE", Path: p, Header: apitest.Header("Authorization", readOnlyToken), Status: 403, Want: noPermission}),
	)
	runHostile(t, cases)
}

func TestHostile_ManageUser(t *testing.T) {
	p := userPath("usrFooBam00000001")
	deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
	cases := hostileAuth("PATCH", p, `{"state":"deactivated"}`, 200, "")
	cases = append(cases,
		named("no body changes nothing", admin("PATCH", p, ``, 200, "")),
		named("an empty object changes nothing", admin("PATCH", p, `{}`, 200, "")),
		named("not JSON", admin("PATCH", p, `{"state":"deactivated"`, 422, cannotParse)),
		named("10,001 nested arrays", admin("PATCH", p, deep, 422, cannotParse)),
		named("body an array", admin("PATCH", p, `[{"state":"deactivated"}]`, 422, badShape)),
		named("state in capitals", admin("PATCH", p, `{"state":"DEACTIVATED"}`, 422, badShape)),
		named("state null", admin("PATCH", p, `{"state":null}`, 422, badShape)),
		named("email a number", admin("PATCH", p, `{"email":1}`, 422, badShape)),
		named("firstName an object", admin("PATCH", p, `{"firstName":{}}`, 422, badShape)),
		named("email without a domain", admin("PATCH", p, `{"email":"foo@"}`, 422, badShape)),
		named("email on a subdomain of an owned domain", admin("PATCH", p, `{"email":"foo@mail.example.com"}`, 422, badShape)),
		named("email taken in another case", admin("PATCH", p, `{"email":"ADMIN2@example.com"}`, 422, docError(t, docEmailInUse))),
		named("unknown keys are ignored", admin("PATCH", p, `{"role":"owner"}`, 200, "")),
		named("a 10,000-character name", admin("PATCH", p, `{"firstName":"`+strings.Repeat("x", 10000)+`"}`, 200, "")),
		named("the caller by encoded id", admin("PATCH", base+"/%75srEmuAdmin000001", `{"state":"deactivated"}`, 403, docError(t, docActionOnSelf))),
		named("an external user", admin("PATCH", userPath("usrGcrteE5fUMqq0R"), `{}`, 403, docError(t, docExternal))),
		named("a removed route name", admin("PATCH", userPath("claim"), `{}`, 404, notFound)),
		named("read-only token", apitest.Case{Method: "PATCH", Path: p, Body: `{}`, Header: apitest.Header("Authorization", readOnlyToken), Status: 403, Want: noPermission}),
	)
	runHostile(t, cases)
}

func TestHostile_LogoutUser(t *testing.T) {
	p := userPath("usrFooBam00000001") + "/logout"
	cases := hostileAuth("POST", p, ``, 200, "")
	cases = append(cases,
		named("an object body", admin("POST", p, `{"everywhere":true}`, 200, "")),
		named("JSON null is no body", admin("POST", p, `null`, 200, "")),
		named("a body of spaces is no body", admin("POST", p, "  \n", 200, "")),
		named("not JSON", admin("POST", p, `{`, 422, cannotParse)),
		named("byte order mark", admin("POST", p, "\ufeff{}", 422, cannotParse)),
		named("body an array", admin("POST", p, `[]`, 422, badShape)),
		named("body a number", admin("POST", p, `1`, 422, badShape)),
		named("a form-encoded body", admin("POST", p, `all=1`, 422, cannotParse)),
		named("the caller", admin("POST", userPath("usrEmuAdmin000001")+"/logout", ``, 403, docError(t, docActionOnSelf))),
		named("an unmanaged member", admin("POST", userPath("usrEmuUnmanaged01")+"/logout", ``, 403, docError(t, docNotManaged))),
		named("a super admin can be logged out", admin("POST", userPath("usrEmuSuper000001")+"/logout", ``, 200, "")),
		named("an unknown user", admin("POST", userPath("usrNobody")+"/logout", ``, 404, notFound)),
		named("an id with an encoded slash", admin("POST", base+"/usrFooBam00000001%2F/logout", ``, 404, notFound)),
		named("by GET", admin("GET", p, ``, 404, notFound)),
		named("by DELETE", admin("DELETE", p, ``, 404, notFound)),
		named("read-only token", apitest.Case{Method: http.MethodPost, Path: p, Header: apitest.Header("Authorization", readOnlyToken), Status: 403, Want: noPermission}),
	)
	runHostile(t, cases)
}
