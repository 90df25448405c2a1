package emulatortest_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/emulatortest"
	"github.com/accessemu/accessemu/emulator/journal"
)

func TestTenantName_MapsAnyStringOntoTheRule(t *testing.T) {
	long := strings.Repeat("a", 200)
	cases := []struct{ in, want string }{
		{"TestRevoke", "TestRevoke"},
		{"Test_X-1.2", "Test_X-1.2"},
		{"TestX/sub case", "TestX~2Fsub~20case"},
		{"a~b", "a~7Eb"},
		{"été", "~C3~A9t~C3~A9"},
		{"", "default"},
		{long, strings.Repeat("a", 110) + "~~c2a908d98f5df987"}, // the first 16 hex digits of sha256(long)
	}
	for _, c := range cases {
		got := emulatortest.TenantName(c.in)
		if got != c.want {
			t.Errorf("TenantName(%q) = %q, want %q", c.in, got, c.want)
		}
		if err := emulator.CheckTenantName(got); err != nil {
			t.Errorf("TenantName(%q): %v", c.in, err)
		}
	}
	// Strings that differ give names that differ, also past the length cut and around escapes.
	seen := map[string]string{}
	for _, in := range []string{"a/b", "a~2Fb", "a%2Fb", "a b", "a~20b", long, long + "b", long[:127] + "/", "a~~b"} {
		got := emulatortest.TenantName(in)
		if other, dup := seen[got]; dup {
			t.Errorf("%q and %q both map to %q", in, other, got)
		}
		seen[got] = in
	}
}

// A subtest's own name, slashes and spaces included, is a working tenant: requests through its URL
// reach the emulated API and land in that tenant's journal.
func TestWithTenant_SubtestNamesWork(t *testing.T) {
	root := emulatortest.New(t)
	for _, name := range []string{"with space", "nested/deeper"} {
		t.Run(name, func(t *testing.T) {
			emu := root.ForTenant(t.Name())
			if emu.Tenant != emulatortest.TenantName(t.Name()) || !strings.HasSuffix(emu.URL, "/t/"+emu.Tenant) {
				t.Fatalf("tenant %q, URL %s", emu.Tenant, emu.URL)
			}
			if code, body := revoke(t, emu); code != 200 {
				t.Fatalf("revoke through %s: %d %s", emu.URL, code, body)
			}
			if n := len(emu.Journal(journal.Filter{Operation: "revokeWhitelist"})); n != 1 {
				t.Fatalf("journal holds %d revokes", n)
			}
		})
	}
	own := emulatortest.New(t, emulatortest.WithTenant(t.Name()+"/x"))
	if own.Tenant != "TestWithTenant_SubtestNamesWork~2Fx" {
		t.Fatalf("WithTenant gave %q", own.Tenant)
	}
	if code, _ := revoke(t, own); code != 200 {
		t.Fatalf("WithTenant revoke: %d", code)
	}
}
