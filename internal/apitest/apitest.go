// Package apitest drives an in-process emulator over real HTTP for the test suite, and checks every
// routed response against the provider's OpenAPI document, so no test can pass on an answer the
// contract does not allow.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
)

// Server is a running emulator with spec-checking request helpers.
type Server struct {
	t        testing.TB
	URL      string
	Emu      *emulator.Emulator
	contract *Contract
}

// Start runs an emulator on the embedded default world, or on fixtures when given, until the test ends.
func Start(t testing.TB, fixtures ...string) *Server {
	t.Helper()
	opts := emulator.Options{}
	if len(fixtures) > 0 {
		opts.Fixtures = []byte(fixtures[0])
	}
	return StartWith(t, opts)
}

// StartAlone is Start with p the only provider mounted, so that a provider's own tests never depend
// on another provider working.
func StartAlone(t testing.TB, p provider.Provider, fixtures ...string) *Server {
	t.Helper()
	opts := emulator.Options{Providers: []provider.Provider{p}}
	if len(fixtures) > 0 {
		opts.Fixtures = []byte(fixtures[0])
	}
	return StartWith(t, opts)
}

// StartWith runs an emulator with the given options until the test ends.
func StartWith(t testing.TB, opts emulator.Options) *Server {
	t.Helper()
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("starting emulator: %v", err)
	}
	t.Cleanup(func() { emu.Close() }) // after the server's, registered below
	contract, err := LoadContract(mounted(opts))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu.Handler())
	t.Cleanup(srv.Close)
	return &Server{t: t, URL: srv.URL, Emu: emu, contract: contract}
}

// mounted is the providers an emulator started with opts serves.
func mounted(opts emulator.Options) []provider.Provider {
	if opts.Providers != nil {
		return opts.Providers
	}
	return emulator.Registry()
}

// Contract checks answers against the providers' OpenAPI documents.
type Contract struct {
	routers map[string]routers.Router
}

// LoadContract loads the OpenAPI document of each provider, as the emulator serves it.
func LoadContract(providers []provider.Provider) (*Contract, error) {
	c := &Contract{routers: map[string]routers.Router{}}
	for _, p := range providers {
		name := p.Name()
		raw, err := emulator.SpecOf(p)
		if err != nil {
			return nil, err
		}
		doc, err := openapi3.NewLoader().LoadFromData(raw)
		if err != nil {
			return nil, err
		}
		doc.Servers = nil // match any host
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			return nil, err
		}
		c.routers[name] = r
	}
	return c, nil
}

// Check validates an answer to req against the operation req routes to. It returns nil for a request
// no operation serves (an unrouted path or method), and for an answer marked with the fault header (a
// forced fault or the emulator's own answer, outside any provider's contract).
func (c *Contract) Check(req *http.Request, status int, header http.Header, body []byte) error {
	if header.Get(emulator.FaultHeader) != "" {
		return nil
	}
	specReq, name, route, params := c.find(req)
	if route == nil {
		return nil
	}
	specReq.Body = http.NoBody
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: specReq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("%s %s: %d response breaks %s's OpenAPI document: %v\nbody: %s", req.Method, req.URL.Path, status, name, err, body)
	}
	return nil
}

// Declares reports whether the operation req routes to documents answers of the given status (or a
// default answer).
func (c *Contract) Declares(req *http.Request, status int) bool {
	_, _, route, _ := c.find(req)
	if route == nil || route.Operation.Responses == nil {
		return false
	}
	return route.Operation.Responses.Status(status) != nil || route.Operation.Responses.Default() != nil
}

// Operation is the operationId of the spec operation req routes to, or "" for none.
func (c *Contract) Operation(req *http.Request) string {
	if _, _, route, _ := c.find(req); route != nil {
		return route.Operation.OperationID
	}
	return ""
}

// find routes a request (without its tenant prefix) to a spec operation.
func (c *Contract) find(req *http.Request) (*http.Request, string, *routers.Route, map[string]string) {
	specReq := req.Clone(context.Background())
	if rest, ok := strings.CutPrefix(specReq.URL.Path, "/t/"); ok {
		if _, p, found := strings.Cut(rest, "/"); found {
			specReq.URL.Path = "/" + p
			specReq.URL.RawPath = ""
		}
	}
	for name, r := range c.routers {
		if route, params, err := r.FindRoute(specReq); err == nil {
			return specReq, name, route, params
		}
	}
	return specReq, "", nil, nil
}

// Result is a response read in full.
type Result struct {
	t      testing.TB
	Status int
	Header http.Header
	Body   string
}

// Do sends a request; headers alternate name, value. A routed response that breaks the spec fails
// the test.
func (s *Server) Do(method, path, body string, headers ...string) *Result {
	s.t.Helper()
	h := http.Header{}
	for i := 0; i+1 < len(headers); i += 2 {
		h.Set(headers[i], headers[i+1])
	}
	return s.DoHeader(method, path, body, h)
}

// Header builds a header from name, value pairs; a name given twice is sent twice.
func Header(pairs ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(pairs); i += 2 {
		h.Add(pairs[i], pairs[i+1])
	}
	return h
}

// DoHeader sends a request with exactly the given header. A routed response that breaks the spec
// fails the test.
func (s *Server) DoHeader(method, path, body string, header http.Header) *Result {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	for name, values := range header {
		req.Header[name] = values
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	res := &Result{t: s.t, Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
	if err := s.contract.Check(req, res.Status, res.Header, raw); err != nil {
		s.t.Error(err)
	}
	return res
}

// For returns the server reporting to t (a subtest) rather than to the test that started it.
func (s *Server) For(t testing.TB) *Server {
	c := *s
	c.t = t
	return &c
}

// Case is one request of a table test with its exact answer.
type Case struct {
	Name   string
	Method string
	Path   string
	Header http.Header
	Body   string
	Status int
	Want   string
}

// Run sends each case from the loaded world (the default tenant is reset first, then before runs,
// if given) and asserts its exact answer.
func (s *Server) Run(t *testing.T, cases []Case, before func(*Server)) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			sub := s.For(t)
			s.Emu.Reset(emulator.DefaultTenant)
			if before != nil {
				before(sub)
			}
			sub.DoHeader(c.Method, c.Path, c.Body, c.Header).Expect(c.Status, c.Want)
		})
	}
}

// Expect asserts the status and that the body is exactly want once want's layout whitespace is
// removed: same keys, same order, same bytes in every string.
func (r *Result) Expect(status int, want string) {
	r.t.Helper()
	if r.Status != status {
		r.t.Errorf("status = %d, want %d; body: %s", r.Status, status, r.Body)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(want)); err != nil {
		r.t.Fatalf("the expected body is not JSON: %v\n%s", err, want)
	}
	if r.Body != compact.String() {
		r.t.Errorf("body mismatch\n got: %s\nwant: %s", r.Body, compact.String())
	}
}

// ExpectEmpty asserts the status and a zero-length body.
func (r *Result) ExpectEmpty(status int) {
	r.t.Helper()
	if r.Status != status || r.Body != "" {
		r.t.Errorf("got %d with %d bytes (%q), want %d with an empty body", r.Status, len(r.Body), r.Body, status)
	}
}

// JSON decodes the body into v.
func (r *Result) JSON(v any) {
	r.t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		r.t.Fatalf("decoding %q: %v", r.Body, err)
	}
}
