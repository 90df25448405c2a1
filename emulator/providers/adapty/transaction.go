package adapty

import (
	"encoding/json"
	"math"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// transactionRequest is a set transaction body: a one-time purchase, or a subscription with the
// subscription's own fields.
type transactionRequest struct {
	Subscription               bool
	Store                      string
	Environment                string
	StoreProductID             string
	StoreTransactionID         string
	StoreOriginalTransactionID string
	IsFamilyShared             bool
	Price                      float64
	PurchasedAt                time.Time
	Offer                      offer
	RefundedAt                 optTime
	CancellationReason         optString

	OriginallyPurchasedAt  time.Time
	ExpiresAt              time.Time
	RenewStatus            bool
	RenewStatusChangedAt   optTime
	BillingIssueDetectedAt optTime
	GracePeriodExpiresAt   optTime
}

// readTransaction reads a body by its purchase_type (pydantic's discriminated union), checks its
// fields, then the documented rules between them.
func (w *world) readTransaction(op *contract.Operation, v any) (transactionRequest, error) {
	obj, err := object(op, v)
	if err != nil {
		return transactionRequest{}, err
	}
	kind, present := obj["purchase_type"]
	if !present {
		return transactionRequest{}, ErrMissingDiscriminator
	}
	fields := oneTimePurchaseFields
	switch kind {
	case "one_time_purchase":
	case "subscription":
		fields = subscriptionFields
	default:
		return transactionRequest{}, ErrInvalidDiscriminator.With(pyValueRepr(kind))
	}
	c := checker{strict: w.opts.StrictTypes}
	c.object(fields, obj, path{})
	if _, ok := obj["renew_status"]; !ok && kind == "subscription" && w.opts.RequireRenewStatus {
		c.fail(ErrFieldRequired, "renew_status")
	}
	if err := c.result(); err != nil {
		return transactionRequest{}, err
	}
	req := transactionRequest{
		Subscription:               kind == "subscription",
		Store:                      obj["store"].(string),
		Environment:                "Production",
		StoreProductID:             obj["store_product_id"].(string),
		StoreTransactionID:         obj["store_transaction_id"].(string),
		StoreOriginalTransactionID: obj["store_original_transaction_id"].(string),
		Price:                      obj["price"].(map[string]any)["value"].(float64),
		CancellationReason:         optStringOf(obj["cancellation_reason"]),
	}
	if env, ok := obj["environment"].(string); ok {
		req.Environment = env
	}
	req.IsFamilyShared, _ = obj["is_family_shared"].(bool)
	if o, ok := obj["offer"].(map[string]any); ok {
		req.Offer = offer{Category: o["category"].(string), Type: o["type"].(string), ID: optStringOf(o["id"]), Set: true}
	}
	// Read in this order: the first bad date is the one reported.
	names := [...]string{"purchased_at", "originally_purchased_at", "expires_at", "refunded_at",
		"renew_status_changed_at", "billing_issue_detected_at", "grace_period_expires_at"}
	var dates [len(names)]optTime
	for i, name := range names {
		t, err := date(obj, name)
		if err != nil {
			return transactionRequest{}, err
		}
		dates[i] = t.utc()
	}
	req.PurchasedAt, req.OriginallyPurchasedAt, req.ExpiresAt = dates[0].T, dates[1].T, dates[2].T
	req.RefundedAt, req.RenewStatusChangedAt, req.BillingIssueDetectedAt, req.GracePeriodExpiresAt = dates[3], dates[4], dates[5], dates[6]
	req.RenewStatus, _ = obj["renew_status"].(bool)
	return req, w.checkTransactionRules(req)
}

func optStringOf(v any) optString {
	s, ok := v.(string)
	return optString{V: s, Set: ok}
}

// checkTransactionRules applies the documented rules between a transaction's fields, each broken
// rule answering its documented 400.
func (w *world) checkTransactionRules(r transactionRequest) error {
	free := r.Offer.Set && r.Offer.Type == "free_trial"
	if !r.Subscription {
		switch {
		case r.StoreTransactionID != r.StoreOriginalTransactionID:
			return ErrStoreTransactionID
		case free:
			return ErrOneTimePurchaseTrial
		}
	} else {
		switch {
		case r.OriginallyPurchasedAt.After(r.PurchasedAt):
			return ErrOriginallyPurchasedDate
		case !r.ExpiresAt.After(r.PurchasedAt):
			return ErrExpiresDate
		case r.RenewStatusChangedAt.Set && !r.RenewStatusChangedAt.T.After(r.PurchasedAt):
			return ErrRenewStatusChangedDate
		case r.BillingIssueDetectedAt.Set && !r.BillingIssueDetectedAt.T.After(r.PurchasedAt):
			return ErrBillingIssueDetectedAtDateComparison
		case r.GracePeriodExpiresAt.Set && !r.BillingIssueDetectedAt.Set:
			return ErrGracePeriodBilling
		case r.GracePeriodExpiresAt.Set && r.GracePeriodExpiresAt.T.Before(r.ExpiresAt):
			return ErrGracePeriodExpiresDate
		}
	}
	refund := r.CancellationReason.Set && r.CancellationReason.V == "refund"
	switch {
	case r.IsFamilyShared && r.Price != 0:
		return ErrFamilySharePrice
	case w.opts.CheckFreeTrialPrice && free && r.Price != 0:
		return ErrFreeTrialPrice
	case r.Offer.Set && r.Offer.Category != "introductory" && !r.Offer.ID.Set:
		return ErrMissingOfferID
	case r.RefundedAt.Set != refund:
		return ErrRefundFields
	case r.RefundedAt.Set && !r.RefundedAt.T.After(r.PurchasedAt):
		return ErrRefundDate
	}
	return nil
}

// pyValueRepr is Python's repr of a decoded JSON value, as pydantic prints it in messages.
func pyValueRepr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		return map[bool]string{true: "True", false: "False"}[x]
	case string:
		return "'" + x + "'"
	case json.Number:
		return pyNumberString(x.String())
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// levelFor is the access level the app's product grants: its mapping, else for an unmapped product
// the default premium level (options.unmapped_product: premium) when the app has one, else none.
func (w *world) levelFor(appID, productID string) string {
	a := w.apps[appID]
	if level, ok := a.products[productID]; ok {
		return level
	}
	if _, ok := a.levels["premium"]; ok && w.opts.UnmappedProduct == "premium" {
		return "premium"
	}
	return ""
}

// setTransaction records the transaction (a reused store_transaction_id updates its record in place,
// a new one is a new purchase) and derives the access level its product maps to. The level is
// re-derived when the profile lacks it, when it comes from the same transaction chain (which also
// undoes an earlier revoke), or when the transaction lasts at least as long; otherwise the longer
// access the profile already has stays.
func (w *world) setTransaction(ref profileRef, pr profile, req transactionRequest, now time.Time) (provider.Response, error) {
	if math.IsInf(pr.TotalRevenueUSD+req.Price, 0) {
		// A total no JSON number can carry: refused like a price that is no float.
		return provider.Response{}, ErrFloat
	}
	now = now.Truncate(time.Microsecond)
	old := pr
	renewalCancelled := optTime{}
	if req.Subscription && !req.RenewStatus {
		renewalCancelled = req.RenewStatusChangedAt
	}
	inGrace := req.GracePeriodExpiresAt.Set && req.GracePeriodExpiresAt.T.After(now)
	expires := optTime{T: req.ExpiresAt, Set: req.Subscription}
	if req.RefundedAt.Set {
		expires = req.RefundedAt
	}
	originally := req.PurchasedAt
	if req.Subscription {
		originally = req.OriginallyPurchasedAt
	}
	isNew := true
	if req.Subscription {
		sub := subscription{
			Store: req.Store, StoreProductID: req.StoreProductID, StoreTransactionID: req.StoreTransactionID,
			StoreOriginalTransactionID: req.StoreOriginalTransactionID, Offer: req.Offer, Environment: req.Environment,
			PurchasedAt: req.PurchasedAt, OriginallyPurchasedAt: originally, ExpiresAt: optTime{T: req.ExpiresAt, Set: true},
			RenewalCancelledAt: renewalCancelled, BillingIssueDetectedAt: req.BillingIssueDetectedAt,
			IsInGracePeriod: inGrace, CancellationReason: req.CancellationReason,
		}
		if i := findSubscription(pr.Subscriptions, req.Store, req.StoreTransactionID); i >= 0 {
			pr.Subscriptions, isNew = withItem(pr.Subscriptions, i, sub), false
		} else {
			pr.Subscriptions = withAppended(pr.Subscriptions, sub)
		}
	} else {
		ns := nonSubscription{
			Store: req.Store, StoreProductID: req.StoreProductID, StoreTransactionID: req.StoreTransactionID,
			StoreOriginalTransactionID: req.StoreOriginalTransactionID, PurchasedAt: req.PurchasedAt,
			Environment: req.Environment, IsRefund: req.RefundedAt.Set,
		}
		if i := findNonSubscription(pr.NonSubscriptions, req.Store, req.StoreTransactionID); i >= 0 {
			ns.PurchaseID = pr.NonSubscriptions[i].PurchaseID
			pr.NonSubscriptions, isNew = withItem(pr.NonSubscriptions, i, ns), false
		} else {
			ns.PurchaseID = w.ids.uuid()
			pr.NonSubscriptions = withAppended(pr.NonSubscriptions, ns)
		}
	}
	if isNew && req.Environment == "Production" {
		pr.TotalRevenueUSD += req.Price
	}
	if level := w.levelFor(ref.App, req.StoreProductID); level != "" {
		derived := accessLevel{
			AccessLevelID: level, Store: req.Store, StoreProductID: req.StoreProductID,
			StoreTransactionID: req.StoreTransactionID, StoreOriginalTransactionID: req.StoreOriginalTransactionID,
			Offer: req.Offer, PurchasedAt: req.PurchasedAt, OriginallyPurchasedAt: originally, ExpiresAt: expires,
			RenewalCancelledAt: renewalCancelled, BillingIssueDetectedAt: req.BillingIssueDetectedAt,
			IsInGracePeriod: inGrace, CancellationReason: req.CancellationReason,
		}
		i := pr.level(level)
		switch {
		case i < 0:
			pr.AccessLevels = withAppended(pr.AccessLevels, derived)
		case sameChain(&pr.AccessLevels[i], req) || lastsAsLong(derived.ExpiresAt, pr.AccessLevels[i].ExpiresAt):
			pr.AccessLevels = withItem(pr.AccessLevels, i, derived)
		}
	}
	if unchanged(&old, &pr) {
		return w.profileOK(ref.App, &old, now, false), nil
	}
	w.store(ref, &old, &pr)
	return w.profileOK(ref.App, &pr, now, true), nil
}

func findSubscription(subs []subscription, store, txn string) int {
	for i := range subs {
		if subs[i].Store == store && subs[i].StoreTransactionID == txn {
			return i
		}
	}
	return -1
}

func findNonSubscription(purchases []nonSubscription, store, txn string) int {
	for i := range purchases {
		if purchases[i].Store == store && purchases[i].StoreTransactionID == txn {
			return i
		}
	}
	return -1
}

func sameChain(l *accessLevel, req transactionRequest) bool {
	return l.Store == req.Store && l.StoreOriginalTransactionID == req.StoreOriginalTransactionID
}

// lastsAsLong reports whether an expiry is no earlier than another; unset is lifetime.
func lastsAsLong(a, b optTime) bool {
	switch {
	case !a.Set:
		return true
	case !b.Set:
		return false
	}
	return !a.T.Before(b.T)
}
