package adapty_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/internal/apitest"
)

// hostileWorld has absolute dates, and the hostile tests hold the clock at hostileNow, so that
// every answer, profiles included, is known to the byte.
const hostileWorld = `
adapty:
  apps:
    - app_id: 5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b
      secret_keys: [secret_live_accessem.0123456789abcdefghijklmnopqrstuv]
      access_levels: [premium, vip]
      profiles:
        - profile_id: 0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e01
          customer_user_id: user-premium
          total_revenue_usd: 9.99
          segment_hash: 0123456789abcdef
          custom_attributes: []
          access_levels:
            - access_level_id: premium
              store: app_store
              store_product_id: premium.monthly
              store_base_plan_id: null
              store_transaction_id: "1000"
              store_original_transaction_id: "1000"
              offer: null
              starts_at: null
              purchased_at: 2029-12-01T00:00:00Z
              originally_purchased_at: 2029-12-01T00:00:00Z
              expires_at: 2030-02-01T00:00:00Z
              renewal_cancelled_at: null
              billing_issue_detected_at: null
              is_in_grace_period: false
              cancellation_reason: null
          subscriptions: []
          non_subscriptions: []
        - profile_id: 0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e03
          customer_user_id: user-free
          total_revenue_usd: 0
          segment_hash: fedcba9876543210
          custom_attributes: []
          access_levels: []
          subscriptions: []
          non_subscriptions: []
`

var hostileNow = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// premiumProfile is user-premium's profile at hostileNow with premium expiring at expires and the
// cancellation reason given (raw JSON: null or a string).
func premiumProfile(expires, cancellation string) string {
	return `{"data":{"app_id":"5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b","profile_id":"0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e01",` +
		`"customer_user_id":"user-premium","total_revenue_usd":9.99,"segment_hash":"0123456789abcdef","timestamp":1893456000000,` +
		`"custom_attributes":[],"access_levels":[{"access_level_id":"premium","store":"app_store","store_product_id":"premium.monthly",` +
		`"store_base_plan_id":null,"store_transaction_id":"1000","store_original_transaction_id":"1000","offer":null,"starts_at":null,` +
		`"purchased_at":"2029-12-01T00:00:00+00:00","originally_purchased_at":"2029-12-01T00:00:00+00:00","expires_at":"` + expires + `",` +
		`"renewal_cancelled_at":null,"billing_issue_detected_at":null,"is_in_grace_period":false,"cancellation_reason":` + cancellation + `}],` +
		`"subscriptions":[],"non_subscriptions":[]}}`
}

// Adapty's server is Django REST framework with pydantic v1 models: bodies are parsed by Python's
// json module, coerced by pydantic, and headers read as Django reads them. Every hostile request
// gets one of its answers, exactly, and never a 5xx.
func TestHostile_RevokeAnswersEveryHostileRequestExactly(t *testing.T) {
	var (
		premium    = apitest.Header("Authorization", apiKey, "adapty-customer-user-id", "user-premium")
		revokedNow = premiumProfile("2030-01-01T00:00:00+00:00", `"adapty_revoked"`)
		unchanged  = premiumProfile("2030-02-01T00:00:00+00:00", `null`)
		noPremium  = profileNotHolding(freeID, "premium")
		deep       = strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
		deeper     = strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
		typeError  = func(typ string) string {
			return errorBody("__root__", "RevokeAccessRequest expected dict not "+typ, "type_error", 400)
		}
		field = func(source, message, code string) string { return errorBody(source, message, code, 400) }
	)
	post := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "POST", Path: revokePath, Header: premium, Body: body, Status: status, Want: want}
	}
	withHeader := func(name string, h []string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "POST", Path: revokePath, Header: apitest.Header(h...), Body: `{"access_level_id":"premium"}`, Status: status, Want: want}
	}
	cases := []apitest.Case{
		// Invalid JSON of several kinds: DRF's parse_error with Python's message.
		post("truncated after a key", `{"access_level_id":`, 400, parseError("Expecting value: line 1 column 20 (char 19)")),
		post("single-quoted keys", `{'access_level_id':'premium'}`, 400, parseError("Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")),
		post("trailing comma", `{"access_level_id":"premium",}`, 400, parseError("Expecting property name enclosed in double quotes: line 1 column 30 (char 29)")),
		post("NaN", `{"access_level_id":NaN}`, 400, parseError("Out of range float values are not JSON compliant: 'NaN'")),
		post("-Infinity", `{"access_level_id":"premium","revoke_at":-Infinity}`, 400, parseError("Out of range float values are not JSON compliant: '-Infinity'")),
		post("a second object", `{"access_level_id":"premium"} {}`, 400, parseError("Extra data: line 1 column 31 (char 30)")),
		post("NUL after the object", "{\"access_level_id\":\"premium\"}\x00", 400, parseError("Extra data: line 1 column 30 (char 29)")),
		post("raw control character in a string", "{\"access_level_id\":\"pre\x01mium\"}", 400, parseError("Invalid control character at: line 1 column 24 (char 23)")),
		post("byte order mark first", "\ufeff{\"access_level_id\":\"premium\"}", 400, parseError("Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)")),
		post("invalid UTF-8 bytes", "{\"access_level_id\":\"\xfe\xff\"}", 400, parseError("'utf-8' codec can't decode byte 0xfe in position 20: invalid start byte")),
		post("form-encoded body", `access_level_id=premium`, 400, parseError("Expecting value: line 1 column 1 (char 0)")),
		post("no body", ``, 400, parseError("Expecting value: line 1 column 1 (char 0)")),
		// Wrong types and nulls: pydantic v1's errors, after its coercions.
		post("body null", `null`, 400, typeError("NoneType")),
		post("body true", `true`, 400, typeError("bool")),
		post("body 1e400", `1e400`, 400, typeError("float")),
		post("body a string", `"premium"`, 400, typeError("str")),
		post("body an empty list is an empty dict", `[]`, 400, field("access_level_id", "field required", "missing")),
		post("body a list of pairs is a dict", `[["access_level_id","gold"]]`, 400, paidLevelMissing("gold")),
		post("access_level_id null", `{"access_level_id":null}`, 400, field("access_level_id", "none is not an allowed value", "not_allowed")),
		post("access_level_id a list", `{"access_level_id":["premium"]}`, 400, field("access_level_id", "str type expected", "str")),
		post("access_level_id an object", `{"access_level_id":{}}`, 400, field("access_level_id", "str type expected", "str")),
		post("access_level_id true is the string True", `{"access_level_id":true}`, 400, paidLevelMissing("True")),
		post("revoke_at a list", `{"access_level_id":"premium","revoke_at":[]}`, 400, errorBody("revoke_at", "invalid type; expected datetime, string, bytes, int or float", "type_error", 400)),
		post("revoke_at empty", `{"access_level_id":"premium","revoke_at":""}`, 400, field("revoke_at", "invalid datetime format", "datetime")),
		post("revoke_at a date without a time", `{"access_level_id":"premium","revoke_at":"2030-01-15"}`, 400, field("revoke_at", "invalid datetime format", "datetime")),
		post("revoke_at a word", `{"access_level_id":"premium","revoke_at":"tomorrow"}`, 400, field("revoke_at", "invalid datetime format", "datetime")),
		post("both fields wrong, in the model's order", `{"revoke_at":"soon","access_level_id":null}`, 400,
			`{"errors":[{"source":"access_level_id","errors":["none is not an allowed value"]},{"source":"revoke_at","errors":["invalid datetime format"]}],"error_code":"not_allowed","status_code":400}`),
		// Huge numbers are what Python makes of them.
		post("access_level_id 1e400 is inf", `{"access_level_id":1e400}`, 400, paidLevelMissing("inf")),
		post("access_level_id 2^64 keeps every digit", `{"access_level_id":18446744073709551616}`, 400, paidLevelMissing("18446744073709551616")),
		post("access_level_id -0 is 0", `{"access_level_id":-0}`, 400, paidLevelMissing("0")),
		post("access_level_id -0.0 is -0.0", `{"access_level_id":-0.0}`, 400, paidLevelMissing("-0.0")),
		post("revoke_at -0 is the epoch, in the past", `{"access_level_id":"premium","revoke_at":-0}`, 400, docValueError),
		post("revoke_at 1e400 is no date", `{"access_level_id":"premium","revoke_at":1e400}`, 400, field("revoke_at", "invalid datetime format", "datetime")),
		post("revoke_at 2^64 is read as nanoseconds", `{"access_level_id":"premium","revoke_at":18446744073709551616}`, 400, errorBody("revoke_at",
			"Revocation date (2554-07-21 23:34:33.709549+00:00) is more than current expiration date (2030-02-01 00:00:00+00:00)", "revocation_date_more_than_expiration_date", 400)),
		post("revoke_at in milliseconds", `{"access_level_id":"premium","revoke_at":1893888000000}`, 200, premiumProfile("2030-01-06T00:00:00+00:00", `"adapty_revoked"`)),
		// Deep nesting is parsed or refused without crashing or hanging.
		post("10,000 nested arrays", deep, 400, typeError("list")),
		post("10,001 nested arrays", deeper, 400, parseError("maximum recursion depth exceeded while decoding a JSON array from a unicode string")),
		post("access_level_id nested 9,999 deep", `{"access_level_id":`+deep[1:len(deep)-1]+`}`, 400, field("access_level_id", "str type expected", "str")),
		// A duplicated key keeps its last value, as json.loads does.
		post("duplicate access_level_id, the last wins", `{"access_level_id":"premium","access_level_id":"gold"}`, 400, paidLevelMissing("gold")),
		post("duplicate access_level_id, the last is premium", `{"access_level_id":"gold","access_level_id":"premium"}`, 200, revokedNow),
		// Unicode and control characters in ids are echoed in the message as sent.
		post("escaped NUL after the id", `{"access_level_id":"premium\u0000"}`, 400, paidLevelMissing("premium\x00")),
		post("right-to-left mark before the id", `{"access_level_id":"\u200fpremium"}`, 400, paidLevelMissing("\u200fpremium")),
		post("emoji id", `{"access_level_id":"💎"}`, 400, paidLevelMissing("💎")),
		post("path traversal in the id", `{"access_level_id":"../premium"}`, 400, paidLevelMissing("../premium")),
		post("id in capitals", `{"access_level_id":"PREMIUM"}`, 400, paidLevelMissing("PREMIUM")),
		post("id with a leading space", `{"access_level_id":" premium"}`, 400, paidLevelMissing(" premium")),
		// Authorization: "Api-Key <secret>", keyword in any case; a duplicated header is one joined value.
		withHeader("no Authorization header", []string{"adapty-customer-user-id", "user-free"}, 401, docNotAuthenticated),
		withHeader("empty Authorization", []string{"Authorization", "", "adapty-customer-user-id", "user-free"}, 401, docNotAuthenticated),
		withHeader("Authorization of spaces only", []string{"Authorization", "   ", "adapty-customer-user-id", "user-free"}, 401, docNotAuthenticated),
		withHeader("Bearer scheme", []string{"Authorization", "Bearer " + secretKey, "adapty-customer-user-id", "user-free"}, 401, docNotAuthenticated),
		withHeader("the secret without a keyword", []string{"Authorization", secretKey, "adapty-customer-user-id", "user-free"}, 401, docNotAuthenticated),
		withHeader("the keyword without a secret", []string{"Authorization", "Api-Key", "adapty-customer-user-id", "user-free"}, 401, docNotAuthenticated),
		withHeader("keyword in lower case", []string{"Authorization", "api-key " + secretKey, "adapty-customer-user-id", "user-free"}, 400, noPremium),
		withHeader("two spaces after the keyword", []string{"Authorization", "Api-Key  " + secretKey, "adapty-customer-user-id", "user-free"}, 400, noPremium),
		withHeader("duplicated Authorization", []string{"Authorization", apiKey, "Authorization", apiKey, "adapty-customer-user-id", "user-free"}, 401, docNotAuthenticated),
		withHeader("64 KiB secret", []string{"Authorization", "Api-Key " + strings.Repeat("s", 64<<10), "adapty-customer-user-id", "user-free"}, 401, docNotAuthenticated),
		withHeader("64 KiB of another header", []string{"Authorization", apiKey, "adapty-customer-user-id", "user-free", "X-Padding", strings.Repeat("x", 64<<10)}, 400, noPremium),
		// Identity headers: the server trims the value; ids are compared exactly, profile ids in any case.
		withHeader("customer id with spaces around", []string{"Authorization", apiKey, "adapty-customer-user-id", "  user-free  "}, 400, noPremium),
		withHeader("customer id in capitals", []string{"Authorization", apiKey, "adapty-customer-user-id", "USER-FREE"}, 404, docProfileNotFound404),
		withHeader("empty customer id", []string{"Authorization", apiKey, "adapty-customer-user-id", ""}, 404, docProfileNotFound404),
		withHeader("duplicated customer id", []string{"Authorization", apiKey, "adapty-customer-user-id", "user-free", "adapty-customer-user-id", "user-free"}, 404, docProfileNotFound404),
		withHeader("profile id in capitals", []string{"Authorization", apiKey, "adapty-profile-id", strings.ToUpper(freeID)}, 400, noPremium),
		withHeader("profile id that is no UUID", []string{"Authorization", apiKey, "adapty-profile-id", "../" + freeID}, 404, docProfileNotFound404),
		withHeader("empty profile id defers to the customer id", []string{"Authorization", apiKey, "adapty-profile-id", "", "adapty-customer-user-id", "user-free"}, 400, noPremium),
		// The body is read as JSON whatever the Content-Type says.
		withHeader("text/plain", []string{"Authorization", apiKey, "adapty-customer-user-id", "user-premium", "Content-Type", "text/plain"}, 200, revokedNow),
		withHeader("no Content-Type", []string{"Authorization", apiKey, "adapty-customer-user-id", "user-premium"}, 200, revokedNow),
		// Get profile: a body on GET is ignored; paths and queries of every shape.
		{Name: "body on GET is ignored", Method: "GET", Path: profilePath, Header: premium, Body: `{"access_level_id":"premium"}`, Status: 200, Want: unchanged},
		{Name: "repeated unknown query parameters are ignored", Method: "GET", Path: profilePath + "?platform=iOS&platform=web&x[]=1", Header: premium, Status: 200, Want: unchanged},
		{Name: "path without its trailing slash", Method: "POST", Path: strings.TrimSuffix(revokePath, "/"), Header: premium, Body: `{"access_level_id":"premium"}`,
			Status: 404, Want: errorBody(nil, "Not found.", "not_found", 404)},
		{Name: "very long unknown path", Method: "POST", Path: "/api/" + strings.Repeat("a/", 5000), Header: premium, Body: `{}`,
			Status: 404, Want: errorBody(nil, "Not found.", "not_found", 404)},
		{Name: "GET on the revoke path", Method: "GET", Path: revokePath, Header: premium, Status: 405, Want: errorBody(nil, `Method "GET" not allowed.`, "method_not_allowed", 405)},
	}
	s := apitest.StartAlone(t, adapty.New(), hostileWorld)
	s.Run(t, cases, func(s *apitest.Server) { s.Emu.Clock(emulator.DefaultTenant).Set(hostileNow) })
}

// A body over the cap is Adapty's request_too_large (Django's RequestDataTooBig, as a 400), and
// changes nothing.
func TestHostile_OversizedBodyIsRequestTooLargeAndChangesNothing(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{Providers: []provider.Provider{adapty.New()}, Fixtures: []byte(hostileWorld), MaxBodyBytes: 1024})
	s.Emu.Clock(emulator.DefaultTenant).Set(hostileNow)
	tooLarge := errorBody(nil, "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.", "request_too_large", 400)
	big := `{"access_level_id":"premium","note":"` + strings.Repeat("x", 1024) + `"}`
	s.Do("POST", revokePath, big, as("user-premium")...).Expect(400, tooLarge)
	s.Do("POST", revokePath, strings.Repeat("[", 2048), as("user-premium")...).Expect(400, tooLarge)
	s.Do("GET", profilePath, "", as("user-premium")...).Expect(200, premiumProfile("2030-02-01T00:00:00+00:00", `null`))
	s.Do("POST", revokePath, `{"access_level_id":"premium"}`, as("user-premium")...).Expect(200, premiumProfile("2030-01-01T00:00:00+00:00", `"adapty_revoked"`))
}
