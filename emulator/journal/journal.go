// Package journal records the requests a tenant received, in a bounded ring so memory stays flat
// however long the emulator runs. Tests read it to assert what their client sent.
package journal

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxBodyBytes caps each recorded body; the rest is cut and marked, so one huge request cannot
// inflate the journal.
const MaxBodyBytes = 16 << 10

// Entry is one request and its answer.
type Entry struct {
	Seq          uint64            `json:"seq"`
	Time         time.Time         `json:"time"`
	Tenant       string            `json:"tenant"`
	Provider     string            `json:"provider,omitempty"`
	Operation    string            `json:"operation,omitempty"`
	Method       string            `json:"method"`
	Path         string            `json:"path"`
	Query        string            `json:"query,omitempty"`
	Headers      map[string]string `json:"headers"`
	Body         string            `json:"body,omitempty"`
	Status       int               `json:"status"`
	ResponseBody string            `json:"response_body,omitempty"`
	Scenario     string            `json:"scenario,omitempty"`
	DurationMS   float64           `json:"duration_ms"`

	// Set by Capture, for Add to copy into the journal's own storage.
	captured       bool
	header         http.Header
	body, response []byte
}

// Capture gives Add the request's headers and the request and response bodies to record. Add
// masks the credential headers (the journal never holds a usable secret), cuts each body at
// MaxBodyBytes and copies it all: the caller may reuse the buffers once Add has returned. What it
// records takes the place of Headers, Body and ResponseBody.
func (e *Entry) Capture(h http.Header, body, response []byte) {
	e.captured, e.header, e.body, e.response = true, h, body, response
}

// Filter selects entries; zero fields match everything.
type Filter struct {
	Provider  string
	Operation string
	Status    int
	Since     time.Time
	Until     time.Time
}

// Journal is a bounded, concurrency-safe ring of entries.
type Journal struct {
	mu    sync.Mutex
	slots []slot // the entries, oldest first from next once the ring is full
	next  int
	data  chunks // the slots' bytes
	// zoned holds the times of the entries whose time is not in UTC: a time.Time points to its
	// location, and the emulator's clocks are in UTC, so slots keep the time without it.
	zoned map[uint64]time.Time
	seq   uint64
	size  int
	subs  []*Subscription
}

// New returns a journal keeping the last size entries (at least 1).
func New(size int) *Journal {
	if size < 1 {
		size = 1
	}
	return &Journal{size: size}
}

// Add records an entry, dropping the oldest when full, and returns its sequence number.
func (j *Journal) Add(e Entry) uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	if len(j.subs) > 0 {
		j.publish(Event{Entry: e.brief()})
	}
	// The chunks holding nothing but the entry this one replaces can take its bytes.
	held := min(len(j.slots)+1, j.size)
	j.data.release(e.Seq - uint64(held) + 1)
	s := j.data.store(&e)
	if e.Time.Location() != time.UTC {
		if j.zoned == nil {
			j.zoned = map[uint64]time.Time{}
		}
		s.zoned, j.zoned[e.Seq] = true, e.Time
	}
	if len(j.slots) < j.size {
		j.slots = append(j.slots, s)
		return e.Seq
	}
	if old := &j.slots[j.next]; old.zoned {
		delete(j.zoned, old.seq)
	}
	j.slots[j.next] = s
	j.next = (j.next + 1) % j.size
	return e.Seq
}

// Added is how many entries the journal has recorded since it was made, cleared ones included.
func (j *Journal) Added() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seq
}

// List returns the matching entries, oldest first.
func (j *Journal) List(f Filter) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []Entry{}
	for i := range j.slots {
		s := &j.slots[(j.next+i)%len(j.slots)]
		if j.match(f, s) {
			out = append(out, j.entry(s))
		}
	}
	return out
}

// match is f.match of the entry s holds, without making it.
func (j *Journal) match(f Filter, s *slot) bool {
	return (f.Provider == "" || f.Provider == string(j.data.field(s, provider))) &&
		(f.Operation == "" || f.Operation == string(j.data.field(s, operation))) &&
		(f.Status == 0 || f.Status == s.status) &&
		(f.Since.IsZero() || !j.time(s).Before(f.Since)) &&
		(f.Until.IsZero() || j.time(s).Before(f.Until))
}

// entry is the entry s holds, in strings and a map of its own.
func (j *Journal) entry(s *slot) Entry {
	e := j.data.entry(s)
	e.Time = j.time(s)
	return e
}

func (j *Journal) time(s *slot) time.Time {
	if s.zoned {
		return j.zoned[s.seq]
	}
	return s.time()
}

// Get returns the entry with sequence number seq, as List gives it, if the journal still holds it.
func (j *Journal) Get(seq uint64) (Entry, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.slots) == 0 {
		return Entry{}, false
	}
	// Entries are held oldest first from next, with consecutive sequence numbers.
	oldest := j.slots[j.next%len(j.slots)].seq
	if seq < oldest || seq-oldest >= uint64(len(j.slots)) {
		return Entry{}, false
	}
	s := &j.slots[(j.next+int(seq-oldest))%len(j.slots)]
	if s.seq != seq {
		return Entry{}, false
	}
	return j.entry(s), true
}

// Len is the number of entries held.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.slots)
}

// Clear drops every entry; sequence numbers keep counting.
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.slots, j.next = j.slots[:0], 0
	j.data.clear()
	clear(j.zoned)
	j.publish(Event{Cleared: true})
}

// cutMark ends a body cut at MaxBodyBytes.
const cutMark = "…[cut]"

// isCredential is whether a header is masked in the journal and logs.
func isCredential(name string) bool {
	return name == "Authorization" || name == "Cookie" || name == "Proxy-Authorization"
}

// appendFlat appends a header's values joined, a credential masked.
func appendFlat(b []byte, name string, values []string) []byte {
	if isCredential(name) {
		return appendMask(b, strings.Join(values, ", "))
	}
	for i, v := range values {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, v...)
	}
	return b
}

// Mask keeps an optional scheme word and the first 8 characters of a secret.
func Mask(v string) string { return string(appendMask(nil, v)) }

func appendMask(b []byte, v string) []byte {
	scheme, secret, found := strings.Cut(v, " ")
	if !found {
		scheme, secret = "", v
	}
	b = append(b, scheme...)
	if found {
		b = append(b, ' ')
	}
	if len(secret) <= 8 {
		for range len(secret) {
			b = append(b, '*')
		}
		return b
	}
	b = append(append(b, secret[:8]...), "…("...)
	return append(strconv.AppendInt(b, int64(len(secret)), 10), " chars)"...)
}
