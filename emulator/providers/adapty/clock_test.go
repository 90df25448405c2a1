package adapty_test

import (
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/internal/apitest"
)

// A revoke scheduled for later keeps the level active until then; moving the tenant's clock past
// revoke_at shows it expired, without sleeping.
func TestRevoke_ScheduledRevokeTakesEffectWhenTheClockPassesIt(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New())
	const key = "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv"
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s.Emu.Clock("default").Set(start)
	// user-lifetime's premium never expires; schedule its end 10 days from the virtual now.
	body := `{"access_level_id": "premium", "revoke_at": "2030-01-11T00:00:00Z"}`
	if r := s.Do("POST", revokePath, body, "Authorization", key, "adapty-customer-user-id", "user-lifetime"); r.Status != 200 {
		t.Fatalf("scheduled revoke: %d %s", r.Status, r.Body)
	}
	level := func() accessLevelView {
		var p struct {
			Data struct {
				AccessLevels []accessLevelView `json:"access_levels"`
			}
		}
		s.Do("GET", profilePath, "", "Authorization", key, "adapty-customer-user-id", "user-lifetime").JSON(&p)
		return p.Data.AccessLevels[0]
	}
	if l := level(); l.ExpiresAt != "2030-01-11T00:00:00+00:00" {
		t.Fatalf("expires_at = %q", l.ExpiresAt)
	}
	// Still active nine days on: it can be shortened again.
	s.Emu.Clock("default").Advance(9 * 24 * time.Hour)
	if r := s.Do("POST", revokePath, `{"access_level_id": "premium", "revoke_at": "2030-01-10T12:00:00Z"}`,
		"Authorization", key, "adapty-customer-user-id", "user-lifetime"); r.Status != 200 {
		t.Fatalf("shortening an active level: %d %s", r.Status, r.Body)
	}
	if l := level(); l.ExpiresAt != "2030-01-10T12:00:00+00:00" {
		t.Fatalf("expires_at = %q", l.ExpiresAt)
	}
	// Past revoke_at the level has expired: revoking it again is refused as documented.
	s.Emu.Clock("default").Advance(2 * 24 * time.Hour)
	s.Do("POST", revokePath, `{"access_level_id": "premium"}`, "Authorization", key, "adapty-customer-user-id", "user-lifetime").Expect(400,
		`{"errors":[{"source":"non_field_errors","errors":["Profile `+"`0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e02`"+` has no `+"`premium`"+` access level"]}],"error_code":"profile_paid_access_level_does_not_exist","status_code":400}`)
}

type accessLevelView struct {
	AccessLevelID string `json:"access_level_id"`
	ExpiresAt     string `json:"expires_at"`
}
