package airtable_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// FuzzAirtableRevoke throws arbitrary methods, paths, queries, Authorization and Content-Type
// headers and bodies at Airtable's routes, starting from the documented revoke request and a request
// of every other operation (who am I, get enterprise, get users, get user, remove user, manage user
// membership at both paths, delete users by email and by id, manage user, logout user). Whatever the
// input, the answer is never a 5xx, always Airtable's envelope ({"error":{type,message}}, the bare
// 404, or a 200 with errors or users), valid against openapi/airtable.yaml, and a rejected request
// changes nothing.
//
// flags: bit 0 sends Authorization even when empty, bit 1 sends it twice, bit 2 sends Content-Type.
func FuzzAirtableRevoke(f *testing.F) {
	const get, post, del, patch = 0, 1, 2, 4
	seeds := []struct {
		method      uint8
		path, query string
		auth        string
		flags       uint8
		body        string
	}{
		// The documented request, with the admin token and as other callers.
		{post, revokePath, "", adminToken, 4, seedRequest},
		{post, revokePath, "", readOnlyToken, 4, seedRequest},
		{post, revokePath, "", memberToken, 4, seedRequest},
		{post, revokePath, "", "Bearer patNobody", 4, seedRequest},
		{post, revokePath, "", "", 0, seedRequest},
		{post, revokePath, "", "", 1, seedRequest},
		{post, revokePath, "", adminToken, 2, seedRequest},
		{post, "/v0/meta/enterpriseAccounts/entNobody/users/revokeAdminAccess", "", adminToken, 4, seedRequest},
		// Shapes and per-user cases.
		{post, revokePath, "", adminToken, 4, `{"users":[{"id":"usrEmuAdmin000002","email":"nobody@example.com"},{"email":"ADMIN1@example.com"}]}`},
		{post, revokePath, "", adminToken, 4, `{"users":[{"id":"usrEmuSuper000001"},{"id":"usrGcrteE5fUMqq0R"},{"email":"member@example.com"}]}`},
		{post, revokePath, "", adminToken, 4, `{"users":[{"id":"usrL2PNC5o3H4lBEi"},{"id":"usrL2PNC5o3H4lBEi"}]}`},
		{post, revokePath, "", adminToken, 4, `{"users":[]}`},
		{post, revokePath, "", adminToken, 4, `{"users":[{}]}`},
		{post, revokePath, "", adminToken, 4, `{"users":[{"id":1}]}`},
		{post, revokePath, "", adminToken, 4, `{"users":{"id":"usrL2PNC5o3H4lBEi"}}`},
		{post, revokePath, "", adminToken, 4, `{"users":null}`},
		{post, revokePath, "", adminToken, 4, `{"users":[{"id":"usrL2PNC5o3H4lBEi"}]`},
		{post, revokePath, "", adminToken, 4, `[]`},
		{post, revokePath, "", adminToken, 4, ``},
		// Every kind of JSON value, and the hostile shapes of hostile_test.go.
		{post, revokePath, "", adminToken, 0, `null`},
		{post, revokePath, "", adminToken, 0, `true`},
		{post, revokePath, "", adminToken, 0, `1e400`},
		{post, revokePath, "", adminToken, 0, `"usrEmuAdmin000002"`},
		{post, revokePath, "", adminToken, 0, `{"users":[null,{"id":null},{"email":false},{"id":-0}]}`},
		{post, revokePath, "", adminToken, 0, `{"users":[{"id":"usr\u0000\u202e💥\ud800"},{"email":" FOO@bar.com\t"}]}`},
		{post, revokePath, "", adminToken, 0, "{\"users\":[{\"id\":\"usr\xff\"}]}"},
		{post, revokePath, "", adminToken, 0, `{"users":[{"id":"usrEmuAdmin000002"}],"users":[]}`},
		{post, revokePath, "", adminToken, 0, `{"users":` + strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + `}`},
		{post, revokePath, "", "bearer  patEmuAdmin000001.admin", 0, `{"users":[{"id":"usrEmuAdmin000002"}]}`},
		{post, "/v0/meta/enterpriseAccounts/ent%45mulator000001/users/revokeAdminAccess", "", adminToken, 0, `{"users":[{"id":"usrEmuAdmin000002"}]}`},
		// The sibling routes: grant and get users.
		{post, grantPath, "", adminToken, 4, `{"users":[{"id":"usrEmuMember00001"},{"email":"guest@outside.example.org"},{"id":"usrEmuAdmin000002"}]}`},
		{get, base, "id=usrEmuAdmin000002&email[]=foo%40bar.com&include=collaborations&include[]=aggregated", adminToken, 0, ``},
		{get, base, "id[]=usrNobody", adminToken, 0, ``},
		{get, base, "include=descendants", adminToken, 0, ``},
		{get, "/v0/meta/whoami", "", adminToken, 0, ``},
		{get, base, "email=%20admin2%40example.com&id=&include=bogus", adminToken, 0, `{}`},
		{get, base, "id=usr%ff&email[]=%zz", adminToken, 0, ``},
		// The lifecycle operations, each as documented or as pyairtable sends it, and hostile.
		{get, "/v0/meta/whoami", "", readOnlyToken, 0, ``},
		{get, entPath, "include=aggregated&include[]=descendants", adminToken, 0, ``},
		{get, entPath, "include=collaborations", readOnlyToken, 0, ``},
		{get, base + "/usrEmuMember00001", "include=collaborations", adminToken, 0, ``},
		{get, base + "/revokeAdminAccess", "", adminToken, 0, ``},
		{get, base + "/usr%00", "", adminToken, 0, ``},
		{post, base + "/usrEmuMember00001/remove", "", adminToken, 4, `{"isDryRun": false, "replacementOwnerId": "usrEmuAdmin000002"}`},
		{post, base + "/usrEmuMember00001/remove", "", adminToken, 4, `{"isDryRun": true, "removeFromDescendants": true}`},
		{post, base + "/usrEmuAdmin000001/remove", "", adminToken, 0, `{"replacementOwnerId":"usrEmuUnverified1","isDryRun":"no"}`},
		{post, base + "/usrL2PNC5o3H4lBEi/remove", "", adminToken, 0, `null`},
		{post, base + "/claim", "", adminToken, 4, `{"users":[{"id":"usrEmuMember00001","state":"unmanaged"},{"email":"unmanaged@example.com","state":"managed"}]}`},
		{post, entPath + "/claim/users", "", adminToken, 4, `{"users": [{"email": "guest@outside.example.org", "state": "managed"}, {"id": "usrNobody", "state": "unmanaged"}]}`},
		{post, base + "/claim", "", adminToken, 4, `{"users":[{"state":"managed"}]}`},
		{del, base, "email[]=foo%40bar.com&email[]=bar%40bam.com", adminToken, 0, ``},
		{del, base, "email=admin1%40example.com&email=member%40example.com&email=unmanaged%40example.com&email=guest%40outside.example.org", adminToken, 0, ``},
		{del, base, "", adminToken, 0, `{}`},
		{patch, base + "/usrFooBam00000001", "", adminToken, 4, `{"email": "foo@bam.com", "state": "deactivated"}`},
		{patch, base + "/usrFooBam00000001", "", adminToken, 4, `{"email":"foo@example.com","firstName":"Foo","lastName":"Baz","state":"provisioned"}`},
		{patch, base + "/usrFooBam00000001", "", adminToken, 4, `{"email":"member@example.com"}`},
		{patch, base + "/usrEmuUnmanaged01", "", adminToken, 4, `{"state":"DEACTIVATED"}`},
		{del, base + "/usrFooBam00000001", "", adminToken, 0, ``},
		{del, base + "/usrEmuMember00001", "", adminToken, 0, ``},
		{post, base + "/usrFooBam00000001/logout", "", adminToken, 0, ``},
		{post, base + "/usrEmuAdmin000001/logout", "", adminToken, 4, `{}`},
		{post, base + "/usrGcrteE5fUMqq0R/logout", "", memberToken, 4, `[]`},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.query, s.auth, s.flags, "application/json", []byte(s.body))
	}
	z := apitest.NewFuzzer(f, emulator.Options{})
	f.Fuzz(func(t *testing.T, method uint8, path, query, auth string, flags uint8, contentType string, body []byte) {
		h := apitest.FuzzHeaders(auth, flags, contentType)
		z.Check(t, apitest.FuzzRequest{Method: apitest.FuzzMethod(method), Path: path, Query: query, Header: h, Body: body})
	})
}
