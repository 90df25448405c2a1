package adapty

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// model is a request body as Adapty's (pydantic v1) model reads it: its name and its fields in
// declaration order, which is the order validation errors are reported in.
type model struct {
	name   string
	fields []field
}

type field struct {
	name string
	date bool
}

var models = map[string]*model{
	// Their fields are checked by schema.go's checker (checkBody), which knows nested models.
	"createProfile":     {name: "ProfileRequest"},
	"updateProfile":     {name: "ProfileRequest"},
	"setTransaction":    {name: "TransactionDTORequest"},
	"revokeAccessLevel": {name: "RevokeAccessRequest", fields: []field{{name: "access_level_id"}, {name: "revoke_at", date: true}}},
	"grantAccessLevel": {name: "GrantAccessRequest", fields: []field{
		{name: "access_level_id"}, {name: "starts_at", date: true}, {name: "expires_at", date: true},
	}},
}

// identify finds the profile the request's headers name in the key's app. adapty-profile-id wins
// when both headers are sent (assumed: the docs call them interchangeable and say nothing of both).
func (w *world) identify(appID string, h http.Header) (profileRef, profile, bool) {
	if id := profileIDHeader(h); id != "" {
		ref := profileRef{App: appID, Profile: id}
		pr, ok := w.profiles.Get(ref)
		return ref, pr, ok
	}
	if cuid := header(h, "Adapty-Customer-User-Id"); cuid != "" {
		if id, ok := w.byCustomer.Get(customerRef{App: appID, Customer: cuid}); ok {
			ref := profileRef{App: appID, Profile: id}
			pr, ok := w.profiles.Get(ref)
			return ref, pr, ok
		}
	}
	return profileRef{}, profile{}, false
}

// profileIDHeader is adapty-profile-id as the server reads it: trimmed, in lower case.
func profileIDHeader(h http.Header) string {
	return strings.ToLower(strings.TrimSpace(header(h, "Adapty-Profile-Id")))
}

// unknownProfile is the documented answer of an operation for a profile that does not exist. Only
// revoke, grant and set transaction document the 400 form (options.unknown_profile_status: 400);
// the profile operations document the 404 alone.
func (w *world) unknownProfile(opID string) *Error {
	switch opID {
	case "revokeAccessLevel", "grantAccessLevel", "setTransaction":
		if w.opts.UnknownProfileStatus == http.StatusBadRequest {
			return ErrProfileDoesNotExist
		}
	}
	return ErrProfileNotFound
}

type revokeRequest struct {
	AccessLevelID string
	// RevokeAt keeps the offset it was sent with: the error message prints it as sent.
	RevokeAt optTime
}

type grantRequest struct {
	AccessLevelID string
	StartsAt      optTime
	ExpiresAt     optTime
}

// object returns the validated body as an object; a JSON null body (which validation lets through)
// is pydantic's "expected dict" error.
func object(op *contract.Operation, v any) (map[string]any, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, ErrNotAnObject.With(models[op.ID].name, pyTypeName(v))
	}
	return obj, nil
}

// date reads a validated date field, with the offset it was sent with: unset when absent or null.
// Python keeps microseconds.
func date(obj map[string]any, name string) (optTime, error) {
	s, ok := obj[name].(string)
	if !ok {
		return optTime{}, nil
	}
	t, err := contract.ParseDateTime(s)
	if err != nil {
		return optTime{}, ErrInvalidDatetime.At(name)
	}
	return optTime{T: t.Truncate(time.Microsecond), Set: true}, nil
}

func readRevoke(op *contract.Operation, v any) (revokeRequest, error) {
	obj, err := object(op, v)
	if err != nil {
		return revokeRequest{}, err
	}
	req := revokeRequest{}
	req.AccessLevelID, _ = obj["access_level_id"].(string)
	req.RevokeAt, err = date(obj, "revoke_at")
	return req, err
}

func readGrant(op *contract.Operation, v any) (grantRequest, error) {
	obj, err := object(op, v)
	if err != nil {
		return grantRequest{}, err
	}
	req := grantRequest{}
	req.AccessLevelID, _ = obj["access_level_id"].(string)
	if req.StartsAt, err = date(obj, "starts_at"); err != nil {
		return req, err
	}
	req.ExpiresAt, err = date(obj, "expires_at")
	return req, err
}

// revoke shortens or ends an access level: its expires_at becomes revoke_at, or now. The level
// stays in access_levels (documented), with cancellation_reason "adapty_revoked" (the transaction
// Adapty's backend synthesises carries ADAPTY_REVOKED). Checks run in the order: level configured
// for the app, profile holds it unexpired, revoke_at in the future, revoke_at not after expires_at.
func (w *world) revoke(ref profileRef, pr profile, req revokeRequest, now time.Time) (provider.Response, error) {
	if _, ok := w.apps[ref.App].levels[req.AccessLevelID]; !ok {
		return provider.Response{}, ErrPaidAccessLevelDoesNotExist.With(req.AccessLevelID)
	}
	now = now.Truncate(time.Microsecond)
	i := pr.level(req.AccessLevelID)
	if i < 0 || !pr.AccessLevels[i].active(now) {
		return provider.Response{}, ErrProfilePaidAccessLevelDoesNotExist.With(pr.ProfileID, req.AccessLevelID)
	}
	lvl := pr.AccessLevels[i]
	at := now
	if revokeAt := req.RevokeAt.T; req.RevokeAt.Set {
		if !revokeAt.After(now) {
			return provider.Response{}, ErrValueError
		}
		if lvl.ExpiresAt.Set && revokeAt.After(lvl.ExpiresAt.T) {
			return provider.Response{}, ErrRevocationDateMoreThanExpirationDate.With(pyStr(revokeAt), pyStr(lvl.ExpiresAt.T.UTC()))
		}
		at = revokeAt.UTC()
	}
	lvl.ExpiresAt = optTime{T: at, Set: true}
	lvl.CancellationReason = optString{V: "adapty_revoked", Set: true}
	old := pr
	pr.AccessLevels = withItem(pr.AccessLevels, i, lvl)
	w.store(ref, &old, &pr)
	return w.profileOK(ref.App, &pr, now, true), nil
}

// grant gives or extends an access level without a store transaction: store "adapty", a new
// transaction id, starts_at and expires_at from the request (null expires_at is lifetime), and no
// cancellation. An extended level keeps its original transaction and first purchase date.
func (w *world) grant(ref profileRef, pr profile, req grantRequest, now time.Time) (provider.Response, error) {
	if _, ok := w.apps[ref.App].levels[req.AccessLevelID]; !ok {
		return provider.Response{}, ErrPaidAccessLevelDoesNotExist.With(req.AccessLevelID)
	}
	now = now.Truncate(time.Microsecond)
	txn := strconv.FormatInt(w.nextTransaction, 10)
	w.nextTransaction++
	lvl := accessLevel{
		AccessLevelID:              req.AccessLevelID,
		StoreProductID:             req.AccessLevelID,
		StoreOriginalTransactionID: txn,
		OriginallyPurchasedAt:      now,
	}
	i := pr.level(req.AccessLevelID)
	if i >= 0 {
		lvl = pr.AccessLevels[i]
	}
	lvl.Store = "adapty"
	lvl.StoreBasePlanID = optString{}
	lvl.StoreTransactionID = txn
	lvl.Offer = offer{}
	lvl.StartsAt = req.StartsAt.utc()
	lvl.PurchasedAt = now
	lvl.ExpiresAt = req.ExpiresAt.utc()
	lvl.RenewalCancelledAt = optTime{}
	lvl.BillingIssueDetectedAt = optTime{}
	lvl.IsInGracePeriod = false
	lvl.CancellationReason = optString{}
	old := pr
	if i < 0 {
		pr.AccessLevels = withAppended(pr.AccessLevels, lvl)
	} else {
		pr.AccessLevels = withItem(pr.AccessLevels, i, lvl)
	}
	w.store(ref, &old, &pr)
	return w.profileOK(ref.App, &pr, now, true), nil
}

// utc is the time in UTC, as the state keeps every date.
func (o optTime) utc() optTime {
	if !o.Set {
		return optTime{}
	}
	return optTime{T: o.T.UTC(), Set: true}
}
