package generate_test

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
	"github.com/accessemu/accessemu/internal/generate"
)

func world(t *testing.T, o generate.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := generate.Write(&buf, emulator.Registry(), o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func counts(adaptyProfiles, airtableUsers, parcelLicenses int) map[string]int {
	return map[string]int{"adapty": adaptyProfiles, "airtable": airtableUsers, "parcel": parcelLicenses}
}

// The files in testdata are what the generator wrote when its format last changed (a directive per
// provider, and the same world item by item); the same seed and counts still give the same bytes.
func TestWrite_SameBytesAsTheCommittedWorlds(t *testing.T) {
	for file, o := range map[string]generate.Options{
		"testdata/seed7.yaml":          {Seed: 7, Counts: counts(40, 41, 1042)},
		"testdata/seed7-expanded.yaml": {Seed: 7, Counts: counts(40, 41, 1042), Expand: true},
		"testdata/seed1-empty.yaml":    {Seed: 1},
	} {
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := world(t, o); !bytes.Equal(got, want) {
			t.Errorf("%s differs from what the generator writes now:\n%s", file, firstDiff(want, got))
		}
	}
}

// firstDiff shows the first line where two files differ.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return fmt.Sprintf("line %d\nwant %s\n got %s", i+1, w[i], g[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

func TestWrite_SameSeedGivesIdenticalBytes(t *testing.T) {
	for _, expand := range []bool{false, true} {
		o := generate.Options{Seed: 7, Counts: counts(50, 50, 50), Expand: expand}
		a, b := world(t, o), world(t, o)
		if !bytes.Equal(a, b) {
			t.Fatal("the same options gave different files")
		}
		o.Seed = 8
		if bytes.Equal(a, world(t, o)) {
			t.Fatal("a different seed gave the same file")
		}
	}
}

// Without --expand, a provider's generated identities are one directive, whatever their number.
func TestWrite_DirectivesKeepTheFileSmall(t *testing.T) {
	small, big := world(t, generate.Options{Seed: 7, Counts: counts(10, 10, 0)}), world(t, generate.Options{Seed: 7, Counts: counts(1_000_000, 1_000_000, 0)})
	if d := len(big) - len(small); d != 20 {
		t.Errorf("a million identities more made the file %d bytes longer, want 20 (the counts' digits, in the header and the directives)", d)
	}
	for _, directive := range []string{"      generated_profiles: {count: 1000000, seed: 7}\n", "      generated_users: {count: 1000000, seed: 7}\n"} {
		if !strings.Contains(string(big), directive) {
			t.Errorf("the file lacks %q", directive)
		}
	}
}

func TestWrite_ChangingOneCountLeavesOtherSectionsAlone(t *testing.T) {
	a := world(t, generate.Options{Seed: 3, Counts: counts(0, 20, 20), Expand: true})
	b := world(t, generate.Options{Seed: 3, Counts: counts(0, 20, 21), Expand: true})
	section := func(doc []byte) string {
		s := string(doc)
		return s[strings.Index(s, "\nairtable:"):strings.Index(s, "\nparcel:")]
	}
	if section(a) != section(b) {
		t.Fatal("more Parcel licences changed the Airtable section")
	}
}

func TestWrite_GeneratedWorldLoadsAndServesItsIdentities(t *testing.T) {
	data := world(t, generate.Options{Seed: 1, Counts: counts(300, 300, 300)})
	if !bytes.Contains(data, []byte("generated_licenses: {count: 300, seed: 1}")) {
		t.Fatal("the world is not written with directives")
	}
	if _, err := emulator.New(emulator.Options{Fixtures: data}); err != nil {
		t.Fatalf("the generated world does not load: %v", err)
	}
	s := apitest.Start(t, string(data))
	// A generated licence can be revoked once.
	last := strconv.Itoa(parcel.GeneratedRobloxBase + 299)
	check := s.Do("GET", "/whitelist/check/roblox/"+last+"?product_id=65a1b2c3d4e5f60718293a4b", "", "Authorization", "prod_EmulatorDefaultHubKey0001")
	if check.Status != 200 {
		t.Fatalf("check of a generated licence: %d %s", check.Status, check.Body)
	}
	// The default world's identities are kept: its licence revokes as it does there.
	s.Do("DELETE", "/whitelist/revoke", `{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`,
		"Authorization", "prod_EmulatorDefaultHubKey0001").
		Expect(200, `{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"65a1b2c3d4e5f60718293a4b","state":"License has been revoked"}}`)
	s.Do("POST", "/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess", `{"users":[{"id":"usrEmuAdmin000002"}]}`,
		"Authorization", "Bearer patEmuAdmin000001.admin").Expect(200, `{"errors":[]}`)
	adaptyKey := "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv"
	revoke := "/api/v2/server-side-api/purchase/profile/revoke/access-level/"
	for _, user := range []string{"user-premium", adapty.GeneratedCustomerPrefix + "299"} {
		var level string
		if strings.HasPrefix(user, adapty.GeneratedCustomerPrefix) {
			profile := s.Do("GET", "/api/v2/server-side-api/profile/", "", "Authorization", adaptyKey, "adapty-customer-user-id", user)
			level = profile.Body[strings.Index(profile.Body, `"access_level_id":"`)+len(`"access_level_id":"`):]
			level = level[:strings.IndexByte(level, '"')]
		} else {
			level = "premium"
		}
		if r := s.Do("POST", revoke, `{"access_level_id":"`+level+`"}`, "Authorization", adaptyKey, "adapty-customer-user-id", user); r.Status != 200 {
			t.Errorf("revoke of %s's %s: %d %s", user, level, r.Status, r.Body)
		}
	}
	state, err := s.Emu.DumpState("default")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(state), "roblox_id:"); n != 300 {
		t.Errorf("%d licences after one revoke, want 300", n)
	}
	if n := strings.Count(string(state), "two_factor_enabled:"); n != 307 {
		t.Errorf("%d Airtable users, want 7 default and 300 generated", n)
	}
}

func TestWrite_RefusesNegativeCounts(t *testing.T) {
	if err := generate.Write(&bytes.Buffer{}, emulator.Registry(), generate.Options{Counts: counts(0, 0, -1)}); err == nil {
		t.Fatal("a negative count was accepted")
	}
}
