package emulator_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/internal/apitest"
)

// sseEvent is one Server-Sent Event of the journal stream.
type sseEvent struct{ name, data string }

// openStream opens a tenant's journal stream and returns its events as they arrive; the stream
// closes when the test ends.
// openStream creates the tenant (a stream follows only a tenant that exists) and opens its stream.
func openStream(t *testing.T, base, tenant string, header ...string) <-chan sseEvent {
	t.Helper()
	reset, _ := http.NewRequest("POST", base+"/__emulator/tenants/"+tenant+"/reset", nil)
	for i := 0; i+1 < len(header); i += 2 {
		reset.Header.Set(header[i], header[i+1])
	}
	if resp, err := http.DefaultClient.Do(reset); err == nil {
		resp.Body.Close()
	}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/__emulator/tenants/"+tenant+"/journal/stream", nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		t.Fatalf("stream answered %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := make(chan sseEvent, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				events <- ev
				ev = sseEvent{}
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		resp.Body.Close()
		<-done
	})
	return events
}

func next(t *testing.T, events <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return sseEvent{}
}

func TestJournalStream_SendsEachAnswerAsItHappensThenTheClear(t *testing.T) {
	s := apitest.Start(t)
	events := openStream(t, s.URL, "team-a")
	if ev := next(t, events); ev != (sseEvent{"ready", `{"tenant":"team-a"}`}) {
		t.Fatalf("first event = %+v", ev)
	}
	s.Do("DELETE", "/t/team-a/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/t/other/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/t/team-a/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)

	for i, want := range []struct {
		status int
		body   string
	}{{200, revoked}, {400, notOwned}} {
		ev := next(t, events)
		var got journal.Entry
		if err := json.Unmarshal([]byte(ev.data), &got); ev.name != "entry" || err != nil {
			t.Fatalf("event %d = %+v (%v)", i, ev, err)
		}
		if got.Seq != uint64(i+1) || got.Tenant != "team-a" || got.Operation != "revokeWhitelist" || got.Status != want.status ||
			got.Headers != nil || got.Body != "" || got.ResponseBody != "" {
			t.Errorf("entry %d = %+v", i, got)
		}
		var full journal.Entry
		s.Do("GET", fmt.Sprintf("/__emulator/tenants/team-a/journal/%d", got.Seq), "").JSON(&full)
		if full.Seq != got.Seq || full.Status != want.status || full.ResponseBody != want.body || full.Body != revoke ||
			full.Headers["Authorization"] != "prod_Emu…(30 chars)" {
			t.Errorf("entry %d in full = %+v", i, full)
		}
	}
	s.Do("GET", "/__emulator/tenants/team-a/journal/9", "").
		Expect(404, `{"error":"entry 9 is not in the journal of tenant \"team-a\": it was cleared, or dropped as the journal keeps only the newest --journal-size entries"}`)
	s.Do("GET", "/__emulator/tenants/team-a/journal/x", "").Expect(400, `{"error":"\"x\" is not a journal sequence number"}`)
	if r := s.Do("DELETE", "/__emulator/tenants/team-a/journal", ""); r.Status != 204 {
		t.Fatal(r.Status)
	}
	if ev := next(t, events); ev != (sseEvent{"clear", `{}`}) {
		t.Errorf("after the clear: %+v", ev)
	}
}

func TestJournalStream_AndTheNewRoutesNeedTheAdminToken(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{AdminToken: "s3cret"})
	const denied = `{"error":"the admin API needs the header Authorization: Bearer <admin token> (see --admin-token)"}`
	for _, path := range []string{"/tenants/default/journal/stream", "/tenants/default/journal/1", "/metrics", "/overview"} {
		s.Do("GET", "/__emulator"+path, "").Expect(401, denied)
		s.Do("GET", "/__emulator"+path+"?token=s3cret", "").Expect(401, denied)
	}
	if ev := next(t, openStream(t, s.URL, "default", "Authorization", "Bearer s3cret")); ev.name != "ready" {
		t.Errorf("with the token: %+v", ev)
	}
}

// The page itself holds no data, so that it can load and ask for the token.
func TestInspector_PageLoadsWithoutTheTokenAndKeepsToItsOwnFiles(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{AdminToken: "s3cret"})
	for _, path := range []string{"/__emulator/ui", "/__emulator/ui/", "/__emulator/ui/app.js", "/__emulator/ui/app.css"} {
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(body) == 0 || !strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("%s: %d, %d bytes, CSP %q", path, resp.StatusCode, len(body), resp.Header.Get("Content-Security-Policy"))
		}
		if strings.Contains(string(body), "http://") || strings.Contains(string(body), "https://") {
			t.Errorf("%s refers to another site", path)
		}
	}
}

func TestOverview_ListsTenantsWithTheirRequestsClockAndScenarios(t *testing.T) {
	s := apitest.Start(t)
	s.Do("DELETE", "/t/team-a/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/t/team-a/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)
	s.Do("DELETE", "/__emulator/tenants/team-a/journal", "")
	s.Do("PUT", "/__emulator/tenants/team-a/clock", `{"now":"2030-01-02T03:04:05Z"}`)
	s.Do("POST", "/__emulator/tenants/team-a/scenarios", `{"name":"parcel-slow"}`)
	var got struct {
		Providers []string
		Tenants   []struct {
			Name           string
			Requests       int
			JournalEntries int `json:"journal_entries"`
			Clock          struct {
				Now     string
				Virtual bool
			}
			Scenarios []struct{ Name string }
		}
	}
	s.Do("GET", "/__emulator/overview", "").JSON(&got)
	if len(got.Tenants) != 1 || strings.Join(got.Providers, ",") != "adapty,airtable,parcel" {
		t.Fatalf("overview = %+v", got)
	}
	a := got.Tenants[0]
	if a.Name != "team-a" || a.Requests != 2 || a.JournalEntries != 0 || a.Clock.Now != "2030-01-02T03:04:05Z" || !a.Clock.Virtual ||
		len(a.Scenarios) != 1 || a.Scenarios[0].Name != "parcel-slow" {
		t.Errorf("team-a = %+v", a)
	}
}

// A graceful shutdown does not wait for open journal streams: they end with it.
func TestServe_ShutdownEndsOpenJournalStreams(t *testing.T) {
	s := apitest.Serve(t, emulator.Options{})
	events := openStream(t, s.URL, "default")
	next(t, events)
	stopped := make(chan error, 1)
	go func() { stopped <- s.Stop() }()
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("shutdown waited for the open stream")
	}
}

// The read timeout bounds reading a request, not how long a stream stays open.
func TestJournalStream_OutlivesTheReadTimeout(t *testing.T) {
	base := apitest.Serve(t, emulator.Options{ReadTimeout: 200 * time.Millisecond}).URL
	events := openStream(t, base, "default")
	next(t, events)
	time.Sleep(500 * time.Millisecond) // what is measured is a stream open past the timeout
	req, _ := http.NewRequest("DELETE", base+"/whitelist/revoke", strings.NewReader(revoke))
	req.Header.Set("Authorization", parcelKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ev := next(t, events); ev.name != "entry" {
		t.Errorf("after the read timeout: %+v", ev)
	}
}
