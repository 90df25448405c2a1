package emulator_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// syncBuffer is a log destination the server's goroutines may write to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines are the JSON log lines written so far, without their time and duration.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if _, ok := m["duration"].(float64); !ok {
			t.Errorf("log line without a duration: %s", l)
		}
		delete(m, "time")
		delete(m, "duration")
		out = append(out, m)
	}
	return out
}

func startLogged(t *testing.T, level slog.Level) (*apitest.Server, *syncBuffer) {
	out := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(out, &slog.HandlerOptions{Level: level}))
	return apitest.StartWith(t, emulator.Options{Logger: log}), out
}

// At debug level every answered request, routed or not, is one log line with what happened.
func TestRequestLog_OneLinePerRequestAtDebug(t *testing.T) {
	s, out := startLogged(t, slog.LevelDebug)
	s.Do("DELETE", "/t/team-1/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey, emulator.ScenarioHeader, "parcel-internal-server-error").
		Expect(500, `{"status":"500","message":"Internal Server Error"}`)
	s.Do("GET", "/whitelist/nope", "", "Authorization", parcelKey)
	s.Do("DELETE", "/t/a%2Fb/whitelist/revoke", revoke, "Authorization", parcelKey)
	line := func(method, path, tenant, provider, operation string, status int, scenario string) map[string]any {
		return map[string]any{"level": "DEBUG", "msg": "request", "method": method, "path": path, "tenant": tenant,
			"provider": provider, "operation": operation, "status": float64(status), "scenario": scenario}
	}
	want := []map[string]any{
		line("DELETE", "/t/team-1/whitelist/revoke", "team-1", "parcel", "revokeWhitelist", 200, ""),
		line("DELETE", "/whitelist/revoke", "default", "parcel", "revokeWhitelist", 500, "parcel-internal-server-error"),
		line("GET", "/whitelist/nope", "default", "parcel", "", 404, ""),
		line("DELETE", "/t/a/b/whitelist/revoke", "a/b", "parcel", "revokeWhitelist", 400, ""),
	}
	got := out.lines(t)
	if len(got) != len(want) {
		t.Fatalf("%d log lines, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if !equalJSON(got[i], want[i]) {
			t.Errorf("line %d:\n got %v\nwant %v", i, got[i], want[i])
		}
	}
}

// At info level requests write nothing.
func TestRequestLog_InfoStaysQuiet(t *testing.T) {
	s, out := startLogged(t, slog.LevelInfo)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("GET", "/whitelist/nope", "", "Authorization", parcelKey)
	if got := out.lines(t); len(got) != 0 {
		t.Fatalf("info level logged %v", got)
	}
}

func equalJSON(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
