package adapty

import (
	"time"

	"github.com/accessemu/accessemu/emulator/contract"
	"github.com/accessemu/accessemu/emulator/provider"
)

// ErrorNames lists the catalogue.
func (p *Adapty) ErrorNames() []string {
	names := make([]string, len(Catalogue))
	for i, e := range Catalogue {
		names[i] = e.Name
	}
	return names
}

// NamedError returns a catalogue error with the request's values in its message where the docs
// show them: the access level id, the profile id, the dates, the method. What the request does not
// give keeps the documented example's value.
func (p *Adapty) NamedError(name string, st provider.State, r *provider.Request) (error, bool) {
	var e *Error
	for _, c := range Catalogue {
		if c.Name == name {
			e = c
		}
	}
	if e == nil {
		return nil, false
	}
	if r == nil {
		return e, true
	}
	body, _ := contract.DecodeJSON(r.Body)
	obj, _ := body.(map[string]any)
	level, ok := obj["access_level_id"].(string)
	if !ok {
		level = "premium"
	}
	switch e {
	case ErrPaidAccessLevelDoesNotExist:
		return e.With(level), true
	case ErrProfilePaidAccessLevelDoesNotExist:
		profileID := "478b2e7f-d557-4b8b-9c5f-cbd46fc2dee2"
		if ref, ok := requestProfile(st, r); ok {
			profileID = ref.Profile
		}
		return e.With(profileID, level), true
	case ErrRevocationDateMoreThanExpirationDate:
		revokeAt, expires := "2029-08-29 09:33:42+00:00", "2028-08-29 09:33:42+00:00"
		if s, ok := obj["revoke_at"].(string); ok {
			if t, err := contract.ParseDateTime(s); err == nil {
				revokeAt = pyStr(t)
			}
		}
		if ref, ok := requestProfile(st, r); ok {
			pr, _ := st.(*world).profiles.Get(ref)
			if i := pr.level(level); i >= 0 && pr.AccessLevels[i].ExpiresAt.Set {
				expires = pyStr(pr.AccessLevels[i].ExpiresAt.T.UTC())
			}
		}
		return e.With(revokeAt, expires), true
	case ErrMethodNotAllowed:
		if r.Op != nil {
			return e.With(r.Op.Method), true
		}
	}
	return e, true
}

// requestProfile is the profile a request names, when the key and headers resolve to one.
func requestProfile(st provider.State, r *provider.Request) (profileRef, bool) {
	w, ok := st.(*world)
	if !ok || w == nil {
		return profileRef{}, false
	}
	appID, ok := w.appOfKey.Get(apiKey(r.Header.Get("Authorization")))
	if !ok {
		return profileRef{}, false
	}
	ref, err := w.identify(appID, r.Header)
	return ref, err == nil
}

// RateLimit is Adapty's general server-side limit: 40,000 requests a minute per app (from the docs
// team's notes; the 429 body is undocumented). The emulator counts per key.
func (p *Adapty) RateLimit() (int, time.Duration, time.Duration) { return 40000, time.Minute, 0 }
