package emulator

import (
	"bytes"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/journal"
)

// What the journal stream spends on one request for one reader.
func BenchmarkStreamEvent(b *testing.B) {
	ev := journal.Event{Entry: journal.Entry{Seq: 42, Time: time.Now(), Tenant: "bench-tenant-1", Provider: "adapty",
		Operation: "revokeAccessLevel", Method: "POST", Path: "/api/v2/server-side-api/purchase/profile/revoke/access-level/",
		Status: 200, DurationMS: 0.123}}
	var buf bytes.Buffer
	lines := newLineEncoder()
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		lines.writeEvent(&buf, ev)
	}
}
