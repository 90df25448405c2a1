package emulator_test

import (
	"testing"

	"github.com/accessemu/accessemu/internal/apitest"
)

const ghost = `{"error":"tenant \"ghost\" does not exist; a tenant is created by its first provider request, a reset, a state upload, a clock change or a scenario activation"}`

// Reading or clearing a tenant that does not exist answers 404 naming it and creates nothing.
func TestAdmin_ReadsOfAMissingTenantAre404AndCreateNothing(t *testing.T) {
	s := apitest.Start(t)
	for _, r := range []struct{ method, path string }{
		{"GET", "/__emulator/tenants/ghost/state"},
		{"GET", "/__emulator/tenants/ghost/journal"},
		{"DELETE", "/__emulator/tenants/ghost/journal"},
		{"GET", "/__emulator/tenants/ghost/clock"},
		{"DELETE", "/__emulator/tenants/ghost/clock"},
		{"GET", "/__emulator/tenants/ghost/scenarios"},
		{"GET", "/__emulator/scenarios?tenant=ghost"},
		{"DELETE", "/__emulator/tenants/ghost/scenarios"},
		{"DELETE", "/__emulator/scenarios?tenant=ghost"},
		{"DELETE", "/__emulator/scenarios/parcel-slow?tenant=ghost"},
		{"GET", "/__emulator/tenants/ghost/journal/stream"},
		{"GET", "/__emulator/tenants/ghost/journal/1"},
		{"DELETE", "/__emulator/tenants/ghost"},
	} {
		s.Do(r.method, r.path, "").Expect(404, ghost)
	}
	s.Do("GET", "/__emulator/tenants", "").Expect(200, `{"tenants":[]}`)
}

// A deleted tenant stays deleted: clearing its scenarios afterwards does not bring it back.
func TestAdmin_ClearingScenariosOfADeletedTenantDoesNotRecreateIt(t *testing.T) {
	s := apitest.Start(t)
	s.Do("DELETE", "/t/ghost/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	if r := s.Do("DELETE", "/__emulator/tenants/ghost", ""); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	s.Do("DELETE", "/__emulator/scenarios?tenant=ghost", "").Expect(404, ghost)
	s.Do("GET", "/__emulator/tenants", "").Expect(200, `{"tenants":[]}`)
}

// The default tenant always exists, so reading it never answers 404.
func TestAdmin_DefaultTenantAlwaysExists(t *testing.T) {
	s := apitest.Start(t)
	s.Do("GET", "/__emulator/tenants/default/journal", "").Expect(200, `{"entries":[]}`)
	s.Do("GET", "/__emulator/scenarios", "").Expect(200, `{"scenarios":[],"tenant":"default"}`)
}

// Writes create the tenant they name: a reset, a state upload, a clock change and a scenario
// activation; a refused write creates nothing.
func TestAdmin_WritesCreateTheTenantUnlessRefused(t *testing.T) {
	s := apitest.Start(t)
	s.Do("PUT", "/__emulator/tenants/ghost/clock", `{"now":"tomorrow"}`).Expect(400,
		`{"error":"\"now\" \"tomorrow\": want an ISO 8601 date-time such as 2030-01-01T00:00:00Z"}`)
	s.Do("POST", "/__emulator/tenants/ghost/clock/advance", `{"by":"soon"}`).Expect(400,
		`{"error":"\"by\" \"soon\": want a duration such as 30d, 36h, -90s or 1d12h"}`)
	if r := s.Do("PUT", "/__emulator/tenants/ghost/state", "parcel:\n  hubz: []\n"); r.Status != 400 {
		t.Fatalf("bad state: %d %s", r.Status, r.Body)
	}
	if r := s.Do("POST", "/__emulator/scenarios?tenant=ghost", `{"name":"no-such-scenario"}`); r.Status != 400 {
		t.Fatalf("bad scenario: %d %s", r.Status, r.Body)
	}
	s.Do("GET", "/__emulator/tenants", "").Expect(200, `{"tenants":[]}`)

	state := s.Do("GET", "/__emulator/tenants/default/state", "").Body
	for _, w := range []struct{ method, path, body string }{
		{"POST", "/__emulator/tenants/w1/reset", ""},
		{"PUT", "/__emulator/tenants/w2/state", state},
		{"PUT", "/__emulator/tenants/w3/clock", `{"now":"2030-01-01T00:00:00Z"}`},
		{"POST", "/__emulator/tenants/w4/clock/advance", `{"by":"1d"}`},
		{"POST", "/__emulator/scenarios?tenant=w5", `{"name":"parcel-slow"}`},
		{"POST", "/__emulator/tenants/w6/scenarios", `{"name":"parcel-slow"}`},
	} {
		if r := s.Do(w.method, w.path, w.body); r.Status >= 300 {
			t.Errorf("%s %s: %d %s", w.method, w.path, r.Status, r.Body)
		}
	}
	s.Do("GET", "/__emulator/tenants", "").Expect(200, `{"tenants":["default","w1","w2","w3","w4","w5","w6"]}`)
	s.Do("GET", "/__emulator/tenants/w3/clock", "").Expect(200, `{"now":"2030-01-01T00:00:00Z","virtual":true}`)
}
