package adapty

import (
	"bytes"
	"net/http"

	"github.com/accessemu/accessemu/emulator/provider"
)

// The default world's secret key, and the profile and level the load pair toggles
// (fixtures/default.yaml).
const (
	defaultSecretKey = "secret_live_accessem.0123456789abcdefghijklmnopqrstuv"
	toggledCustomer  = "user-premium"
	toggledLevel     = `{"access_level_id":"premium"}`
	purchasePath     = "/api/v2/server-side-api/purchase/profile/"
)

// Describe tells the emulator's tools about Adapty.
func (p *Adapty) Describe() provider.Descriptor {
	return provider.Descriptor{
		Paths:      "/api/v2/server-side-api/...",
		Credential: provider.Credential{Header: "Authorization", Value: "Api-Key " + defaultSecretKey},
		Load: provider.LoadPair{
			Operation: "revokeAccessLevel",
			Do:        levelRequest("revoke", `"cancellation_reason":"adapty_revoked"`),
			Undo:      levelRequest("grant", `"cancellation_reason":null`),
		},
		Generate:       provider.Generator{Flag: "adapty-profiles", Usage: "Adapty profiles to add to the default app", Write: generate},
		CheckEnvelope:  checkEnvelope,
		BadFixture:     "adapty:\n  options:\n    unknown_profile_status: 401\n",
		BadFixtureLine: 3,
	}
}

// levelRequest grants or revokes the toggled level; the answer holds the whole profile, with
// timestamps, so a success is recognised by the level's cancellation reason.
func levelRequest(change, success string) provider.LoadRequest {
	return provider.LoadRequest{
		Method: http.MethodPost, Path: purchasePath + change + "/access-level/", Body: []byte(toggledLevel),
		Header: http.Header{"Adapty-Customer-User-Id": {toggledCustomer}, "Content-Type": {"application/json"}},
		OK:     func(body []byte) bool { return bytes.Contains(body, []byte(success)) },
	}
}
