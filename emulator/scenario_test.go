package emulator_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/internal/apitest"
)

const parcel500 = `{"status":"500","message":"Internal Server Error"}`

func addScenario(t *testing.T, s *apitest.Server, tenant, doc string) {
	t.Helper()
	if r := s.Do("POST", "/__emulator/tenants/"+tenant+"/scenarios", doc); r.Status != 201 {
		t.Fatalf("adding scenario: %d %s", r.Status, r.Body)
	}
}

func owns(t *testing.T, s *apitest.Server, tenant string) bool {
	t.Helper()
	var got struct {
		Data struct {
			OwnsLicense bool `json:"owns_license"`
		}
	}
	s.Do("GET", "/t/"+tenant+"/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", parcelKey).JSON(&got)
	return got.Data.OwnsLicense
}

func TestScenario_CatalogueErrorBeforeLeavesStateUnchanged(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "x", `{"name":"parcel-internal-server-error"}`)
	s.Do("DELETE", "/t/x/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(500, parcel500)
	// Another tenant is untouched by x's scenario.
	s.Do("DELETE", "/t/y/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/__emulator/tenants/x/scenarios/parcel-internal-server-error", "")
	if !owns(t, s, "x") {
		t.Fatal("a scenario answered before the change, yet the licence is gone")
	}
	entries := s.Emu.Journal("x", journal.Filter{Operation: "revokeWhitelist"})
	if len(entries) != 1 || entries[0].Scenario != "parcel-internal-server-error" || entries[0].Status != 500 {
		t.Fatalf("journal: %+v", entries)
	}
}

// when: after makes the real change and then fails: the client sees a 500, the licence is gone, and
// its retry gets the documented "does not own" answer — the case a retry-after-5xx path must handle.
func TestScenario_WhenAfterCommitsTheChangeThenFails(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "a", `
name: revoke-commits-then-500
description: the revoke is applied, then Parcel answers 500 once
rules:
  - match: {provider: parcel, operation: revokeWhitelist}
    error: parcel.internal_server_error
    when: after
    times: 1
`)
	s.Do("DELETE", "/t/a/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(500, parcel500)
	if owns(t, s, "a") {
		t.Fatal("when: after did not apply the change")
	}
	s.Do("DELETE", "/t/a/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)
}

func TestScenario_TimesBoundsHowOftenARuleFires(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "t", `
name: two-failures
rules:
  - match: {provider: parcel, operation: checkWhitelist}
    error: internal_server_error
    times: 2
`)
	check := "/t/t/whitelist/check/roblox/1001?product_id=" + sword
	s.Do("GET", check, "", "Authorization", parcelKey).Expect(500, parcel500)
	s.Do("GET", check, "", "Authorization", parcelKey).Expect(500, parcel500)
	if r := s.Do("GET", check, "", "Authorization", parcelKey); r.Status != 200 {
		t.Fatalf("third call: %d %s", r.Status, r.Body)
	}
	var listed struct {
		Scenarios []struct {
			Name  string
			Fired []int
		}
	}
	s.Do("GET", "/__emulator/scenarios?tenant=t", "").JSON(&listed)
	if len(listed.Scenarios) != 1 || listed.Scenarios[0].Fired[0] != 2 {
		t.Fatalf("listed: %+v", listed)
	}
}

// probability with a seed is random but repeatable: two tenants with the same scenario see the same
// sequence, and about the given share of requests fail.
func TestScenario_ProbabilityIsRepeatableForASeed(t *testing.T) {
	s := apitest.Start(t)
	doc := `
name: flaky
rules:
  - match: {provider: parcel}
    error: parcel.internal_server_error
    probability: 0.3
    seed: 7
`
	seq := func(tenant string) string {
		addScenario(t, s, tenant, doc)
		var b strings.Builder
		for range 200 {
			r := s.Do("GET", "/t/"+tenant+"/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", parcelKey)
			b.WriteString(map[int]string{200: ".", 500: "x"}[r.Status])
		}
		return b.String()
	}
	a, b := seq("p1"), seq("p2")
	if a != b {
		t.Fatalf("same seed, different sequences:\n%s\n%s", a, b)
	}
	if n := strings.Count(a, "x"); n < 35 || n > 85 {
		t.Fatalf("%d of 200 failed, want about 60: %s", n, a)
	}
}

func TestScenario_LiteralEmptyAndMalformedAnswers(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "l", `
name: odd-answers
rules:
  - match: {provider: parcel, operation: checkWhitelist, path: {user_id: "1"}}
    respond: {status: 503, headers: {Retry-After: "7"}, body: "upstream busy"}
  - match: {provider: parcel, operation: checkWhitelist, path: {user_id: "2"}}
    empty: true
  - match: {provider: parcel, operation: revokeWhitelist, body: {userid: "/^10+1$/"}}
    malformed: true
    when: after
`)
	r := s.Do("GET", "/t/l/whitelist/check/roblox/1?product_id="+sword, "", "Authorization", parcelKey)
	if r.Status != 503 || r.Body != "upstream busy" || r.Header.Get("Retry-After") != "7" || r.Header.Get(emulator.FaultHeader) != "respond" {
		t.Fatalf("literal: %d %q %v", r.Status, r.Body, r.Header)
	}
	r = s.Do("GET", "/t/l/whitelist/check/roblox/2?product_id="+sword, "", "Authorization", parcelKey)
	if r.Status != 200 || r.Body != "" {
		t.Fatalf("empty: %d %q", r.Status, r.Body)
	}
	r = s.Do("DELETE", "/t/l/whitelist/revoke", revoke, "Authorization", parcelKey)
	if r.Status != 200 || r.Body != revoked[:len(revoked)/2] {
		t.Fatalf("malformed: %d %q", r.Status, r.Body)
	}
	if owns(t, s, "l") {
		t.Fatal("malformed after: the revoke was not applied")
	}
}

func TestScenario_DropClosesTheConnectionWithoutAnswer(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "d", `{"name":"dropper","rules":[{"match":{"provider":"parcel"},"drop":true,"times":1}]}`)
	req, _ := http.NewRequest("GET", s.URL+"/t/d/whitelist/check/roblox/1001?product_id="+sword, nil)
	req.Header.Set("Authorization", parcelKey)
	// A fresh connection: Go's client retries a GET whose reused connection closes.
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got an answer %d, want the connection dropped", resp.StatusCode)
	}
	if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("unexpected error: %v", err)
	}
	if e := s.Emu.Journal("d", journal.Filter{}); len(e) != 1 || e[0].Scenario != "dropper" || e[0].Status != 0 {
		t.Fatalf("journal: %+v", e)
	}
}

func TestScenario_DelayHoldsTheAnswer(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "s", `{"name":"slow","rules":[{"match":{"provider":"parcel"},"delay":"150ms-200ms"}]}`)
	start := time.Now()
	if r := s.Do("GET", "/t/s/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", parcelKey); r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("answered after %v, want at least 150ms", d)
	}
}

// Rate limiting counts per credential in the tenant's clock: over the limit the provider's 429
// answers until the lock-out ends, which the virtual clock reaches without sleeping.
func TestScenario_RateLimitUsesTheVirtualClock(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "r", `
name: tight
rules:
  - match: {provider: parcel}
    rate_limit: {limit: 3, window: 1s, lockout: 30s}
`)
	s.Do("PUT", "/__emulator/tenants/r/clock", `{"now":"2030-01-01T00:00:00Z"}`)
	check := "/t/r/whitelist/check/roblox/1001?product_id=" + sword
	for i := range 3 {
		if r := s.Do("GET", check, "", "Authorization", parcelKey); r.Status != 200 {
			t.Fatalf("request %d: %d", i, r.Status)
		}
	}
	limited := `{"status":"429","message":"Too Many Requests"}`
	s.Do("GET", check, "", "Authorization", parcelKey).Expect(429, limited)
	// Another key has its own budget.
	if r := s.Do("GET", check, "", "Authorization", "prod_DGzVhVsrqNJi4b0Chd9mMPUI9"); r.Status != 200 {
		t.Fatalf("other key: %d", r.Status)
	}
	s.Do("POST", "/__emulator/tenants/r/clock/advance", `{"by":"29s"}`)
	s.Do("GET", check, "", "Authorization", parcelKey).Expect(429, limited)
	s.Do("POST", "/__emulator/tenants/r/clock/advance", `{"by":"1s"}`)
	if r := s.Do("GET", check, "", "Authorization", parcelKey); r.Status != 200 {
		t.Fatalf("after the lock-out: %d %s", r.Status, r.Body)
	}
}

func TestScenario_HeaderActivatesForOneRequest(t *testing.T) {
	s := apitest.Start(t)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey, emulator.ScenarioHeader, "parcel-internal-server-error").Expect(500, parcel500)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	r := s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey, emulator.ScenarioHeader, "no-such-thing")
	if r.Status != 400 || !strings.HasPrefix(r.Body, `{"error":"Accessemu-Scenario: no scenario \"no-such-thing\"; known: `) {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}

func TestScenario_StartupScenariosApplyToEveryTenantAndSurviveReset(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{Scenarios: []string{"parcel-internal-server-error"}})
	s.Do("DELETE", "/t/any/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(500, parcel500)
	s.Do("DELETE", "/__emulator/scenarios?tenant=any", "")
	s.Do("DELETE", "/t/any/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("POST", "/__emulator/tenants/any/reset", "")
	s.Do("DELETE", "/t/any/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(500, parcel500)
}

func TestScenario_BadDocumentsAreRefusedWithTheLine(t *testing.T) {
	cases := []struct{ doc, want string }{
		{"name: x\nrules:\n  - match: {provider: parcel}\n    error: parcel.teapot\n", `scenario: line 4: "parcel.teapot" is not in the error catalogue (see accessemu errors)`},
		{"name: x\nrules:\n  - match: {provider: parcel, operation: revoke}\n    drop: true\n", `scenario: line 3: parcel has no operation "revoke" (operationIds are in GET /__emulator/openapi/parcel.yaml)`},
		{"name: x\nrules:\n  - match: {provider: parcel}\n    drop: true\n    empty: true\n", `scenario: line 3: a rule takes exactly one action: error, respond, drop, empty, malformed or rate_limit (a delay may come with it, or stand alone)`},
		{"name: x\nrules:\n  - match: {provider: parcel}\n    delay: soon\n", `scenario: line 4: delay "soon": want a duration (300ms) or a range (100ms-2s)`},
		{"name: x\nrules:\n  - match: {provider: parcel, header: {X-Id: \"/([/\"}}\n    drop: true\n", "scenario: line 3: match.header.X-Id: bad regular expression: error parsing regexp: missing closing ]: `[`"},
		{"name: x\nrules:\n  - match: {provider: parcel}\n    drop: true\n    wen: after\n", `scenario: line 5: unknown field "wen"`},
		{"name: x\nrules: []\n", `scenario: line 2: scenario "x" has no rules`},
	}
	s := apitest.Start(t)
	for _, c := range cases {
		r := s.Do("POST", "/__emulator/scenarios", c.doc)
		var got struct{ Error string }
		r.JSON(&got)
		if r.Status != 400 || !strings.HasPrefix(got.Error, c.want) {
			t.Errorf("%q:\n got %d %s\nwant %s", c.doc, r.Status, got.Error, c.want)
		}
	}
}

func TestErrors_CatalogueListsEveryNamedErrorWithItsBody(t *testing.T) {
	s := apitest.Start(t)
	var got struct{ Errors []emulator.CatalogueEntry }
	s.Do("GET", "/__emulator/errors", "").JSON(&got)
	want := emulator.CatalogueEntry{Provider: "parcel", Name: "missing_body_parameters", Status: 400,
		Body: `{"status":"400","message":"Missing Body Parameters.\nRequired params: product_id, userid, userid_type","data":{}}`}
	found := false
	for _, e := range got.Errors {
		found = found || e == want
	}
	if !found {
		t.Fatalf("catalogue lacks %+v: %+v", want, got.Errors)
	}
}

// The shipped Airtable lock-out follows Airtable's documented rule: 50 requests a second per token,
// then 429 for 30 seconds, on the tenant's clock.
func TestLibrary_AirtableLockOutIsFiftyPerSecondThenThirtySeconds(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "rl", `{"name":"airtable-rate-limit-lockout"}`)
	s.Do("PUT", "/__emulator/tenants/rl/clock", `{"now":"2030-01-01T00:00:00Z"}`)
	users := "/t/rl/v0/meta/enterpriseAccounts/entEmulator000001/users?id=usrEmuAdmin000001"
	token := []string{"Authorization", "Bearer patEmuAdmin000001.admin"}
	for i := range 50 {
		if r := s.Do("GET", users, "", token...); r.Status != 200 {
			t.Fatalf("request %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	limited := `{"error":{"type":"RATE_LIMIT_REACHED","message":"Rate limit exceeded. Please try again later"}}`
	s.Do("GET", users, "", token...).Expect(429, limited)
	// Another token of the same tenant has its own budget.
	if r := s.Do("GET", users, "", "Authorization", "Bearer patEmuReadOnly001.read"); r.Status != 200 {
		t.Fatalf("other token: %d", r.Status)
	}
	s.Do("POST", "/__emulator/tenants/rl/clock/advance", `{"by":"29s"}`)
	s.Do("GET", users, "", token...).Expect(429, limited)
	s.Do("POST", "/__emulator/tenants/rl/clock/advance", `{"by":"1s"}`)
	if r := s.Do("GET", users, "", token...); r.Status != 200 {
		t.Fatalf("after 30 s: %d %s", r.Status, r.Body)
	}
}
