package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// scrape returns the metrics lines that start with one of the prefixes.
func scrape(t *testing.T, s *apitest.Server, prefixes ...string) []string {
	t.Helper()
	r := s.Do("GET", "/__emulator/metrics", "", "Authorization", "Bearer s3cret")
	if r.Status != 200 {
		t.Fatalf("metrics: %d %s", r.Status, r.Body)
	}
	var out []string
	for _, line := range strings.Split(string(r.Body), "\n") {
		for _, p := range prefixes {
			if strings.HasPrefix(line, p) {
				out = append(out, line)
			}
		}
	}
	return out
}

func TestMetrics_CountRequestsLatencyScenarioFiringsTenantsAndJournal(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{AdminToken: "s3cret"})
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)
	s.Do("DELETE", "/t/team-a/whitelist/revoke", revoke, "Authorization", parcelKey, emulator.ScenarioHeader, "parcel-internal-server-error").
		Expect(500, `{"status":"500","message":"Internal Server Error"}`)

	got := strings.Join(scrape(t, s, "accessemu_requests_total{", "accessemu_scenario_firings_total{",
		"accessemu_tenants ", "accessemu_journal_entries ", `accessemu_request_duration_seconds_count{`), "\n")
	want := strings.Join([]string{
		`accessemu_journal_entries 3`,
		`accessemu_request_duration_seconds_count{operation="revokeWhitelist",provider="parcel"} 3`,
		`accessemu_requests_total{operation="revokeWhitelist",provider="parcel",status="200"} 1`,
		`accessemu_requests_total{operation="revokeWhitelist",provider="parcel",status="400"} 1`,
		`accessemu_requests_total{operation="revokeWhitelist",provider="parcel",status="500"} 1`,
		`accessemu_scenario_firings_total{scenario="parcel-internal-server-error"} 1`,
		`accessemu_tenants 2`,
	}, "\n")
	if got != want {
		t.Errorf("metrics:\n%s\nwant:\n%s", got, want)
	}
	if h := scrape(t, s, "# TYPE accessemu_request_duration_seconds "); len(h) != 1 || h[0] != "# TYPE accessemu_request_duration_seconds histogram" {
		t.Errorf("latency type: %q", h)
	}
}

// Several emulators in one process each count their own requests.
func TestMetrics_EachEmulatorHasItsOwnRegistry(t *testing.T) {
	a := apitest.StartWith(t, emulator.Options{AdminToken: "s3cret"})
	b := apitest.StartWith(t, emulator.Options{AdminToken: "s3cret"})
	a.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	if got := scrape(t, a, "accessemu_requests_total{"); len(got) != 1 || !strings.HasSuffix(got[0], `status="200"} 1`) {
		t.Errorf("first emulator: %q", got)
	}
	if got := scrape(t, b, "accessemu_requests_total{"); len(got) != 0 {
		t.Errorf("second emulator counted the first one's requests: %q", got)
	}
}

// A dropped connection has no status: it is counted under status "0".
func TestMetrics_CountADroppedConnectionUnderStatusZero(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{AdminToken: "s3cret", Scenarios: []string{"parcel-dropped-connection"}})
	req, _ := http.NewRequest("DELETE", s.URL+"/whitelist/revoke", strings.NewReader(revoke))
	req.Header.Set("Authorization", parcelKey)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d, want the connection dropped", resp.StatusCode)
	}
	got := scrape(t, s, "accessemu_requests_total{", "accessemu_scenario_firings_total{")
	want := []string{
		`accessemu_requests_total{operation="revokeWhitelist",provider="parcel",status="0"} 1`,
		`accessemu_scenario_firings_total{scenario="parcel-dropped-connection"} 1`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("metrics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
