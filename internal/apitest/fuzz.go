package apitest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/jsonkeys"
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
	Emu       *emulator.Emulator
	handler   http.Handler
	contract  *Contract
	providers []provider.Provider
	pristine  []byte
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
	providers := mounted(opts)
	contract, err := LoadContract(providers)
	if err != nil {
		f.Fatal(err)
	}
	pristine, err := emu.DumpState(emulator.DefaultTenant)
	if err != nil {
		f.Fatal(err)
	}
	return &Fuzzer{Emu: emu, handler: emu.Handler(), contract: contract, providers: providers, pristine: pristine}
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
	if err := CheckEnvelope(Owner(z.providers, req.URL.Path), status, body); err != nil {
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

// Owner is the provider whose API a request path belongs to (nil for none), as the emulator decides
// it for a path no route serves.
func Owner(providers []provider.Provider, path string) provider.Provider {
	for _, p := range providers {
		if p.Owns(path) {
			return p
		}
	}
	return nil
}

// CheckEnvelope reports whether body is in the envelope of the provider that owns the path (nil
// for the emulator's own answer to a path no provider owns) for an answer of the given status.
func CheckEnvelope(owner provider.Provider, status int, body []byte) error {
	if owner == nil {
		_, keys, err := jsonkeys.Object(body)
		if err != nil || status < 300 || !jsonkeys.Same(keys, "error") {
			return fmt.Errorf("the emulator's own %d answer is not {\"error\": ...} (%v)\nbody: %s", status, err, body)
		}
		return nil
	}
	if err := owner.Describe().CheckEnvelope(status, body); err != nil {
		return fmt.Errorf("%d answer is not in %s's envelope: %v\nbody: %s", status, owner.Name(), err, body)
	}
	return nil
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
