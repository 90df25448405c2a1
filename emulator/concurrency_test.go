package emulator_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/internal/apitest"
)

const (
	airtableToken = "Bearer patEmuAdmin000001.admin"
	airtableUsers = "/v0/meta/enterpriseAccounts/entEmulator000001/users"
	adaptyKey     = "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv"
	adaptyRevoke  = "/api/v2/server-side-api/purchase/profile/revoke/access-level/"
	adaptyGrant   = "/api/v2/server-side-api/purchase/profile/grant/access-level/"
	adaptyProfile = "/api/v2/server-side-api/profile/"
)

// contended is one identity the storm grants and revokes: a Parcel licence, an Airtable admin flag
// or an Adapty access level.
type contended struct {
	provider string
	name     string
	// held says whether the loaded world grants it.
	held bool
	// request is the grant or revoke request for it, in a tenant.
	request func(tenant string, grant bool) (method, path, body string, headers []string)
	// mine tells whether a journal entry is a grant or revoke of this identity.
	mine func(e journal.Entry) bool
}

func contendedIdentities() []contended {
	parcel := func(product, user string, held bool) contended {
		body := `{"product_id":"` + product + `","userid":"` + user + `","userid_type":"roblox"}`
		return contended{provider: "parcel", name: product + "/" + user, held: held,
			request: func(tenant string, grant bool) (string, string, string, []string) {
				if grant {
					return "POST", "/t/" + tenant + "/whitelist/assign", body, []string{"Authorization", parcelKey}
				}
				return "DELETE", "/t/" + tenant + "/whitelist/revoke", body, []string{"Authorization", parcelKey}
			},
			mine: func(e journal.Entry) bool { return e.Body == body },
		}
	}
	airtable := func(user string, held bool) contended {
		body := `{"users":[{"id":"` + user + `"}]}`
		return contended{provider: "airtable", name: user, held: held,
			request: func(tenant string, grant bool) (string, string, string, []string) {
				op := "/revokeAdminAccess"
				if grant {
					op = "/grantAdminAccess"
				}
				return "POST", "/t/" + tenant + airtableUsers + op, body, []string{"Authorization", airtableToken}
			},
			mine: func(e journal.Entry) bool { return e.Body == body },
		}
	}
	adapty := func(customer, level string, held bool) contended {
		return contended{provider: "adapty", name: customer + "/" + level, held: held,
			request: func(tenant string, grant bool) (string, string, string, []string) {
				h := []string{"Authorization", adaptyKey, "adapty-customer-user-id", customer}
				if grant {
					return "POST", "/t/" + tenant + adaptyGrant, `{"access_level_id":"` + level + `","expires_at":"2099-01-01T00:00:00Z"}`, h
				}
				return "POST", "/t/" + tenant + adaptyRevoke, `{"access_level_id":"` + level + `"}`, h
			},
			mine: func(e journal.Entry) bool {
				return e.Headers["Adapty-Customer-User-Id"] == customer && strings.Contains(e.Body, `"access_level_id":"`+level+`"`)
			},
		}
	}
	return []contended{
		parcel("65a1b2c3d4e5f60718293a4b", "1001", true), parcel("65a1b2c3d4e5f60718293a4c", "1002", false),
		airtable("usrEmuAdmin000002", true), airtable("usrEmuMember00001", false),
		adapty("user-premium", "premium", true), adapty("user-free", "vip", false),
	}
}

// sent is one request of the storm as its client saw it.
type sent struct {
	tenant, identity, operation, body string
	status                            int
}

// Many goroutines grant and revoke the same identities of all three providers in several tenants at
// once. Afterwards, in every tenant, the journal holds every request with the answer its client got,
// the successful changes it records form a valid history of each identity, and that history's end
// is exactly the state the APIs read back; the tenant nobody used is untouched.
func TestConcurrency_GrantsAndRevokesAcrossTenantsAgreeWithTheJournal(t *testing.T) {
	const tenants, workers, rounds = 4, 4, 16
	s := apitest.StartWith(t, emulator.Options{JournalSize: 10000})
	identities := contendedIdentities()
	untouched, err := s.Emu.DumpState(emulator.DefaultTenant)
	if err != nil {
		t.Fatal(err)
	}
	// A held clock: a revoke's "now" never moves, so a revoked Adapty level stays revoked.
	now := time.Now().UTC().Truncate(time.Second)
	for i := range tenants {
		s.Emu.Clock(fmt.Sprintf("storm-%d", i)).Set(now)
	}

	var mu sync.Mutex
	var log []sent
	var wg sync.WaitGroup
	for i := range tenants {
		tenant := fmt.Sprintf("storm-%d", i)
		for _, id := range identities {
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for r := range rounds {
						grant := (w+r)%2 == 0
						method, path, body, headers := id.request(tenant, grant)
						res := s.Do(method, path, body, headers...)
						mu.Lock()
						log = append(log, sent{tenant, id.name, opName(grant), res.Body, res.Status})
						mu.Unlock()
					}
				}()
			}
		}
	}
	wg.Wait()

	for i := range tenants {
		tenant := fmt.Sprintf("storm-%d", i)
		entries := s.Emu.Journal(tenant, journal.Filter{})
		checkNothingLost(t, tenant, identities, log, entries)
		for _, id := range identities {
			var mine []journal.Entry
			for _, e := range entries {
				if id.mine(e) {
					mine = append(mine, e)
				}
			}
			checkHistory(t, s, tenant, id, mine)
		}
	}
	if after, _ := s.Emu.DumpState(emulator.DefaultTenant); string(after) != string(untouched) {
		t.Error("the default tenant's state changed, though no request named it")
	}
}

func opName(grant bool) string {
	if grant {
		return "grant"
	}
	return "revoke"
}

// checkNothingLost asserts the tenant's journal holds exactly the requests its clients sent, each
// with the status and body its client received.
func checkNothingLost(t *testing.T, tenant string, identities []contended, log []sent, entries []journal.Entry) {
	t.Helper()
	key := func(identity, op, body string, status int) string {
		return fmt.Sprintf("%s %s %d %s", identity, op, status, body)
	}
	var want, got []string
	for _, l := range log {
		if l.tenant == tenant {
			want = append(want, key(l.identity, l.operation, l.body, l.status))
		}
	}
	for _, e := range entries {
		name := ""
		for _, id := range identities {
			if id.mine(e) {
				name = id.name
			}
		}
		op := "revoke"
		if strings.Contains(strings.ToLower(e.Operation), "grant") || strings.Contains(strings.ToLower(e.Operation), "assign") {
			op = "grant"
		}
		got = append(got, key(name, op, e.ResponseBody, e.Status))
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Errorf("%s: the journal holds %d entries for %d requests sent, or their answers differ", tenant, len(got), len(want))
	}
}

// checkHistory replays an identity's journaled calls: the changes that succeeded must form a valid
// history, and its end must be what the API reads back.
func checkHistory(t *testing.T, s *apitest.Server, tenant string, id contended, entries []journal.Entry) {
	t.Helper()
	if id.provider == "adapty" {
		checkAdaptyHistory(t, s, tenant, id, entries)
		return
	}
	// A Parcel licence or an Airtable admin flag is held or not: a grant succeeds only when it is
	// not held and a revoke only when it is, so successes alternate and their counts fix the end.
	var grants, revokes int
	for _, e := range entries {
		grant := e.Operation == "assignWhitelist" || e.Operation == "grantAdminAccess"
		switch {
		case e.Status == 200 && (id.provider == "parcel" || e.ResponseBody == `{"errors":[]}`):
			if grant {
				grants++
			} else {
				revokes++
			}
		case id.provider == "parcel" && e.Status == 400 &&
			(e.ResponseBody == `{"status":"400","message":"User already owns license.","data":{}}` ||
				e.ResponseBody == `{"status":"400","message":"User does not own this license.","data":{}}`):
		case id.provider == "airtable" && e.Status == 200 &&
			(strings.Contains(e.ResponseBody, `"type":"USER_ALREADY_ADMIN"`) || strings.Contains(e.ResponseBody, `"type":"USER_NOT_ASSIGNED_ADMIN"`)):
		default:
			t.Errorf("%s %s: unexpected answer %d %s", tenant, id.name, e.Status, e.ResponseBody)
		}
	}
	ahead := grants - revokes
	if id.held {
		ahead = revokes - grants
	}
	if ahead != 0 && ahead != 1 {
		t.Errorf("%s %s: %d grants and %d revokes succeeded, which no history starting held=%t allows", tenant, id.name, grants, revokes, id.held)
	}
	want := id.held == (grants == revokes)
	if got := readBack(t, s, tenant, id); got != want {
		t.Errorf("%s %s: the API reads held=%t, the journal's history ends held=%t (%d grants, %d revokes)", tenant, id.name, got, want, grants, revokes)
	}
}

func readBack(t *testing.T, s *apitest.Server, tenant string, id contended) bool {
	t.Helper()
	if id.provider == "parcel" {
		product, user, _ := strings.Cut(id.name, "/")
		var check struct {
			Data struct {
				OwnsLicense bool `json:"owns_license"`
			}
		}
		s.Do("GET", "/t/"+tenant+"/whitelist/check/roblox/"+user+"?product_id="+product, "", "Authorization", parcelKey).JSON(&check)
		return check.Data.OwnsLicense
	}
	var users struct{ Users []struct{ IsAdmin bool } }
	s.Do("GET", "/t/"+tenant+airtableUsers+"?id="+id.name, "", "Authorization", airtableToken).JSON(&users)
	if len(users.Users) != 1 {
		t.Fatalf("%s: get users %s: %+v", tenant, id.name, users)
	}
	return users.Users[0].IsAdmin
}

type adaptyLevel struct {
	AccessLevelID      string  `json:"access_level_id"`
	StoreTransactionID string  `json:"store_transaction_id"`
	ExpiresAt          *string `json:"expires_at"`
	CancellationReason *string `json:"cancellation_reason"`
}

func adaptyLevelOf(t *testing.T, body, level string) (adaptyLevel, bool) {
	t.Helper()
	var p struct {
		Data struct {
			AccessLevels []adaptyLevel `json:"access_levels"`
		}
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("profile %q: %v", body, err)
	}
	for _, l := range p.Data.AccessLevels {
		if l.AccessLevelID == level {
			return l, true
		}
	}
	return adaptyLevel{}, false
}

// checkAdaptyHistory replays an Adapty access level's journaled calls. Every grant succeeds and
// starts a new generation of the level, numbered by its fresh store transaction; a revoke succeeds
// only on an active level and ends the current generation, which its answer names. So no
// generation ends twice, and the level is active at the end exactly when the newest generation
// never ended, as the profile read back shows.
func checkAdaptyHistory(t *testing.T, s *apitest.Server, tenant string, id contended, entries []journal.Entry) {
	t.Helper()
	customer, level, _ := strings.Cut(id.name, "/")
	ended := map[string]string{} // generation → the expiry its revoke set
	var newest string
	var newestN int64
	started := map[int64]bool{}
	grants := 0
	for _, e := range entries {
		switch {
		case e.Operation == "grantAccessLevel" && e.Status == 200:
			l, ok := adaptyLevelOf(t, e.ResponseBody, level)
			if !ok || l.ExpiresAt == nil || *l.ExpiresAt != "2099-01-01T00:00:00+00:00" {
				t.Errorf("%s %s: grant answered %s", tenant, id.name, e.ResponseBody)
			}
			grants++
			// Journal order need not be the order the changes took effect in: the transaction
			// numbers are, and each is fresh.
			n, err := strconv.ParseInt(l.StoreTransactionID, 10, 64)
			if err != nil || started[n] {
				t.Errorf("%s %s: grant's transaction %q is not fresh", tenant, id.name, l.StoreTransactionID)
			}
			started[n] = true
			if n > newestN {
				newest, newestN = l.StoreTransactionID, n
			}
		case e.Operation == "revokeAccessLevel" && e.Status == 200:
			l, _ := adaptyLevelOf(t, e.ResponseBody, level)
			if _, twice := ended[l.StoreTransactionID]; twice || l.ExpiresAt == nil {
				t.Errorf("%s %s: generation %s revoked twice or without an expiry", tenant, id.name, l.StoreTransactionID)
			}
			ended[l.StoreTransactionID] = *l.ExpiresAt
		case e.Operation == "revokeAccessLevel" && e.Status == 400 && strings.Contains(e.ResponseBody, `"error_code":"profile_paid_access_level_does_not_exist"`):
		default:
			t.Errorf("%s %s: unexpected answer %d %s", tenant, id.name, e.Status, e.ResponseBody)
		}
	}
	if grants == 0 {
		t.Errorf("%s %s: no grant succeeded", tenant, id.name)
	}
	got, ok := adaptyLevelOf(t, s.Do("GET", "/t/"+tenant+adaptyProfile, "", "Authorization", adaptyKey, "adapty-customer-user-id", customer).Body, level)
	if !ok || got.StoreTransactionID != newest {
		t.Fatalf("%s %s: profile holds generation %q, the journal's newest is %q", tenant, id.name, got.StoreTransactionID, newest)
	}
	if expiry, revoked := ended[newest]; revoked {
		if got.ExpiresAt == nil || *got.ExpiresAt != expiry || got.CancellationReason == nil || *got.CancellationReason != "adapty_revoked" {
			t.Errorf("%s %s: the journal ends revoked at %s, the profile reads %+v", tenant, id.name, expiry, got)
		}
	} else if got.ExpiresAt == nil || *got.ExpiresAt != "2099-01-01T00:00:00+00:00" || got.CancellationReason != nil {
		t.Errorf("%s %s: the journal ends granted until 2099, the profile reads %+v", tenant, id.name, got)
	}
}
