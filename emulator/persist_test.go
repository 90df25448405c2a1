package emulator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

const airtableBase = airtableUsers + "/"

func TestStateFile_RestartKeepsEveryTenantsState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	first := apitest.StartWith(t, emulator.Options{StateFile: path})
	first.Do("DELETE", "/t/kept/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	first.Do("POST", "/t/kept"+airtableBase+"revokeAdminAccess",
		`{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", airtableToken).Expect(200, `{"errors":[]}`)
	if err := first.Emu.Close(); err != nil {
		t.Fatal(err)
	}
	second := apitest.StartWith(t, emulator.Options{StateFile: path})
	second.Do("DELETE", "/t/kept/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)
	second.Do("POST", "/t/kept"+airtableBase+"revokeAdminAccess",
		`{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", airtableToken).Expect(200,
		`{"errors":[{"id":"usrEmuAdmin000002","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`)
	// A tenant that was never saved still starts from the loaded world.
	second.Do("DELETE", "/t/fresh/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
}

// changeEverything drives every kind of change a tenant can go through, in tenants a, b and gone.
func changeEverything(s *apitest.Server) {
	adapty := func(path, tenant, customer, body string) {
		s.Do("POST", "/t/"+tenant+path, body, "Authorization", adaptyKey, "Adapty-Customer-User-Id", customer)
	}
	s.Do("PUT", "/__emulator/tenants/a/clock", `{"now":"2031-02-03T04:05:06.789Z"}`)
	adapty(adaptyGrant, "a", "user-free", `{"access_level_id":"vip","expires_at":"2032-01-01T00:00:00Z"}`)
	adapty(adaptyRevoke, "a", "user-premium", `{"access_level_id":"premium"}`)
	s.Do("POST", "/__emulator/tenants/a/clock/advance", `{"by":"36h"}`)
	adapty(adaptyGrant, "a", "user-lifetime", `{"access_level_id":"vip"}`)
	s.Do("POST", "/t/a"+airtableBase+"grantAdminAccess", `{"users":[{"id":"usrEmuMember00001"},{"email":"foo@bam.com"}]}`, "Authorization", airtableToken)
	s.Do("POST", "/t/a/whitelist/assign", `{"product_id":"65a1b2c3d4e5f60718293a4c","userid":"4242","userid_type":"roblox"}`, "Authorization", parcelKey)
	s.Do("DELETE", "/t/a/whitelist/revoke", revoke, "Authorization", parcelKey)
	// b: changed, reset, changed again; then its state replaced by an upload.
	s.Do("DELETE", "/t/b/whitelist/revoke", revoke, "Authorization", parcelKey)
	s.Do("POST", "/__emulator/tenants/b/reset", "")
	adapty(adaptyGrant, "b", "user-free", `{"access_level_id":"premium"}`)
	s.Do("PUT", "/__emulator/tenants/b/state", "parcel:\n  hubs:\n    - id: 65a1b2c3d4e5f60718293a00\n      keys: [k1]\n      products: [{id: 65a1b2c3d4e5f60718293a4b}]\n")
	s.Do("POST", "/t/b/whitelist/assign", `{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"77","userid_type":"roblox"}`, "Authorization", "k1")
	// gone: changed, then deleted.
	s.Do("DELETE", "/t/gone/whitelist/revoke", revoke, "Authorization", parcelKey)
	s.Do("DELETE", "/__emulator/tenants/gone", "")
}

// Every kind of change (requests of each provider at a virtual time, clock changes, reset, state
// upload, deletion) comes back after a restart exactly: the state dumps are equal byte for byte.
func TestStateFile_RestartReplaysEveryKindOfChangeExactly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	first := apitest.StartWith(t, emulator.Options{StateFile: path})
	changeEverything(first)
	want := dumps(t, first.Emu, "a", "b")
	wantClock := first.Do("GET", "/__emulator/tenants/a/clock", "").Body
	first.Emu.Close()

	second := apitest.StartWith(t, emulator.Options{StateFile: path})
	if got := dumps(t, second.Emu, "a", "b"); got != want {
		t.Errorf("state after restart differs\n got: %s\nwant: %s", got, want)
	}
	second.Do("GET", "/__emulator/tenants/a/clock", "").Expect(200, wantClock)
	if !strings.Contains(wantClock, `"now":"2031-02-04T16:05:06.789Z"`) {
		t.Errorf("clock before restart: %s", wantClock)
	}
	second.Do("GET", "/__emulator/tenants", "").Expect(200, `{"tenants":["a","b"]}`)
}

func dumps(t *testing.T, e *emulator.Emulator, tenants ...string) string {
	t.Helper()
	var b strings.Builder
	for _, name := range tenants {
		out, err := e.DumpState(name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "--- %s\n%s", name, out)
	}
	return b.String()
}

// A tenant whose log outgrows its base is compacted into a snapshot off the request path; the
// file then holds a snapshot and a short log, and a restart gives the same state.
func TestStateFile_CompactionReplacesTheLogBySnapshotAndKeepsState(t *testing.T) {
	defer emulator.SetCompactAfterBytes(16 << 10)()
	path := filepath.Join(t.TempDir(), "state.db")
	first := apitest.StartWith(t, emulator.Options{StateFile: path})
	changeEverything(first)
	for i := range 400 {
		body := fmt.Sprintf(`{"product_id":"65a1b2c3d4e5f60718293a4c","userid":"%d","userid_type":"roblox"}`, 9000+i)
		first.Do("POST", "/t/a/whitelist/assign", body, "Authorization", parcelKey).Expect(200,
			`{"status":"200","message":"OK","data":{"userid":"`+fmt.Sprint(9000+i)+`","userid_type":"roblox","product_id":"65a1b2c3d4e5f60718293a4c","state":"License has been assigned"}}`)
	}
	// Compaction runs in the background: wait for the snapshot, and a log no longer than it.
	waitFor(t, func() bool {
		logBytes, snap := first.Emu.SavedSizes("a")
		return snap > 0 && logBytes <= max(16<<10, snap)
	})
	// A grant replayed over the snapshot numbers its transaction as it was numbered when it ran.
	first.Do("POST", "/t/a"+adaptyGrant, `{"access_level_id":"premium"}`, "Authorization", adaptyKey, "Adapty-Customer-User-Id", "user-free")
	want := dumps(t, first.Emu, "a", "b")
	first.Emu.Close()
	second := apitest.StartWith(t, emulator.Options{StateFile: path})
	if got := dumps(t, second.Emu, "a", "b"); got != want {
		t.Errorf("state after compaction and restart differs\n got: %s\nwant: %s", got, want)
	}
	second.Do("GET", "/__emulator/tenants/a/clock", "").Expect(200, `{"now":"2031-02-04T16:05:06.789Z","virtual":true}`)
}

func TestStateFile_UnusableFileIsRefusedWithPathAndReasonNeverReplaced(t *testing.T) {
	dir := t.TempDir()
	// A real state file with a change in it, to damage.
	good := filepath.Join(dir, "good.db")
	s := apitest.StartWith(t, emulator.Options{StateFile: good})
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Emu.Close()
	real, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "foreign.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("someone-else")); return err }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	foreignBytes, _ := os.ReadFile(foreign)
	flipped := flipInRecord(t, real)

	for name, c := range map[string]struct {
		content []byte
		reason  string
	}{
		"empty":      {nil, "empty: not a state file"},
		"short junk": {[]byte("parcel: {}\n"), "truncated or not a state file: 11 bytes"},
		"broken earlier YAML": {[]byte("tenants:\n  default:\n    parcel:\n      hubz: []\n"),
			"written by an earlier accessemu in the YAML state format, and not readable as one (tenant default: parcel: line 4: unknown field \"hubz\""},
		"not a database":  {[]byte(strings.Repeat("accessemu? no. ", 1000)), "not a state file (invalid database)"},
		"foreign bbolt":   {foreignBytes, "a bbolt database, but not an accessemu state file"},
		"truncated":       {real[:3*4096], "truncated: the file is 12288 bytes, its header says"},
		"damaged record":  {flipped, "checksum mismatch"},
		"cut to a header": {real[:8192], "truncated: the file is 8192 bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			if err := os.WriteFile(path, c.content, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := emulator.New(emulator.Options{StateFile: path})
			if err == nil || !strings.Contains(err.Error(), "state file "+path+" cannot be used: ") || !strings.Contains(err.Error(), c.reason) {
				t.Fatalf("error = %v\nwant the path and %q", err, c.reason)
			}
			if got, _ := os.ReadFile(path); string(got) != string(c.content) {
				t.Fatal("the refused file was changed")
			}
		})
	}
}

// A state file of the earlier YAML format is migrated in place, its tenants kept; the old file is
// kept beside it.
func TestStateFile_EarlierYAMLFileIsMigratedAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.yaml")
	old := "tenants:\n  kept:\n    parcel:\n      hubs:\n        - id: 65a1b2c3d4e5f60718293a00\n          keys: [k1]\n" +
		"          products: [{id: " + sword + "}]\n          licenses: [{product_id: " + sword + ", roblox_id: \"5\"}]\n"
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	revokeFive := `{"product_id":"` + sword + `","userid":"5","userid_type":"roblox"}`
	first := apitest.StartWith(t, emulator.Options{StateFile: path})
	first.Do("DELETE", "/t/kept/whitelist/revoke", revokeFive, "Authorization", "k1").Expect(200,
		`{"status":"200","message":"OK","data":{"userid":"5","userid_type":"roblox","product_id":"`+sword+`","state":"License has been revoked"}}`)
	first.Emu.Close()
	if kept, err := os.ReadFile(path + ".v1.yaml"); err != nil || string(kept) != old {
		t.Fatalf("the old file was not kept: %v %q", err, kept)
	}
	second := apitest.StartWith(t, emulator.Options{StateFile: path})
	second.Do("DELETE", "/t/kept/whitelist/revoke", revokeFive, "Authorization", "k1").Expect(400, notOwned)
}

// flipInRecord damages one byte of the saved revoke's body inside a state file's bytes.
func flipInRecord(t *testing.T, file []byte) []byte {
	t.Helper()
	i := strings.Index(string(file), `"userid":"1001"`)
	if i < 0 {
		t.Fatal("the saved request is not in the file")
	}
	out := []byte(string(file))
	out[i+11] ^= 0x01 // "1001" becomes "0001"
	return out
}

// A second emulator on the same file is refused while the first holds it.
func TestStateFile_FileInUseIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	apitest.StartWith(t, emulator.Options{StateFile: path})
	_, err := emulator.New(emulator.Options{StateFile: path})
	if err == nil || !strings.Contains(err.Error(), "locked by another process") {
		t.Fatalf("error = %v", err)
	}
}

// Tenants started from one fixture world cannot be replayed over another.
func TestStateFile_OtherFixturesThanSavedWithAreRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s := apitest.StartWith(t, emulator.Options{StateFile: path})
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Emu.Close()
	_, err := emulator.New(emulator.Options{StateFile: path, Fixtures: []byte("parcel:\n  hubs: []\n")})
	if err == nil || !strings.Contains(err.Error(), "holds tenants that started from other fixtures than these") {
		t.Fatalf("error = %v", err)
	}
}

func TestAdminUpload_OverTheCapIsRefusedWith413NamingIt(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{MaxBodyBytes: 100})
	big := "parcel:\n  hubs: []\n#" + strings.Repeat("x", 100)
	want := `{"error":"the upload is over the limit of 100 bytes (--max-body-bytes); nothing was changed"}`
	s.Do("PUT", "/__emulator/tenants/default/state", big).Expect(413, want)
	s.Do("POST", "/__emulator/scenarios", "name: s\n#"+strings.Repeat("x", 100)).Expect(413, want)
	// At the cap exactly, the upload is read.
	if res := s.Do("PUT", "/__emulator/tenants/default/state", "parcel:\n  hubs: []\n#"+strings.Repeat("x", 100-20)); res.Status != 204 {
		t.Fatalf("upload at the cap: %d %s", res.Status, res.Body)
	}
}

// waitFor polls cond until it holds, failing the test after 10 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
	}
}
