package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

func refusedName(name string) string {
	return `{"error":"tenant name \"` + name + `\" is not allowed: a tenant name is 1 to 128 characters, each a letter (A-Z, a-z), a digit or one of . _ ~ -"}`
}

// A tenant name that breaks the rule is answered 400 naming the rule, the same way at every entry
// point, never a provider's 404; a path's name is percent-decoded once before the rule applies.
func TestTenantName_BrokenNameIsRefusedWithTheRuleAtEveryEntryPoint(t *testing.T) {
	s := apitest.Start(t)
	long := strings.Repeat("x", 129)
	provider := []struct{ path, name string }{
		{"/t/a%2Fb/whitelist/revoke", "a/b"},
		{"/t/with%20space/whitelist/revoke", "with space"},
		{"/t/TestX/sub/whitelist/revoke", "TestX/sub"},
		{"/t/TestX/sub/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess", "TestX/sub"},
		{"/t/%C3%A9t%C3%A9/whitelist/revoke", "été"},
		{"/t//whitelist/revoke", ""},
		{"/t/" + long + "/whitelist/revoke", long},
	}
	for _, c := range provider {
		r := s.Do("DELETE", c.path, revoke, "Authorization", parcelKey)
		r.Expect(400, refusedName(c.name))
		if got := r.Header.Get(emulator.FaultHeader); got != "tenant-name" {
			t.Errorf("%s: %s %q, want tenant-name", c.path, emulator.FaultHeader, got)
		}
	}
	r := s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey, emulator.TenantHeader, "a/b")
	r.Expect(400, refusedName("a/b"))
	if r.Header.Get(emulator.FaultHeader) != "tenant-name" {
		t.Errorf("header: no %s", emulator.FaultHeader)
	}
	s.Do("GET", "/whitelist/nope", "", "Authorization", parcelKey, emulator.TenantHeader, "x y").Expect(400, refusedName("x y"))

	admin := []struct{ method, path, name string }{
		{"GET", "/__emulator/tenants/a%2Fb/journal", "a/b"},
		{"POST", "/__emulator/tenants/with%20space/reset", "with space"},
		{"PUT", "/__emulator/tenants/a%2Fb/clock", "a/b"},
		{"GET", "/__emulator/scenarios?tenant=a%2Fb", "a/b"},
		{"POST", "/__emulator/scenarios?tenant=x%20y", "x y"},
		{"DELETE", "/__emulator/tenants/bad%20name", "bad name"},
		{"GET", "/__emulator/tenants/" + long + "/state", long},
	}
	for _, c := range admin {
		s.Do(c.method, c.path, `{"now":"2030-01-01T00:00:00Z","name":"parcel-slow"}`).Expect(400, refusedName(c.name))
	}
	s.Do("GET", "/__emulator/scenarios", "", emulator.TenantHeader, "a/b").Expect(400, refusedName("a/b"))

	s.Do("GET", "/__emulator/tenants", "").Expect(200, `{"tenants":[]}`)
}

// Every allowed character works, and an escaped allowed character names the same tenant as the
// plain one, by path or header.
func TestTenantName_AllowedNamesReadTheSameEscapedOrNot(t *testing.T) {
	s := apitest.Start(t)
	s.Do("DELETE", "/t/Az09._~-/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/t/%41bc/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey, emulator.TenantHeader, "Abc").Expect(400, notOwned)
	s.Do("DELETE", "/t/Abc/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)
	s.Do("DELETE", "/t/"+strings.Repeat("y", 128)+"/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("GET", "/__emulator/tenants", "").Expect(200, `{"tenants":["Abc","Az09._~-","`+strings.Repeat("y", 128)+`"]}`)
}

// The emulator's own headers are read without canonicalizing their names on every request, which
// finds them only while the names are canonical.
func TestOwnHeaders_AreCanonical(t *testing.T) {
	for _, h := range []string{emulator.TenantHeader, emulator.ScenarioHeader, emulator.FaultHeader} {
		if c := http.CanonicalHeaderKey(h); c != h {
			t.Errorf("%s is not canonical (%s)", h, c)
		}
	}
}
