package adapty_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// FuzzAdaptyRevoke throws arbitrary methods, paths, queries, Authorization, identity and
// Content-Type headers and bodies at Adapty's routes, starting from the documented requests of
// every operation: revoke, grant, set transaction, and create, get, update and delete profile.
// Whatever the input, the answer is never a 5xx, always Adapty's envelope with status_code equal to
// the HTTP status, valid against openapi/adapty.yaml, and a rejected request changes nothing.
//
// flags: bit 0 sends Authorization even when empty, bit 1 sends it twice, bit 2 sends Content-Type,
// bit 3 sends adapty-profile-id even when empty.
func FuzzAdaptyRevoke(f *testing.F) {
	const get, post, del, patch = 0, 1, 2, 4
	const oneTime = `{"purchase_type": "one_time_purchase", "store": "app_store", "environment": "Production", "store_product_id": "premium.lifetime", "store_transaction_id": "1000000123456789", "store_original_transaction_id": "1000000123456789", "is_family_shared": false, "price": {"country": "US", "currency": "USD", "value": 9.99}, "purchased_at": "2024-01-15T10:30:00Z", "variation_id": "variation_123", "offer": null, "refunded_at": null, "cancellation_reason": null}`
	const subscription = `{"purchase_type": "subscription", "store": "app_store", "store_product_id": "premium.monthly", "store_transaction_id": "1000000123456789", "store_original_transaction_id": "1000000123456789", "price": {"country": "US", "currency": "USD", "value": 4.99}, "purchased_at": "2024-01-15T10:30:00Z", "originally_purchased_at": "2024-01-15T10:30:00Z", "expires_at": "2024-02-15T10:30:00Z", "renew_status": true, "renew_status_changed_at": null, "billing_issue_detected_at": null, "grace_period_expires_at": null, "offer": {"category": "introductory", "type": "free_trial", "id": "trial_offer_123"}}`
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
		// Create, update and delete profile: the documented bodies, each header rule, hostile shapes.
		{post, profilePath, "", apiKey, "jane.doe@example.com", "", 4, `{"first_name": "Jane", "gender": "f", "email": "jane.doe@example.com", "birthday": "2000-12-31", "store": "app_store", "analytics_disabled": true, "custom_attributes": [{"key": "favourite_sport", "value": "yoga"}], "installation_meta": {"device_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "platform": "iOS"}}`},
		{post, profilePath, "", apiKey, "user-premium", "", 4, `{}`},
		{post, profilePath, "", apiKey, "new-user", freeID, 4, `{"custom_attributes": [{"key": "a", "value": 1}]}`},
		{post, profilePath, "", apiKey, "user-premium", freeID, 4, `{}`},
		{post, profilePath, "", apiKey, "", "", 12, `{}`},
		{post, profilePath, "", apiKey, "new-user", "", 4, `{"gender": "x", "email": "nope", "birthday": "2000-02-30", "att_status": 7, "custom_attributes": [{"key": "bad key!", "value": []}], "installation_meta": {"device_id": "x"}}`},
		{post, profilePath, "", apiKey, "new-user", "", 4, `[["custom_attributes", {}]]`},
		{patch, profilePath, "", apiKey, "user-premium", "", 4, `{"custom_attributes": [{"key": "level", "value": 3}, {"key": "gone", "value": null}, {"key": "vip", "value": true}]}`},
		{patch, profilePath, "", apiKey, "", lifetimeID, 4, `{"custom_attributes": "all"}`},
		{patch, profilePath, "", apiKey, "user-nobody", "", 4, `{}`},
		{del, profilePath, "", apiKey, "user-free", "", 0, ``},
		{del, profilePath, "", apiKey, "", premiumID, 4, `{"ignored": true}`},
		{del, profilePath, "", apiKey, "user-nobody", "", 0, ``},
		// Set transaction: both documented kinds, each documented rule broken, and bad discriminators.
		{post, setTransactionPath, "", apiKey, "user-free", "", 4, oneTime},
		{post, setTransactionPath, "", apiKey, "user-premium", "", 4, subscription},
		{post, setTransactionPath, "", apiKey, "user-free", "", 4, strings.Replace(oneTime, `"is_family_shared": false`, `"is_family_shared": true`, 1)},
		{post, setTransactionPath, "", apiKey, "user-free", "", 4, strings.Replace(subscription, `"expires_at": "2024-02-15T10:30:00Z"`, `"expires_at": "2024-01-01T00:00:00Z"`, 1)},
		{post, setTransactionPath, "", apiKey, "user-free", "", 4, strings.Replace(subscription, `"grace_period_expires_at": null`, `"grace_period_expires_at": "2024-03-01T00:00:00Z"`, 1)},
		{post, setTransactionPath, "", apiKey, "user-free", "", 4, strings.Replace(oneTime, `"refunded_at": null`, `"refunded_at": "2024-01-16T00:00:00Z"`, 1)},
		{post, setTransactionPath, "", apiKey, "user-free", "", 4, `{"purchase_type": "PRODUCT_PERIOD", "environment": "production", "price": {"value": "YOUR_PRICE"}}`},
		{post, setTransactionPath, "", apiKey, "user-free", "", 4, `{"purchase_type": ["subscription"]}`},
		{post, setTransactionPath, "", apiKey, "user-free", "", 4, `{"purchase_type": "subscription", "price": 5, "store_transaction_id": "` + strings.Repeat("9", 51) + `"}`},
		{post, setTransactionPath, "", apiKey, "user-nobody", "", 4, oneTime},
		{get, setTransactionPath, "", apiKey, "user-free", "", 0, ``},
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
