package emulator_test

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/internal/apitest"
)

const (
	parcelKey = "prod_EmulatorDefaultHubKey0001"
	sword     = "65a1b2c3d4e5f60718293a4b"
	revoke    = `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox"}`
	revoked   = `{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"` + sword + `","state":"License has been revoked"}}`
	notOwned  = `{"status":"400","message":"User does not own this license.","data":{}}`
)

// Two tenants revoke the same licence at the same time: each sees exactly one success, and the
// default tenant is untouched.
func TestTenants_ConcurrentRevokesDoNotInterfere(t *testing.T) {
	s := apitest.Start(t)
	const tenants, tries = 8, 10
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := map[string]int{}
	for i := range tenants {
		for range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("team-%d", i)
				// Half of the tenants are chosen by path prefix, half by header.
				path, headers := "/t/"+name+"/whitelist/revoke", []string{"Authorization", parcelKey}
				if i%2 == 1 {
					path, headers = "/whitelist/revoke", append(headers, emulator.TenantHeader, name)
				}
				res := s.Do("DELETE", path, revoke, headers...)
				switch res.Status {
				case 200:
					mu.Lock()
					ok[name]++
					mu.Unlock()
				case 400:
					res.Expect(400, notOwned)
				default:
					t.Errorf("%s: %d %s", name, res.Status, res.Body)
				}
			}()
		}
	}
	wg.Wait()
	for i := range tenants {
		if n := ok[fmt.Sprintf("team-%d", i)]; n != 1 {
			t.Errorf("team-%d: %d successful revokes, want exactly 1", i, n)
		}
	}
	s.Do("GET", "/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", parcelKey).Expect(200,
		`{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"`+sword+`","owns_license":true}}`)
	got := s.Do("GET", "/__emulator/tenants", "")
	if !strings.Contains(got.Body, `"team-7"`) || !strings.Contains(got.Body, `"default"`) {
		t.Fatalf("tenants: %s", got.Body)
	}
}

func TestAdmin_ResetRestoresTheLoadedWorld(t *testing.T) {
	s := apitest.Start(t)
	s.Do("DELETE", "/t/a/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/t/a/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)
	if r := s.Do("POST", "/__emulator/tenants/a/reset", ""); r.Status != 204 {
		t.Fatalf("reset: %d %s", r.Status, r.Body)
	}
	s.Do("DELETE", "/t/a/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	if n := len(s.Emu.Journal("a", journal.Filter{})); n != 1 {
		t.Fatalf("journal after reset holds %d entries, want 1", n)
	}
}

func TestAdmin_DeletedTenantStartsAfresh(t *testing.T) {
	s := apitest.Start(t)
	s.Do("DELETE", "/t/b/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	if r := s.Do("DELETE", "/__emulator/tenants/b", ""); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	s.Do("DELETE", "/__emulator/tenants/b", "").Expect(404, `{"error":"tenant \"b\" does not exist; a tenant is created by its first provider request, a reset, a state upload, a clock change or a scenario activation"}`)
	s.Do("DELETE", "/t/b/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
}

// A tenant's state dumped and loaded into another tenant gives the same state; a broken document
// is refused with its line and changes nothing.
func TestAdmin_StateRoundTripsAndBadDocumentsChangeNothing(t *testing.T) {
	s := apitest.Start(t)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	dump := s.Do("GET", "/__emulator/tenants/default/state", "")
	if dump.Status != 200 || !strings.Contains(dump.Header.Get("Content-Type"), "yaml") {
		t.Fatalf("state: %d %s", dump.Status, dump.Header)
	}
	if r := s.Do("PUT", "/__emulator/tenants/copy/state", dump.Body); r.Status != 204 {
		t.Fatalf("put: %d %s", r.Status, r.Body)
	}
	if again := s.Do("GET", "/__emulator/tenants/copy/state", ""); again.Body != dump.Body {
		t.Fatalf("state changed on the way:\n%s\n---\n%s", dump.Body, again.Body)
	}
	s.Do("DELETE", "/t/copy/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)

	s.Do("PUT", "/__emulator/tenants/copy/state", "parcel:\n  hubs:\n    - keyz: []\n").Expect(400,
		`{"error":"state: parcel: line 3: unknown field \"keyz\" (known: generated_licenses, id, keys, licenses, name, plan, products)"}`)
	if again := s.Do("GET", "/__emulator/tenants/copy/state", ""); again.Body != dump.Body {
		t.Fatal("a refused document changed the state")
	}
	var asJSON map[string]any
	s.Do("GET", "/__emulator/tenants/copy/state?format=json", "").JSON(&asJSON)
	if _, ok := asJSON["parcel"]; !ok {
		t.Fatalf("JSON state has no parcel section: %v", asJSON)
	}
}

func TestJournal_RecordsFiltersMasksAndClears(t *testing.T) {
	s := apitest.Start(t)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)
	s.Do("GET", "/whitelist/nope", "", "Authorization", parcelKey)

	var all struct{ Entries []journal.Entry }
	s.Do("GET", "/__emulator/tenants/default/journal", "").JSON(&all)
	if len(all.Entries) != 3 {
		t.Fatalf("%d entries, want 3", len(all.Entries))
	}
	first := all.Entries[0]
	if first.Provider != "parcel" || first.Operation != "revokeWhitelist" || first.Method != "DELETE" ||
		first.Body != revoke || first.Status != 200 || first.ResponseBody != revoked {
		t.Fatalf("first entry: %+v", first)
	}
	if got := first.Headers["Authorization"]; got != "prod_Emu…(30 chars)" {
		t.Fatalf("Authorization recorded as %q, want it masked", got)
	}
	var failed struct{ Entries []journal.Entry }
	s.Do("GET", "/__emulator/tenants/default/journal?status=400&operation=revokeWhitelist", "").JSON(&failed)
	if len(failed.Entries) != 1 || failed.Entries[0].ResponseBody != notOwned {
		t.Fatalf("filtered: %+v", failed.Entries)
	}
	var later struct{ Entries []journal.Entry }
	s.Do("GET", "/__emulator/tenants/default/journal?since=2999-01-01T00:00:00Z", "").JSON(&later)
	if len(later.Entries) != 0 {
		t.Fatalf("since filter kept %d", len(later.Entries))
	}
	s.Do("GET", "/__emulator/tenants/default/journal?status=abc", "").Expect(400, `{"error":"status \"abc\" is not a number"}`)
	if r := s.Do("DELETE", "/__emulator/tenants/default/journal", ""); r.Status != 204 {
		t.Fatal(r.Status)
	}
	if n := len(s.Emu.Journal("default", journal.Filter{})); n != 0 {
		t.Fatalf("%d entries after clear", n)
	}
}

// However many requests arrive, a tenant's journal holds at most its bound: the newest ones.
func TestJournal_StaysWithinItsBound(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{JournalSize: 25})
	for range 300 {
		s.Do("GET", "/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", parcelKey)
	}
	entries := s.Emu.Journal("default", journal.Filter{})
	if len(entries) != 25 {
		t.Fatalf("%d entries, want 25", len(entries))
	}
	if entries[0].Seq != 276 || entries[24].Seq != 300 {
		t.Fatalf("kept seq %d..%d, want 276..300", entries[0].Seq, entries[24].Seq)
	}
}

func TestAdmin_ClockSetAdvanceAndReset(t *testing.T) {
	s := apitest.Start(t)
	s.Do("PUT", "/__emulator/tenants/c/clock", `{"now":"2030-01-01T00:00:00Z"}`).Expect(200, `{"now":"2030-01-01T00:00:00Z","virtual":true}`)
	s.Do("POST", "/__emulator/tenants/c/clock/advance", `{"by":"1d12h"}`).Expect(200, `{"now":"2030-01-02T12:00:00Z","virtual":true}`)
	s.Do("POST", "/__emulator/tenants/c/clock/advance", `{"by":"soon"}`).Expect(400,
		`{"error":"\"by\" \"soon\": want a duration such as 30d, 36h, -90s or 1d12h"}`)
	s.Do("PUT", "/__emulator/tenants/c/clock", `{"now":"tomorrow"}`).Expect(400,
		`{"error":"\"now\" \"tomorrow\": want an ISO 8601 date-time such as 2030-01-01T00:00:00Z"}`)
	var clock struct{ Virtual bool }
	s.Do("DELETE", "/__emulator/tenants/c/clock", "").JSON(&clock)
	if clock.Virtual {
		t.Fatal("clock still virtual after reset")
	}
	var other struct{ Virtual bool }
	s.Do("GET", "/__emulator/tenants/default/clock", "").JSON(&other)
	if other.Virtual {
		t.Fatal("another tenant's clock moved")
	}
}

func TestAdmin_TokenGuardsEveryAdminRoute(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{AdminToken: "s3cret"})
	const denied = `{"error":"the admin API needs the header Authorization: Bearer <admin token> (see --admin-token)"}`
	for _, path := range []string{"/health", "/ready", "/tenants", "/tenants/default/state", "/tenants/default/journal", "/tenants/default/clock", "/openapi/parcel.yaml"} {
		s.Do("GET", "/__emulator"+path, "").Expect(401, denied)
		s.Do("GET", "/__emulator"+path, "", "Authorization", "Bearer wrong").Expect(401, denied)
		if r := s.Do("GET", "/__emulator"+path, "", "Authorization", "Bearer s3cret"); r.Status != 200 {
			t.Errorf("%s with the token: %d %s", path, r.Status, r.Body)
		}
	}
	s.Do("POST", "/__emulator/tenants/default/reset", "").Expect(401, denied)
}

func TestAdmin_ServesTheEmbeddedSpecs(t *testing.T) {
	s := apitest.Start(t)
	r := s.Do("GET", "/__emulator/openapi/parcel.yaml", "")
	if r.Status != 200 || !strings.Contains(r.Body, "operationId: revokeWhitelist") {
		t.Fatalf("%d %.80s", r.Status, r.Body)
	}
	s.Do("GET", "/__emulator/openapi/stripe.yaml", "").Expect(404, `{"error":"no spec \"stripe.yaml\"; there are adapty.yaml, airtable.yaml, parcel.yaml"}`)
	s.Do("GET", "/__emulator/nope", "").Expect(404, `{"error":"Not Found: GET /__emulator/nope is not an admin route; see the README's admin API section"}`)
	s.Do("GET", "/__emulator/health", "").Expect(200, `{"status":"ok","version":"devel"}`)
	s.Do("GET", "/__emulator/ready", "").Expect(200, `{"ready":true,"providers":["adapty","airtable","parcel"]}`)
}

// A body over the cap gets each provider's own "too large" answer, and changes nothing.
func TestBodyCap_AnsweredInEachProvidersForm(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{MaxBodyBytes: 256})
	big := `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox","pad":"` + strings.Repeat("x", 300) + `"}`
	s.Do("DELETE", "/whitelist/revoke", big, "Authorization", parcelKey).Expect(413, `{"status":"413","message":"Payload Too Large"}`)
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	users := `{"users":[` + strings.Repeat(`{"email":"nobody@example.com"},`, 20) + `{"id":"usrEmuAdmin000002"}]}`
	s.Do("POST", "/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess", users,
		"Authorization", "Bearer patEmuAdmin000001.admin").Expect(413, `{"error":{"type":"REQUEST_TOO_LARGE","message":"Request body is too large"}}`)
}

func TestTenants_CapRefusesNewTenantsWithAClearError(t *testing.T) {
	s := apitest.StartWith(t, emulator.Options{MaxTenants: 2})
	s.Do("DELETE", "/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	s.Do("DELETE", "/t/second/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	const full = `{"error":"tenant \"third\" cannot be created: the emulator holds its limit of 2 tenants; delete unused ones (DELETE /__emulator/tenants/{tenant}) or raise --max-tenants"}`
	s.Do("DELETE", "/t/third/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(429, full)
	s.Do("PUT", "/__emulator/tenants/third/clock", `{"now":"2030-01-01T00:00:00Z"}`).Expect(429, full)
	// Existing tenants keep working; deleting one makes room.
	s.Do("DELETE", "/t/second/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)
	s.Do("DELETE", "/__emulator/tenants/second", "")
	s.Do("DELETE", "/t/third/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
}

// A client that sends its headers too slowly is cut off at the read timeout instead of holding a
// connection forever.
func TestServe_SlowClientIsCutOffAtTheReadTimeout(t *testing.T) {
	_, conn := dialSlowServer(t)
	if _, err := conn.Write([]byte("DELETE /whitelist/revoke HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	// Never finish the headers; the server must close the connection on its own.
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err := io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the server kept a stalled connection open for 10 s")
	}
}

// Every provider's state survives a dump and a load into another tenant: the dumps match and the
// APIs answer the same, with fake data, lifetime levels and changes made since start-up.
func TestState_DumpLoadsBackIdenticallyForEveryProvider(t *testing.T) {
	s := apitest.Start(t, `
adapty:
  apps:
    - secret_keys: [secret_live_RoundTrp.00000000000000000000000000000001]
      access_levels: [premium, vip]
      profiles:
        - customer_user_id: rt
          custom_attributes: [{key: sport, value: yoga}, {key: age, value: 42}]
          access_levels:
            - {access_level_id: premium, expires_at: null, offer: {category: introductory, type: free_trial}}
            - {access_level_id: vip}
          subscriptions: [{}]
          non_subscriptions: [{}]
        - {}
airtable:
  enterprise_accounts:
    - users: [{admin: true}, {}, {member: false}]
parcel:
  hubs: [{products: [{}, {}]}]
`)
	const key = "Api-Key secret_live_RoundTrp.00000000000000000000000000000001"
	profile := "/api/v2/server-side-api/profile/"
	revokeVip := "/api/v2/server-side-api/purchase/profile/revoke/access-level/"
	if r := s.Do("POST", revokeVip, `{"access_level_id":"vip"}`, "Authorization", key, "adapty-customer-user-id", "rt"); r.Status != 200 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	dump := s.Do("GET", "/__emulator/tenants/default/state", "").Body
	if r := s.Do("PUT", "/__emulator/tenants/copy/state", dump); r.Status != 204 {
		t.Fatalf("put: %d %s", r.Status, r.Body)
	}
	if again := s.Do("GET", "/__emulator/tenants/copy/state", "").Body; again != dump {
		t.Fatalf("dump changed on the way:\n%s\n---\n%s", dump, again)
	}
	for _, tenant := range []string{"default", "copy"} {
		s.Do("PUT", "/__emulator/tenants/"+tenant+"/clock", `{"now":"2030-01-01T00:00:00Z"}`)
	}
	a := s.Do("GET", profile, "", "Authorization", key, "adapty-customer-user-id", "rt").Body
	b := s.Do("GET", "/t/copy"+profile, "", "Authorization", key, "adapty-customer-user-id", "rt").Body
	if a != b || !strings.Contains(a, `"expires_at":null`) || !strings.Contains(a, `"value":42.0`) {
		t.Fatalf("profiles differ or lost data:\n%s\n%s", a, b)
	}
}

// A JSON null is a body like any other: it breaks the schema and gets the provider's answer for a
// wrong shape, never a 500 from a handler that trusted validation.
func TestPipeline_NullBodyIsRejectedByTheSchema(t *testing.T) {
	s := apitest.Start(t)
	s.Do("DELETE", "/whitelist/revoke", "null", "Authorization", parcelKey).Expect(400,
		`{"status":"400","message":"Missing Body Parameters.\nRequired params: product_id, userid, userid_type","data":{}}`)
	s.Do("POST", "/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess", "null", "Authorization", "Bearer patEmuAdmin000001.admin").Expect(422,
		`{"error":{"type":"INVALID_REQUEST_UNKNOWN","message":"Invalid request: parameter validation failed. Check your request data."}}`)
	s.Do("POST", "/api/v2/server-side-api/purchase/profile/revoke/access-level/", "null",
		"Authorization", "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv", "adapty-customer-user-id", "user-premium").Expect(400,
		`{"errors":[{"source":"__root__","errors":["RevokeAccessRequest expected dict not NoneType"]}],"error_code":"type_error","status_code":400}`)
}

// Path parameters are percent-decoded whatever escapes the client chose: %6c is l, as every real
// server reads it.
func TestPipeline_PathParametersArePercentDecoded(t *testing.T) {
	s := apitest.Start(t)
	owns := `{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"` + sword + `","owns_license":true}}`
	for _, path := range []string{"/whitelist/check/roblox/1001", "/whitelist/check/rob%6cox/10%301", "/t/x/whitelist/check/rob%6Cox/1001", "/whitelist/check/%72oblox/1001"} {
		s.Do("GET", path+"?product_id="+sword, "", "Authorization", parcelKey).Expect(200, owns)
	}
	s.Do("GET", "/v0/meta/enterpriseAccounts/ent%45mulator000001/users?id=usrEmuAdmin000002", "", "Authorization", "Bearer patEmuAdmin000001.admin").
		Expect(200, `{"users":[{"createdTime":"2022-01-31T04:03:52.333Z","email":"admin2@example.com","groups":[],"id":"usrEmuAdmin000002","invitedToAirtableByUserId":null,"isAdmin":true,"isManaged":true,"isServiceAccount":false,"isSsoRequired":false,"isSuperAdmin":false,"isTwoFactorAuthEnabled":true,"lastActivityTime":"2022-09-16T14:39:09.708Z","name":"Alan Admin","state":"provisioned"}]}`)
	// An escaped percent sign stays a percent sign: decoded once, never twice.
	s.Do("GET", "/whitelist/check/roblox/10%2501?product_id="+sword, "", "Authorization", parcelKey).Expect(404,
		`{"status":"404","message":"No Roblox Account associated to this Discord User ID.","data":{}}`)
}

// A client that sends its headers, then trickles the body slower than the read timeout allows, is
// cut off: the connection closes without an answer (no provider's 500 for a body that never came)
// and nothing changes.
func TestServe_BodyTrickledPastTheReadTimeoutClosesTheConnection(t *testing.T) {
	emu, conn := dialSlowServer(t)
	before, _ := emu.DumpState(emulator.DefaultTenant)
	head := fmt.Sprintf("DELETE /whitelist/revoke HTTP/1.1\r\nHost: x\r\nAuthorization: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", parcelKey, len(revoke))
	if _, err := conn.Write([]byte(head)); err != nil {
		t.Fatal(err)
	}
	// One byte every 100 ms: the whole body would take about 7 s, far past the 300 ms allowed.
	go func() {
		for i := range len(revoke) {
			if _, err := conn.Write([]byte{revoke[i]}); err != nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err := io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the server kept a trickling connection open for 5 s")
	}
	if len(got) != 0 {
		t.Fatalf("the server answered a body it never received:\n%s", got)
	}
	if after, _ := emu.DumpState(emulator.DefaultTenant); string(after) != string(before) {
		t.Fatal("a request whose body never arrived changed the state")
	}
}

// A path with an empty segment where a parameter goes, or with segments after the operation's last
// parameter, is not the operation: it gets the provider's answer for an unknown path, not a lookup
// of an empty id or of an id with slashes in it.
func TestPipeline_EmptyOrExtraPathSegmentsAreNotTheOperation(t *testing.T) {
	s := apitest.Start(t)
	for _, path := range []string{"/whitelist/check/roblox/1001/", "/whitelist/check/roblox/1001/x", "/t/a/whitelist/check/discord/1088907566844739624/x/y",
		"/whitelist/check//1001", "/whitelist/check/roblox/"} {
		s.Do("GET", path+"?product_id="+sword, "", "Authorization", parcelKey).Expect(404, `{"status":"404","message":"Not Found"}`)
	}
	s.Do("POST", "/v0/meta/enterpriseAccounts//users/revokeAdminAccess", `{"users":[{"id":"usrEmuAdmin000002"}]}`,
		"Authorization", "Bearer patEmuAdmin000001.admin").Expect(404, `{"error":"NOT_FOUND"}`)
	// An encoded slash is part of the id, as in any other id.
	s.Do("GET", "/whitelist/check/roblox/1001%2Fx?product_id="+sword, "", "Authorization", parcelKey).Expect(404,
		`{"status":"404","message":"No Roblox Account associated to this Discord User ID.","data":{}}`)
}

// OPTIONS is a method no provider serves: it gets each provider's wrong-method answer, not echo's.
func TestUnrouted_OptionsAnsweredInEachProvidersEnvelope(t *testing.T) {
	s := apitest.Start(t)
	s.Do("OPTIONS", "/whitelist/revoke", "").Expect(404, `{"status":"404","message":"Not Found"}`)
	s.Do("OPTIONS", "/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess", "").Expect(404, `{"error":"NOT_FOUND"}`)
	s.Do("OPTIONS", "/t/x/api/v2/server-side-api/purchase/profile/revoke/access-level/", "").Expect(405,
		`{"errors":[{"source":null,"errors":["Method \"OPTIONS\" not allowed."]}],"error_code":"method_not_allowed","status_code":405}`)
}

// dialSlowServer serves an emulator with a 300 ms read timeout through Serve (as the binary does)
// and opens a raw connection to it; both end with the test.
func dialSlowServer(t *testing.T) (*emulator.Emulator, net.Conn) {
	t.Helper()
	s := apitest.Serve(t, emulator.Options{ReadTimeout: 300 * time.Millisecond})
	conn, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return s.Emu, conn
}
