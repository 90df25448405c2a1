package adapty_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/internal/apitest"
)

// Malformed JSON is DRF's parse_error with Python's json message, positions in characters. The
// expected messages were produced by CPython 3.11's json.loads on the same bodies.
func TestRevoke_MalformedJSONIsParseErrorWithPythonsMessage(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	tests := []struct{ body, message string }{
		{`{"access_level_id": "premium"`, "Expecting ',' delimiter: line 1 column 30 (char 29)"},
		{`{"access_level_id" "premium"}`, "Expecting ':' delimiter: line 1 column 20 (char 19)"},
		{`{'access_level_id': 'premium'}`, "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{`{"access_level_id": "premium"} x`, "Extra data: line 1 column 32 (char 31)"},
		{`{"access_level_id": "prem`, "Unterminated string starting at: line 1 column 21 (char 20)"},
		{`{"access_level_id": premium}`, "Expecting value: line 1 column 21 (char 20)"},
		{`{"access_level_id": "premium",}`, "Expecting property name enclosed in double quotes: line 1 column 31 (char 30)"},
		{"{\n  \"access_level_id\": \"premium\",\n  \"revoke_at\": 2024-10-12\n}", "Expecting ',' delimiter: line 3 column 20 (char 53)"},
		{`{"access_level_id": "café" "x": 1}`, "Expecting ',' delimiter: line 1 column 28 (char 27)"},
		{`{"access_level_id": "a\qb"}`, `Invalid \escape: line 1 column 23 (char 22)`},
		{"{\"access_level_id\": \"a\tb\"}", "Invalid control character at: line 1 column 23 (char 22)"},
		{"\ufeff{\"access_level_id\": \"premium\"}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"},
		{`{"access_level_id": NaN}`, "Out of range float values are not JSON compliant: 'NaN'"},
		{"  ", "Expecting value: line 1 column 3 (char 2)"},
		{"", "Expecting value: line 1 column 1 (char 0)"},
		{"{\"access_level_id\": \"\xff\"}", "'utf-8' codec can't decode byte 0xff in position 21: invalid start byte"},
		{"{\"access_level_id\": \"caf\xc3\"}", "'utf-8' codec can't decode byte 0xc3 in position 24: invalid continuation byte"},
	}
	for _, tc := range tests {
		t.Run(tc.body, func(t *testing.T) {
			s.Do("POST", revokePath, tc.body, as("user-premium")...).Expect(400, parseError(tc.message))
		})
	}
}

func TestRevoke_EmptyBodyIsEmptyObjectWithTheOption(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New(), `
adapty:
  options: {empty_body: empty_object}
  apps:
    - secret_keys: [`+secretKey+`]
      profiles: [{customer_user_id: user-premium, access_levels: [{access_level_id: premium}]}]
`)
	s.Do("POST", revokePath, "", as("user-premium")...).Expect(400, errorBody("access_level_id", "field required", "missing", 400))
	// A body of whitespace is still parsed, and fails.
	s.Do("POST", revokePath, " ", as("user-premium")...).Expect(400, parseError("Expecting value: line 1 column 2 (char 1)"))
}

// Schema failures are worded as pydantic v1 words them (assumed; see the fidelity notes).
func TestRevoke_WrongTypesAndMissingFieldsAreWordedLikePydantic(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	tests := []struct {
		name, body, want string
	}{
		{"missing access_level_id", `{}`, errorBody("access_level_id", "field required", "missing", 400)},
		{"missing access_level_id, revoke_at given", `{"revoke_at": null}`, errorBody("access_level_id", "field required", "missing", 400)},
		{"null access_level_id", `{"access_level_id": null}`, errorBody("access_level_id", "none is not an allowed value", "not_allowed", 400)},
		{"list access_level_id", `{"access_level_id": ["premium"]}`, errorBody("access_level_id", "str type expected", "str", 400)},
		{"object access_level_id", `{"access_level_id": {"id": "premium"}}`, errorBody("access_level_id", "str type expected", "str", 400)},
		{"revoke_at not a date", `{"access_level_id": "premium", "revoke_at": "tomorrow"}`, errorBody("revoke_at", "invalid datetime format", "datetime", 400)},
		{"revoke_at a date without time", `{"access_level_id": "premium", "revoke_at": "2030-01-01"}`, errorBody("revoke_at", "invalid datetime format", "datetime", 400)},
		{"revoke_at a list", `{"access_level_id": "premium", "revoke_at": [1]}`, errorBody("revoke_at", "invalid type; expected datetime, string, bytes, int or float", "type_error", 400)},
		{"two fields wrong", `{"access_level_id": ["x"], "revoke_at": "bad"}`,
			`{"errors":[{"source":"access_level_id","errors":["str type expected"]},{"source":"revoke_at","errors":["invalid datetime format"]}],"error_code":"str","status_code":400}`},
		{"body is a string", `"premium"`, errorBody("__root__", "RevokeAccessRequest expected dict not str", "type_error", 400)},
		{"body is a number", `5`, errorBody("__root__", "RevokeAccessRequest expected dict not int", "type_error", 400)},
		{"body is null", `null`, errorBody("__root__", "RevokeAccessRequest expected dict not NoneType", "type_error", 400)},
		{"body is a list of non-pairs", `["premium"]`, errorBody("__root__", "RevokeAccessRequest expected dict not list", "type_error", 400)},
		{"body is an empty list (dict([]) is {})", `[]`, errorBody("access_level_id", "field required", "missing", 400)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s.Do("POST", revokePath, tc.body, as("user-premium")...).Expect(400, tc.want)
		})
	}
}

func TestGrant_WrongTypesNameTheGrantModel(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	s.Do("POST", grantPath, `true`, as("user-free")...).Expect(400, errorBody("__root__", "GrantAccessRequest expected dict not bool", "type_error", 400))
	s.Do("POST", grantPath, `{"access_level_id": "premium", "starts_at": "now", "expires_at": {}}`, as("user-free")...).Expect(400,
		`{"errors":[{"source":"starts_at","errors":["invalid datetime format"]},{"source":"expires_at","errors":["invalid type; expected datetime, string, bytes, int or float"]}],"error_code":"datetime","status_code":400}`)
}

// pydantic v1 turns numbers and booleans into strings for a str field, and reads them as Unix
// timestamps for a date; options.strict_types refuses both.
func TestRevoke_NumbersAreCoercedLikePydanticUnlessStrict(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	s.Do("POST", revokePath, `{"access_level_id": 7}`, as("user-premium")...).Expect(400, paidLevelMissing("7"))
	s.Do("POST", revokePath, `{"access_level_id": 1E2}`, as("user-premium")...).Expect(400, paidLevelMissing("100.0"))
	s.Do("POST", revokePath, `{"access_level_id": true}`, as("user-premium")...).Expect(400, paidLevelMissing("True"))
	s.Do("POST", revokePath, `{"access_level_id": "premium", "revoke_at": 1728726170}`, as("user-premium")...).Expect(400, docValueError)
	// 4102444800 is 2100-01-01T00:00:00Z; in milliseconds it reads the same.
	p := decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium", "revoke_at": 4102444800000}`, as("user-lifetime")...))
	if got := str(p.level(t, "premium").ExpiresAt); got != "2100-01-01T00:00:00+00:00" {
		t.Errorf("expires_at = %s, want 2100-01-01T00:00:00+00:00", got)
	}

	strict := apitest.StartAlone(t, adapty.New(), `
adapty:
  options: {strict_types: true}
  apps:
    - secret_keys: [`+secretKey+`]
      profiles: [{customer_user_id: user-premium, access_levels: [{access_level_id: premium}]}]
`)
	strict.Do("POST", revokePath, `{"access_level_id": 7}`, as("user-premium")...).Expect(400, errorBody("access_level_id", "str type expected", "str", 400))
	strict.Do("POST", revokePath, `{"access_level_id": "premium", "revoke_at": 4102444800}`, as("user-premium")...).Expect(400, errorBody("revoke_at", "invalid datetime format", "datetime", 400))
}

func TestRevoke_UnknownKeysAreIgnored(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	p := decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium", "reason": "refund", "revoke_now": true, "nested": {"a": [1]}}`, as("user-premium")...))
	if str(p.level(t, "premium").CancellationReason) != "adapty_revoked" {
		t.Errorf("the revoke with extra keys did not happen: %+v", p.level(t, "premium"))
	}
	// dict() of a list of pairs is an object too.
	s2 := apitest.StartAlone(t, adapty.New())
	decodeProfile(t, s2.Do("POST", revokePath, `[["access_level_id", "premium"], [1, 2]]`, as("user-premium")...))
}

func TestAuth_MissingMalformedOrWrongKeyIsNotAuthenticated(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	for name, headers := range map[string][]string{
		"no Authorization":      {},
		"empty Authorization":   {"Authorization", ""},
		"key without scheme":    {"Authorization", secretKey},
		"Bearer scheme":         {"Authorization", "Bearer " + secretKey},
		"Basic scheme":          {"Authorization", "Basic c2VjcmV0Og=="},
		"scheme without key":    {"Authorization", "Api-Key"},
		"key with a trailer":    {"Authorization", apiKey + " extra"},
		"unknown key":           {"Authorization", "Api-Key secret_live_Pj1P1xzM.2CvSvE1IalQRFjsWy6csBVNpH33atnod"},
		"public key form":       {"Authorization", "Api-Key public_live_accessem.0123456789abcdefghij"},
		"key of a letter short": {"Authorization", apiKey[:len(apiKey)-1]},
	} {
		t.Run(name, func(t *testing.T) {
			h := append(headers, "adapty-customer-user-id", "user-premium")
			s.Do("POST", revokePath, `{"access_level_id": "premium"}`, h...).Expect(401, docNotAuthenticated)
			s.Do("GET", profilePath, "", h...).Expect(401, docNotAuthenticated)
			s.Do("POST", grantPath, `{"access_level_id": "premium"}`, h...).Expect(401, docNotAuthenticated)
		})
	}
	// The keyword is compared without regard to case, as DRF's keyword authentication does.
	decodeProfile(t, s.Do("GET", profilePath, "", "Authorization", "api-key "+secretKey, "adapty-customer-user-id", "user-premium"))
}

func TestUnrouted_WrongMethodAndUnknownPathUseAdaptysEnvelope(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	notFound := errorBody(nil, "Not found.", "not_found", 404)
	tests := []struct {
		method, path string
		status       int
		want         string
	}{
		{"GET", revokePath, 405, errorBody(nil, `Method "GET" not allowed.`, "method_not_allowed", 405)},
		{"DELETE", revokePath, 405, errorBody(nil, `Method "DELETE" not allowed.`, "method_not_allowed", 405)},
		{"PUT", grantPath, 405, errorBody(nil, `Method "PUT" not allowed.`, "method_not_allowed", 405)},
		{"PUT", profilePath, 405, errorBody(nil, `Method "PUT" not allowed.`, "method_not_allowed", 405)},
		{"GET", setTransactionPath, 405, errorBody(nil, `Method "GET" not allowed.`, "method_not_allowed", 405)},
		{"POST", "/api/v2/server-side-api/purchase/profile/revoke/access-level", 404, notFound},
		{"POST", "/api/v1/server-side-api/purchase/profile/revoke/access-level/", 404, notFound},
		{"GET", "/api/v2/server-side-api/paywalls/", 404, notFound},
		{"GET", "/api/", 404, notFound},
		{"POST", "/t/some-tenant/api/v2/nowhere/", 404, notFound},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			res := s.Do(tc.method, tc.path, `{"access_level_id": "premium"}`, as("user-premium")...)
			res.Expect(tc.status, tc.want)
			checkHeaders(t, res)
		})
	}
}

var requestID = regexp.MustCompile(`^[0-9a-f]{32}$`)

func checkHeaders(t *testing.T, res *apitest.Result) {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if id := res.Header.Get("Request-Id"); !requestID.MatchString(id) {
		t.Errorf("Request-Id = %q, want 32 lowercase hex characters", id)
	}
}

func TestEveryResponseCarriesRequestIDAndJSONContentType(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	seen := map[string]bool{}
	for _, res := range []*apitest.Result{
		s.Do("GET", profilePath, "", as("user-premium")...),
		s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-premium")...),
		s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-premium")...),
		s.Do("POST", grantPath, `{"access_level_id": "premium"}`, as("nobody")...),
		s.Do("POST", revokePath, `{`, as("user-premium")...),
		s.Do("GET", profilePath, ""),
	} {
		checkHeaders(t, res)
		id := res.Header.Get("Request-Id")
		if seen[id] {
			t.Errorf("Request-Id %s repeated", id)
		}
		seen[id] = true
	}
}

// Tenants are isolated: a revoke in one tenant leaves another's world as loaded.
func TestRevoke_StateIsPerTenant(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	decodeProfile(t, s.Do("POST", "/t/alpha"+revokePath, `{"access_level_id": "premium"}`, as("user-premium")...))
	s.Do("POST", "/t/alpha"+revokePath, `{"access_level_id": "premium"}`, as("user-premium")...).Expect(400, profileNotHolding(premiumID, "premium"))
	l := getProfile(t, s, "user-premium").level(t, "premium")
	if l.CancellationReason != nil || parseDate(t, str(l.ExpiresAt)).Before(time.Now().Add(24*time.Hour)) {
		t.Errorf("the default tenant saw the alpha tenant's revoke: %+v", l)
	}
	s.Do("POST", revokePath, `{"access_level_id": "premium", "revoke_at": "2020-01-01T00:00:00Z"}`,
		append(as("user-premium"), "Accessemu-Tenant", "beta")...).Expect(400, docValueError)
}
