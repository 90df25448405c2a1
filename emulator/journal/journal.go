// Package journal records the requests a tenant received, in a bounded ring so memory stays flat
// however long the emulator runs. Tests read it to assert what their client sent.
package journal

import (
	"encoding/binary"
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

	// Set by Capture and turned into Headers, Body and ResponseBody only when the journal is read:
	// the request path keeps flat pairs and references, one small object each, rather than a map
	// and copies that a full journal would hold by the thousand.
	headers        []byte // name, value, name, value...: each a 4-byte length and its bytes; masked
	body, response []byte
}

// Capture records the request's headers (masked now, so that the journal never holds a usable
// secret) and the request and response bodies, which are cut when the journal is read and must
// not change afterwards.
//
// The headers are copied into one buffer the collector need not look into: a journal holds
// thousands of entries, and a string per header, each keeping its request's header alive, made
// every collection walk them all.
func (e *Entry) Capture(h http.Header, body, response []byte) {
	size := 0
	for name, values := range h {
		size += 8 + len(name)
		if credentialHeaders[name] {
			size += maskSlack
		}
		for _, v := range values {
			size += len(v) + len(", ")
		}
	}
	b := make([]byte, 0, size)
	for name, values := range h {
		b = appendField(b, name)
		at := len(b)
		b = appendFlat(append(b, 0, 0, 0, 0), name, values)
		binary.LittleEndian.PutUint32(b[at:], uint32(len(b)-at-4))
	}
	e.headers = b
	e.body, e.response = keep(body), keep(response)
}

// maskSlack is how much longer than a secret its mask may be ("…(", the count and " chars)").
const maskSlack = 32

func appendField(b []byte, s string) []byte {
	return append(binary.LittleEndian.AppendUint32(b, uint32(len(s))), s...)
}

// nextField reads a field appendField wrote, returning the rest.
func nextField(b []byte) (field string, rest []byte) {
	n := binary.LittleEndian.Uint32(b)
	return string(b[4 : 4+n]), b[4+n:]
}

// keep holds on to a body up to MaxBodyBytes (plus one byte, so that reading it marks the cut)
// without retaining a huge request's whole buffer.
func keep(b []byte) []byte {
	if len(b) > MaxBodyBytes {
		return append([]byte(nil), b[:MaxBodyBytes+1]...)
	}
	return b
}

// flat fills the fields Capture deferred.
func (e Entry) flat() Entry {
	if e.headers != nil {
		e.Headers = map[string]string{}
		for rest := e.headers; len(rest) > 0; {
			var name, value string
			name, rest = nextField(rest)
			value, rest = nextField(rest)
			e.Headers[name] = value
		}
	}
	if e.body != nil {
		e.Body = Body(e.body)
	}
	if e.response != nil {
		e.ResponseBody = Body(e.response)
	}
	e.headers, e.body, e.response = nil, nil, nil
	return e
}

// Filter selects entries; zero fields match everything.
type Filter struct {
	Provider  string
	Operation string
	Status    int
	Since     time.Time
	Until     time.Time
}

func (f Filter) match(e *Entry) bool {
	return (f.Provider == "" || f.Provider == e.Provider) &&
		(f.Operation == "" || f.Operation == e.Operation) &&
		(f.Status == 0 || f.Status == e.Status) &&
		(f.Since.IsZero() || !e.Time.Before(f.Since)) &&
		(f.Until.IsZero() || e.Time.Before(f.Until))
}

// Journal is a bounded, concurrency-safe ring of entries.
type Journal struct {
	mu      sync.Mutex
	entries []Entry
	next    int // index the next entry goes to once the ring is full
	seq     uint64
	size    int
	subs    []*Subscription
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
		j.publish(Event{Entry: e})
	}
	if len(j.entries) < j.size {
		j.entries = append(j.entries, e)
		return e.Seq
	}
	j.entries[j.next] = e
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
	for i := range j.entries {
		e := &j.entries[(j.next+i)%len(j.entries)]
		if f.match(e) {
			out = append(out, e.flat())
		}
	}
	return out
}

// Get returns the entry with sequence number seq, as List gives it, if the journal still holds it.
func (j *Journal) Get(seq uint64) (Entry, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.entries) == 0 {
		return Entry{}, false
	}
	// Entries are held oldest first from next, with consecutive sequence numbers.
	oldest := j.entries[j.next%len(j.entries)].Seq
	if seq < oldest || seq-oldest >= uint64(len(j.entries)) {
		return Entry{}, false
	}
	e := &j.entries[(j.next+int(seq-oldest))%len(j.entries)]
	if e.Seq != seq {
		return Entry{}, false
	}
	return e.flat(), true
}

// Len is the number of entries held.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.entries)
}

// Clear drops every entry; sequence numbers keep counting.
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries, j.next = nil, 0
	j.publish(Event{Cleared: true})
}

// Body returns b as recorded text, cut at MaxBodyBytes.
func Body(b []byte) string {
	if len(b) > MaxBodyBytes {
		return string(b[:MaxBodyBytes]) + "…[cut]"
	}
	return string(b)
}

// credentialHeaders are masked in the journal and logs.
var credentialHeaders = map[string]bool{"Authorization": true, "Cookie": true, "Proxy-Authorization": true}

// Headers flattens request headers, masking credentials: the scheme and the first characters stay,
// so a test can still tell which key was sent without the journal holding a usable secret.
func Headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		out[name] = flatten(name, values)
	}
	return out
}

// flatten joins a header's values, masking a credential.
func flatten(name string, values []string) string { return string(appendFlat(nil, name, values)) }

func appendFlat(b []byte, name string, values []string) []byte {
	if credentialHeaders[name] {
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
