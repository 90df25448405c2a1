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
)

// Describe tells the emulator's tools about Airtable.
func (p *Airtable) Describe() provider.Descriptor {
	return provider.Descriptor{
		Paths:      "/v0/meta/...",
		Credential: provider.Credential{Header: "Authorization", Value: "Bearer " + defaultToken, Note: "enterprise " + defaultAccount},
		Load: provider.LoadPair{
			Operation: "revokeAdminAccess",
			Do:        adminRequest("revokeAdminAccess"),
			Undo:      adminRequest("grantAdminAccess"),
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
