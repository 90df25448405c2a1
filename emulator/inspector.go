package emulator

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/scenario"
)

// uiFiles are the inspector's page, style and script: plain files, no build step.
//
//go:embed ui
var uiFiles embed.FS

// streamBuffer is how many journal events a stream holds for a slow reader before it drops them
// and tells the reader to read the journal again: a batch's worth at thousands of requests a second.
const streamBuffer = 1024

// streamBatch is how long a stream gathers events after the first before sending them in one
// write: a person sees them within a second all the same, and a busy tenant costs the server a
// few writes a second rather than one per request.
const streamBatch = 100 * time.Millisecond

// streamHeartbeat is how often an idle stream sends a comment, so that a reader or proxy that
// went away is noticed and the connection is not closed as idle.
const streamHeartbeat = 15 * time.Second

// streams ends every open journal stream when the server shuts down: a stream never ends on its
// own, and a graceful shutdown waits for every open request.
type streams struct {
	once sync.Once
	done chan struct{}
}

func newStreams() *streams { return &streams{done: make(chan struct{})} }

func (s *streams) end() { s.once.Do(func() { close(s.done) }) }

// inspectorRoutes serves the inspector's page, the metrics and the inspector's own admin routes.
// The page, style and script hold no data and load without the admin token, so that the page can
// ask for it; every route that reads or changes state needs it.
func (e *Emulator) inspectorRoutes(ec *echo.Echo) {
	assets, _ := fs.Sub(uiFiles, "ui")
	files := http.StripPrefix(AdminPrefix+"/ui/", http.FileServerFS(assets))
	page := func(c echo.Context) error {
		uiHeaders(c.Response().Header())
		return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, indexHTML)
	}
	ec.GET(AdminPrefix+"/ui", page)
	ec.GET(AdminPrefix+"/ui/", page)
	ec.GET(AdminPrefix+"/ui/*", func(c echo.Context) error {
		uiHeaders(c.Response().Header())
		files.ServeHTTP(c.Response(), c.Request())
		return nil
	})
	g := ec.Group(AdminPrefix, e.requireAdminToken)
	g.GET("/metrics", e.serveMetrics)
	g.GET("/overview", e.adminOverview)
	g.GET("/tenants/:tenant/journal/stream", e.journalStream, e.withTenant(false))
	g.GET("/tenants/:tenant/journal/:seq", e.adminJournalEntry, e.withTenant(false))
}

// adminJournalEntry is one journal entry in full, by its sequence number (the stream sends
// entries without their headers and bodies).
func (e *Emulator) adminJournalEntry(c echo.Context) error {
	seq, err := strconv.ParseUint(c.Param("seq"), 10, 64)
	if err != nil {
		return adminFail(c, http.StatusBadRequest, "%q is not a journal sequence number", c.Param("seq"))
	}
	entry, ok := scoped(c).journal.Get(seq)
	if !ok {
		return adminFail(c, http.StatusNotFound, "entry %d is not in the journal of tenant %q: it was cleared, or dropped as the journal keeps only the newest --journal-size entries", seq, scoped(c).name)
	}
	return adminJSON(c, http.StatusOK, entry)
}

var indexHTML, _ = uiFiles.ReadFile("ui/index.html")

// uiHeaders keep the page to its own files (no inline or outside script) and always fresh.
func uiHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
}

// tenantOverview is one tenant as the inspector's list shows it.
type tenantOverview struct {
	Name string `json:"name"`
	// Requests counts the requests the tenant received since it was made (reset and clear included).
	Requests       uint64            `json:"requests"`
	JournalEntries int               `json:"journal_entries"`
	Clock          clockBody         `json:"clock"`
	Scenarios      []scenario.Status `json:"scenarios"`
}

// adminOverview lists every tenant with its request count, clock and active scenarios.
func (e *Emulator) adminOverview(c echo.Context) error {
	out := []tenantOverview{}
	for _, t := range e.tenants.all() {
		out = append(out, tenantOverview{
			Name: t.name, Requests: t.journal.Added(), JournalEntries: t.journal.Len(),
			Clock:     clockBody{Now: t.clock.Now().Format(time.RFC3339Nano), Virtual: t.clock.Virtual()},
			Scenarios: t.scenarios.List(),
		})
	}
	return adminJSON(c, http.StatusOK, map[string]any{
		"version": Version, "providers": e.Providers(), "tenants": out,
	})
}

// all is every tenant, sorted by name.
func (ts *tenants) all() []*tenant {
	ts.mu.RLock()
	out := make([]*tenant, 0, len(ts.byName))
	for _, t := range ts.byName {
		out = append(out, t)
	}
	ts.mu.RUnlock()
	slices.SortFunc(out, func(a, b *tenant) int { return strings.Compare(a.name, b.name) })
	return out
}

// journalStream sends a tenant's new journal entries as Server-Sent Events until the reader goes
// away: "ready" once subscribed (read the journal then, and nothing is missed), "entry" for each
// request (without headers and bodies: GET .../journal/{seq} has them), "clear" when the journal
// was cleared, and "resync" when the reader fell behind and entries were dropped (read the
// journal again).
func (e *Emulator) journalStream(c echo.Context) error {
	t := scoped(c)
	sub := t.journal.Subscribe(streamBuffer)
	defer sub.Close()
	w := c.Response()
	h := w.Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	ready, _ := json.Marshal(map[string]string{"tenant": t.name})
	var buf bytes.Buffer
	sse(&buf, "ready", ready)
	lines := newLineEncoder()
	ctx, cancel := context.WithCancel(c.Request().Context())
	defer cancel()
	go func() {
		select {
		case <-e.streams.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		if _, err := w.Write(buf.Bytes()); err != nil {
			return nil
		}
		w.Flush()
		buf.Reset()
		wait, stop := context.WithTimeout(ctx, streamHeartbeat)
		ev, err := sub.Recv(wait)
		stop()
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			buf.WriteString(": idle\n\n")
			continue
		}
		// Gather what arrives for a moment, and send it in one write.
		gather := time.NewTimer(streamBatch)
		select {
		case <-gather.C:
		case <-ctx.Done():
			gather.Stop()
			return nil
		}
		for n := sub.Pending(); ; n-- {
			lines.writeEvent(&buf, ev)
			if n <= 0 {
				break
			}
			if ev, err = sub.Recv(ctx); err != nil {
				return nil
			}
		}
	}
}

// lineEncoder encodes a stream's entries, reusing its buffer from one to the next.
type lineEncoder struct {
	data bytes.Buffer
	enc  *json.Encoder
}

func newLineEncoder() *lineEncoder {
	l := &lineEncoder{}
	l.enc = json.NewEncoder(&l.data)
	l.enc.SetEscapeHTML(false)
	return l
}

// writeEvent appends one journal event in the Server-Sent Events format.
func (l *lineEncoder) writeEvent(buf *bytes.Buffer, ev journal.Event) {
	if ev.Missed > 0 {
		sse(buf, "resync", []byte(`{}`))
	}
	if ev.Cleared {
		sse(buf, "clear", []byte(`{}`))
		return
	}
	en := &ev.Entry
	l.data.Reset()
	if l.enc.Encode(entryLine{Seq: en.Seq, Time: en.Time, Tenant: en.Tenant, Provider: en.Provider, Operation: en.Operation,
		Method: en.Method, Path: en.Path, Query: en.Query, Status: en.Status, Scenario: en.Scenario, DurationMS: en.DurationMS}) == nil {
		sse(buf, "entry", bytes.TrimSuffix(l.data.Bytes(), []byte("\n")))
	}
}

// entryLine is a journal entry as the stream sends it: what a line of the inspector's list shows,
// under the journal's own field names.
type entryLine struct {
	Seq        uint64    `json:"seq"`
	Time       time.Time `json:"time"`
	Tenant     string    `json:"tenant"`
	Provider   string    `json:"provider,omitempty"`
	Operation  string    `json:"operation,omitempty"`
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Query      string    `json:"query,omitempty"`
	Status     int       `json:"status"`
	Scenario   string    `json:"scenario,omitempty"`
	DurationMS float64   `json:"duration_ms"`
}

// sse appends an event whose data is one line of JSON.
func sse(buf *bytes.Buffer, event string, data []byte) {
	buf.WriteString("event: ")
	buf.WriteString(event)
	buf.WriteString("\ndata: ")
	buf.Write(data)
	buf.WriteString("\n\n")
}
