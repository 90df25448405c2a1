package adapty_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/internal/apitest"
)

func TestRoundTrip_GrantRevokeGet(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	expires := time.Now().Add(10 * 24 * time.Hour).UTC().Truncate(time.Second)

	before := time.Now()
	granted := decodeProfile(t, s.Do("POST", grantPath, fmt.Sprintf(`{"access_level_id": "premium", "expires_at": %q}`, expires.Format(time.RFC3339)), as("user-free")...))
	l := granted.level(t, "premium")
	if str(l.ExpiresAt) != isoformat(expires) || l.Store != "adapty" || l.CancellationReason != nil || l.StartsAt != nil {
		t.Fatalf("granted level: %+v", l)
	}
	within(t, "purchased_at", parseDate(t, l.PurchasedAt), before, time.Now())

	before = time.Now()
	revoked := decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-free")...)).level(t, "premium")
	within(t, "expires_at after revoke", parseDate(t, str(revoked.ExpiresAt)), before, time.Now())

	read := getProfile(t, s, "user-free").level(t, "premium")
	if str(read.ExpiresAt) != str(revoked.ExpiresAt) || str(read.CancellationReason) != "adapty_revoked" || read.StoreTransactionID != l.StoreTransactionID {
		t.Errorf("read back %+v, want the revoked level %+v", read, revoked)
	}
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-free")...).Expect(400, profileNotHolding(freeID, "premium"))

	// A new grant restores the level: a new transaction on the same chain, no cancellation.
	regranted := decodeProfile(t, s.Do("POST", grantPath, `{"access_level_id": "premium"}`, as("user-free")...)).level(t, "premium")
	if regranted.ExpiresAt != nil || regranted.CancellationReason != nil ||
		regranted.StoreTransactionID == l.StoreTransactionID || regranted.StoreOriginalTransactionID != l.StoreOriginalTransactionID {
		t.Errorf("regranted level: %+v (first grant %+v)", regranted, l)
	}
	decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-free")...))
}

func TestGrant_ExtendsAnExistingLevelAndClearsTheCancellation(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-premium")...))
	starts := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	expires := time.Now().Add(90 * 24 * time.Hour).UTC().Truncate(time.Second)
	body := fmt.Sprintf(`{"access_level_id": "premium", "starts_at": %q, "expires_at": %q}`, starts.Format(time.RFC3339), expires.Format("2006-01-02T15:04:05.000000+0000"))
	p := decodeProfile(t, s.Do("POST", grantPath, body, as("user-premium")...))
	if len(p.AccessLevels) != 1 {
		t.Fatalf("access_levels = %+v, want the one premium level", p.AccessLevels)
	}
	l := p.AccessLevels[0]
	if str(l.StartsAt) != isoformat(starts) || str(l.ExpiresAt) != isoformat(expires) || l.CancellationReason != nil || l.Store != "adapty" || l.StoreProductID != "premium.monthly" {
		t.Errorf("extended level: %+v", l)
	}
}

func TestGrant_NewLevelIsAppendedAndLifetimeWithoutExpiry(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	p := decodeProfile(t, s.Do("POST", grantPath, `{"access_level_id": "vip", "starts_at": null, "expires_at": null}`, as("user-premium")...))
	if len(p.AccessLevels) != 2 || p.AccessLevels[0].AccessLevelID != "premium" || p.AccessLevels[1].AccessLevelID != "vip" {
		t.Fatalf("access_levels = %+v, want premium then vip", p.AccessLevels)
	}
	vip := p.AccessLevels[1]
	if vip.ExpiresAt != nil || vip.StartsAt != nil || vip.StoreProductID != "vip" || vip.StoreTransactionID != vip.StoreOriginalTransactionID {
		t.Errorf("granted vip: %+v", vip)
	}
	// A lifetime level can be revoked at any future date.
	at := time.Now().Add(365 * 24 * time.Hour).UTC().Truncate(time.Second)
	p = decodeProfile(t, s.Do("POST", revokePath, fmt.Sprintf(`{"access_level_id": "vip", "revoke_at": %q}`, at.Format(time.RFC3339)), as("user-premium")...))
	if got := str(p.level(t, "vip").ExpiresAt); got != isoformat(at) {
		t.Errorf("expires_at = %s, want %s", got, isoformat(at))
	}
}

// A grant whose expiry has passed ("It may be in the past") leaves a level revoke cannot act on.
func TestGrant_ExpiryInThePastGivesAnExpiredLevel(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	p := decodeProfile(t, s.Do("POST", grantPath, `{"access_level_id": "premium", "expires_at": "2024-01-01T00:00:00Z"}`, as("user-free")...))
	if got := str(p.level(t, "premium").ExpiresAt); got != "2024-01-01T00:00:00+00:00" {
		t.Errorf("expires_at = %s", got)
	}
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-free")...).Expect(400, profileNotHolding(freeID, "premium"))
}

func TestGrant_DocumentedErrors(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	s.Do("POST", grantPath, `{"access_level_id": "gold"}`, as("user-free")...).Expect(400, paidLevelMissing("gold"))
	s.Do("POST", grantPath, `{"access_level_id": "premium"}`, as("user-nobody")...).Expect(404, docProfileNotFound404)
	s.Do("POST", grantPath, `{"expires_at": null}`, as("user-free")...).Expect(400, errorBody("access_level_id", "field required", "missing", 400))
	s.Do("POST", grantPath, `{"access_level_id": "premium"`, as("user-free")...).Expect(400, parseError("Expecting ',' delimiter: line 1 column 30 (char 29)"))
	// The spec's three grant examples all succeed.
	for _, body := range []string{
		`{"access_level_id": "premium"}`,
		`{"access_level_id": "premium", "starts_at": "2024-01-01T00:00:00Z", "expires_at": "2024-12-31T23:59:59Z"}`,
		`{"access_level_id": "premium", "starts_at": "2024-01-01T00:00:00Z"}`,
	} {
		decodeProfile(t, s.Do("POST", grantPath, body, as("user-lifetime")...))
	}
}

func TestGetProfile_IsReadOnly(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	first := getProfile(t, s, "user-premium")
	second := getProfile(t, s, "user-premium")
	first.Timestamp, second.Timestamp = 0, 0
	if !reflect.DeepEqual(first, second) {
		t.Errorf("two reads differ:\n%+v\n%+v", first, second)
	}
	if p := getProfile(t, s, "user-free"); len(p.AccessLevels) != 0 || p.ProfileID != freeID {
		t.Errorf("user-free: %+v", p)
	}
}
