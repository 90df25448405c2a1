package adapty_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// FuzzAdaptyRevoke throws arbitrary methods, paths, queries, Authorization, identity and
// Content-Type headers and bodies at Adapty's routes, starting from the documented revoke requests.
// Whatever the input, the answer is never a 5xx, always Adapty's envelope with status_code equal to
// the HTTP status, valid against openapi/adapty.yaml, and a rejected request changes nothing.
//
// flags: bit 0 sends Authorization even when empty, bit 1 sends it twice, bit 2 sends Content-Type,
// bit 3 sends adapty-profile-id even when empty.
func FuzzAdaptyRevoke(f *testing.F) {
	const get, post = 0, 1
	future := time.Now().Add(24 * time.Hour).UTC().Format("2006-01-02T15:04:05.000000-0700")
	seeds := []struct {
		method            uint8
		path, query       string
		auth              string
		customer, profile string
		flags             uint8
		body              string
	}{
		// The documented request (curl, Python and JavaScript send the same), and the spec's examples.
		{post, revokePath, "", apiKey, "user-premium", "", 4, "{\n  \"access_level_id\": \"premium\",\n  \"revoke_at\": \"2024-10-12T09:42:50.000000+0000\"\n}"},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": "premium"}`},
		{post, revokePath, "", apiKey, "user-lifetime", "", 4, `{"access_level_id": "premium", "revoke_at": "2024-12-31T23:59:59Z"}`},
		{post, revokePath, "", apiKey, "user-lifetime", "", 4, `{"access_level_id": "premium", "revoke_at": "` + future + `"}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": "premium", "revoke_at": null}`},
		// Each documented error's request.
		{post, revokePath, "", apiKey, "user-free", "", 4, `{"access_level_id": "premium"}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": "gold"}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": "premium", "revoke_at": "2999-01-01T00:00:00Z"}`},
		{post, revokePath, "", apiKey, "user-nobody", "", 4, `{"access_level_id": "premium"}`},
		{post, revokePath, "", "", "user-premium", "", 0, `{"access_level_id": "premium"}`},
		{post, revokePath, "", "", "user-premium", "", 1, `{"access_level_id": "premium"}`},
		{post, revokePath, "", "Api-Key secret_live_XXXXXXXX.wrongwrongwrongwrongwrongwrongwr", "user-premium", "", 4, `{"access_level_id": "premium"}`},
		{post, revokePath, "", apiKey, "user-premium", "", 6, `{"access_level_id": "premium"}`},
		{post, revokePath, "", apiKey, "", premiumID, 4, `{"access_level_id": "premium"}`},
		{post, revokePath, "", apiKey, "user-premium", freeID, 4, `{"access_level_id": "premium"}`},
		{post, revokePath, "", apiKey, "", "", 12, `{"access_level_id": "premium"}`},
		// Bodies Python parses differently from Go, and pydantic's coercions.
		{post, revokePath, "", apiKey, "user-premium", "", 4, "{\n  \"access_level_id\": \"premium\",\n  \"custom_note\": \"abcdefghijk\"\n  \"revoke_at\": null\n}"},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": NaN}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, "\ufeff{\"access_level_id\": \"premium\"}"},
		{post, revokePath, "", apiKey, "user-premium", "", 4, "{\"access_level_id\": \"\xff\"}"},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `[["access_level_id", "premium"]]`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": 1e400, "revoke_at": 99999999999999}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": ["premium"], "revoke_at": {}}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, ``},
		// Every kind of JSON value, and the hostile shapes of hostile_test.go.
		{post, revokePath, "", apiKey, "user-premium", "", 4, `null`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `"premium"`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": null, "revoke_at": -0}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": "premium", "revoke_at": 18446744073709551616}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": "premium\u0000\u202e💎\ud800"}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, `{"access_level_id": "gold", "access_level_id": "premium"}`},
		{post, revokePath, "", apiKey, "user-premium", "", 4, strings.Repeat("[", 1000) + strings.Repeat("]", 1000)},
		{post, revokePath, "", "api-key  " + secretKey, " user-free ", "", 4, `{"access_level_id": "premium"}`},
		{post, revokePath, "", apiKey, "", strings.ToUpper(premiumID), 4, `{"access_level_id": "premium", "revoke_at": 1893888000000}`},
		// The sibling routes: grant and get profile, and paths and methods Adapty does not serve.
		{post, grantPath, "", apiKey, "user-free", "", 4, `{"access_level_id": "vip", "starts_at": "2024-01-01T00:00:00Z", "expires_at": "2024-12-31T23:59:59Z"}`},
		{get, profilePath, "", apiKey, "user-premium", "", 0, ``},
		{get, profilePath, "platform=iOS", apiKey, "", lifetimeID, 0, ``},
		{get, revokePath, "", apiKey, "user-premium", "", 0, ``},
		{post, "/api/v2/server-side-api/purchase/profile/revoke/access-level", "", apiKey, "user-premium", "", 4, `{"access_level_id": "premium"}`},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.query, s.auth, s.customer, s.profile, s.flags, "application/json", []byte(s.body))
	}
	z := apitest.NewFuzzer(f, emulator.Options{})
	f.Fuzz(func(t *testing.T, method uint8, path, query, auth, customer, profile string, flags uint8, contentType string, body []byte) {
		h := apitest.FuzzHeaders(auth, flags, contentType)
		if customer != "" {
			h["Adapty-Customer-User-Id"] = []string{customer}
		}
		if profile != "" || flags&8 != 0 {
			h["Adapty-Profile-Id"] = []string{profile}
		}
		z.Check(t, apitest.FuzzRequest{Method: apitest.FuzzMethod(method), Path: path, Query: query, Header: h, Body: body})
	})
}
