package parcel_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// FuzzParcelRevoke throws arbitrary methods, paths, queries, Authorization and Content-Type headers
// and bodies at every Parcel route (revoke, assign, check, transfer, the product endpoints and the
// hub), starting from the documented requests. Whatever the input, the
// answer is never a 5xx, always Parcel's envelope with status equal to the HTTP status, valid
// against openapi/parcel.yaml, and a rejected request changes nothing.
//
// flags: bit 0 sends Authorization even when empty, bit 1 sends it twice, bit 2 sends Content-Type.
func FuzzParcelRevoke(f *testing.F) {
	const (
		del, post, get, patch = 2, 1, 0, 4
		revokePath            = "/whitelist/revoke"
		doc                   = `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox"}`
		docDiscord            = `{"product_id":"` + sword + `","userid":"` + linked + `","userid_type":"discord"}`
	)
	seeds := []struct {
		method      uint8
		path, query string
		auth        string
		flags       uint8
		body        string
	}{
		// The documented requests and each documented answer's request.
		{del, revokePath, "", key, 4, doc},
		{del, revokePath, "", docsKey, 4, doc},
		{del, revokePath, "", key, 0, docDiscord},
		{del, revokePath, "", key, 0, `{"product_id":"000000000000000000000000","userid":"1001","userid_type":"roblox"}`},
		{del, revokePath, "", key, 0, `{"product_id":"` + sword + `","userid":"` + unlinked + `","userid_type":"discord"}`},
		{del, revokePath, "", "prod_NotAKeyOfAnyHub0000000000", 0, doc},
		{del, revokePath, "", "", 0, doc},
		{del, revokePath, "", "", 1, doc},
		{del, revokePath, "", key, 2, doc},
		{del, revokePath, "", key, 0, `{"product_id":"` + sword + `"}`},
		{del, revokePath, "", key, 0, `{"product_id":"` + shield + `","userid":"1001","userid_type":"roblox"}`},
		{del, revokePath, "", key, 0, `{"product_id":"` + sword + `","userid":"1001","userid_type":"steam"}`},
		// Inputs the emulator reads leniently: numbers, unknown keys, other shapes.
		{del, revokePath, "", key, 0, `{"product_id":"` + sword + `","userid":1001,"userid_type":"roblox"}`},
		{del, revokePath, "", key, 0, `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox","reason":"refund"}`},
		{del, revokePath, "", key, 0, `[{"product_id":"` + sword + `"}]`},
		{del, revokePath, "", key, 0, `{"product_id":"` + sword + `",`},
		{del, revokePath, "", key, 0, ``},
		// Every kind of JSON value, and the hostile shapes of hostile_test.go.
		{del, revokePath, "", key, 0, `null`},
		{del, revokePath, "", key, 0, `true`},
		{del, revokePath, "", key, 0, `0`},
		{del, revokePath, "", key, 0, `"x"`},
		{del, revokePath, "", key, 0, licenseBody(q(sword), "0", "false")},
		{del, revokePath, "", key, 0, licenseBody(q(sword), "1e400", q("roblox"))},
		{del, revokePath, "", key, 0, licenseBody(q(sword), "-1001.5e-3", q("discord"))},
		{del, revokePath, "", key, 0, licenseBody(q(sword), `"\u0000\u202e💥\ud800"`, q("roblox"))},
		{del, revokePath, "", key, 0, licenseBody(q(sword), "\"\xff\"", q("roblox"))},
		{del, revokePath, "", key, 0, `{"product_id":"x","product_id":"` + sword + `","userid":"1001","userid_type":"roblox"}`},
		{del, revokePath, "", key, 0, strings.Repeat("[", 1000) + strings.Repeat("]", 1000)},
		{del, revokePath, "", "Bearer " + key, 4, doc},
		// The sibling routes, which share the validation and the envelope.
		{post, "/whitelist/assign", "", key, 4, `{"product_id":"` + shield + `","userid":"1001","userid_type":"roblox"}`},
		{get, "/whitelist/check/roblox/1001", "product_id=" + sword, key, 0, ``},
		{get, "/whitelist/check/discord/" + linked, "product_id=" + sword, key, 0, ``},
		{get, "/whitelist/check/user_id/1001", "product_id=" + sword + "&product_id=x", key, 0, ``},
		{get, "/whitelist/check/roblox/1001", "", key, 0, ``},
		{get, "/whitelist/nope", "", key, 0, ``},
		{get, "/whitelist/check/rob%6Cox/10%301", "product_id=" + sword + "&product_id[]=x", key, 0, `{}`},
		{get, "/whitelist/check/discord/..%2F%ff", "product_id=%zz", key, 0, ``},
		{get, "/whitelist/check/roblox/1001/x", "product_id=" + sword, key, 0, ``},
		// Transfer: the documented answers' requests, then schema and type failures.
		{patch, "/whitelist/transfer", "", key, 4, transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("roblox"))},
		{patch, "/whitelist/transfer", "", key, 0, transferBody(q(sword), q(linked), q("discord"), q(unlinked), q("discord"))},
		{patch, "/whitelist/transfer", "", key, 0, transferBody(q(shield), q("1001"), q("roblox"), q("1002"), q("roblox"))},
		{patch, "/whitelist/transfer", "", key, 0, transferBody(q(sword), q("1001"), q("roblox"), q("1001"), q("roblox"))},
		{patch, "/whitelist/transfer", "", key, 0, transferBody(q(sword), "1001", q("steam"), "null", q("roblox"))},
		{patch, "/whitelist/transfer", "", key, 0, `{"product_id":"` + sword + `","sender":[],"recipient":{}}`},
		{patch, "/whitelist/transfer", "", "", 0, ``},
		// Products: create, update, delete, fetch one, list, and the hub.
		{post, "/products/create", "", key, 4, bowBody},
		{post, "/products/create", "", key, 0, withField("name", q("Emulator Sword"))},
		{post, "/products/create", "", key, 0, withField("role_id", "null")},
		{post, "/products/create", "", key, 0, withField("stock", q("1000"))},
		{post, "/products/create", "", key, 0, withField("onsale", q("yes"))},
		{post, "/products/create", "", key, 0, `[]`},
		{patch, "/products/update/" + sword, "", key, 4, `{"name":"Emulator Blade","onsale":false,"decal_id":null}`},
		{patch, "/products/update/" + sword, "", key, 0, `{"name":"Emulator Shield"}`},
		{patch, "/products/update/000000000000000000000000", "", key, 0, `{"stock":"5"}`},
		{patch, "/products/update/" + sword, "", key, 0, `{"role_id":7}`},
		{patch, "/products/update/" + sword, "", key, 0, ``},
		{del, "/products/delete", "", key, 4, `{"product_id":"` + shield + `"}`},
		{del, "/products/delete", "", key, 0, `{"product_id":0}`},
		{del, "/products/delete", "", key, 0, `{"product_id":"nope"}`},
		{get, "/products/" + sword, "", key, 0, ``},
		{get, "/products/%61ll", "", key, 0, ``},
		{get, "/products/all", "page=2", key, 0, ``},
		{get, "/products/all", "", "prod_Wrong", 0, ``},
		{get, "/hub", "", key, 0, ``},
		{get, "/hub/", "", docsKey, 0, ``},
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
