package adapty_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/internal/apitest"
)

// A realistic integration, through only the public HTTP API of the default world: create the
// profile, record its subscription, revoke it for tomorrow, let the days pass on the tenant's
// clock, see it expired, delete the profile.
func TestFlow_CreateTransactRevokeExpireDeleteThroughTheHTTPAPI(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	const tenant = "/t/flow"
	customer := as("flow@example.com")
	now := time.Now().UTC()
	created := decodeProfile(t, s.Do("POST", tenant+profilePath, `{"custom_attributes":[{"key":"plan","value":"monthly"}]}`, customer...))
	if len(created.AccessLevels) != 0 || str(created.CustomerUserID) != "flow@example.com" {
		t.Fatalf("created %+v", created)
	}
	day := func(d int) string { return now.Add(time.Duration(d) * 24 * time.Hour).Format(time.RFC3339) }
	body := `{"purchase_type":"subscription","store":"app_store","store_product_id":"premium.monthly",` +
		`"store_transaction_id":"5000000000000001","store_original_transaction_id":"5000000000000001",` +
		`"price":{"country":"US","currency":"USD","value":4.99},"purchased_at":"` + day(-1) + `",` +
		`"originally_purchased_at":"` + day(-1) + `","expires_at":"` + day(29) + `","renew_status":true}`
	bought := decodeProfile(t, s.Do("POST", tenant+setTransactionPath, body, customer...)).level(t, "premium")
	if bought.ExpiresAt == nil || !parseDate(t, *bought.ExpiresAt).After(now) || bought.StoreTransactionID != "5000000000000001" {
		t.Fatalf("after set transaction premium is %+v, want active until %s", bought, day(29))
	}
	revokeAt := now.Add(24 * time.Hour).Truncate(time.Second)
	revoked := decodeProfile(t, s.Do("POST", tenant+revokePath, `{"access_level_id":"premium","revoke_at":"`+revokeAt.Format(time.RFC3339)+`"}`, customer...)).level(t, "premium")
	if str(revoked.ExpiresAt) != isoformat(revokeAt) || str(revoked.CancellationReason) != "adapty_revoked" {
		t.Fatalf("after revoke premium is %+v, want expiring %s", revoked, isoformat(revokeAt))
	}
	if r := s.Do("POST", "/__emulator/tenants/flow/clock/advance", `{"by":"2d"}`); r.Status != 200 {
		t.Fatalf("advancing the clock: %d %s", r.Status, r.Body)
	}
	later := decodeProfile(t, s.Do("GET", tenant+profilePath, "", customer...))
	if l := later.level(t, "premium"); !parseDate(t, *l.ExpiresAt).Before(time.UnixMilli(later.Timestamp)) {
		t.Errorf("two days on, premium expires %s, not before the profile's timestamp %d: still active", *l.ExpiresAt, later.Timestamp)
	}
	if r := s.Do("DELETE", tenant+profilePath, "", customer...); r.Status != 204 || r.Body != "" {
		t.Fatalf("delete: %d %q", r.Status, r.Body)
	}
	s.Do("GET", tenant+profilePath, "", customer...).Expect(404, docProfileNotFound404)
	s.Do("GET", tenant+profilePath, "", "Authorization", apiKey, "adapty-profile-id", created.ProfileID).Expect(404, docProfileNotFound404)
}

// Revoke after set transaction keeps the level listed with its expiry moved; a later transaction
// on the same original transaction (a renewal, or the same transaction sent again) re-derives it;
// a shorter transaction on another chain leaves the longer access alone.
func TestSetTransaction_AfterRevokeTheSameChainReDerivesTheLevel(t *testing.T) {
	s := startLifecycle(t, "")
	free := as("user-free")
	s.Do("POST", setTransactionPath, docSubscriptionBody, free...)
	revoked := levelJSON("premium", "premium_monthly", "1000000123456789", "1000000123456789", trialOffer,
		"2024-01-15T10:30:00+00:00", "2024-01-15T10:30:00+00:00", `"2024-01-21T00:00:00+00:00"`, "null", `"adapty_revoked"`)
	s.Do("POST", revokePath, `{"access_level_id":"premium","revoke_at":"2024-01-21T00:00:00Z"}`, free...).
		Expect(200, freeProfile("4.99", revoked, monthlySubscription, ""))

	// The same transaction sent again re-derives the level from it.
	s.Do("POST", setTransactionPath, docSubscriptionBody, free...).Expect(200, freeProfile("4.99", monthlyLevel, monthlySubscription, ""))

	// A renewal on the chain, after another revoke, re-derives it upward.
	s.Do("POST", revokePath, `{"access_level_id":"premium"}`, free...)
	renewal := strings.NewReplacer(`"store_transaction_id": "1000000123456789"`, `"store_transaction_id": "1000000123456790"`,
		`"purchased_at": "2024-01-15T10:30:00Z"`, `"purchased_at": "2024-02-15T10:30:00Z"`,
		`"expires_at": "2024-02-15T10:30:00Z"`, `"expires_at": "2024-03-15T10:30:00Z"`).Replace(docSubscriptionBody)
	renewedLevel := levelJSON("premium", "premium_monthly", "1000000123456790", "1000000123456789", trialOffer,
		"2024-02-15T10:30:00+00:00", "2024-01-15T10:30:00+00:00", `"2024-03-15T10:30:00+00:00"`, "null", "null")
	renewedSubscription := strings.NewReplacer(`"store_transaction_id":"1000000123456789"`, `"store_transaction_id":"1000000123456790"`,
		`"purchased_at":"2024-01-15T10:30:00+00:00"`, `"purchased_at":"2024-02-15T10:30:00+00:00"`,
		`"expires_at":"2024-02-15T10:30:00+00:00"`, `"expires_at":"2024-03-15T10:30:00+00:00"`).Replace(monthlySubscription)
	s.Do("POST", setTransactionPath, renewal, free...).
		Expect(200, freeProfile("9.98", renewedLevel, monthlySubscription+","+renewedSubscription, ""))

	// Another chain ending sooner records its transaction but leaves the longer access.
	other := strings.NewReplacer(`"1000000123456789"`, `"7000"`, `"expires_at": "2024-02-15T10:30:00Z"`, `"expires_at": "2024-02-01T10:30:00Z"`).Replace(docSubscriptionBody)
	res := decodeProfile(t, s.Do("POST", setTransactionPath, other, free...))
	if l := res.level(t, "premium"); l.StoreTransactionID != "1000000123456790" || str(l.ExpiresAt) != "2024-03-15T10:30:00+00:00" {
		t.Errorf("a shorter transaction on another chain changed premium to %+v", l)
	}
	// The vip product grants vip beside premium.
	vip := decodeProfile(t, s.Do("POST", setTransactionPath, strings.Replace(docOneTimePurchaseBody, `"premium_lifetime"`, `"vip.annual"`, 1), free...))
	if l := vip.level(t, "vip"); l.ExpiresAt != nil || l.StoreProductID != "vip.annual" {
		t.Errorf("vip is %+v, want lifetime from vip.annual", l)
	}
}

// A refund ends the access level at the refund date.
func TestSetTransaction_RefundEndsTheLevelAtTheRefund(t *testing.T) {
	s := startLifecycle(t, "")
	refunded := strings.NewReplacer(`"refunded_at": null`, `"refunded_at": "2024-01-16T00:00:00Z"`,
		`"cancellation_reason": null`, `"cancellation_reason": "refund"`).Replace(docOneTimePurchaseBody)
	level := levelJSON("premium", "premium_lifetime", "1000000123456789", "1000000123456789", "null",
		"2024-01-15T10:30:00+00:00", "2024-01-15T10:30:00+00:00", `"2024-01-16T00:00:00+00:00"`, "null", `"refund"`)
	s.Do("POST", setTransactionPath, refunded, as("user-free")...).
		Expect(200, freeProfile("9.99", level, "", strings.Replace(lifetimePurchase, `"is_refund":false`, `"is_refund":true`, 1)))
}

// Profiles created, transactions recorded and the product mapping survive a state dump and load,
// and generated ids continue where they were: the loaded world creates the profile the original
// would have created next.
func TestDumpLoad_RoundTripsProfilesTransactionsMappingAndIDs(t *testing.T) {
	s := startLifecycle(t, "")
	s.Do("POST", profilePath, docCreateProfileBody, as("jane.doe@example.com")...)
	s.Do("POST", setTransactionPath, docOneTimePurchaseBody, as("jane.doe@example.com")...)
	s.Do("POST", setTransactionPath, docSubscriptionBody, as("user-free")...)
	s.Do("DELETE", profilePath, "", as("user-premium")...)
	dump, err := s.Emu.DumpState(emulator.DefaultTenant)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"store_product_id: vip.annual", "jane.doe@example.com", "1000000123456789", "sequences:"} {
		if !strings.Contains(string(dump), want) {
			t.Errorf("the dump lacks %q:\n%s", want, dump)
		}
	}
	if strings.Contains(string(dump), "user-premium") {
		t.Errorf("the deleted profile is still in the dump")
	}
	loaded := apitest.StartWith(t, emulator.Options{Providers: []provider.Provider{adapty.New()}, Fixtures: dump})
	again, err := loaded.Emu.DumpState(emulator.DefaultTenant)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(dump) {
		t.Errorf("dump, load, dump differs:\n%s\n---\n%s", dump, again)
	}
	for _, srv := range []*apitest.Server{s, loaded} {
		srv.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow)
	}
	for _, customer := range []string{"jane.doe@example.com", "user-free"} {
		a, b := s.Do("GET", profilePath, "", as(customer)...), loaded.Do("GET", profilePath, "", as(customer)...)
		b.Expect(200, a.Body)
	}
	a := s.Do("POST", profilePath, `{}`, as("next@example.com")...)
	loaded.Do("POST", profilePath, `{}`, as("next@example.com")...).Expect(200, a.Body)
	// Loading through the admin API gives the same world.
	if r := loaded.Do("PUT", "/__emulator/tenants/copy/state", string(dump)); r.Status != 204 {
		t.Fatalf("loading the dump: %d %s", r.Status, r.Body)
	}
	loaded.Emu.Clock("copy").Set(lifecycleNow)
	loaded.Do("POST", "/t/copy"+profilePath, `{}`, as("next@example.com")...).Expect(200, a.Body)
}

// Two tenants given the same requests generate the same ids; a different seed generates others.
func TestCreateProfile_GeneratedIDsAreDeterministic(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	ids := func(tenant string) []string {
		var out []string
		for i := 0; i < 3; i++ {
			p := decodeProfile(t, s.Do("POST", "/t/"+tenant+profilePath, `{}`, as(fmt.Sprintf("c%d", i))...))
			out = append(out, p.ProfileID)
		}
		return out
	}
	a, b := ids("a"), ids("b")
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Errorf("tenant a made %v, tenant b %v", a, b)
	}
	other := apitest.StartAlone(t, adapty.New(), "seed: 2\nadapty:\n  apps:\n    - secret_keys: ["+secretKey+"]\n")
	if p := decodeProfile(t, other.Do("POST", profilePath, `{}`, as("c0")...)); p.ProfileID == a[0] {
		t.Errorf("seed 2 made the same first id %s as seed 1", p.ProfileID)
	}
}

// Concurrent creates, updates, set transactions, grants and revokes lose no update: every profile
// is made once with its own id, and a profile receiving many transactions at once, while its other
// level is granted and revoked, records every one.
func TestConcurrentLifecycleOperationsLoseNoUpdate(t *testing.T) {
	const clients, each = 12, 6
	s := startLifecycle(t, "")
	var wg sync.WaitGroup
	ids := make([]string, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			customer := as(fmt.Sprintf("client-%d", c))
			p := decodeProfile(t, s.Do("POST", profilePath, `{}`, customer...))
			ids[c] = p.ProfileID
			for i := 0; i < each; i++ {
				txn := fmt.Sprintf("%d%03d", c+1, i)
				body := strings.NewReplacer(`"1000000123456789"`, `"`+txn+`"`).Replace(docOneTimePurchaseBody)
				if r := s.Do("POST", setTransactionPath, body, as("user-free")...); r.Status != 200 {
					t.Errorf("set transaction %s: %d %s", txn, r.Status, r.Body)
				}
				if r := s.Do("PATCH", profilePath, fmt.Sprintf(`{"custom_attributes":[{"key":"k%d","value":%d}]}`, i, i), customer...); r.Status != 200 {
					t.Errorf("update: %d %s", r.Status, r.Body)
				}
				// Grants and revokes of another level of the same profile interleave with its purchases.
				op := map[bool]string{true: grantPath, false: revokePath}[i%2 == 0]
				if r := s.Do("POST", op, `{"access_level_id":"vip"}`, as("user-free")...); r.Status != 200 && r.Status != 400 {
					t.Errorf("%s vip: %d %s", op, r.Status, r.Body)
				}
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			t.Errorf("profile id %q is missing or made twice: %v", id, ids)
		}
		seen[id] = true
	}
	var free struct {
		Data struct {
			TotalRevenueUSD  float64           `json:"total_revenue_usd"`
			NonSubscriptions []json.RawMessage `json:"non_subscriptions"`
		} `json:"data"`
	}
	s.Do("GET", profilePath, "", as("user-free")...).JSON(&free)
	if n := len(free.Data.NonSubscriptions); n != clients*each {
		t.Errorf("user-free records %d purchases, want %d", n, clients*each)
	}
	if got, want := free.Data.TotalRevenueUSD, 9.99*clients*each; got < want-0.001 || got > want+0.001 {
		t.Errorf("total revenue %v, want %v", got, want)
	}
	for c := 0; c < clients; c++ {
		var p struct {
			Data struct {
				CustomAttributes []json.RawMessage `json:"custom_attributes"`
			} `json:"data"`
		}
		s.Do("GET", profilePath, "", as(fmt.Sprintf("client-%d", c))...).JSON(&p)
		if len(p.Data.CustomAttributes) != each {
			t.Errorf("client-%d has %d attributes, want %d", c, len(p.Data.CustomAttributes), each)
		}
	}
}

// A --state-file restart keeps created profiles, recorded transactions and deletions, and generated
// ids continue instead of starting over.
func TestStateFile_RestartKeepsTheLifecycleState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.yaml")
	first := apitest.StartWith(t, emulator.Options{StateFile: path})
	made := decodeProfile(t, first.Do("POST", "/t/kept"+profilePath, `{}`, as("kept@example.com")...))
	decodeProfile(t, first.Do("POST", "/t/kept"+setTransactionPath, strings.Replace(docOneTimePurchaseBody, "premium_lifetime", "vip.annual", 1), as("kept@example.com")...))
	if r := first.Do("DELETE", "/t/kept"+profilePath, "", as("user-free")...); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	if err := first.Emu.Close(); err != nil {
		t.Fatal(err)
	}
	second := apitest.StartWith(t, emulator.Options{StateFile: path})
	kept := decodeProfile(t, second.Do("GET", "/t/kept"+profilePath, "", as("kept@example.com")...))
	if kept.ProfileID != made.ProfileID || kept.level(t, "vip").StoreProductID != "vip.annual" {
		t.Errorf("after the restart the profile is %+v", kept)
	}
	second.Do("GET", "/t/kept"+profilePath, "", as("user-free")...).Expect(404, docProfileNotFound404)
	next := decodeProfile(t, second.Do("POST", "/t/kept"+profilePath, `{}`, as("next@example.com")...))
	if next.ProfileID == made.ProfileID || next.ProfileID == "" {
		t.Errorf("the next profile id %q repeats or is empty", next.ProfileID)
	}
}
