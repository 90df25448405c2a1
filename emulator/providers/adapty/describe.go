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
	profilePath      = "/api/v2/server-side-api/profile/"
	transactionPath  = "/api/v2/server-side-api/purchase/set/transaction/"
	// The profile the read, update and transaction loops act on, and the one create makes and
	// delete removes.
	benchCustomer   = "user-lifetime"
	benchProfileID  = "0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e02"
	createdCustomer = "bench-created"
	// A purchase set again with the same transaction id: each request updates it in place.
	benchTransaction = `{"purchase_type":"one_time_purchase","store":"app_store","environment":"Production",` +
		`"store_product_id":"premium.lifetime","store_transaction_id":"bench-txn-1","store_original_transaction_id":"bench-txn-1",` +
		`"is_family_shared":false,"price":{"country":"US","currency":"USD","value":9.99},"purchased_at":"2024-01-15T10:30:00Z"}`
)

// Describe tells the emulator's tools about Adapty.
func (p *Adapty) Describe() provider.Descriptor {
	return provider.Descriptor{
		Paths:      "/api/v2/server-side-api/...",
		Credential: provider.Credential{Header: "Authorization", Value: "Api-Key " + defaultSecretKey},
		Load: provider.LoadPair{
			Operation: "revokeAccessLevel", UndoOperation: "grantAccessLevel",
			Do:   levelRequest("revoke", `"cancellation_reason":"adapty_revoked"`),
			Undo: levelRequest("grant", `"cancellation_reason":null`),
		},
		Bench:          benchPairs(),
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

// benchPairs are the loops of every other operation, on the default world's profiles.
func benchPairs() []provider.LoadPair {
	byCustomer := profileLoad(http.MethodGet, customerHeader(benchCustomer), nil, `"customer_user_id":"`+benchCustomer+`"`)
	byProfile := profileLoad(http.MethodGet, http.Header{"Adapty-Profile-Id": {benchProfileID}}, nil, `"profile_id":"`+benchProfileID+`"`)
	deleted := provider.LoadRequest{
		Method: http.MethodDelete, Path: profilePath, Header: customerHeader(createdCustomer), Status: http.StatusNoContent,
		OK: func(body []byte) bool { return len(body) == 0 },
	}
	transaction := provider.LoadRequest{
		Method: http.MethodPost, Path: transactionPath, Header: jsonHeader(customerHeader(benchCustomer)), Body: []byte(benchTransaction),
		OK: func(body []byte) bool { return bytes.Contains(body, []byte(`"store_transaction_id":"bench-txn-1"`)) },
	}
	return []provider.LoadPair{
		{Operation: "getProfile", Variant: "by customer user id", Do: byCustomer, Undo: byCustomer},
		{Operation: "getProfile", Variant: "by profile id", Do: byProfile, Undo: byProfile},
		{
			Operation: "createProfile", UndoOperation: "deleteProfile",
			Do:   profileLoad(http.MethodPost, jsonHeader(customerHeader(createdCustomer)), []byte(`{"first_name":"Bench"}`), `"customer_user_id":"`+createdCustomer+`"`),
			Undo: deleted,
		},
		{
			Operation: "updateProfile",
			Do:        profileLoad(http.MethodPatch, jsonHeader(customerHeader(benchCustomer)), []byte(`{"first_name":"Bench"}`), `"customer_user_id":"`+benchCustomer+`"`),
			Undo:      profileLoad(http.MethodPatch, jsonHeader(customerHeader(benchCustomer)), []byte(`{"first_name":null}`), `"customer_user_id":"`+benchCustomer+`"`),
		},
		{Operation: "setTransaction", Variant: "same transaction id", Do: transaction, Undo: transaction},
	}
}

// profileLoad is a request to the profile path whose success holds the profile.
func profileLoad(method string, header http.Header, body []byte, success string) provider.LoadRequest {
	return provider.LoadRequest{
		Method: method, Path: profilePath, Header: header, Body: body,
		OK: func(answer []byte) bool { return bytes.Contains(answer, []byte(success)) },
	}
}

func customerHeader(id string) http.Header { return http.Header{"Adapty-Customer-User-Id": {id}} }

func jsonHeader(h http.Header) http.Header {
	h.Set("Content-Type", "application/json")
	return h
}
