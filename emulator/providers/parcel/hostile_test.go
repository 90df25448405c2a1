package parcel_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
)

// Answers the hostile tables expect, beside the constants of input_test.go.
const (
	notOwned     = `{"status":"400","message":"User does not own this license.","data":{}}`
	noRoblox     = `{"status":"404","message":"No Roblox Account associated to this Discord User ID.","data":{}}`
	noProduct    = `{"status":"404","message":"Product does not exist.","data":{}}`
	noKey        = `{"status":"401","message":"No authorization key was provided."}`
	invalidKey   = `{"status":"401","message":"Invalid authorization key."}`
	missingQuery = `{"status":"400","message":"Missing Query Parameter.\nRequired params: product_id","data":{}}`
	tooLarge     = `{"status":"413","message":"Payload Too Large"}`
)

// licenseBody is a revoke or assign body with raw JSON values.
func licenseBody(productID, userID, userIDType string) string {
	return `{"product_id":` + productID + `,"userid":` + userID + `,"userid_type":` + userIDType + `}`
}

func q(s string) string { return `"` + s + `"` }

// changedBody is the 200 answer of revoke or assign for the values it echoes.
func changedBody(userID, userIDType, productID, state string) string {
	return `{"status":"200","message":"OK","data":{"userid":` + q(userID) + `,"userid_type":` + q(userIDType) +
		`,"product_id":` + q(productID) + `,"state":` + q(state) + `}}`
}

func checkBody(userID, userIDType, productID string, owns bool) string {
	o := "false"
	if owns {
		o = "true"
	}
	return `{"status":"200","message":"OK","data":{"userid":` + q(userID) + `,"userid_type":` + q(userIDType) +
		`,"product_id":` + q(productID) + `,"owns_license":` + o + `}}`
}

// Parcel's server is Node: its presence check is JavaScript truthiness, numbers are JavaScript
// doubles, a duplicated key keeps its last value, and the body is read as JSON whatever the
// Content-Type. Every hostile request gets one of Parcel's documented answers, exactly, and never a
// 5xx.
func TestHostile_RevokeAnswersEveryHostileRequestExactly(t *testing.T) {
	var (
		auth     = apitest.Header("Authorization", key)
		doc      = licenseBody(q(sword), q("1001"), q("roblox"))
		revoked  = changedBody("1001", "roblox", sword, "License has been revoked")
		deep     = strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
		deeper   = strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
		longID   = strings.Repeat("9", 10000)
		bigToken = "prod_" + strings.Repeat("A", 64<<10)
	)
	revoke := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "DELETE", Path: "/whitelist/revoke", Header: auth, Body: body, Status: status, Want: want}
	}
	withHeader := func(name string, h []string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "DELETE", Path: "/whitelist/revoke", Header: apitest.Header(h...), Body: doc, Status: status, Want: want}
	}
	cases := []apitest.Case{
		// Invalid JSON of several kinds.
		revoke("truncated object", `{"product_id":"`+sword+`","userid":`, 400, missingBody),
		revoke("single-quoted keys", `{'product_id':'`+sword+`','userid':'1001','userid_type':'roblox'}`, 400, missingBody),
		revoke("trailing comma", `{"product_id":"`+sword+`","userid":"1001","userid_type":"roblox",}`, 400, missingBody),
		revoke("NaN literal", licenseBody(q(sword), "NaN", q("roblox")), 400, missingBody),
		revoke("garbage after the object", doc+`garbage`, 400, missingBody),
		revoke("two objects", doc+doc, 400, missingBody),
		revoke("raw NUL inside a string", licenseBody(q(sword), "\"1001\x00\"", q("roblox")), 400, missingBody),
		revoke("byte order mark first", "\ufeff"+doc, 400, missingBody),
		// Wrong types and nulls: the presence check fails on anything JavaScript reads as false.
		revoke("body null", `null`, 400, missingBody),
		revoke("body a string", `"`+sword+`"`, 400, missingBody),
		revoke("body the object inside an array", `[`+doc+`]`, 400, missingBody),
		revoke("userid null", licenseBody(q(sword), "null", q("roblox")), 400, missingBody),
		revoke("userid_type null", licenseBody(q(sword), q("1001"), "null"), 400, missingBody),
		revoke("userid true", licenseBody(q(sword), "true", q("roblox")), 400, missingBody),
		revoke("userid an array", licenseBody(q(sword), `["1001"]`, q("roblox")), 400, missingBody),
		revoke("userid an object", licenseBody(q(sword), `{"id":"1001"}`, q("roblox")), 400, missingBody),
		revoke("userid_type false is missing, not an invalid type", licenseBody(q(sword), q("1001"), "false"), 400, missingBody),
		revoke("userid_type 0 is missing, not an invalid type", licenseBody(q(sword), q("1001"), "0"), 400, missingBody),
		revoke("userid_type 1 is an invalid type", licenseBody(q(sword), q("1001"), "1"), 400, invalidType),
		// Numbers are read as JavaScript reads them.
		revoke("userid 0 is missing", licenseBody(q(sword), "0", q("roblox")), 400, missingBody),
		revoke("userid -0 is missing", licenseBody(q(sword), "-0", q("roblox")), 400, missingBody),
		revoke("userid 1001.0 is 1001", licenseBody(q(sword), "1001.0", q("roblox")), 200, revoked),
		revoke("userid 1.001e3 is 1001", licenseBody(q(sword), "1.001e3", q("roblox")), 200, revoked),
		revoke("userid 1e400 is Infinity, nobody", licenseBody(q(sword), "1e400", q("roblox")), 404, noRoblox),
		revoke("userid 2^64 is a user without the licence", licenseBody(q(sword), "18446744073709551616", q("roblox")), 400, notOwned),
		{Name: "userid 2^64 is echoed as JavaScript prints it", Method: "POST", Path: "/whitelist/assign", Header: auth,
			Body:   licenseBody(q(shield), "18446744073709551616", q("roblox")),
			Status: 200, Want: changedBody("18446744073709552000", "roblox", shield, "License has been assigned")},
		revoke("product_id a number is its string", licenseBody("65", q("1001"), q("roblox")), 404, noProduct),
		// Deep nesting is parsed or refused without crashing or hanging.
		revoke("10,000 nested arrays", deep, 400, missingBody),
		revoke("100,000 nested arrays", deeper, 400, missingBody),
		revoke("userid nested 9,998 deep", licenseBody(q(sword), deep[2:len(deep)-2], q("roblox")), 400, missingBody),
		// A duplicated key keeps its last value, as JSON.parse does.
		revoke("duplicate product_id, the last wins", `{"product_id":"nope","product_id":"`+sword+`","userid":"1001","userid_type":"roblox"}`, 200, revoked),
		revoke("duplicate userid, the last wins", `{"product_id":"`+sword+`","userid":"1001","userid":"1002","userid_type":"roblox"}`, 400, notOwned),
		// Unicode and control characters in ids are ids nobody has.
		revoke("escaped NUL after the id", licenseBody(q(sword), `"1001\u0000"`, q("roblox")), 404, noRoblox),
		revoke("right-to-left mark before the id", licenseBody(q(sword), "\"\u200f1001\"", q("roblox")), 404, noRoblox),
		revoke("Arabic-Indic digits", licenseBody(q(sword), q("١٠٠١"), q("roblox")), 404, noRoblox),
		revoke("emoji Discord id", licenseBody(q(sword), q("💥"), q("discord")), 404, noRoblox),
		revoke("invalid UTF-8 bytes", licenseBody(q(sword), "\"\xff\xfe\"", q("roblox")), 404, noRoblox),
		revoke("path traversal in the id", licenseBody(q(sword), q("../../1001"), q("roblox")), 404, noRoblox),
		revoke("leading space in the id", licenseBody(q(sword), q(" 1001"), q("roblox")), 404, noRoblox),
		// userid_type is compared exactly: no case folding, no trimming.
		revoke("userid_type in capitals", licenseBody(q(sword), q("1001"), q("ROBLOX")), 400, invalidType),
		revoke("userid_type with a leading space", licenseBody(q(sword), q("1001"), q(" roblox")), 400, invalidType),
		revoke("userid_type with a newline", licenseBody(q(sword), q("1001"), `"discord\n"`), 400, invalidType),
		// Headers: the key is the raw value, compared exactly; Node keeps the first of a duplicate.
		withHeader("no Authorization header", nil, 401, noKey),
		withHeader("empty Authorization", []string{"Authorization", ""}, 401, noKey),
		withHeader("Authorization of spaces only", []string{"Authorization", "   "}, 401, noKey),
		withHeader("Bearer scheme before the key", []string{"Authorization", "Bearer " + key}, 401, invalidKey),
		withHeader("key in lower case", []string{"Authorization", strings.ToLower(key)}, 401, invalidKey),
		withHeader("duplicated, the first is wrong", []string{"Authorization", "prod_Wrong", "Authorization", key}, 401, invalidKey),
		withHeader("duplicated, the first is right", []string{"Authorization", key, "Authorization", "prod_Wrong"}, 200, revoked),
		withHeader("64 KiB key", []string{"Authorization", bigToken}, 401, invalidKey),
		withHeader("64 KiB of another header", []string{"Authorization", key, "X-Padding", strings.Repeat("x", 64<<10)}, 200, revoked),
		// The body is read as JSON whatever the Content-Type says.
		withHeader("text/plain", []string{"Authorization", key, "Content-Type", "text/plain"}, 200, revoked),
		withHeader("form-encoded label on JSON", []string{"Authorization", key, "Content-Type", "application/x-www-form-urlencoded"}, 200, revoked),
		{Name: "form-encoded body", Method: "DELETE", Path: "/whitelist/revoke", Header: apitest.Header("Authorization", key, "Content-Type", "application/x-www-form-urlencoded"),
			Body: "product_id=" + sword + "&userid=1001&userid_type=roblox", Status: 400, Want: missingBody},
		// Check: a body on GET is ignored; paths and queries of every shape.
		{Name: "body on GET is ignored", Method: "GET", Path: "/whitelist/check/roblox/1001?product_id=" + sword, Header: auth,
			Body: `{"product_id":"` + shield + `"}`, Status: 200, Want: checkBody("1001", "roblox", sword, true)},
		{Name: "repeated product_id, the first wins", Method: "GET", Path: "/whitelist/check/roblox/1001?product_id=" + sword + "&product_id=" + shield, Header: auth,
			Status: 200, Want: checkBody("1001", "roblox", sword, true)},
		{Name: "repeated empty product_id", Method: "GET", Path: "/whitelist/check/roblox/1001?product_id=&product_id=", Header: auth, Status: 400, Want: missingQuery},
		{Name: "percent-encoded path and query", Method: "GET", Path: "/whitelist/check/rob%6Cox/10%301?product_id=65a1b2c3d4e5f60718293a4%62", Header: auth,
			Status: 200, Want: checkBody("1001", "roblox", sword, true)},
		{Name: "encoded path traversal in the user id", Method: "GET", Path: "/whitelist/check/roblox/..%2F..%2F1001?product_id=" + sword, Header: auth, Status: 404, Want: noRoblox},
		{Name: "10,000-digit Roblox id", Method: "GET", Path: "/whitelist/check/roblox/" + longID + "?product_id=" + sword, Header: auth,
			Status: 200, Want: checkBody(longID, "roblox", sword, false)},
		{Name: "an empty user id type is an unknown path", Method: "GET", Path: "/whitelist/check//1001?product_id=" + sword, Header: auth, Status: 404, Want: notFound},
		{Name: "a segment after the user id is an unknown path", Method: "GET", Path: "/whitelist/check/roblox/1001/extra?product_id=" + sword, Header: auth, Status: 404, Want: notFound},
		{Name: "very long unknown path", Method: "GET", Path: "/whitelist/" + strings.Repeat("a/", 5000), Header: auth, Status: 404, Want: notFound},
	}
	s := apitest.StartAlone(t, parcel.New())
	s.Run(t, cases, nil)
}

// A body over the cap is Parcel's 413 whatever it holds, and changes nothing; one at the cap is read.
func TestHostile_OversizedBodyIs413AndChangesNothing(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{Providers: []provider.Provider{parcel.New()}, MaxBodyBytes: 1024})
	doc := licenseBody(q(sword), q("1001"), q("roblox"))
	atCap := doc[:len(doc)-1] + `,"pad":"` + strings.Repeat("x", 1024-len(doc)-9) + `"}`
	if len(atCap) != 1024 {
		t.Fatalf("padding made %d bytes", len(atCap))
	}
	before := dump(t, s)
	s.Do("DELETE", "/whitelist/revoke", atCap+" ", "Authorization", key).Expect(413, tooLarge)
	s.Do("DELETE", "/whitelist/revoke", strings.Repeat("[", 2048), "Authorization", key).Expect(413, tooLarge)
	s.Do("DELETE", "/whitelist/revoke", atCap+" ", "Authorization", "prod_Wrong").Expect(413, tooLarge)
	if dump(t, s) != before {
		t.Fatal("a refused body changed the state")
	}
	s.Do("DELETE", "/whitelist/revoke", atCap, "Authorization", key).Expect(200, changedBody("1001", "roblox", sword, "License has been revoked"))
}
