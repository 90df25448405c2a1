// Package loadgen describes how a load test drives each provider, for the Go benchmarks
// (emulator/bench_test.go) and the benchmark program (cmd/accessemu-bench): each provider's
// descriptor names a state-changing request and the one that undoes it (provider.LoadPair).
//
// The load changes state on every request: a connection alternates the change with the request
// that undoes it, on an identity of the default world, in a tenant of its own (a change repeated on
// the same identity would only measure the provider's error answer).
package loadgen

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/accessemu/accessemu/emulator/provider"
)

// Request is one request of the loop, relative to a tenant's base URL.
type Request struct {
	Method string
	Path   string
	Header map[string]string
	Body   []byte
	// Status is the success's status; 0 is 200.
	Status int
	// Want says whether the body of an answer with the success's status is the expected success.
	Want func(body []byte) bool
}

// Endpoint is a state-changing request (Revoke) with the request that undoes it (Grant): a
// provider's load pair, or one of its bench pairs, whose Do is Revoke and Undo is Grant.
type Endpoint struct {
	Provider string
	// Operation is the pair's name (provider.LoadPair.Name).
	Operation string
	Revoke    Request
	Grant     Request
	// Load marks the provider's load pair (its revoke endpoint) among its bench pairs.
	Load bool
}

// Name is provider/operation.
func (e Endpoint) Name() string { return e.Provider + "/" + e.Operation }

// Step is the i-th request of a connection's loop: the change first (the identity starts with
// what it takes), then the undo.
func (e Endpoint) Step(i int) *Request {
	if i%2 == 0 {
		return &e.Revoke
	}
	return &e.Grant
}

// OK reports whether an answer is the expected success.
func (r *Request) OK(status int, body []byte) bool {
	want := r.Status
	if want == 0 {
		want = http.StatusOK
	}
	return status == want && r.Want(body)
}

// Endpoints are the providers' load pairs, with the default world's credential on every request.
func Endpoints(providers []provider.Provider) []Endpoint {
	var eps []Endpoint
	for _, p := range providers {
		d := p.Describe()
		eps = append(eps, endpoint(p.Name(), d.Load.Operation, d.Load, d.Credential, true))
	}
	return eps
}

// Operations are every provider's load pair followed by its bench pairs: a loop for every
// operation of its OpenAPI document that one can measure.
func Operations(providers []provider.Provider) []Endpoint {
	var eps []Endpoint
	for _, p := range providers {
		d := p.Describe()
		eps = append(eps, endpoint(p.Name(), d.Load.Operation, d.Load, d.Credential, true))
		for _, pair := range d.Bench {
			eps = append(eps, endpoint(p.Name(), pair.Name(), pair, d.Credential, false))
		}
	}
	return eps
}

func endpoint(owner, name string, pair provider.LoadPair, cred provider.Credential, load bool) Endpoint {
	return Endpoint{
		Provider: owner, Operation: name, Load: load,
		Revoke: request(pair.Do, cred), Grant: request(pair.Undo, cred),
	}
}

func request(r provider.LoadRequest, cred provider.Credential) Request {
	h := map[string]string{cred.Header: cred.Value}
	for name, values := range r.Header {
		h[name] = values[0]
	}
	return Request{Method: r.Method, Path: r.Path, Header: h, Body: r.Body, Status: r.Status, Want: r.OK}
}

// Baseline is the yardstick: a bare echo v4 server that answers any method on any path (with or
// without a tenant prefix) by reading and decoding the JSON body, if any, and writing a small JSON
// answer: what any Go HTTP service pays, without the emulator's tenant, journal, validation and
// domain logic.
func Baseline() http.Handler {
	ec := echo.New()
	ec.HideBanner, ec.HidePort = true, true
	ec.Any("/*", func(c echo.Context) error {
		raw, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return err
		}
		if len(raw) > 0 {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				return c.JSON(http.StatusBadRequest, map[string]string{"status": "400", "message": "bad JSON"})
			}
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "200", "message": "OK"})
	})
	return ec
}
