package adapty_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/accessemu/accessemu/internal/apitest"
)

// Many clients grant and revoke at once: every cycle lands, no update is lost, and of several
// simultaneous revokes of one level exactly one succeeds.
func TestConcurrentGrantsAndRevokesLoseNoUpdate(t *testing.T) {
	const profiles, cycles, racers = 16, 8, 12
	var b strings.Builder
	b.WriteString("adapty:\n  apps:\n    - secret_keys: [" + secretKey + "]\n      profiles:\n")
	for i := 0; i < profiles; i++ {
		fmt.Fprintf(&b, "        - {customer_user_id: c-%d}\n", i)
	}
	b.WriteString("        - {customer_user_id: shared}\n")
	s := apitest.Start(t, b.String())

	var wg sync.WaitGroup
	for i := 0; i < profiles; i++ {
		wg.Add(1)
		go func(customer string) {
			defer wg.Done()
			for c := 0; c < cycles; c++ {
				if res := s.Do("POST", grantPath, `{"access_level_id": "premium"}`, as(customer)...); res.Status != 200 {
					t.Errorf("grant %s: %d %s", customer, res.Status, res.Body)
				}
				if res := s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as(customer)...); res.Status != 200 {
					t.Errorf("revoke %s: %d %s", customer, res.Status, res.Body)
				}
			}
		}(fmt.Sprintf("c-%d", i))
	}
	wg.Wait()

	// Every profile ends revoked, holding the transaction of its last grant; the transactions are
	// distinct and numbered without gaps, so no grant's counter update was lost.
	seen := map[int64]bool{}
	var highest int64
	for i := 0; i < profiles; i++ {
		l := getProfile(t, s, fmt.Sprintf("c-%d", i)).level(t, "premium")
		if str(l.CancellationReason) != "adapty_revoked" || l.ExpiresAt == nil {
			t.Errorf("c-%d ends %+v, want revoked", i, l)
		}
		n, err := strconv.ParseInt(l.StoreTransactionID, 10, 64)
		if err != nil || seen[n] {
			t.Errorf("c-%d transaction %q is not a fresh number", i, l.StoreTransactionID)
		}
		seen[n] = true
		highest = max(highest, n)
	}
	if want := int64(3000000000000001 + profiles*cycles - 1); highest != want {
		t.Errorf("last transaction id = %d, want %d after %d grants", highest, want, profiles*cycles)
	}

	// Simultaneous revokes of one active level: one wins, the others find it gone.
	decodeProfile(t, s.Do("POST", grantPath, `{"access_level_id": "premium"}`, as("shared")...))
	var ok, refused atomic.Int32
	start := make(chan struct{})
	for r := 0; r < racers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res := s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("shared")...)
			switch {
			case res.Status == 200:
				ok.Add(1)
			case res.Status == 400 && strings.Contains(res.Body, "profile_paid_access_level_does_not_exist"):
				refused.Add(1)
			default:
				t.Errorf("racing revoke: %d %s", res.Status, res.Body)
			}
		}()
	}
	close(start)
	wg.Wait()
	// The operation reads the clock once it holds the state's lock, so exactly one racer wins.
	if ok.Load() != 1 || refused.Load() != racers-1 {
		t.Errorf("%d revokes succeeded and %d were refused, want exactly 1 and the rest", ok.Load(), refused.Load())
	}
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("shared")...).Expect(400, profileNotHolding(sharedID(t, s), "premium"))
}

func sharedID(t *testing.T, s *apitest.Server) string { return getProfile(t, s, "shared").ProfileID }

// Tenants share the loaded profiles until they change one: a revoke or grant in one tenant never
// shows in another, in a tenant made afterwards, or after a reset.
func TestTenants_ChangesStayInTheirTenant(t *testing.T) {
	s := apitest.Start(t)
	decodeProfile(t, s.Do("POST", "/t/a"+revokePath, `{"access_level_id": "premium"}`, as("user-premium")...))
	decodeProfile(t, s.Do("POST", "/t/a"+grantPath, `{"access_level_id": "vip"}`, as("user-premium")...))
	for _, tenant := range []string{"b", "default"} {
		l := getProfileIn(t, s, tenant, "user-premium")
		if len(l.AccessLevels) != 1 || l.AccessLevels[0].CancellationReason != nil || l.AccessLevels[0].AccessLevelID != "premium" {
			t.Errorf("tenant %s sees %+v, want the loaded premium level only", tenant, l.AccessLevels)
		}
	}
	if r := s.Do("POST", "/__emulator/tenants/a/reset", ""); r.Status != 204 {
		t.Fatalf("reset: %d", r.Status)
	}
	if l := getProfileIn(t, s, "a", "user-premium"); len(l.AccessLevels) != 1 || l.AccessLevels[0].CancellationReason != nil {
		t.Errorf("after reset tenant a sees %+v", l.AccessLevels)
	}
}

func getProfileIn(t *testing.T, s *apitest.Server, tenant, customer string) profileData {
	t.Helper()
	var p profileResponse
	s.Do("GET", "/t/"+tenant+"/api/v2/server-side-api/profile/", "", as(customer)...).JSON(&p)
	return p.Data
}
