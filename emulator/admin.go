package emulator

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/clock"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/internal/contract"
	"github.com/accessemu/accessemu/internal/fixture"
)

// adminError is the admin API's error body.
type adminError struct {
	Error string `json:"error"`
}

// adminJSON writes v as compact JSON without HTML escaping, like the providers' bodies.
func adminJSON(c echo.Context, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return c.Blob(status, echo.MIMEApplicationJSON, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func adminFail(c echo.Context, status int, format string, args ...any) error {
	return adminJSON(c, status, adminError{Error: fmt.Sprintf(format, args...)})
}

// requireAdminToken guards every admin route when an admin token is configured.
func (e *Emulator) requireAdminToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if e.opts.AdminToken == "" {
			return next(c)
		}
		got, ok := strings.CutPrefix(c.Request().Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(e.opts.AdminToken)) != 1 {
			return adminFail(c, http.StatusUnauthorized, "the admin API needs the header Authorization: Bearer <admin token> (see --admin-token)")
		}
		return next(c)
	}
}

func (e *Emulator) adminRoutes(g *echo.Group) {
	g.GET("/health", func(c echo.Context) error {
		return adminJSON(c, http.StatusOK, map[string]string{"status": "ok"})
	})
	g.GET("/ready", func(c echo.Context) error {
		return adminJSON(c, http.StatusOK, struct {
			Ready     bool     `json:"ready"`
			Providers []string `json:"providers"`
		}{true, e.Providers()})
	})
	g.GET("/openapi/:file", e.adminSpec)
	g.GET("/tenants", func(c echo.Context) error {
		return adminJSON(c, http.StatusOK, map[string][]string{"tenants": e.tenants.names()})
	})
	g.DELETE("/tenants/:tenant", func(c echo.Context) error {
		found, err := e.deleteTenant(c.Param("tenant"))
		switch {
		case err != nil:
			return adminFail(c, http.StatusInternalServerError, "%v", err)
		case !found:
			return adminFail(c, http.StatusNotFound, "tenant %q does not exist (it is created on first use)", c.Param("tenant"))
		}
		return c.NoContent(http.StatusNoContent)
	})
	// Routes about one tenant resolve it first (creating it counts against --max-tenants).
	ts := g.Group("", e.withTenant)
	ts.POST("/tenants/:tenant/reset", func(c echo.Context) error {
		if err := e.reset(scoped(c)); err != nil {
			return adminFail(c, http.StatusInternalServerError, "%v", err)
		}
		return c.NoContent(http.StatusNoContent)
	})
	ts.GET("/tenants/:tenant/state", e.adminGetState)
	ts.PUT("/tenants/:tenant/state", e.adminPutState)
	ts.GET("/tenants/:tenant/journal", e.adminJournal)
	ts.DELETE("/tenants/:tenant/journal", func(c echo.Context) error {
		scoped(c).journal.Clear()
		return c.NoContent(http.StatusNoContent)
	})
	g.GET("/errors", func(c echo.Context) error {
		return adminJSON(c, http.StatusOK, map[string]any{"errors": e.Catalogue()})
	})
	g.GET("/scenarios/library", func(c echo.Context) error {
		return adminJSON(c, http.StatusOK, map[string]any{"scenarios": e.Scenarios()})
	})
	for _, prefix := range []string{"/scenarios", "/tenants/:tenant/scenarios"} {
		ts.GET(prefix, e.adminListScenarios)
		ts.POST(prefix, e.adminAddScenario)
		ts.DELETE(prefix, e.adminRemoveScenario)
		ts.DELETE(prefix+"/:name", e.adminRemoveScenario)
	}
	ts.GET("/tenants/:tenant/clock", e.adminClock)
	ts.PUT("/tenants/:tenant/clock", e.adminSetClock)
	ts.POST("/tenants/:tenant/clock/advance", e.adminAdvanceClock)
	ts.DELETE("/tenants/:tenant/clock", func(c echo.Context) error {
		return e.adminChangeClock(c, (*clock.Clock).Reset)
	})
}

// withTenant resolves the tenant an admin call is about, refusing a new one over the cap.
func (e *Emulator) withTenant(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := e.tenants.lookup(adminTenant(c))
		if err != nil {
			return adminFail(c, http.StatusTooManyRequests, "%v", err)
		}
		c.Set("tenant", t)
		return next(c)
	}
}

// scoped is the tenant withTenant resolved.
func scoped(c echo.Context) *tenant { return c.Get("tenant").(*tenant) }

// Reset returns a tenant to the loaded world: state, clock, journal and the start-up scenarios.
// With a state file that cannot be written, nothing changes (the log says why).
func (e *Emulator) Reset(tenantName string) { _ = e.reset(e.tenants.get(tenantName)) }

func (e *Emulator) reset(t *tenant) error {
	w := e.tenants.world.clone()
	if _, err := e.changeTenant(t, func() *record { return &record{kind: recordReset} }, func() {
		t.replaceLocked(w)
		t.clock.Reset()
	}); err != nil {
		return err
	}
	t.journal.Clear()
	t.scenarios.Replace(e.startup)
	return nil
}

func (e *Emulator) adminSpec(c echo.Context) error {
	name, ok := strings.CutSuffix(c.Param("file"), ".yaml")
	m := e.mounted(name)
	if !ok || m == nil {
		return adminFail(c, http.StatusNotFound, "no spec %q; there are %s", c.Param("file"), strings.Join(e.Providers(), ".yaml, ")+".yaml")
	}
	return c.Blob(http.StatusOK, "application/yaml", m.spec.Raw)
}

func (e *Emulator) adminGetState(c echo.Context) error {
	out, err := e.DumpState(c.Param("tenant"))
	if err != nil {
		return adminFail(c, http.StatusInternalServerError, "dumping state: %v", err)
	}
	if wantsJSON(c) {
		var v any
		if err := yaml.Unmarshal(out, &v); err != nil {
			return adminFail(c, http.StatusInternalServerError, "dumping state: %v", err)
		}
		return adminJSON(c, http.StatusOK, v)
	}
	return c.Blob(http.StatusOK, "application/yaml", out)
}

func wantsJSON(c echo.Context) bool {
	return c.QueryParam("format") == "json" || strings.Contains(c.Request().Header.Get("Accept"), "json")
}

// adminPutState replaces a tenant's state with a fixture document (YAML or JSON). A document with an
// error changes nothing and is answered with its line.
func (e *Emulator) adminPutState(c echo.Context) error {
	t := scoped(c)
	body, err := readAll(c, e.opts.MaxBodyBytes)
	if err != nil {
		return uploadFail(c, err)
	}
	now := t.clock.Now()
	w, err := loadWorld("state", body, e.plain, now)
	if err != nil {
		return adminFail(c, http.StatusBadRequest, "%v", err)
	}
	if _, err := e.changeTenant(t, func() *record { return &record{kind: recordState, now: now, body: body} }, func() {
		t.replaceLocked(w)
	}); err != nil {
		return adminFail(c, http.StatusInternalServerError, "%v", err)
	}
	return c.NoContent(http.StatusNoContent)
}

func (e *Emulator) adminJournal(c echo.Context) error {
	f := journal.Filter{Provider: c.QueryParam("provider"), Operation: c.QueryParam("operation")}
	if s := c.QueryParam("status"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return adminFail(c, http.StatusBadRequest, "status %q is not a number", s)
		}
		f.Status = n
	}
	for name, dst := range map[string]*time.Time{"since": &f.Since, "until": &f.Until} {
		if s := c.QueryParam(name); s != "" {
			t, err := contract.ParseDateTime(s)
			if err != nil {
				return adminFail(c, http.StatusBadRequest, "%s %q: want an ISO 8601 date-time such as 2026-01-02T15:04:05Z", name, s)
			}
			*dst = t
		}
	}
	return adminJSON(c, http.StatusOK, map[string]any{"entries": scoped(c).journal.List(f)})
}

type clockBody struct {
	Now     string `json:"now"`
	Virtual bool   `json:"virtual"`
}

func (e *Emulator) adminClock(c echo.Context) error {
	t := scoped(c)
	return adminJSON(c, http.StatusOK, clockBody{Now: t.clock.Now().Format(time.RFC3339Nano), Virtual: t.clock.Virtual()})
}

func (e *Emulator) adminSetClock(c echo.Context) error {
	var b clockBody
	if err := json.NewDecoder(c.Request().Body).Decode(&b); err != nil {
		return adminFail(c, http.StatusBadRequest, `want {"now": "2030-01-01T00:00:00Z"}: %v`, err)
	}
	at, err := contract.ParseDateTime(b.Now)
	if err != nil {
		return adminFail(c, http.StatusBadRequest, `"now" %q: want an ISO 8601 date-time such as 2030-01-01T00:00:00Z`, b.Now)
	}
	return e.adminChangeClock(c, func(c *clock.Clock) { c.Set(at) })
}

func (e *Emulator) adminAdvanceClock(c echo.Context) error {
	var b struct {
		By string `json:"by"`
	}
	if err := json.NewDecoder(c.Request().Body).Decode(&b); err != nil {
		return adminFail(c, http.StatusBadRequest, `want {"by": "30d"}: %v`, err)
	}
	d, err := fixture.ParseDuration(b.By)
	if err != nil {
		return adminFail(c, http.StatusBadRequest, `"by" %q: want a duration such as 30d, 36h, -90s or 1d12h`, b.By)
	}
	return e.adminChangeClock(c, func(c *clock.Clock) { c.Advance(d) })
}

// adminChangeClock changes the tenant's clock, durably, and answers with it.
func (e *Emulator) adminChangeClock(c echo.Context, change func(*clock.Clock)) error {
	if err := e.changeClock(scoped(c), change); err != nil {
		return adminFail(c, http.StatusInternalServerError, "%v", err)
	}
	return e.adminClock(c)
}

// Journal returns a tenant's recorded requests that match f, oldest first.
func (e *Emulator) Journal(tenantName string, f journal.Filter) []journal.Entry {
	return e.tenants.get(tenantName).journal.List(f)
}

// ClearJournal drops a tenant's recorded requests.
func (e *Emulator) ClearJournal(tenantName string) { e.tenants.get(tenantName).journal.Clear() }

// Clock is a tenant's clock, to set or advance from Go tests. Changes made through it are not
// saved in the state file; the admin API's are.
func (e *Emulator) Clock(tenantName string) *clock.Clock { return &e.tenants.get(tenantName).clock }

// adminTenant is the tenant an admin call is about: the path's, else ?tenant=, else the tenant
// header, else the default one.
func adminTenant(c echo.Context) string {
	for _, t := range []string{c.Param("tenant"), c.QueryParam("tenant"), c.Request().Header.Get(TenantHeader)} {
		if t != "" {
			return t
		}
	}
	return DefaultTenant
}

func (e *Emulator) adminListScenarios(c echo.Context) error {
	return adminJSON(c, http.StatusOK, map[string]any{
		"tenant": scoped(c).name, "scenarios": scoped(c).scenarios.List(),
	})
}

// adminAddScenario activates a scenario in a tenant: a whole scenario document (YAML or JSON), or
// just {"name": ...} of one in the library.
func (e *Emulator) adminAddScenario(c echo.Context) error {
	body, err := readAll(c, e.opts.MaxBodyBytes)
	if err != nil {
		return uploadFail(c, err)
	}
	var ref struct {
		Name  string `yaml:"name"`
		Rules []any  `yaml:"rules"`
	}
	_ = yaml.Unmarshal(body, &ref)
	s, known := e.library.get(ref.Name)
	if !known || len(ref.Rules) > 0 {
		if s, err = e.ParseScenario("scenario", body); err != nil {
			return adminFail(c, http.StatusBadRequest, "%v", err)
		}
		e.library.put(s)
	}
	scoped(c).scenarios.Add(s)
	return adminJSON(c, http.StatusCreated, s)
}

func (e *Emulator) adminRemoveScenario(c echo.Context) error {
	set := &scoped(c).scenarios
	name := c.Param("name")
	if name == "" {
		name = c.QueryParam("name")
	}
	if name == "" {
		set.Replace(nil)
		return c.NoContent(http.StatusNoContent)
	}
	if !set.Remove(name) {
		return adminFail(c, http.StatusNotFound, "scenario %q is not active in tenant %q", name, scoped(c).name)
	}
	return c.NoContent(http.StatusNoContent)
}
