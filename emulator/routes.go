package emulator

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/accessemu/accessemu/emulator/adapty"
	"github.com/accessemu/accessemu/emulator/airtable"
	"github.com/accessemu/accessemu/emulator/parcel"
	"github.com/accessemu/accessemu/emulator/provider"
)

// registry lists the emulated providers; adding one is one line here, one spec and one package.
func registry() []provider.Provider {
	return []provider.Provider{adapty.New(), airtable.New(), parcel.New()}
}

// AdminPrefix is the reserved path prefix of the emulator's own API; no provider path starts with it.
const AdminPrefix = "/__emulator"

// TenantHeader names the tenant of a request, as an alternative to the /t/{tenant} path prefix.
const TenantHeader = "Accessemu-Tenant"

func (e *Emulator) routes() *echo.Echo {
	ec := echo.New()
	ec.HideBanner, ec.HidePort = true, true
	ec.HTTPErrorHandler = e.unrouted
	for _, m := range e.providers {
		for _, op := range m.spec.Operations {
			h := e.operation(m, op)
			ec.Add(op.Method, op.EchoPath(), h)
			ec.Add(op.Method, "/t/:tenant"+op.EchoPath(), h)
		}
	}
	ec.GET(AdminPrefix+"/health", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]any{"status": "ok", "providers": e.Providers()})
	})
	return ec
}

// unrouted answers paths and methods no route serves, in the envelope of the provider the path
// belongs to, so that a client's typo looks like the real API's answer.
func (e *Emulator) unrouted(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
	}
	path := c.Request().URL.Path
	if rest, ok := strings.CutPrefix(path, "/t/"); ok {
		if _, p, found := strings.Cut(rest, "/"); found {
			path = "/" + p
		}
	}
	for _, m := range e.providers {
		if m.Owns(path) {
			resp := m.Render(m.Unrouted(c.Request().Method, path, status == http.StatusMethodNotAllowed))
			_ = write(c, m, resp)
			return
		}
	}
	_ = c.JSON(status, map[string]string{
		"error": http.StatusText(status) + ": no emulated API serves " + c.Request().Method + " " + path,
	})
}
