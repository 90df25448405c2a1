package emulator

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/accessemu/accessemu/emulator/journal"
)

func (e *Emulator) routes() *echo.Echo {
	ec := echo.New()
	ec.HideBanner, ec.HidePort = true, true
	ec.HTTPErrorHandler = e.unrouted
	for _, m := range e.providers {
		for _, op := range m.spec.Operations {
			h := e.operation(m, op)
			ec.Add(op.Method, op.EchoPath(), h)
			ec.Add(op.Method, "/t/:tenant"+op.EchoPath(), h)
			// echo would answer OPTIONS itself (204 and Allow, no body): answer it as the provider
			// answers any method it does not serve.
			for _, p := range []string{op.EchoPath(), "/t/:tenant" + op.EchoPath()} {
				ec.Add(http.MethodOptions, p, func(c echo.Context) error {
					e.unrouted(echo.ErrMethodNotAllowed, c)
					return nil
				})
			}
		}
	}
	e.adminRoutes(ec.Group(AdminPrefix, e.requireAdminToken))
	e.inspectorRoutes(ec)
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
	req := c.Request()
	tenantName, path := e.unroutedTenant(req)
	if strings.HasPrefix(path, AdminPrefix+"/") {
		_ = adminJSON(c, status, adminError{Error: http.StatusText(status) + ": " + req.Method + " " + path + " is not an admin route; see the README's admin API section"})
		return
	}
	owner := e.owner(path)
	if err := CheckTenantName(tenantName); err != nil {
		_ = tenantNameFault(c, err, owner != nil)
		entry := journal.Entry{Tenant: tenantName, Method: req.Method, Path: req.URL.Path, Status: c.Response().Status}
		if owner != nil {
			entry.Provider = owner.Name()
		}
		e.logRequest(&entry)
		return
	}
	if m := owner; m != nil {
		body, enc, _ := write(c, m, m.Render(m.Unrouted(req.Method, path, status == http.StatusMethodNotAllowed)))
		defer enc.release()
		entry := journal.Entry{
			Time: time.Now().UTC(), Tenant: tenantName, Provider: m.Name(), Method: req.Method, Path: req.URL.Path,
			Query: req.URL.RawQuery, Status: c.Response().Status,
		}
		entry.Capture(req.Header, nil, body)
		e.logRequest(&entry)
		t, err := e.tenants.lookup(tenantName)
		if err != nil {
			return // answered already; nothing to journal in a tenant that cannot exist
		}
		t.journal.Add(entry)
		return
	}
	_ = adminJSON(c, status, adminError{Error: http.StatusText(status) + ": no emulated API serves " + req.Method + " " + path})
}

// owner is the provider a path belongs to, if any.
func (e *Emulator) owner(path string) *mounted {
	for _, m := range e.providers {
		if m.Owns(path) {
			return m
		}
	}
	return nil
}

// unroutedTenant splits an unrouted request into the tenant it names and the provider path. After
// /t/ the tenant name is one segment, percent-decoded once; but when no provider owns the rest and
// does own a later part, the client put slashes in the name (/t/TestX/sub/v0/...), and the name
// runs up to that part, so that it is refused by the rule rather than answered a provider's 404.
func (e *Emulator) unroutedTenant(req *http.Request) (name, path string) {
	name, path = DefaultTenant, req.URL.Path
	if h := req.Header.Get(TenantHeader); h != "" {
		name = h
	}
	rest, ok := strings.CutPrefix(req.URL.EscapedPath(), "/t/")
	if !ok {
		return name, path
	}
	seg, tail, found := strings.Cut(rest, "/")
	if !found {
		return name, path
	}
	name, path = decodeTenant(seg), decodeTenant("/"+tail)
	for i := 0; e.owner(path) == nil; {
		j := strings.IndexByte(tail[i:], '/')
		if j < 0 {
			break
		}
		if later := decodeTenant(tail[i+j:]); e.owner(later) != nil {
			return decodeTenant(seg + "/" + tail[:i+j]), later
		}
		i += j + 1
	}
	return name, path
}
