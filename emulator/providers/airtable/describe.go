package airtable

import (
	"bytes"
	"net/http"

	"github.com/accessemu/accessemu/emulator/provider"
)

// The default world's enterprise account, its admin's token, and the admin the load pair toggles
// (fixtures/default.yaml).
const (
	defaultAccount = "entEmulator000001"
	defaultToken   = "patEmuAdmin000001.admin"
	toggledAdmin   = `{"users":[{"id":"usrEmuAdmin000002"}]}`
	accountPath    = "/v0/meta/enterpriseAccounts/" + defaultAccount
	// The managed member the user loops act on, and the super admin delete users by email refuses
	// (Airtable's own delete-users example), so that the loop deletes nobody.
	benchUser       = "usrFooBam00000001"
	benchUserEmail  = "foo@bam.com"
	undeletableUser = "bar@bam.com"
)

// Describe tells the emulator's tools about Airtable.
func (p *Airtable) Describe() provider.Descriptor {
	return provider.Descriptor{
		Paths:      "/v0/meta/...",
		Credential: provider.Credential{Header: "Authorization", Value: "Bearer " + defaultToken, Note: "enterprise " + defaultAccount},
		Load: provider.LoadPair{
			Operation: "revokeAdminAccess", UndoOperation: "grantAdminAccess",
			Do:   adminRequest("revokeAdminAccess"),
			Undo: adminRequest("grantAdminAccess"),
		},
		Bench: benchPairs(),
		Unbenched: map[string]string{
			"deleteUserById": "a deleted user is gone for good (no operation brings one back), and its refusals are 403s",
		},
		Generate:      provider.Generator{Flag: "airtable-users", Usage: "Airtable users to add to the default enterprise account", Write: generate},
		CheckEnvelope: checkEnvelope,
		BadFixture: "airtable:\n  enterprise_accounts:\n    - id: entA\n      users:\n" +
			"        - {id: usrA, email: a@example.com}\n        - {id: usrA, email: b@example.com}\n",
		BadFixtureLine: 6,
	}
}

func adminRequest(operation string) provider.LoadRequest {
	return provider.LoadRequest{
		Method: http.MethodPost, Path: "/v0/meta/enterpriseAccounts/" + defaultAccount + "/users/" + operation,
		Body:   []byte(toggledAdmin),
		Header: http.Header{"Content-Type": {"application/json"}},
		OK:     func(body []byte) bool { return bytes.Equal(body, []byte(`{"errors":[]}`)) },
	}
}

// benchPairs are the loops of every other operation, on the default world's account.
func benchPairs() []provider.LoadPair {
	read := func(operation, variant, path, success string) provider.LoadPair {
		r := provider.LoadRequest{Method: http.MethodGet, Path: path, OK: contains(success)}
		return provider.LoadPair{Operation: operation, Variant: variant, Do: r, Undo: r}
	}
	user := accountPath + "/users/" + benchUser
	found := `"id":"` + benchUser + `"`
	pairs := []provider.LoadPair{
		read("getUserIdAndScopes", "", "/v0/meta/whoami", `"id":"usrEmuAdmin000001"`),
		read("getEnterprise", "", accountPath, `"id":"`+defaultAccount+`"`),
		read("getUsersByIdOrEmail", "by id", accountPath+"/users?id="+benchUser, found),
		read("getUsersByIdOrEmail", "by email", accountPath+"/users?email="+benchUserEmail, found),
		read("getUserById", "", user, found),
	}
	logout := jsonRequest(http.MethodPost, user+"/logout", "", empty)
	dryRun := jsonRequest(http.MethodPost, user+"/remove", `{"isDryRun":true}`, contains(`"wasUserRemovedAsAdmin":false`))
	refused := provider.LoadRequest{Method: http.MethodDelete, Path: accountPath + "/users?email=" + undeletableUser, OK: contains(`"deletedUsers":[]`)}
	claim := func(path, state string) provider.LoadRequest {
		return jsonRequest(http.MethodPost, accountPath+path, `{"users":[{"id":"`+benchUser+`","state":"`+state+`"}]}`, contains(`"errors":[]`))
	}
	return append(pairs,
		provider.LoadPair{
			Operation: "manageUser", Variant: "deactivate and reactivate",
			Do:   jsonRequest(http.MethodPatch, user, `{"state":"deactivated"}`, empty),
			Undo: jsonRequest(http.MethodPatch, user, `{"state":"provisioned"}`, empty),
		},
		provider.LoadPair{Operation: "logoutUser", Do: logout, Undo: logout},
		provider.LoadPair{Operation: "removeUserFromEnterprise", Variant: "dry run", Do: dryRun, Undo: dryRun},
		provider.LoadPair{Operation: "manageUserMembership", Variant: "unmanaged and back", Do: claim("/users/claim", "unmanaged"), Undo: claim("/users/claim", "managed")},
		provider.LoadPair{
			Operation: "manageUserMembershipClaimUsers", Variant: "unmanaged and back",
			Do: claim("/claim/users", "unmanaged"), Undo: claim("/claim/users", "managed"),
		},
		provider.LoadPair{Operation: "deleteUsersByEmail", Variant: "refused item (a super admin)", Do: refused, Undo: refused},
	)
}

func jsonRequest(method, path, body string, ok func([]byte) bool) provider.LoadRequest {
	r := provider.LoadRequest{Method: method, Path: path, OK: ok}
	if body != "" {
		r.Body, r.Header = []byte(body), http.Header{"Content-Type": {"application/json"}}
	}
	return r
}

func contains(success string) func([]byte) bool {
	return func(body []byte) bool { return bytes.Contains(body, []byte(success)) }
}

// empty is the success of the operations that answer 200 with no body.
func empty(body []byte) bool { return len(body) == 0 }
