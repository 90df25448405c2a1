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
		return adminJSON(c, http.StatusOK, struct {
			Status  string `json:"status"`
			Version string `json:"version"`
		}{"ok", Version})
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
		name, err := adminTenant(c)
		if err != nil {
			return tenantNameFault(c, err, false)
		}
		found, err := e.deleteTenant(name)
		switch {
		case err != nil:
			return adminFail(c, http.StatusInternalServerError, "%v", err)
		case !found:
			return adminFail(c, http.StatusNotFound, "%v", noTenant(name))
		}
		return c.NoContent(http.StatusNoContent)
	})
	// Routes that read or clear a tenant answer 404 for one that does not exist and create nothing;
	// routes that write to it (reset, a state upload, a clock change, activating a scenario) create
	// it, counting against --max-tenants, as a test sets up its tenant before its first request.
	// Route-level rather than group middleware: a group's would also run on unknown admin paths.
	read, write := e.withTenant(false), e.withTenant(true)
	g.POST("/tenants/:tenant/reset", func(c echo.Context) error {
		if err := e.reset(scoped(c)); err != nil {
			return adminFail(c, http.StatusInternalServerError, "%v", err)
		}
		return c.NoContent(http.StatusNoContent)
	}, write)
	g.GET("/tenants/:tenant/state", e.adminGetState, read)
	g.PUT("/tenants/:tenant/state", e.adminPutState, write)
	g.GET("/tenants/:tenant/journal", e.adminJournal, read)
	g.DELETE("/tenants/:tenant/journal", func(c echo.Context) error {
		scoped(c).journal.Clear()
		return c.NoContent(http.StatusNoContent)
	}, read)
	g.GET("/errors", func(c echo.Context) error {
		return adminJSON(c, http.StatusOK, map[string]any{"errors": e.Catalogue()})
	})
	g.GET("/scenarios/library", func(c echo.Context) error {
		return adminJSON(c, http.StatusOK, map[string]any{"scenarios": e.Scenarios()})
	})
	for _, prefix := range []string{"/scenarios", "/tenants/:tenant/scenarios"} {
		g.GET(prefix, e.adminListScenarios, read)
		g.POST(prefix, e.adminAddScenario, write)
		g.DELETE(prefix, e.adminRemoveScenario, read)
		g.DELETE(prefix+"/:name", e.adminRemoveScenario, read)
	}
	g.GET("/tenants/:tenant/clock", e.adminClock, read)
	g.PUT("/tenants/:tenant/clock", e.adminSetClock, write)
	g.POST("/tenants/:tenant/clock/advance", e.adminAdvanceClock, write)
	g.DELETE("/tenants/:tenant/clock", func(c echo.Context) error {
		return e.adminChangeClock(c, (*clock.Clock).Reset)
	}, read)
}

// withTenant resolves the tenant an admin call is about: a name that breaks the rule is refused,
// and a tenant that does not exist is created when create is set (refused over the cap), else
// answered 404.
func (e *Emulator) withTenant(create bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			name, err := adminTenant(c)
			if err != nil {
				return tenantNameFault(c, err, false)
			}
			t := e.tenants.find(name)
			if t == nil && !create {
				return adminFail(c, http.StatusNotFound, "%v", noTenant(name))
			}
			if t == nil {
				if err := e.tenants.room(name); err != nil {
					return adminFail(c, http.StatusTooManyRequests, "%v", err)
				}
			}
			c.Set("tenant", &tenantRef{tenants: e.tenants, name: name, t: t})
			return next(c)
		}
	}
}

// noTenant is the answer about a tenant that does not exist.
func noTenant(name string) error {
	return fmt.Errorf("tenant %q does not exist; a tenant is created by its first provider request, a reset, a state upload, a clock change or a scenario activation", name)
}

// tenantRef is the tenant withTenant resolved; one a write route may create is created when the
// handler first uses it, after the request was found valid, so that a refused write creates nothing.
type tenantRef struct {
	tenants *tenants
	name    string
	t       *tenant
}

// scoped is the tenant withTenant resolved, created now if it is new.
func scoped(c echo.Context) *tenant {
	ref := c.Get("tenant").(*tenantRef)
	if ref.t == nil {
		ref.t = ref.tenants.get(ref.name)
	}
	return ref.t
}

// scopedNow is the resolved tenant's time, without creating it.
func scopedNow(c echo.Context) time.Time {
	if ref := c.Get("tenant").(*tenantRef); ref.t != nil {
		return ref.t.clock.Now()
	}
	return time.Now().UTC()
}

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
	out, err := e.DumpState(scoped(c).name)
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
	body, err := readAll(c, e.opts.MaxBodyBytes)
	if err != nil {
		return uploadFail(c, err)
	}
	now := scopedNow(c)
	w, err := loadWorld("state", body, e.plain, now)
	if err != nil {
		return adminFail(c, http.StatusBadRequest, "%v", err)
	}
	t := scoped(c)
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

// adminTenant is the tenant an admin call is about: the path's (percent-decoded once), else
// ?tenant=, else the tenant header, else the default one; a name that breaks the rule is an error.
func adminTenant(c echo.Context) (string, error) {
	for _, t := range []string{pathParam(c, "tenant"), c.QueryParam("tenant"), c.Request().Header.Get(TenantHeader)} {
		if t != "" {
			return t, CheckTenantName(t)
		}
	}
	return DefaultTenant, nil
}

func (e *Emulator) adminListScenarios(c echo.Context) error {
	return adminJSON(c, http.StatusOK, map[string]any{
		"tenant": scoped(c).name, "scenarios": scoped(c).scenarios.List(),
	})
}

// adminAddScenario activates a scenario in a tenant: a whole scenario document (YAML or JSON), which
// lives in that tenant only, or just {"name": ...} of one in the library.
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
	}
	if err := scoped(c).scenarios.Add(s); err != nil {
		return adminFail(c, http.StatusConflict, "scenario %q not activated in tenant %q: %v", s.Name, scoped(c).name, err)
	}
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
