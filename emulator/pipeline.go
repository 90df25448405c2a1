package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/scenario"
	"github.com/accessemu/accessemu/internal/contract"
)

// operation returns the handler of one spec operation: tenant, scenario rules, authentication,
// validation against the spec, domain logic under the tenant's lock, and the provider's envelope on
// the way out; every request lands in the tenant's journal.
func (e *Emulator) operation(m *mounted, op *contract.Operation) echo.HandlerFunc {
	series := e.metrics.operation(m.Name(), op.ID)
	return func(c echo.Context) error {
		for _, name := range c.ParamNames() {
			// echo matches a parameter to an empty segment, and lets a route's last parameter run
			// to the end of the path, slashes and all; such a path is not the operation's.
			if v := c.Param(name); name != "tenant" && (v == "" || strings.Contains(v, "/")) {
				e.unrouted(echo.ErrNotFound, c)
				return nil
			}
		}
		if op.Shadowed(c.Param) {
			e.unrouted(echo.ErrMethodNotAllowed, c)
			return nil
		}
		start := time.Now()
		t, err := e.requestTenant(c, m.Name(), op.ID, start)
		if t == nil {
			return err
		}
		req := c.Request()
		r := &provider.Request{
			Op:     op,
			Header: req.Header,
			Query:  query(req),
			Now:    t.clock.At(start),
		}
		for _, name := range c.ParamNames() {
			if name != "tenant" {
				if r.Path == nil {
					r.Path = make(map[string]string, 2)
				}
				r.Path[name] = pathParam(c, name)
			}
		}
		if r.Path == nil {
			r.Path = noParams
		}
		entry := journal.Entry{
			Time: r.Now, Tenant: t.name, Provider: m.Name(), Operation: op.ID,
			Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery,
		}
		record := func(status int, body []byte) {
			entry.Capture(req.Header, r.Body, body)
			entry.Status = status
			took := time.Since(start)
			entry.DurationMS = float64(took.Microseconds()) / 1000
			t.journal.Add(entry)
			e.logRequest(&entry)
			series.observe(status, entry.Scenario, took)
		}
		raw, err := readBody(req, e.opts.MaxBodyBytes+1)
		if err != nil {
			// The body never arrived (the read timeout cut a slow client off, or the client went
			// away): there is nobody to answer, and a provider's 500 would blame the server.
			r.Body = raw
			record(0, nil)
			panic(http.ErrAbortHandler)
		}
		r.Body = raw
		if int64(len(raw)) > e.opts.MaxBodyBytes {
			tooLarge, ok := m.NamedError("request_too_large", nil, r)
			if !ok {
				tooLarge = fmt.Errorf("request body over %d bytes", e.opts.MaxBodyBytes)
			}
			body, enc, werr := write(c, m, m.Render(tooLarge))
			record(c.Response().Status, body)
			enc.release()
			return werr
		}
		once, err := e.requestScenario(headerValue(req.Header, ScenarioHeader))
		if err != nil {
			record(http.StatusBadRequest, nil)
			// The emulator's own error, not the provider's: marked so a client or test can tell.
			c.Response().Header().Set(FaultHeader, "usage")
			return adminFail(c, http.StatusBadRequest, "%v", err)
		}
		var d *scenario.Decision
		if once != nil || t.scenarios.Any() {
			d = t.scenarios.Decide(&scenario.Request{
				Provider: m.Name(), Operation: op.ID, Tenant: t.name, Path: r.Path, Header: req.Header,
				Query: r.Query, RawBody: raw, Credential: req.Header.Get("Authorization"), Now: r.Now,
			}, e.rateRule, once)
		}
		if d != nil {
			entry.Scenario = d.Scenario
		}
		resp, drop := e.serve(c, m, t, r, d)
		if drop {
			record(0, nil)
			// net/http closes the connection without an answer.
			panic(http.ErrAbortHandler)
		}
		body, enc, err := write(c, m, resp)
		record(c.Response().Status, body)
		enc.release()
		return err
	}
}

// noParams is the path parameters of an operation without any; nothing writes it.
var noParams = map[string]string{}

// noQuery is the query of a request without one; nothing writes it.
var noQuery = url.Values{}

// query parses the query string, if any.
func query(req *http.Request) url.Values {
	if req.URL.RawQuery == "" {
		return noQuery
	}
	return req.URL.Query()
}

// readBody is io.ReadAll(io.LimitReader(req.Body, limit)), in one exact allocation when the client
// sent the body's length, and in none when it sent no body (net/http's NoBody).
func readBody(req *http.Request, limit int64) ([]byte, error) {
	if req.Body == http.NoBody || req.Body == nil {
		return []byte{}, nil // what io.ReadAll returns, without its 512-byte buffer
	}
	n := req.ContentLength
	if n <= 0 || n >= limit {
		return io.ReadAll(io.LimitReader(req.Body, limit))
	}
	// Read what was announced, then probe for more: a server's body ends there, but a handler
	// called directly may be given another length; either way the result is io.ReadAll's.
	buf := make([]byte, n, n+1)
	for k := 0; k < len(buf); {
		m, err := req.Body.Read(buf[k:])
		k += m
		if err == io.EOF {
			return buf[:k], nil
		}
		if err != nil {
			return buf[:k], err
		}
	}
	for {
		m, err := req.Body.Read(buf[n : n+1])
		if m > 0 {
			more, err := io.ReadAll(io.LimitReader(req.Body, limit-n-1))
			return append(buf[:n+1], more...), err
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// requestScenario resolves the per-request scenario header, if any.
func (e *Emulator) requestScenario(name string) (*scenario.Active, error) {
	if name == "" {
		return nil, nil
	}
	s, ok := e.library.get(name)
	if !ok {
		var names []string
		for _, s := range e.library.list() {
			names = append(names, s.Name)
		}
		return nil, fmt.Errorf("%s: no scenario %q; known: %s", ScenarioHeader, name, strings.Join(names, ", "))
	}
	return scenario.Activate(s), nil
}

// serve answers a request, letting the rule that fired (if any) delay it, replace it ("before"), or
// replace the answer after the real change was made ("after"). drop asks to close the connection.
func (e *Emulator) serve(c echo.Context, m *mounted, t *tenant, r *provider.Request, d *scenario.Decision) (provider.Response, bool) {
	g := t.states[m.Name()]
	if d != nil && d.Delay > 0 {
		select {
		case <-time.After(d.Delay):
		case <-c.Request().Context().Done():
		}
	}
	if d == nil || (d.Rule.DelayOnly() && !d.RateLimited) {
		return e.call(m, t, r), false
	}
	if !d.Rule.After() {
		return e.act(m, g, r, d, nil)
	}
	real := e.call(m, t, r)
	return e.act(m, g, r, d, &real)
}

// act is a rule's answer; real is the real answer when the rule acts after the change.
func (e *Emulator) act(m *mounted, g *guarded, r *provider.Request, d *scenario.Decision, real *provider.Response) (provider.Response, bool) {
	rule := d.Rule
	status := http.StatusOK
	if real != nil {
		status = real.Status
	}
	switch {
	case d.RateLimited || rule.Error != "":
		name := rule.ErrorName()
		if d.RateLimited {
			name = "rate_limited"
		}
		g.mu.RLock()
		err, _ := m.NamedError(name, g.st, r)
		g.mu.RUnlock()
		return m.Render(err), false
	case rule.Respond != nil:
		h := http.Header{}
		for k, v := range rule.Respond.Headers {
			h.Set(k, v)
		}
		h.Set(FaultHeader, "respond")
		return provider.Response{Status: rule.Respond.Status, Body: []byte(rule.Respond.Body), Header: h}, false
	case rule.Drop:
		return provider.Response{}, true
	case rule.Empty:
		return provider.Response{Status: status, Body: []byte{}, Header: http.Header{FaultHeader: {"empty"}}}, false
	default: // malformed: the real answer cut in half, or an unterminated object
		body := []byte(`{"`)
		if real != nil {
			full, enc := encode(real.Body)
			body = bytes.Clone(full[:len(full)/2])
			enc.release()
		}
		return provider.Response{Status: status, Body: body, Header: http.Header{FaultHeader: {"malformed"}}}, false
	}
}

// call runs the real handling under the state's lock (a read lock for an operation that only
// reads): authentication and validation, then the operation, at the clock's time once the lock is
// held. Checking inside the same lock as the change means a change is made on exactly the state
// it was admitted against, so concurrent changes apply in the order they take effect and a state
// file replays them to the same result.
func (e *Emulator) call(m *mounted, t *tenant, r *provider.Request) (resp provider.Response) {
	g := t.states[m.Name()]
	defer func() {
		if v := recover(); v != nil {
			e.log.Error("provider panicked", "provider", m.Name(), "operation", r.Op.ID, "panic", v)
			resp = m.Render(fmt.Errorf("panic: %v", v))
		}
	}()
	if r.Op.ReadsOnly() {
		g.mu.RLock()
		defer g.mu.RUnlock()
	} else {
		g.mu.Lock()
		defer g.mu.Unlock()
	}
	if err := e.admit(m, g.st, r); err != nil {
		return m.Render(err)
	}
	r.Now = t.clock.Now()
	if !r.Op.ReadsOnly() {
		// Saved before it runs: a change that cannot be saved is not made, and gets the 500.
		if err := e.saveRequest(t, m, r); err != nil {
			return m.Render(err)
		}
	}
	resp, err := m.Handle(g.st, r)
	if err != nil {
		return m.Render(err)
	}
	return resp
}

// admit authenticates and validates a request against the operation's contract.
func (e *Emulator) admit(m *mounted, st provider.State, r *provider.Request) error {
	if err := m.Authenticate(st, r); err != nil {
		return err
	}
	if f := r.Op.CheckParams(func(name string) string { return r.Path[name] }, r.Query, r.Header); f != nil {
		return m.Reject(st, r, f)
	}
	value, f := r.Op.ParseBody(r.Body)
	if f != nil {
		return m.Reject(st, r, f)
	}
	if n, ok := m.Provider.(provider.BodyNormalizer); ok && value != nil {
		value = n.NormalizeBody(st, r.Op, value)
	}
	if f := r.Op.ValidateBody(value); f != nil {
		return m.Reject(st, r, f)
	}
	r.Value = value
	return nil
}

// write sends a provider response, JSON without HTML escaping so messages stay byte for byte, and
// returns the body it wrote, held by enc (if not nil) until released.
func write(c echo.Context, m *mounted, resp provider.Response) (body []byte, enc *encoder, err error) {
	h := c.Response().Header()
	m.WriteHeaders(h)
	for name, values := range resp.Header {
		h[name] = values
	}
	body, enc = encode(resp.Body)
	if body == nil && resp.Body != nil {
		if _, raw := resp.Body.([]byte); !raw {
			return write(c, m, m.Render(fmt.Errorf("encoding response %T", resp.Body)))
		}
	}
	if resp.Status == 0 {
		resp.Status = http.StatusOK
	}
	c.Response().WriteHeader(resp.Status)
	_, err = c.Response().Write(body)
	return body, enc, err
}

// readAll reads an upload of at most limit bytes; a longer one is a *tooLarge error, never cut.
func readAll(c echo.Context, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, limit+1))
	if err == nil && int64(len(body)) > limit {
		return nil, &tooLarge{limit: limit}
	}
	return body, err
}

// tooLarge is an upload over the body cap.
type tooLarge struct{ limit int64 }

func (e *tooLarge) Error() string {
	return fmt.Sprintf("the upload is over the limit of %d bytes (--max-body-bytes); nothing was changed", e.limit)
}

// uploadFail answers an upload readAll refused: 413 over the cap, else 400.
func uploadFail(c echo.Context, err error) error {
	var big *tooLarge
	if errors.As(err, &big) {
		return adminFail(c, http.StatusRequestEntityTooLarge, "%v", err)
	}
	return adminFail(c, http.StatusBadRequest, "reading body: %v", err)
}

// encode renders a response body: raw bytes as they are, anything else as compact JSON without HTML
// escaping, so messages stay byte for byte. It returns nil when v cannot be encoded. A body it
// encoded is in the buffer of enc, which release gives back for another answer once the body was
// written and journaled (the journal copies it).
func encode(v any) (body []byte, enc *encoder) {
	switch b := v.(type) {
	case nil:
		return nil, nil
	case []byte:
		return b, nil
	case provider.JSONAppender:
		e := encoders.Get().(*encoder)
		out, err := b.AppendJSON(e.scratch[:0])
		if err != nil {
			return nil, nil
		}
		if cap(out) <= 64<<10 { // a larger one is not kept
			e.scratch = out
		}
		return out, e
	}
	e := encoders.Get().(*encoder)
	if err := e.enc.Encode(v); err != nil {
		return nil, nil // the encoder may hold part of the value: not reused
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), e
}

// encoder is a JSON encoder without HTML escaping and its buffer, pooled: growing a fresh buffer
// for every answer cost more than encoding it.
type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
	// scratch is where a provider.JSONAppender writes.
	scratch []byte
}

// release gives e back to the pool, unless its buffer grew too large to keep; nothing may use the
// body encode returned afterwards.
func (e *encoder) release() {
	if e != nil && e.buf.Cap() <= 64<<10 {
		e.buf.Reset()
		encoders.Put(e)
	}
}

var encoders = sync.Pool{New: func() any {
	e := &encoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}}

// pathParam is a path parameter percent-decoded, as the real servers decode it (%6c is l). echo
// matches the raw path, and so leaves parameters encoded, when the request's path has escapes Go
// would not write (RawPath set); otherwise it matched the decoded path and they are decoded already.
func pathParam(c echo.Context, name string) string {
	v := c.Param(name)
	if c.Request().URL.RawPath == "" {
		return v
	}
	if decoded, err := url.PathUnescape(v); err == nil {
		return decoded
	}
	return v
}

// headerValue is h.Get(key) for a key in canonical form (the emulator's own headers), without
// canonicalizing the key again on every request.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// tenantOf is the tenant a request names by path prefix (percent-decoded once) or header, else the
// default one; a name that breaks TenantNameRule is an error.
func tenantOf(c echo.Context) (string, error) {
	name := DefaultTenant
	if strings.HasPrefix(c.Path(), "/t/:tenant/") { // the prefix names the tenant, even an empty one
		name = pathParam(c, "tenant")
	} else if t := headerValue(c.Request().Header, TenantHeader); t != "" {
		name = t
	}
	return name, CheckTenantName(name)
}
