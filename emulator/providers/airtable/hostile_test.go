package airtable_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

const tooLarge = `{"error":{"type":"REQUEST_TOO_LARGE","message":"Request body is too large"}}`

// userErrors is a 200 answer listing per-user failures, given as raw JSON items.
func userErrors(items ...string) string { return `{"errors":[` + strings.Join(items, ",") + `]}` }

func idError(id, message, typ string) string {
	return fmt.Sprintf(`{"id":%q,"message":%q,"type":%q}`, id, message, typ)
}

func emailError(email, message, typ string) string {
	return fmt.Sprintf(`{"email":%q,"message":%q,"type":%q}`, email, message, typ)
}

// Every hostile request gets one of Airtable's answers, exactly: 422 INVALID_REQUEST_BODY for what
// is not JSON, 422 INVALID_REQUEST_UNKNOWN for the wrong shape, 401 for any token it does not know,
// and per-user errors that echo the identifier as sent.
func TestHostile_RevokeAnswersEveryHostileRequestExactly(t *testing.T) {
	var (
		auth       = apitest.Header("Authorization", adminToken)
		one        = `{"users":[{"id":"usrEmuAdmin000002"}]}`
		deep       = strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
		deeper     = strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
		bigToken   = "Bearer pat" + strings.Repeat("A", 64<<10)
		idNotFound = func(id string) string { return idError(id, "User not found", "USER_ID_NOT_FOUND") }
	)
	post := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "POST", Path: revokePath, Header: auth, Body: body, Status: status, Want: want}
	}
	withHeader := func(name string, h []string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "POST", Path: revokePath, Header: apitest.Header(h...), Body: one, Status: status, Want: want}
	}
	cases := []apitest.Case{
		// Invalid JSON of several kinds.
		post("truncated object", `{"users":[{"id":"usrEmuAdmin000002"}]`, 422, cannotParse),
		post("single-quoted keys", `{'users':[{'id':'usrEmuAdmin000002'}]}`, 422, cannotParse),
		post("trailing comma", `{"users":[{"id":"usrEmuAdmin000002"},]}`, 422, cannotParse),
		post("NaN literal", `{"users":[{"id":NaN}]}`, 422, cannotParse),
		post("garbage after the object", one+` {}`, 422, cannotParse),
		post("byte order mark first", "\ufeff"+one, 422, cannotParse),
		post("raw control character in a string", "{\"users\":[{\"id\":\"usr\x01\"}]}", 422, cannotParse),
		post("form-encoded body", `users[0][id]=usrEmuAdmin000002`, 422, cannotParse),
		// Wrong types and nulls.
		post("no body", ``, 422, badShape),
		post("body null", `null`, 422, badShape),
		post("body true", `true`, 422, badShape),
		post("body a number", `1`, 422, badShape),
		post("body a string", `"usrEmuAdmin000002"`, 422, badShape),
		post("body an array", `[{"id":"usrEmuAdmin000002"}]`, 422, badShape),
		post("body an empty object", `{}`, 422, badShape),
		post("users null", `{"users":null}`, 422, badShape),
		post("users a string", `{"users":"usrEmuAdmin000002"}`, 422, badShape),
		post("users an object", `{"users":{"id":"usrEmuAdmin000002"}}`, 422, badShape),
		post("a user null", `{"users":[null]}`, 422, badShape),
		post("id null", `{"users":[{"id":null}]}`, 422, badShape),
		post("id null beside an email", `{"users":[{"id":null,"email":"admin2@example.com"}]}`, 422, badShape),
		post("id a number", `{"users":[{"id":12}]}`, 422, badShape),
		post("email an array", `{"users":[{"email":["admin2@example.com"]}]}`, 422, badShape),
		post("one bad item among good ones changes nobody", `{"users":[{"id":"usrEmuAdmin000002"},{"id":true}]}`, 422, badShape),
		post("users empty", `{"users":[]}`, 422, idOrEmail),
		post("a user without id or email", `{"users":[{}]}`, 422, idOrEmail),
		post("a user with an empty email", `{"users":[{"email":""}]}`, 422, idOrEmail),
		// Huge numbers are not ids.
		post("id 1e400", `{"users":[{"id":1e400}]}`, 422, badShape),
		post("id 2^64", `{"users":[{"id":18446744073709551616}]}`, 422, badShape),
		post("id -0", `{"users":[{"id":-0}]}`, 422, badShape),
		// Deep nesting is parsed or refused without crashing or hanging.
		post("10,000 nested arrays", deep, 422, badShape),
		post("10,001 nested arrays", deeper, 422, cannotParse),
		post("users nested 9,998 deep", `{"users":`+deep[2:len(deep)-2]+`}`, 422, badShape),
		// Duplicates: a user named twice is revoked once; a member named twice fails twice.
		post("the same admin by id, id and email", `{"users":[{"id":"usrEmuAdmin000002"},{"id":"usrEmuAdmin000002"},{"email":"Admin2@Example.com"}]}`, 200, noErrors),
		post("the same member twice", `{"users":[{"id":"usrEmuMember00001"},{"id":"usrEmuMember00001"}]}`, 200, userErrors(
			idError("usrEmuMember00001", "User is not an assigned admin", "USER_NOT_ASSIGNED_ADMIN"),
			idError("usrEmuMember00001", "User is not an assigned admin", "USER_NOT_ASSIGNED_ADMIN"))),
		post("unknown keys are ignored", `{"users":[{"id":"usrEmuAdmin000002","role":"owner"}],"dryRun":true}`, 200, noErrors),
		post("a valid id wins over an unknown email", `{"users":[{"id":"usrEmuAdmin000002","email":"nobody@example.com"}]}`, 200, noErrors),
		post("an unknown id wins over a valid email", `{"users":[{"id":"usrNobody","email":"admin2@example.com"}]}`, 200, userErrors(idNotFound("usrNobody"))),
		post("an empty id defers to the email", `{"users":[{"id":"","email":"admin2@example.com"}]}`, 200, noErrors),
		// Unicode and control characters in ids are echoed as sent and match nobody.
		post("escaped NUL after the id", `{"users":[{"id":"usrEmuAdmin000002\u0000"}]}`, 200, userErrors(`{"id":"usrEmuAdmin000002\u0000","message":"User not found","type":"USER_ID_NOT_FOUND"}`)),
		post("right-to-left override before the id", `{"users":[{"id":"\u202eusrEmuAdmin000002"}]}`, 200, userErrors(`{"id":"`+"\u202e"+`usrEmuAdmin000002","message":"User not found","type":"USER_ID_NOT_FOUND"}`)),
		post("emoji id", `{"users":[{"id":"usr💥"}]}`, 200, userErrors(idNotFound("usr💥"))),
		post("invalid UTF-8 bytes become U+FFFD", "{\"users\":[{\"id\":\"usr\xff\"}]}", 200, userErrors(idNotFound("usr\ufffd"))),
		post("path traversal in the id", `{"users":[{"id":"../../usrEmuAdmin000002"}]}`, 200, userErrors(idNotFound("../../usrEmuAdmin000002"))),
		// Emails match ignoring case, never trimmed.
		post("email in mixed case", `{"users":[{"email":"FOO@Bar.COM"}]}`, 200, noErrors),
		post("email with a leading space", `{"users":[{"email":" admin2@example.com"}]}`, 200, userErrors(emailError(" admin2@example.com", "User not found", "NOT_FOUND"))),
		post("email with a trailing tab", `{"users":[{"email":"admin2@example.com\t"}]}`, 200, userErrors(`{"email":"admin2@example.com\t","message":"User not found","type":"NOT_FOUND"}`)),
		// Headers: a Bearer token the world knows, scheme in any case; the first of a duplicate.
		withHeader("no Authorization header", nil, 401, authRequired),
		withHeader("empty Authorization", []string{"Authorization", ""}, 401, authRequired),
		withHeader("Authorization of spaces only", []string{"Authorization", "   "}, 401, authRequired),
		withHeader("Bearer without a token", []string{"Authorization", "Bearer"}, 401, authRequired),
		withHeader("token without a scheme", []string{"Authorization", "patEmuAdmin000001.admin"}, 401, authRequired),
		withHeader("Basic scheme", []string{"Authorization", "Basic patEmuAdmin000001.admin"}, 401, authRequired),
		withHeader("bearer in lower case", []string{"Authorization", "bearer patEmuAdmin000001.admin"}, 200, noErrors),
		withHeader("two spaces after Bearer", []string{"Authorization", "Bearer  patEmuAdmin000001.admin"}, 200, noErrors),
		withHeader("a word after the token", []string{"Authorization", "Bearer patEmuAdmin000001.admin extra"}, 401, authRequired),
		withHeader("duplicated, the first read-only", []string{"Authorization", readOnlyToken, "Authorization", adminToken}, 403, noPermission),
		withHeader("duplicated, the first the admin's", []string{"Authorization", adminToken, "Authorization", readOnlyToken}, 200, noErrors),
		withHeader("64 KiB token", []string{"Authorization", bigToken}, 401, authRequired),
		withHeader("64 KiB of another header", []string{"Authorization", adminToken, "X-Padding", strings.Repeat("x", 64<<10)}, 200, noErrors),
		// The body is read as JSON whatever the Content-Type says.
		withHeader("text/plain", []string{"Authorization", adminToken, "Content-Type", "text/plain"}, 200, noErrors),
		withHeader("form-encoded label on JSON", []string{"Authorization", adminToken, "Content-Type", "application/x-www-form-urlencoded"}, 200, noErrors),
		// Get users: a body on GET is ignored; queries and paths of every shape.
		{Name: "body on GET is ignored", Method: "GET", Path: base + "?id=usrEmuAdmin000002", Header: auth, Body: `{"users":[]}`,
			Status: 200, Want: `{"users":[` + admin2(true) + `]}`},
		{Name: "the same user asked for three ways is listed once", Method: "GET", Path: base + "?id=usrEmuAdmin000002&id[]=usrEmuAdmin000002&email=ADMIN2%40example.com", Header: auth,
			Status: 200, Want: `{"users":[` + admin2(true) + `]}`},
		{Name: "an email with a leading space is nobody", Method: "GET", Path: base + "?email=%20admin2@example.com", Header: auth, Status: 404, Want: notFound},
		{Name: "empty ids only", Method: "GET", Path: base + "?id=&id[]=", Header: auth, Status: 422, Want: idOrEmail},
		{Name: "an unknown include", Method: "GET", Path: base + "?id=usrEmuAdmin000002&include=everything", Header: auth, Status: 422, Want: badShape},
		{Name: "percent-encoded enterprise id", Method: "GET", Path: "/v0/meta/enterpriseAccounts/ent%45mulator000001/users?id=usrEmuAdmin000002", Header: auth,
			Status: 200, Want: `{"users":[` + admin2(true) + `]}`},
		{Name: "10,000-character enterprise id", Method: "POST", Path: "/v0/meta/enterpriseAccounts/ent" + strings.Repeat("x", 10000) + "/users/revokeAdminAccess", Header: auth,
			Body: one, Status: 403, Want: noPermission},
		{Name: "empty enterprise id is an unknown path", Method: "POST", Path: "/v0/meta/enterpriseAccounts//users/revokeAdminAccess", Header: auth,
			Body: one, Status: 404, Want: notFound},
		{Name: "very long unknown path", Method: "GET", Path: "/v0/" + strings.Repeat("a/", 5000), Header: auth, Status: 404, Want: notFound},
		{Name: "dot segments in the path", Method: "POST", Path: "/v0/meta/enterpriseAccounts/../enterpriseAccounts/" + ent + "/users/revokeAdminAccess", Header: auth,
			Body: one, Status: 404, Want: notFound},
	}
	s := apitest.StartAlone(t, airtable.New())
	s.Run(t, cases, nil)
}

// One request names 10,000 users: admins by id and by email in any case (revoked once, then
// silently again), members, super admins and external users (not assigned admins), unknown ids and
// unknown emails. Every failure comes back in request order, and exactly the admins lost access.
func TestHostile_TenThousandUsersInOneRequestAreAnsweredInOrder(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	var items, errs []string
	for i := range 10000 {
		switch i % 8 {
		case 0:
			items = append(items, `{"id":"usrEmuAdmin000002"}`)
		case 1:
			items = append(items, `{"email":"FOO@bar.com"}`)
		case 2:
			items = append(items, `{"id":"usrEmuMember00001"}`)
			errs = append(errs, idError("usrEmuMember00001", "User is not an assigned admin", "USER_NOT_ASSIGNED_ADMIN"))
		case 3:
			id := fmt.Sprintf("usrUnknown%07d", i)
			items = append(items, `{"id":"`+id+`"}`)
			errs = append(errs, idError(id, "User not found", "USER_ID_NOT_FOUND"))
		case 4:
			email := fmt.Sprintf("nobody%d@example.com", i)
			items = append(items, `{"email":"`+email+`"}`)
			errs = append(errs, emailError(email, "User not found", "NOT_FOUND"))
		case 5:
			items = append(items, `{"id":"usrEmuSuper000001"}`)
			errs = append(errs, idError("usrEmuSuper000001", "User is not an assigned admin", "USER_NOT_ASSIGNED_ADMIN"))
		case 6:
			items = append(items, `{"email":"guest@outside.example.org"}`)
			errs = append(errs, emailError("guest@outside.example.org", "User is not an assigned admin", "USER_NOT_ASSIGNED_ADMIN"))
		case 7:
			items = append(items, `{"id":"usrEmuAdmin000002","email":"nobody@example.com"}`)
		}
	}
	revoke(s, `{"users":[`+strings.Join(items, ",")+`]}`).Expect(200, userErrors(errs...))
	for id, want := range map[string]bool{"usrEmuAdmin000001": true, "usrEmuAdmin000002": false, "usrL2PNC5o3H4lBEi": false} {
		if got := isAdmin(t, s, id); got != want {
			t.Errorf("%s isAdmin = %t, want %t", id, got, want)
		}
	}
}

// A body over the cap is Airtable's 413 whatever it holds or whoever sends it, and changes nothing.
func TestHostile_OversizedBodyIs413AndChangesNothing(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{Providers: []provider.Provider{airtable.New()}, MaxBodyBytes: 1024})
	big := `{"users":[` + strings.Repeat(`{"id":"usrEmuAdmin000002"},`, 40) + `{"id":"usrEmuAdmin000002"}]}`
	revoke(s, big).Expect(413, tooLarge)
	revoke(s, strings.Repeat("[", 2048)).Expect(413, tooLarge)
	s.Do("POST", revokePath, big, "Authorization", "Bearer patNobody").Expect(413, tooLarge)
	if !isAdmin(t, s, "usrEmuAdmin000002") {
		t.Fatal("a refused body revoked the user")
	}
	revoke(s, `{"users":[{"id":"usrEmuAdmin000002"}]}`).Expect(200, noErrors)
}
