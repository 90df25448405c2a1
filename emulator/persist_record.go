package emulator

import (
	"encoding/binary"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
)

// recordKind is what a record of the state file's log says happened to a tenant.
type recordKind byte

const (
	// recordRequest is an accepted request that may change state, replayed through the provider.
	recordRequest recordKind = iota + 1
	// recordReset returned the tenant to the loaded world and real time.
	recordReset
	// recordState replaced the tenant's state with an uploaded fixture document.
	recordState
	// recordClock set the tenant's clock.
	recordClock
	// recordDelete deleted the tenant.
	recordDelete
)

// record is one change of a tenant, enough to make it again exactly: handlers are deterministic
// given the state, the request and the clock's time when they ran.
type record struct {
	kind      recordKind
	provider  string
	operation string
	now       time.Time
	path      map[string]string
	query     url.Values
	header    http.Header
	body      []byte
	// clock, after a clock change
	offset time.Duration
	frozen time.Time
}

func requestRecord(providerName string, r *provider.Request) *record {
	return &record{kind: recordRequest, provider: providerName, operation: r.Op.ID, now: r.Now,
		path: r.Path, query: r.Query, header: r.Header, body: r.Body}
}

var errMalformedRecord = errors.New("malformed record")

func (rec *record) marshal() []byte {
	b := make([]byte, 0, 256+len(rec.body))
	b = append(b, byte(rec.kind))
	b = appendString(b, rec.provider)
	b = appendString(b, rec.operation)
	b = appendTime(b, rec.now)
	b = binary.AppendUvarint(b, uint64(len(rec.path)))
	for k, v := range rec.path {
		b = appendString(appendString(b, k), v)
	}
	b = appendValues(b, rec.query)
	b = appendValues(b, rec.header)
	b = appendString(b, string(rec.body))
	b = binary.AppendVarint(b, int64(rec.offset))
	return appendTime(b, rec.frozen)
}

func unmarshalRecord(data []byte) (*record, error) {
	d := decoder{b: data}
	rec := &record{kind: recordKind(d.byte())}
	rec.provider = d.string()
	rec.operation = d.string()
	rec.now = d.time()
	if n := d.count(); n > 0 {
		rec.path = make(map[string]string, n)
		for range n {
			k := d.string()
			rec.path[k] = d.string()
		}
	} else {
		rec.path = noParams
	}
	rec.query = d.values()
	rec.header = d.values()
	rec.body = []byte(d.string())
	rec.offset = time.Duration(d.varint())
	rec.frozen = d.time()
	if d.bad || len(d.b) != 0 || rec.kind < recordRequest || rec.kind > recordDelete {
		return nil, errMalformedRecord
	}
	return rec, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return appendString(b, "")
	}
	raw, _ := t.MarshalBinary() // fails only for a zone offset not in whole minutes; clocks are UTC
	return appendString(b, string(raw))
}

func appendValues(b []byte, v map[string][]string) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	for k, vs := range v {
		b = appendString(b, k)
		b = binary.AppendUvarint(b, uint64(len(vs)))
		for _, s := range vs {
			b = appendString(b, s)
		}
	}
	return b
}

// decoder reads what marshal wrote; a short or malformed input sets bad.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.bad = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) count() int {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > uint64(len(d.b)) {
		d.bad = true
		d.b = nil
		return 0
	}
	d.b = d.b[k:]
	return int(n)
}

func (d *decoder) varint() int64 {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.bad = true
		d.b = nil
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) string() string {
	n := d.count()
	if n > len(d.b) {
		d.bad = true
		d.b = nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) time() time.Time {
	s := d.string()
	var t time.Time
	if s != "" && t.UnmarshalBinary([]byte(s)) != nil {
		d.bad = true
	}
	return t
}

func (d *decoder) values() map[string][]string {
	n := d.count()
	if n == 0 {
		return map[string][]string{}
	}
	v := make(map[string][]string, n)
	for range n {
		k := d.string()
		m := d.count()
		vs := make([]string, 0, min(m, len(d.b)))
		for range m {
			vs = append(vs, d.string())
		}
		v[k] = vs
	}
	return v
}
