package journal

import (
	"encoding/binary"
	"slices"
	"time"
)

// slot is an entry as the journal holds it: a fixed-size value without pointers, its strings,
// headers and bodies being bytes in one of the journal's chunks. A full journal is then a few
// large objects the collector has nothing to look into, where an entry with strings, a map and
// body slices was several objects, each keeping its request's buffers alive, for every collection
// to walk.
type slot struct {
	seq        uint64
	sec        int64 // the time, in UTC (a time in another zone is in Journal.zoned)
	nsec       int32
	zoned      bool
	status     int
	durationMS float64
	chunk      uint64 // the number of the chunk holding its bytes
	at         uint32 // where they start in it
	lens       [fields]uint32
	headers    bool // whether it has headers, possibly none (nil Headers otherwise)
}

// The variable parts of an entry, in the order a slot holds them.
const (
	tenant = iota
	provider
	operation
	method
	path
	query
	scenario
	headers // name, value, name, value...: each a 4-byte length and its bytes
	body
	response
	fields
)

// Chunk sizes: a journal's first chunks are small, so that a tenant that served a few requests
// holds little, and each new one is a quarter of those held, from minChunk up to maxChunk: a
// chunk partly replaced, the one being written and the free ones stay a small part of the whole.
const (
	minChunk = 4 << 10
	maxChunk = 64 << 10
	// keptChunks is how many free chunks a journal keeps for its next entries.
	keptChunks = 2
)

// chunks hold the journal's bytes, written in order: every chunk holds consecutive entries, so
// chunks are freed in the order they were filled, once the ring has replaced every entry in one.
// A freed chunk is written again, and a journal that wrapped allocates nothing more.
type chunks struct {
	held  []chunk // oldest first; the last one is being written
	first uint64  // the number of held[0]
	used  int     // bytes written in the last one
	free  [][]byte
}

type chunk struct {
	buf  []byte
	last uint64 // the sequence number of the last entry written to it
}

// store copies e's variable parts into a chunk and returns the slot that holds e.
func (c *chunks) store(e *Entry) slot {
	s := slot{seq: e.Seq, sec: e.Time.Unix(), nsec: int32(e.Time.Nanosecond()), status: e.Status, durationMS: e.DurationMS}
	b := c.room(c.tail(), len(e.Tenant)+len(e.Provider)+len(e.Operation)+len(e.Method)+len(e.Path)+len(e.Query)+len(e.Scenario))
	b = appendLen(b, &s, tenant, e.Tenant)
	b = appendLen(b, &s, provider, e.Provider)
	b = appendLen(b, &s, operation, e.Operation)
	b = appendLen(b, &s, method, e.Method)
	b = appendLen(b, &s, path, e.Path)
	b = appendLen(b, &s, query, e.Query)
	b = appendLen(b, &s, scenario, e.Scenario)
	at := len(b)
	switch {
	case e.captured:
		s.headers = true
		for name, values := range e.header {
			n := 8 + len(name)
			for _, v := range values {
				n += len(v) + len(", ")
			}
			if isCredential(name) {
				n += maskSlack
			}
			b = appendField(c.room(b, n), name)
			at := len(b)
			b = appendFlat(append(b, 0, 0, 0, 0), name, values)
			binary.LittleEndian.PutUint32(b[at:], uint32(len(b)-at-4))
		}
	case e.Headers != nil:
		s.headers = true
		for name, value := range e.Headers {
			b = appendField(appendField(c.room(b, 8+len(name)+len(value)), name), value)
		}
	}
	s.lens[headers] = uint32(len(b) - at)
	b = c.room(b, recordedSize(e.body, e.Body)+recordedSize(e.response, e.ResponseBody))
	at = len(b)
	b = appendBody(b, e.body, e.Body)
	s.lens[body] = uint32(len(b) - at)
	at = len(b)
	b = appendBody(b, e.response, e.ResponseBody)
	s.lens[response] = uint32(len(b) - at)
	s.chunk, s.at = c.first+uint64(len(c.held)-1), uint32(c.used)
	c.used += len(b)
	c.held[len(c.held)-1].last = e.Seq
	return s
}

func appendLen(b []byte, s *slot, f int, v string) []byte {
	s.lens[f] = uint32(len(v))
	return append(b, v...)
}

// appendBody appends a body as recorded: captured cut at MaxBodyBytes, or else set, as it is.
func appendBody(dst, captured []byte, set string) []byte {
	if captured == nil {
		return append(dst, set...)
	}
	if len(captured) > MaxBodyBytes {
		return append(append(dst, captured[:MaxBodyBytes]...), cutMark...)
	}
	return append(dst, captured...)
}

// recordedSize is how many bytes appendBody appends.
func recordedSize(captured []byte, set string) int {
	if captured == nil {
		return len(set)
	}
	if len(captured) > MaxBodyBytes {
		return MaxBodyBytes + len(cutMark)
	}
	return len(captured)
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

// tail is the free end of the chunk being written, where an entry's bytes go.
func (c *chunks) tail() []byte {
	if len(c.held) == 0 {
		return nil
	}
	return c.held[len(c.held)-1].buf[c.used:c.used]
}

// room returns b, an entry's bytes so far at the tail, with room for n more: moved to another
// chunk if they would not fit in this one. That chunk is a free one, or a new one; an entry larger
// than a chunk gets one of its own.
func (c *chunks) room(b []byte, n int) []byte {
	if len(c.held) > 0 && cap(b)-len(b) >= n {
		return b
	}
	held := 0
	for _, h := range c.held {
		held += len(h.buf)
	}
	size := max(len(b)+n, min(max(held/4, minChunk), maxChunk))
	var buf []byte
	for len(buf) < size && len(c.free) > 0 { // a free chunk too small for this one is dropped
		buf, c.free = c.free[len(c.free)-1], c.free[:len(c.free)-1]
	}
	if len(buf) < size {
		buf = make([]byte, size)
	}
	c.held = append(c.held, chunk{buf: buf})
	c.used = 0
	return append(buf[:0], b...)
}

// release frees the chunks holding only entries older than oldest, but the one being written.
func (c *chunks) release(oldest uint64) {
	k := 0
	for k < len(c.held)-1 && c.held[k].last < oldest {
		c.keep(c.held[k].buf)
		k++
	}
	c.held = slices.Delete(c.held, 0, k)
	c.first += uint64(k)
}

// clear frees every chunk.
func (c *chunks) clear() {
	for _, h := range c.held {
		c.keep(h.buf)
	}
	c.first += uint64(len(c.held))
	clear(c.held)
	c.held, c.used = c.held[:0], 0
}

// keep keeps a freed chunk for reuse, unless enough are kept already or it was an entry's own.
func (c *chunks) keep(b []byte) {
	if len(c.free) < keptChunks && len(b) <= maxChunk {
		c.free = append(c.free, b)
	}
}

// time is the slot's time, in UTC.
func (s *slot) time() time.Time { return time.Unix(s.sec, int64(s.nsec)).UTC() }

// field is one of the variable parts s holds.
func (c *chunks) field(s *slot, f int) []byte {
	b := c.held[s.chunk-c.first].buf[s.at:]
	for _, n := range s.lens[:f] {
		b = b[n:]
	}
	return b[:s.lens[f]]
}

// entry is the entry s holds, in strings and a map of its own, but for its time.
func (c *chunks) entry(s *slot) Entry {
	e := Entry{Seq: s.seq, Status: s.status, DurationMS: s.durationMS}
	b := c.held[s.chunk-c.first].buf[s.at:]
	var parts [fields]string
	for f, n := range s.lens {
		if f != headers {
			parts[f] = string(b[:n])
		} else if s.headers {
			e.Headers = map[string]string{}
			for rest := b[:n]; len(rest) > 0; {
				var name, value string
				name, rest = nextField(rest)
				value, rest = nextField(rest)
				e.Headers[name] = value
			}
		}
		b = b[n:]
	}
	e.Tenant, e.Provider, e.Operation, e.Method = parts[tenant], parts[provider], parts[operation], parts[method]
	e.Path, e.Query, e.Scenario = parts[path], parts[query], parts[scenario]
	e.Body, e.ResponseBody = parts[body], parts[response]
	return e
}

// brief is e as a subscriber receives it: without its headers and bodies, nor any reference to
// the caller's buffers, which may be reused once Add returns.
func (e Entry) brief() Entry {
	e.captured, e.header, e.body, e.response = false, nil, nil, nil
	e.Headers, e.Body, e.ResponseBody = nil, "", ""
	return e
}
