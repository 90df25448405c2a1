package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/labstack/echo/v4"
)

// MaxTenantNameLength is the longest tenant name.
const MaxTenantNameLength = 128

// TenantNameRule says which tenant names are accepted, wherever a name is given: the /t/{tenant}
// path prefix, the Accessemu-Tenant header and the admin API. Each of these characters is
// unreserved in a URL, so a valid name reads the same escaped or not.
const TenantNameRule = "1 to 128 characters, each a letter (A-Z, a-z), a digit or one of . _ ~ -"

// CheckTenantName reports a name that breaks TenantNameRule, with the rule.
func CheckTenantName(name string) error {
	if name == "" || len(name) > MaxTenantNameLength || strings.IndexFunc(name, notTenantRune) >= 0 {
		return fmt.Errorf("tenant name %q is not allowed: a tenant name is %s", name, TenantNameRule)
	}
	return nil
}

func notTenantRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '~' || r == '-')
}

// tenantNameFault answers a request naming a tenant that breaks the rule: the admin API's error
// shape, marked as the emulator's own answer on a provider path.
func tenantNameFault(c echo.Context, err error, providerPath bool) error {
	if providerPath {
		c.Response().Header().Set(FaultHeader, "tenant-name")
	}
	return adminFail(c, http.StatusBadRequest, "%v", err)
}

// decodeTenant percent-decodes a tenant name taken from a path, once, so that /t/a%2Fb names
// "a/b" and /t/with%20space names "with space" (both then refused by the rule).
func decodeTenant(raw string) string {
	if s, err := url.PathUnescape(raw); err == nil {
		return s
	}
	return raw
}

// requestTenant resolves the tenant of a provider request. A name that breaks the rule is answered
// 400 and a new tenant over the cap 429, both in the admin API's error shape and marked with
// FaultHeader; then the tenant is nil and the request is answered.
func (e *Emulator) requestTenant(c echo.Context, provider, operation string, start time.Time) (*tenant, error) {
	name, err := tenantOf(c)
	var t *tenant
	var answered error
	switch {
	case err != nil:
		answered = tenantNameFault(c, err, true)
	default:
		if t, err = e.tenants.lookup(name); err != nil {
			c.Response().Header().Set(FaultHeader, "tenant-limit")
			answered = adminFail(c, http.StatusTooManyRequests, "%v", err)
		}
	}
	if t == nil {
		req := c.Request()
		e.logRequest(&journal.Entry{
			Tenant: name, Provider: provider, Operation: operation, Method: req.Method, Path: req.URL.Path,
			Status: c.Response().Status, DurationMS: float64(time.Since(start).Microseconds()) / 1000,
		})
	}
	return t, answered
}
