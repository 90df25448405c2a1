package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/accessemu/accessemu/emulator/contract"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/provider"
)

// maxBody caps how much of a request body is read.
const maxBody = 10 << 20

// operation returns the handler of one spec operation: tenant, authentication, validation against
// the spec, domain logic under the tenant's lock, and the provider's envelope on the way out.
func (e *Emulator) operation(m *mounted, op *contract.Operation) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		t := e.tenants.get(tenantOf(c))
		g := t.states[m.Name()]
		req := c.Request()
		r := &provider.Request{
			Op:     op,
			Header: req.Header,
			Query:  req.URL.Query(),
			Path:   map[string]string{},
			Now:    t.clock.Now(),
		}
		for _, name := range c.ParamNames() {
			if name != "tenant" {
				r.Path[name] = c.Param(name)
			}
		}
		resp := e.call(m, g, r, req.Body)
		body, err := write(c, m, resp)
		t.journal.Add(journal.Entry{
			Time: r.Now, Tenant: t.name, Provider: m.Name(), Operation: op.ID,
			Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery,
			Headers: journal.Headers(req.Header), Body: journal.Body(r.Body),
			Status: c.Response().Status, ResponseBody: journal.Body(body),
			DurationMS: float64(time.Since(start).Microseconds()) / 1000,
		})
		return err
	}
}

func tenantOf(c echo.Context) string {
	if t := c.Param("tenant"); t != "" {
		return t
	}
	if t := c.Request().Header.Get(TenantHeader); t != "" {
		return t
	}
	return DefaultTenant
}

func (e *Emulator) call(m *mounted, g *guarded, r *provider.Request, body io.Reader) (resp provider.Response) {
	defer func() {
		if v := recover(); v != nil {
			e.log.Error("provider panicked", "provider", m.Name(), "operation", r.Op.ID, "panic", v)
			resp = m.Render(fmt.Errorf("panic: %v", v))
		}
	}()
	raw, err := io.ReadAll(io.LimitReader(body, maxBody))
	if err != nil {
		return m.Render(fmt.Errorf("reading request body: %w", err))
	}
	r.Body = raw

	g.mu.RLock()
	err = e.admit(m, g.st, r)
	g.mu.RUnlock()
	if err != nil {
		return m.Render(err)
	}
	if r.Op.ReadsOnly() {
		g.mu.RLock()
		defer g.mu.RUnlock()
	} else {
		g.mu.Lock()
		defer g.mu.Unlock()
	}
	resp, err = m.Handle(g.st, r)
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
// returns the body it wrote.
func write(c echo.Context, m *mounted, resp provider.Response) ([]byte, error) {
	h := c.Response().Header()
	m.WriteHeaders(h)
	var body []byte
	switch b := resp.Body.(type) {
	case nil:
	case []byte:
		body = b
	default:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(b); err != nil {
			return write(c, m, m.Render(fmt.Errorf("encoding response: %w", err)))
		}
		body = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
	if resp.Status == 0 {
		resp.Status = http.StatusOK
	}
	c.Response().WriteHeader(resp.Status)
	_, err := c.Response().Write(body)
	return body, err
}

// readAll reads a request body up to limit bytes.
func readAll(c echo.Context, limit int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(c.Request().Body, limit))
}
