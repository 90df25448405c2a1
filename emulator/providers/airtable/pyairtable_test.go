package airtable_test

import (
	"encoding/json"
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

// pyairtable is a stand-in for pyairtable's Api and Enterprise (3.x) built from its source: each
// method sends exactly the request pyairtable sends (path, query as requests encodes a list, JSON
// as json.dumps writes it, no body where it sends none) and reads the answer as its models do,
// failing the test where a required key is missing or pyairtable would raise.
type pyairtable struct {
	t *testing.T
	s *apitest.Server
}

const pyEnterprise = "/v0/meta/enterpriseAccounts/" + ent

func (p pyairtable) send(method, path, body string) *apitest.Result {
	h := []string{"Authorization", adminToken, "User-Agent", "pyairtable/3.1.1", "Accept", "*/*"}
	if body != "" {
		h = append(h, "Content-Type", "application/json")
	}
	res := p.s.Do(method, path, body, h...)
	if res.Status >= 400 {
		p.t.Fatalf("%s %s: pyairtable raises HTTPError %d: %s", method, path, res.Status, res.Body)
	}
	return res
}

// parse is Api._process_response: an empty body is None, anything else must be a JSON object.
func (p pyairtable) parse(res *apitest.Result) map[string]any {
	p.t.Helper()
	if res.Body == "" {
		return nil
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(res.Body), &obj); err != nil || obj == nil {
		p.t.Fatalf("pyairtable cannot parse %q: %v", res.Body, err)
	}
	return obj
}

// require checks the keys a pydantic model requires.
func (p pyairtable) require(obj map[string]any, model string, keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			p.t.Fatalf("%s: required key %q missing in %v", model, k, obj)
		}
	}
}

func (p pyairtable) list(obj map[string]any, key string) []map[string]any {
	p.t.Helper()
	raw, ok := obj[key].([]any)
	if !ok {
		p.t.Fatalf("%q is not a list in %v", key, obj)
	}
	out := make([]map[string]any, len(raw))
	for i, it := range raw {
		out[i], _ = it.(map[string]any)
	}
	return out
}

var userInfoKeys = []string{"id", "name", "email", "state", "isServiceAccount", "isSsoRequired", "isTwoFactorAuthEnabled"}

func (p pyairtable) whoami() map[string]any {
	obj := p.parse(p.send("GET", "/v0/meta/whoami", ""))
	p.require(obj, "UserAndScopesDict", "id")
	return obj
}

// info is Enterprise.info(): include=[] is dropped by requests.
func (p pyairtable) info() map[string]any {
	obj := p.parse(p.send("GET", pyEnterprise, ""))
	p.require(obj, "EnterpriseInfo", "id", "createdTime", "groupIds", "userIds", "workspaceIds", "emailDomains", "rootEnterpriseAccountId")
	for _, d := range p.list(obj, "emailDomains") {
		p.require(d, "EmailDomain", "emailDomain", "isSsoRequired")
	}
	return obj
}

// users is Enterprise.users(ids_or_emails): ids and emails split on "@", include=collaborations.
func (p pyairtable) users(query string) []map[string]any {
	obj := p.parse(p.send("GET", pyEnterprise+"/users?"+query, ""))
	users := p.list(obj, "users")
	for _, u := range users {
		p.require(u, "UserInfo", userInfoKeys...)
		if c, ok := u["collaborations"].(map[string]any); ok {
			p.require(c, "UserCollaborations", "baseCollaborations", "interfaceCollaborations", "workspaceCollaborations")
			for _, w := range p.list(c, "workspaceCollaborations") {
				p.require(w, "WorkspaceCollaboration", "workspaceId", "grantedByUserId", "permissionLevel", "createdTime")
			}
		}
	}
	return users
}

func (p pyairtable) removeUser(id, body string) map[string]any {
	obj := p.parse(p.send("POST", pyEnterprise+"/users/"+id+"/remove", body))
	p.require(obj, "UserRemoved", "wasUserRemovedAsAdmin", "shared", "unshared")
	shared, _ := obj["shared"].(map[string]any)
	unshared, _ := obj["unshared"].(map[string]any)
	for _, ws := range p.list(shared, "workspaces") {
		p.require(ws, "UserRemoved.Shared.Workspace", "permissionLevel", "workspaceId", "workspaceName")
	}
	p.list(unshared, "bases")
	p.list(unshared, "interfaces")
	for _, ws := range p.list(unshared, "workspaces") {
		p.require(ws, "UserRemoved.Unshared.Workspace", "userId", "formerPermissionLevel", "workspaceId", "workspaceName")
	}
	return obj
}

// manageUsers parses ManageUsersResponse: errors defaults to [], each needs type and message.
func (p pyairtable) manageUsers(res *apitest.Result) []map[string]any {
	obj := p.parse(res)
	if _, ok := obj["errors"]; !ok {
		return nil
	}
	errs := p.list(obj, "errors")
	for _, e := range errs {
		p.require(e, "ManageUsersResponse.Error", "type", "message")
	}
	return errs
}

func (p pyairtable) deleteUsers(query string) map[string]any {
	obj := p.parse(p.send("DELETE", pyEnterprise+"/users?"+query, ""))
	p.require(obj, "DeleteUsersResponse", "deletedUsers", "errors")
	for _, u := range p.list(obj, "deletedUsers") {
		p.require(u, "DeleteUsersResponse.UserInfo", "id", "email")
	}
	for _, e := range p.list(obj, "errors") {
		p.require(e, "DeleteUsersResponse.Error", "type", "email")
	}
	return obj
}

// save is UserInfo.save(): PATCH with email and state; an empty answer makes pyairtable reload
// the user from get user by id (no query).
func (p pyairtable) save(id, body string) map[string]any {
	if obj := p.parse(p.send("PATCH", pyEnterprise+"/users/"+id, body)); obj != nil {
		p.t.Fatalf("save: pyairtable would validate %v as UserInfo and fail", obj)
	}
	obj := p.parse(p.send("GET", pyEnterprise+"/users/"+id, ""))
	p.require(obj, "UserInfo", userInfoKeys...)
	return obj
}

// TestPyairtable_EnterpriseMethodsWorkUnchanged replays pyairtable's Enterprise methods in the
// order an offboarding script calls them, with pyairtable's exact request shapes.
func TestPyairtable_EnterpriseMethodsWorkUnchanged(t *testing.T) {
	p := pyairtable{t: t, s: apitest.StartAlone(t, airtable.New())}

	// api.whoami(): the integration test asserts the token's user is in the enterprise.
	me := p.whoami()
	if me["id"] != "usrEmuAdmin000001" {
		t.Fatalf("whoami: %v", me)
	}
	if got := p.users("id=usrEmuAdmin000001&include=collaborations"); len(got) != 1 || got[0]["id"] != me["id"] {
		t.Fatalf("enterprise.user(whoami id): %v", got)
	}

	// enterprise.info().user_ids[:5] fed to enterprise.users(): ids repeated without brackets.
	info := p.info()
	ids, _ := info["userIds"].([]any)
	if len(ids) != len(defaultUserIDs) {
		t.Fatalf("userIds: %v", ids)
	}
	query := ""
	for _, id := range ids[:5] {
		query += "id=" + id.(string) + "&"
	}
	// The same user named twice comes back once; Mia Member and Alan Admin carry a workspace collaboration.
	if got := p.users(query + "id=usrEmuMember00001&include=collaborations"); len(got) != 5 {
		t.Fatalf("enterprise.users(user_ids[:5]): %d users", len(got))
	}
	// enterprise.user("foo@bam.com"): requests encodes @ as %40.
	if got := p.users("email=foo%40bam.com&include=collaborations"); got[0]["id"] != "usrFooBam00000001" {
		t.Fatalf("enterprise.user(email): %v", got)
	}

	// enterprise.claim_users({...}) posts to claim/users.
	errs := p.manageUsers(p.send("POST", pyEnterprise+"/claim/users",
		`{"users": [{"id": "usrEmuUnmanaged01", "state": "managed"}, {"email": "nobody@example.com", "state": "unmanaged"}]}`))
	if len(errs) != 1 || errs[0]["type"] != "NOT_FOUND" {
		t.Fatalf("claim_users errors: %v", errs)
	}

	// enterprise.grant_admin(...) and revoke_admin(...).
	if errs := p.manageUsers(p.send("POST", pyEnterprise+"/users/grantAdminAccess", `{"users": [{"id": "usrEmuUnmanaged01"}, {"email": "foo@bam.com"}]}`)); len(errs) != 0 {
		t.Fatalf("grant_admin errors: %v", errs)
	}
	if errs := p.manageUsers(p.send("POST", pyEnterprise+"/users/revokeAdminAccess", `{"users": [{"id": "usrFooBam00000001"}]}`)); len(errs) != 0 {
		t.Fatalf("revoke_admin errors: %v", errs)
	}

	// user.save() after user.state = "deactivated"; user.logout() sends no body.
	if u := p.save("usrEmuUnmanaged01", `{"email": "unmanaged@example.com", "state": "deactivated"}`); u["state"] != "deactivated" {
		t.Fatalf("after save: %v", u)
	}
	if obj := p.parse(p.send("POST", pyEnterprise+"/users/usrEmuUnmanaged01/logout", "")); obj != nil {
		t.Fatalf("logout: %v", obj)
	}

	// enterprise.remove_user(id, replacement) and enterprise.delete_users([...]).
	removed := p.removeUser("usrEmuMember00001", `{"isDryRun": false, "replacementOwnerId": "usrEmuAdmin000002"}`)
	if removed["wasUserRemovedAsAdmin"] != false {
		t.Fatalf("remove_user: %v", removed)
	}
	removed = p.removeUser("usrEmuUnmanaged01", `{"isDryRun": false}`)
	if removed["wasUserRemovedAsAdmin"] != true {
		t.Fatalf("remove_user of the admin granted above: %v", removed)
	}
	deleted := p.deleteUsers("email=foo%40bam.com&email=nobody%40example.com")
	if d := p.list(deleted, "deletedUsers"); len(d) != 1 || d[0]["id"] != "usrFooBam00000001" {
		t.Fatalf("delete_users: %v", deleted)
	}

	// user.delete() sends DELETE to the user's URL and ignores the (empty) answer.
	if obj := p.parse(p.send("DELETE", pyEnterprise+"/users/usrEmuAdmin000002", "")); obj != nil {
		t.Fatalf("user.delete(): %v", obj)
	}

	// What is left: the enterprise lists neither the removed nor the deleted users.
	if ids, _ := p.info()["userIds"].([]any); len(ids) != len(defaultUserIDs)-4 {
		t.Fatalf("userIds after remove and delete: %v", ids)
	}
}
