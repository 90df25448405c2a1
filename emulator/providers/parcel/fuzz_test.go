package parcel_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// FuzzParcelRevoke throws arbitrary methods, paths, queries, Authorization and Content-Type headers
// and bodies at Parcel's routes, starting from the documented requests. Whatever the input, the
// answer is never a 5xx, always Parcel's envelope with status equal to the HTTP status, valid
// against openapi/parcel.yaml, and a rejected request changes nothing.
//
// flags: bit 0 sends Authorization even when empty, bit 1 sends it twice, bit 2 sends Content-Type.
func FuzzParcelRevoke(f *testing.F) {
	const (
		del, post, get = 2, 1, 0
		revokePath     = "/whitelist/revoke"
		doc            = `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox"}`
		docDiscord     = `{"product_id":"` + sword + `","userid":"` + linked + `","userid_type":"discord"}`
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
