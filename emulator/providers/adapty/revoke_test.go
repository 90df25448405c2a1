package adapty_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/internal/apitest"
)

// docWorld holds the identities of Adapty's own error examples, so that each documented body can be
// reproduced verbatim: the profile 478b2e7f-... without premium, a premium expiring 2028-08-29
// 09:33:42, and an app where premium is not configured.
const docWorld = `
adapty:
  apps:
    - app_id: 14c3d333-2f3a-455a-aa86-ef83dff6913b
      secret_keys: [secret_live_Pj1P1xzM.2CvSvE1IalQRFjsWy6csBVNpH33atnod]
      access_levels: [premium]
      profiles:
        - profile_id: 478b2e7f-d557-4b8b-9c5f-cbd46fc2dee2
          customer_user_id: without-premium
        - profile_id: 3286abd3-48b0-4e9c-a5f6-ac0a006804a6
          customer_user_id: premium-until-2028
          access_levels:
            - access_level_id: premium
              purchased_at: 2024-08-29T09:33:42Z
              expires_at: 2028-08-29T09:33:42Z
    - app_id: 2b0c5d8e-0000-4000-8000-000000000001
      secret_keys: [secret_live_VipOnly0.00000000000000000000000000000001]
      access_levels: [vip]
      profiles:
        - customer_user_id: vip-app-user
`

const docKey = "Api-Key secret_live_Pj1P1xzM.2CvSvE1IalQRFjsWy6csBVNpH33atnod"

func TestRevoke_ReproducesEveryDocumentedErrorBody(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New(), docWorld)
	s400 := apitest.StartAlone(t, adapty.New(), strings.Replace(docWorld, "adapty:\n", "adapty:\n  options: {unknown_profile_status: 400}\n", 1))
	// The documented dates are absolute: hold the clock before 2028-08-29, whatever the year.
	for _, srv := range []*apitest.Server{s, s400} {
		srv.Emu.Clock("default").Set(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	const seedBody = `{
  "access_level_id": "premium",
  "revoke_at": "2024-10-12T09:42:50.000000+0000"
}`
	// Line 4 column 3 (char 67) is where the fourth line's key starts after a missing comma.
	const missingComma = "{\n  \"access_level_id\": \"premium\",\n  \"custom_note\": \"abcdefghijk\"\n  \"revoke_at\": null\n}"
	tests := []struct {
		name    string
		srv     *apitest.Server
		body    string
		headers []string
		status  int
		want    string
	}{
		{"paid_access_level_does_not_exist", s, `{"access_level_id": "premium"}`,
			[]string{"Authorization", "Api-Key secret_live_VipOnly0.00000000000000000000000000000001", "adapty-customer-user-id", "vip-app-user"},
			400, docPaidAccessLevelDoesNotExist},
		{"profile_does_not_exist (400 form)", s400, `{"access_level_id": "premium"}`,
			[]string{"Authorization", docKey, "adapty-customer-user-id", "nobody"}, 400, docProfileDoesNotExist400},
		{"profile_paid_access_level_does_not_exist", s, `{"access_level_id": "premium"}`,
			[]string{"Authorization", docKey, "adapty-customer-user-id", "without-premium"}, 400, docProfilePaidAccessLevelDoesNotExist},
		{"revocation_date_more_than_expiration_date", s, `{"access_level_id": "premium", "revoke_at": "2029-08-29T09:33:42Z"}`,
			[]string{"Authorization", docKey, "adapty-customer-user-id", "premium-until-2028"}, 400, docRevocationDateMoreThanExpirationDate},
		{"value_error", s, seedBody,
			[]string{"Authorization", docKey, "adapty-customer-user-id", "premium-until-2028"}, 400, docValueError},
		{"parse_error", s, missingComma,
			[]string{"Authorization", docKey, "adapty-customer-user-id", "premium-until-2028"}, 400, docParseError},
		{"not_authenticated (no key)", s, `{"access_level_id": "premium"}`,
			[]string{"adapty-customer-user-id", "premium-until-2028"}, 401, docNotAuthenticated},
		{"not_authenticated (wrong key)", s, `{"access_level_id": "premium"}`,
			[]string{"Authorization", "Api-Key secret_live_XXXXXXXX.wrongwrongwrongwrongwrongwrongwr", "adapty-customer-user-id", "premium-until-2028"}, 401, docNotAuthenticated},
		{"profile_does_not_exist (404 form)", s, `{"access_level_id": "premium"}`,
			[]string{"Authorization", docKey, "adapty-customer-user-id", "nobody"}, 404, docProfileNotFound404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.srv.Do("POST", revokePath, tc.body, append(tc.headers, "Content-Type", "application/json")...).Expect(tc.status, tc.want)
		})
	}
}

func TestRevoke_PremiumNowEndsTheLevelAndProfileShowsIt(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	before := time.Now()
	p := decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-premium")...))
	after := time.Now()

	l := p.level(t, "premium")
	if l.ExpiresAt == nil {
		t.Fatal("expires_at is null after a revoke")
	}
	expires := parseDate(t, *l.ExpiresAt)
	within(t, "expires_at", expires, before, after)
	if p.Timestamp != expires.UnixMilli() {
		t.Errorf("timestamp %d is not the revoke time %s", p.Timestamp, *l.ExpiresAt)
	}
	if str(l.CancellationReason) != "adapty_revoked" {
		t.Errorf("cancellation_reason = %s, want adapty_revoked", str(l.CancellationReason))
	}
	if p.ProfileID != premiumID || p.AppID != appID || str(p.CustomerUserID) != "user-premium" {
		t.Errorf("wrong profile: %+v", p)
	}

	got := getProfile(t, s, "user-premium").level(t, "premium")
	if str(got.ExpiresAt) != *l.ExpiresAt || str(got.CancellationReason) != "adapty_revoked" {
		t.Errorf("get profile after revoke: expires_at %s, cancellation_reason %s; want %s, adapty_revoked",
			str(got.ExpiresAt), str(got.CancellationReason), *l.ExpiresAt)
	}
}

func TestRevoke_SecondImmediateRevokeIsProfileWithoutLevel(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-premium")...))
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-premium")...).
		Expect(400, profileNotHolding(premiumID, "premium"))
}

func TestRevoke_DefaultWorldProfiles(t *testing.T) {
	t.Run("user-premium past its expiry is revocation_date_more_than_expiration_date", func(t *testing.T) {
		s := apitest.StartAlone(t, adapty.New())
		expires := parseDate(t, str(getProfile(t, s, "user-premium").level(t, "premium").ExpiresAt))
		revokeAt := expires.Add(24*time.Hour + 1500*time.Millisecond)
		body := fmt.Sprintf(`{"access_level_id": "premium", "revoke_at": %q}`, revokeAt.Format(time.RFC3339Nano))
		s.Do("POST", revokePath, body, as("user-premium")...).Expect(400, errorBody("revoke_at",
			fmt.Sprintf("Revocation date (%s) is more than current expiration date (%s)", pyStr(revokeAt), pyStr(expires)),
			"revocation_date_more_than_expiration_date", 400))
	})
	t.Run("user-lifetime with a future date gets that expiry", func(t *testing.T) {
		s := apitest.StartAlone(t, adapty.New())
		revokeAt := time.Now().Add(400 * 24 * time.Hour).Truncate(time.Second)
		body := fmt.Sprintf(`{"access_level_id": "premium", "revoke_at": %q}`, revokeAt.Format("2006-01-02T15:04:05.000000-0700"))
		p := decodeProfile(t, s.Do("POST", revokePath, body, as("user-lifetime")...))
		if got := str(p.level(t, "premium").ExpiresAt); got != isoformat(revokeAt) {
			t.Errorf("expires_at = %s, want %s", got, isoformat(revokeAt))
		}
		if p.ProfileID != lifetimeID {
			t.Errorf("profile_id = %s, want %s", p.ProfileID, lifetimeID)
		}
	})
	t.Run("user-free has no premium", func(t *testing.T) {
		s := apitest.StartAlone(t, adapty.New())
		s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-free")...).Expect(400, profileNotHolding(freeID, "premium"))
	})
	t.Run("vip is configured but user-premium does not hold it", func(t *testing.T) {
		s := apitest.StartAlone(t, adapty.New())
		s.Do("POST", revokePath, `{"access_level_id": "vip"}`, as("user-premium")...).Expect(400, profileNotHolding(premiumID, "vip"))
	})
	t.Run("gold is not configured for the app", func(t *testing.T) {
		s := apitest.StartAlone(t, adapty.New())
		s.Do("POST", revokePath, `{"access_level_id": "gold"}`, as("user-premium")...).Expect(400, paidLevelMissing("gold"))
	})
	t.Run("the seed's 2024 revoke_at is in the past", func(t *testing.T) {
		s := apitest.StartAlone(t, adapty.New())
		s.Do("POST", revokePath, `{"access_level_id": "premium", "revoke_at": "2024-10-12T09:42:50.000000+0000"}`, as("user-premium")...).
			Expect(400, docValueError)
	})
	t.Run("a wrong key is not_authenticated", func(t *testing.T) {
		s := apitest.StartAlone(t, adapty.New())
		s.Do("POST", revokePath, `{"access_level_id": "premium"}`,
			"Authorization", "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuX", "adapty-customer-user-id", "user-premium").
			Expect(401, docNotAuthenticated)
	})
	t.Run("an unknown customer is 404", func(t *testing.T) {
		s := apitest.StartAlone(t, adapty.New())
		s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-nobody")...).Expect(404, docProfileNotFound404)
	})
}

// Only revoke, grant and set transaction document the 400 form; the profile operations document
// the 404 alone, and keep it under the option.
func TestRevoke_UnknownProfileIs400WithTheOptionWhereDocumented(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New(), `
adapty:
  options: {unknown_profile_status: 400}
  apps:
    - secret_keys: [`+secretKey+`]
      profiles: [{customer_user_id: someone}]
`)
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-nobody")...).Expect(400, docProfileDoesNotExist400)
	s.Do("POST", grantPath, `{"access_level_id": "premium"}`, as("user-nobody")...).Expect(400, docProfileDoesNotExist400)
	s.Do("POST", setTransactionPath, docOneTimePurchaseBody, as("user-nobody")...).Expect(400, docProfileDoesNotExist400)
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`, "Authorization", apiKey).Expect(400, docProfileDoesNotExist400)
	s.Do("GET", profilePath, "", as("user-nobody")...).Expect(404, docProfileNotFound404)
	s.Do("GET", profilePath, "", "Authorization", apiKey, "adapty-profile-id", "3286abd3-48b0-4e9c-a5f6-ac0a006804a6").Expect(404, docProfileNotFound404)
	s.Do("PATCH", profilePath, `{}`, as("user-nobody")...).Expect(404, docProfileNotFound404)
	s.Do("DELETE", profilePath, "", as("user-nobody")...).Expect(404, docProfileNotFound404)
	s.Do("POST", profilePath, `{}`, "Authorization", apiKey, "adapty-profile-id", "3286abd3-48b0-4e9c-a5f6-ac0a006804a6").Expect(404, docProfileNotFound404)
}

// The seed's curl, Python and JavaScript examples send the same request: host replaced, key and
// customer filled from the default world. Its revoke_at (2024-10-12) is in the past, so the
// documented answer is value_error.
func TestRevoke_SeedExampleReplayed(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	s.Do("POST", revokePath, `{
  "access_level_id": "premium",
  "revoke_at": "2024-10-12T09:42:50.000000+0000"
}`,
		"Authorization", "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv",
		"adapty-customer-user-id", "user-premium",
		"Content-Type", "application/json").Expect(400, docValueError)
	// The spec's own examples: immediate and scheduled revoke (its 2024-12-31 date is past too).
	decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-premium")...))
	s.Do("POST", revokePath, `{"access_level_id": "premium", "revoke_at": "2024-12-31T23:59:59Z"}`, as("user-lifetime")...).Expect(400, docValueError)
}

func TestRevoke_ScheduledRevokeKeepsTheLevelUntilRevokeAt(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	revokeAt := time.Now().Add(time.Hour).Truncate(time.Second)
	body := fmt.Sprintf(`{"access_level_id": "premium", "revoke_at": %q}`, revokeAt.Format(time.RFC3339))
	l := decodeProfile(t, s.Do("POST", revokePath, body, as("user-premium")...)).level(t, "premium")
	if str(l.ExpiresAt) != isoformat(revokeAt) || str(l.CancellationReason) != "adapty_revoked" {
		t.Fatalf("after a scheduled revoke: expires_at %s, cancellation_reason %s", str(l.ExpiresAt), str(l.CancellationReason))
	}
	// The level is still active, so it can be shortened again, but not lengthened.
	later := revokeAt.Add(time.Minute)
	s.Do("POST", revokePath, fmt.Sprintf(`{"access_level_id": "premium", "revoke_at": %q}`, later.Format(time.RFC3339)), as("user-premium")...).
		Expect(400, errorBody("revoke_at", fmt.Sprintf("Revocation date (%s) is more than current expiration date (%s)", pyStr(later), pyStr(revokeAt)),
			"revocation_date_more_than_expiration_date", 400))
	decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium", "revoke_at": null}`, as("user-premium")...))
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`, as("user-premium")...).Expect(400, profileNotHolding(premiumID, "premium"))
}

func TestRevoke_RevokeAtEqualToExpiryIsAccepted(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	expires := str(getProfile(t, s, "user-premium").level(t, "premium").ExpiresAt)
	p := decodeProfile(t, s.Do("POST", revokePath, fmt.Sprintf(`{"access_level_id": "premium", "revoke_at": %q}`, expires), as("user-premium")...))
	if got := str(p.level(t, "premium").ExpiresAt); got != expires {
		t.Errorf("expires_at = %s, want %s", got, expires)
	}
}

func TestRevoke_AcceptsEveryDocumentedDateForm(t *testing.T) {
	future := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	for _, form := range []string{
		"2006-01-02T15:04:05Z",
		"2006-01-02T15:04:05.000000Z",
		"2006-01-02T15:04:05+0000",
		"2006-01-02T15:04:05.000000+0000",
		"2006-01-02T15:04:05+00:00",
		"2006-01-02T15:04:05.000+00:00",
	} {
		t.Run(form, func(t *testing.T) {
			s := apitest.StartAlone(t, adapty.New())
			body := fmt.Sprintf(`{"access_level_id": "premium", "revoke_at": %q}`, future.Format(form))
			if got := str(decodeProfile(t, s.Do("POST", revokePath, body, as("user-lifetime")...)).level(t, "premium").ExpiresAt); got != isoformat(future) {
				t.Errorf("expires_at = %s, want %s", got, isoformat(future))
			}
		})
	}
}

// A revoke_at sent with an offset is printed with that offset in the error, as Python's str() of
// the parsed datetime is; the current expiry comes from storage, in UTC. Microseconds show when set.
func TestRevoke_ErrorMessagePrintsRevokeAtAsSent(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	expires := parseDate(t, str(getProfile(t, s, "user-premium").level(t, "premium").ExpiresAt))
	revokeAt := expires.Add(72 * time.Hour).In(time.FixedZone("", 2*3600)).Truncate(time.Second).Add(250 * time.Millisecond)
	body := fmt.Sprintf(`{"access_level_id": "premium", "revoke_at": %q}`, revokeAt.Format("2006-01-02T15:04:05.000-07:00"))
	want := fmt.Sprintf("Revocation date (%s) is more than current expiration date (%s)",
		revokeAt.Format("2006-01-02 15:04:05.000000-07:00"), pyStr(expires))
	s.Do("POST", revokePath, body, as("user-premium")...).Expect(400, errorBody("revoke_at", want, "revocation_date_more_than_expiration_date", 400))
}

func TestRevoke_ProfileIDHeaderWinsOverCustomerUserID(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	// The customer id names user-premium, the profile id names user-free: user-free is revoked.
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`,
		"Authorization", apiKey, "adapty-customer-user-id", "user-premium", "adapty-profile-id", freeID).
		Expect(400, profileNotHolding(freeID, "premium"))
	// An unknown profile id is not rescued by a known customer id.
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`,
		"Authorization", apiKey, "adapty-customer-user-id", "user-premium", "adapty-profile-id", "00000000-0000-4000-8000-000000000000").
		Expect(404, docProfileNotFound404)
	// The profile id alone works, in any letter case.
	p := decodeProfile(t, s.Do("POST", revokePath, `{"access_level_id": "premium"}`,
		"Authorization", apiKey, "adapty-profile-id", strings.ToUpper(premiumID)))
	if p.ProfileID != premiumID {
		t.Errorf("profile_id = %s, want %s", p.ProfileID, premiumID)
	}
}

func TestRevoke_NeitherIdentityHeaderIsProfileNotFound(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`, "Authorization", apiKey).Expect(404, docProfileNotFound404)
	s.Do("GET", profilePath, "", "Authorization", apiKey, "adapty-customer-user-id", "").Expect(404, docProfileNotFound404)
}

func TestRevoke_KeyOnlySeesItsOwnApp(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New(), docWorld)
	// premium-until-2028 belongs to the first app; the second app's key does not find it.
	s.Do("POST", revokePath, `{"access_level_id": "vip"}`,
		"Authorization", "Api-Key secret_live_VipOnly0.00000000000000000000000000000001", "adapty-customer-user-id", "premium-until-2028").
		Expect(404, docProfileNotFound404)
}

// Validation runs in the order auth, identity headers, body syntax and schema, access level of the
// app, profile's access level, revoke_at in the future, revoke_at not after expires_at.
func TestRevoke_ValidationOrder(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	tests := []struct {
		name    string
		body    string
		headers []string
		status  int
		want    string
	}{
		{"bad key before unknown profile", `{`, []string{"Authorization", "Api-Key nope", "adapty-customer-user-id", "nobody"}, 401, docNotAuthenticated},
		{"unknown profile before malformed body", `{`, as("nobody"), 404, docProfileNotFound404},
		{"malformed body before unknown level", `{"access_level_id": "gold"`, as("user-premium"), 400, parseError("Expecting ',' delimiter: line 1 column 27 (char 26)")},
		{"schema before unknown level", `{"access_level_id": "gold", "revoke_at": "soon"}`, as("user-premium"), 400, errorBody("revoke_at", "invalid datetime format", "datetime", 400)},
		{"unknown level before missing level", `{"access_level_id": "gold", "revoke_at": "2024-10-12T09:42:50Z"}`, as("user-free"), 400, paidLevelMissing("gold")},
		{"missing level before past date", `{"access_level_id": "premium", "revoke_at": "2024-10-12T09:42:50Z"}`, as("user-free"), 400, profileNotHolding(freeID, "premium")},
		{"past date before expiry check", `{"access_level_id": "premium", "revoke_at": "2024-10-12T09:42:50Z"}`, as("user-premium"), 400, docValueError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s.Do("POST", revokePath, tc.body, tc.headers...).Expect(tc.status, tc.want)
		})
	}
}
