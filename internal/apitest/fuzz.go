package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
)

// FuzzMethods are the methods a fuzz target picks from with its method byte. OPTIONS is left out:
// echo answers it itself (204 with Allow), outside every provider's envelope.
var FuzzMethods = []string{http.MethodGet, http.MethodPost, http.MethodDelete, http.MethodPut, http.MethodPatch, http.MethodHead}

// FuzzMethod maps a fuzzed byte onto FuzzMethods.
func FuzzMethod(b uint8) string { return FuzzMethods[int(b)%len(FuzzMethods)] }

// FuzzHeaders builds the credential and content-type headers every fuzz target varies: flags bit
// 1 sends Authorization even when empty, bit 2 sends it twice, bit 4 sends Content-Type.
func FuzzHeaders(auth string, flags uint8, contentType string) map[string][]string {
	h := map[string][]string{}
	if auth != "" || flags&1 != 0 {
		h["Authorization"] = []string{auth}
		if flags&2 != 0 {
			h["Authorization"] = append(h["Authorization"], auth)
		}
	}
	if flags&4 != 0 {
		h["Content-Type"] = []string{contentType}
	}
	return h
}

// Fuzzer drives an emulator's handler in process (no network) for a fuzz target, and checks what
// every answer must meet whatever the input: no panic, no 5xx (no scenario is active), no fault
// header, served by the operation the spec routes the request to (or by none), the owning
// provider's envelope, the operation's OpenAPI contract, and a rejected request leaving the state
// as it was.
//
// Requests go to the default tenant, which starts every input as the loaded world: an accepted
// request is followed by a reset, and a rejected one is checked to have changed nothing.
type Fuzzer struct {
	Emu      *emulator.Emulator
	handler  http.Handler
	contract *Contract
	pristine []byte
}

// NewFuzzer builds the emulator a fuzz target drives, on the embedded default world unless opts say
// otherwise. The journal is kept small: the fuzzer reads only its newest entry.
func NewFuzzer(f testing.TB, opts emulator.Options) *Fuzzer {
	f.Helper()
	if opts.JournalSize == 0 {
		opts.JournalSize = 4
	}
	emu, err := emulator.New(opts)
	if err != nil {
		f.Fatalf("starting emulator: %v", err)
	}
	contract, err := LoadContract(emu.Providers())
	if err != nil {
		f.Fatal(err)
	}
	pristine, err := emu.DumpState(emulator.DefaultTenant)
	if err != nil {
		f.Fatal(err)
	}
	return &Fuzzer{Emu: emu, handler: emu.Handler(), contract: contract, pristine: pristine}
}

// FuzzRequest is one fuzzed request: a method, a path and query as sent on the request line, header
// values by name (a nil slice leaves the header out; values repeat the header), and a body.
type FuzzRequest struct {
	Method string
	Path   string
	Query  string
	Header map[string][]string
	Body   []byte
}

// Build makes the request net/http's server would hand the emulator for in, or reports false when
// the server would refuse it before the emulator saw it (a request target or header value it
// cannot parse), or when it is aimed at the emulator's own routes (tenant prefix, admin API) rather
// than a provider's.
func (in FuzzRequest) Build() (*http.Request, bool) {
	target := in.Path
	if in.Query != "" {
		target += "?" + in.Query
	}
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") {
		return nil, false
	}
	u, err := url.ParseRequestURI(target)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return nil, false
	}
	if u.Path == "/t" || strings.HasPrefix(u.Path, "/t/") || strings.HasPrefix(u.Path, emulator.AdminPrefix) {
		return nil, false
	}
	h := http.Header{}
	for name, values := range in.Header {
		for _, v := range values {
			if !validHeaderValue(v) {
				return nil, false
			}
			// The server's header parser drops leading and trailing blanks.
			h.Add(name, strings.Trim(v, " \t"))
		}
	}
	req := &http.Request{
		Method: in.Method, URL: u, RequestURI: target, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Host: "accessemu.test", RemoteAddr: "192.0.2.1:1234",
		Body: http.NoBody, ContentLength: int64(len(in.Body)),
	}
	if len(in.Body) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(in.Body))
	}
	return req, true
}

// validHeaderValue is net/http's rule for a field value it accepts: no control character but tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// Check sends one fuzzed request and fails t if the answer breaks an invariant.
func (z *Fuzzer) Check(t *testing.T, in FuzzRequest) {
	t.Helper()
	req, ok := in.Build()
	if !ok {
		return
	}
	z.Emu.ClearJournal(emulator.DefaultTenant)
	rec := httptest.NewRecorder()
	z.handler.ServeHTTP(rec, req)
	status, header, body := rec.Code, rec.Header(), rec.Body.Bytes()
	served := z.servedOperation()
	if want := z.contract.Operation(req); served != want && !encodedSlash(req) {
		t.Errorf("%s %s: served as operation %q, but the spec routes it to %q", req.Method, req.RequestURI, served, want)
	}
	if status >= 500 {
		t.Errorf("%s %s: %d with no scenario active\nbody: %s", req.Method, req.RequestURI, status, body)
	}
	if f := header.Get(emulator.FaultHeader); f != "" {
		t.Errorf("%s %s: answered with %s: %s (%s)", req.Method, req.RequestURI, emulator.FaultHeader, f, body)
	}
	if err := z.contract.Check(req, status, header, body); err != nil {
		t.Error(err)
	}
	if err := CheckEnvelope(Owner(req.URL.Path), status, body); err != nil {
		t.Errorf("%s %s: %v", req.Method, req.RequestURI, err)
	}
	if status >= 200 && status < 300 {
		z.Emu.Reset(emulator.DefaultTenant)
		return
	}
	if served == "" || req.Method == http.MethodGet || req.Method == http.MethodHead {
		return // only an operation that may change state can have changed it (dumping is the slow part)
	}
	after, err := z.Emu.DumpState(emulator.DefaultTenant)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(after, z.pristine) {
		t.Errorf("%s %s: rejected with %d but the state changed\nbody: %s\n%s", req.Method, req.RequestURI, status, body, lineDiff(z.pristine, after))
		z.Emu.Reset(emulator.DefaultTenant)
	}
}

// servedOperation is the operation that served the request just sent, "" for an unrouted one: the
// journal, cleared before each request, names the operation of routed requests only.
func (z *Fuzzer) servedOperation() string {
	entries := z.Emu.Journal(emulator.DefaultTenant, journal.Filter{})
	if len(entries) == 0 {
		return ""
	}
	return entries[len(entries)-1].Operation
}

// encodedSlash reports whether the path holds %2F, which the spec's router decodes into a segment
// break while real servers (and the emulator) keep it inside the segment.
func encodedSlash(req *http.Request) bool {
	return strings.Contains(strings.ToLower(req.URL.EscapedPath()), "%2f")
}

// Owner is the provider whose API a request path belongs to ("" for none), as the emulator decides
// it for a path no route serves.
func Owner(path string) string {
	for _, p := range []interface {
		Name() string
		Owns(string) bool
	}{adapty.New(), airtable.New(), parcel.New()} {
		if p.Owns(path) {
			return p.Name()
		}
	}
	return ""
}

// CheckEnvelope reports whether body is in the envelope of the provider that owns the path
// ("" for the emulator's own 404 of a path no provider owns) for an answer of the given status.
func CheckEnvelope(provider string, status int, body []byte) error {
	if status == http.StatusNoContent && len(body) == 0 {
		return nil // a deletion's answer has no body in any provider's API
	}
	obj, keys, err := object(body)
	if err != nil {
		return fmt.Errorf("%d answer is not a JSON object: %v\nbody: %s", status, err, body)
	}
	ok := status >= 200 && status < 300
	switch provider {
	case "adapty":
		if ok {
			err = wantKeys(keys, "data")
		} else {
			err = adaptyError(obj, keys, status)
		}
	case "airtable":
		switch {
		case ok:
			if !sameKeys(keys, "errors") && !sameKeys(keys, "users") {
				err = fmt.Errorf("keys %v, want errors or users", keys)
			}
		default:
			err = airtableError(obj, keys, status)
		}
	case "parcel":
		err = parcelEnvelope(obj, keys, status)
	default:
		if ok || !sameKeys(keys, "error") {
			err = fmt.Errorf("the emulator's own %d answer has keys %v, want error", status, keys)
		}
	}
	if err != nil {
		return fmt.Errorf("%d answer is not in %s's envelope: %v\nbody: %s", status, provider, err, body)
	}
	return nil
}

func adaptyError(obj map[string]any, keys []string, status int) error {
	if err := wantKeys(keys, "errors", "error_code", "status_code"); err != nil {
		return err
	}
	if code, _ := obj["status_code"].(float64); int(code) != status {
		return fmt.Errorf("status_code %v, want %d", obj["status_code"], status)
	}
	if code, _ := obj["error_code"].(string); code == "" {
		return fmt.Errorf("error_code %v, want a non-empty string", obj["error_code"])
	}
	items, _ := obj["errors"].([]any)
	if len(items) == 0 {
		return fmt.Errorf("errors %v, want a non-empty list", obj["errors"])
	}
	for _, it := range items {
		m, _ := it.(map[string]any)
		if len(m) != 2 {
			return fmt.Errorf("error item %v, want source and errors", it)
		}
		if s, present := m["source"]; !present {
			return fmt.Errorf("error item %v has no source", it)
		} else if _, isString := s.(string); s != nil && !isString {
			return fmt.Errorf("source %v, want a string or null", s)
		}
		msgs, _ := m["errors"].([]any)
		if len(msgs) == 0 {
			return fmt.Errorf("error item %v has no messages", it)
		}
		for _, msg := range msgs {
			if _, isString := msg.(string); !isString {
				return fmt.Errorf("message %v, want a string", msg)
			}
		}
	}
	return nil
}

func airtableError(obj map[string]any, keys []string, status int) error {
	if err := wantKeys(keys, "error"); err != nil {
		return err
	}
	switch e := obj["error"].(type) {
	case string:
		if status != http.StatusNotFound || e != "NOT_FOUND" {
			return fmt.Errorf(`bare error %q with %d, want "NOT_FOUND" with 404`, e, status)
		}
	case map[string]any:
		typ, _ := e["type"].(string)
		msg, isString := e["message"].(string)
		if len(e) != 2 || typ == "" || !isString || msg == "" {
			return fmt.Errorf("error %v, want type and message", e)
		}
	default:
		return fmt.Errorf("error %v, want an object or NOT_FOUND", e)
	}
	return nil
}

func parcelEnvelope(obj map[string]any, keys []string, status int) error {
	if !sameKeys(keys, "status", "message", "data") && !sameKeys(keys, "status", "message") {
		return fmt.Errorf("keys %v, want status, message[, data]", keys)
	}
	if s, _ := obj["status"].(string); s != fmt.Sprint(status) {
		return fmt.Errorf("status %v, want %q", obj["status"], fmt.Sprint(status))
	}
	if msg, _ := obj["message"].(string); msg == "" {
		return fmt.Errorf("message %v, want a non-empty string", obj["message"])
	}
	if data, present := obj["data"]; present {
		m, isObject := data.(map[string]any)
		if !isObject || (status >= 300 && len(m) != 0) {
			return fmt.Errorf("data %v, want {} on an error", data)
		}
	} else if status < 300 {
		return fmt.Errorf("a %d answer without data", status)
	}
	return nil
}

// object decodes a JSON object and lists its keys in order.
func object(body []byte) (map[string]any, []string, error) {
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil {
		return nil, nil, err
	}
	if obj == nil {
		return nil, nil, fmt.Errorf("null")
	}
	keys, err := topKeys(body)
	return obj, keys, err
}

func sameKeys(keys []string, want ...string) bool {
	if len(keys) != len(want) {
		return false
	}
	for i := range keys {
		if keys[i] != want[i] {
			return false
		}
	}
	return true
}

func wantKeys(keys []string, want ...string) error {
	if !sameKeys(keys, want...) {
		return fmt.Errorf("keys %v, want %v in that order", keys, want)
	}
	return nil
}

// topKeys lists the keys of a JSON object in the order they appear.
func topKeys(body []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// lineDiff shows the lines of two dumps from the first one that differs.
func lineDiff(before, after []byte) string {
	a, b := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	end := func(lines []string) []string { return lines[i:min(len(lines), i+8)] }
	return fmt.Sprintf("state before, from line %d:\n%s\nstate after:\n%s", i+1, strings.Join(end(a), "\n"), strings.Join(end(b), "\n"))
}
