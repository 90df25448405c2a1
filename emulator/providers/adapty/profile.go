package adapty

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
)

// The 200 body of every operation but delete: {"data": Profile}, every field in the spec's order. A
// response is built from copies, so it can be written after the state's lock is released.

type profileResponse struct {
	Data profileJSON `json:"data"`
}

type profileJSON struct {
	AppID            string                `json:"app_id"`
	ProfileID        string                `json:"profile_id"`
	CustomerUserID   *string               `json:"customer_user_id"`
	TotalRevenueUSD  pyFloat               `json:"total_revenue_usd"`
	SegmentHash      string                `json:"segment_hash"`
	Timestamp        int64                 `json:"timestamp"`
	CustomAttributes []customAttributeJSON `json:"custom_attributes"`
	AccessLevels     []accessLevelJSON     `json:"access_levels"`
	Subscriptions    []subscriptionJSON    `json:"subscriptions"`
	NonSubscriptions []nonSubscriptionJSON `json:"non_subscriptions"`
}

type customAttributeJSON struct {
	Key   string    `json:"key"`
	Value attrValue `json:"value"`
}

// MarshalJSON writes a string value as a string and a number as Python's float repr.
func (v attrValue) MarshalJSON() ([]byte, error) {
	if v.IsNum {
		return pyFloat(v.Num).MarshalJSON()
	}
	return json.Marshal(v.Str)
}

type offerJSON struct {
	Category string  `json:"category"`
	Type     string  `json:"type"`
	ID       *string `json:"id"`
}

type accessLevelJSON struct {
	AccessLevelID              string      `json:"access_level_id"`
	Store                      string      `json:"store"`
	StoreProductID             string      `json:"store_product_id"`
	StoreBasePlanID            *string     `json:"store_base_plan_id"`
	StoreTransactionID         string      `json:"store_transaction_id"`
	StoreOriginalTransactionID string      `json:"store_original_transaction_id"`
	Offer                      *offerJSON  `json:"offer"`
	StartsAt                   optDateJSON `json:"starts_at"`
	PurchasedAt                dateJSON    `json:"purchased_at"`
	OriginallyPurchasedAt      dateJSON    `json:"originally_purchased_at"`
	ExpiresAt                  optDateJSON `json:"expires_at"`
	RenewalCancelledAt         optDateJSON `json:"renewal_cancelled_at"`
	BillingIssueDetectedAt     optDateJSON `json:"billing_issue_detected_at"`
	IsInGracePeriod            bool        `json:"is_in_grace_period"`
	CancellationReason         *string     `json:"cancellation_reason"`
}

type subscriptionJSON struct {
	Store                      string      `json:"store"`
	StoreProductID             string      `json:"store_product_id"`
	StoreBasePlanID            *string     `json:"store_base_plan_id"`
	StoreTransactionID         string      `json:"store_transaction_id"`
	StoreOriginalTransactionID string      `json:"store_original_transaction_id"`
	Offer                      *offerJSON  `json:"offer"`
	Environment                string      `json:"environment"`
	PurchasedAt                dateJSON    `json:"purchased_at"`
	OriginallyPurchasedAt      dateJSON    `json:"originally_purchased_at"`
	ExpiresAt                  optDateJSON `json:"expires_at"`
	RenewalCancelledAt         optDateJSON `json:"renewal_cancelled_at"`
	BillingIssueDetectedAt     optDateJSON `json:"billing_issue_detected_at"`
	IsInGracePeriod            bool        `json:"is_in_grace_period"`
	CancellationReason         *string     `json:"cancellation_reason"`
}

type nonSubscriptionJSON struct {
	PurchaseID                 string   `json:"purchase_id"`
	Store                      string   `json:"store"`
	StoreProductID             string   `json:"store_product_id"`
	StoreBasePlanID            *string  `json:"store_base_plan_id"`
	StoreTransactionID         string   `json:"store_transaction_id"`
	StoreOriginalTransactionID string   `json:"store_original_transaction_id"`
	PurchasedAt                dateJSON `json:"purchased_at"`
	Environment                string   `json:"environment"`
	IsRefund                   bool     `json:"is_refund"`
	IsConsumable               bool     `json:"is_consumable"`
}

// printer appends a date in the world's date style.
type printer func(b []byte, t time.Time) []byte

func (w *world) printer() printer {
	if w.opts.DateStyle == "microseconds" {
		return appendMicrosecondStyle
	}
	return appendIsoformat
}

// dateJSON is a date of the answer, printed in the world's style as the answer is written.
type dateJSON struct {
	t     time.Time
	style printer
}

// optDateJSON is a date or null.
type optDateJSON struct {
	dateJSON
	set bool
}

func (f printer) date(t time.Time) dateJSON { return dateJSON{t: t.UTC(), style: f} }

func (f printer) opt(t optTime) optDateJSON {
	if !t.Set {
		return optDateJSON{}
	}
	return optDateJSON{dateJSON: f.date(t.T), set: true}
}

// append writes the date as a JSON string; a date has no character JSON escapes.
func (d dateJSON) append(b []byte) []byte { return append(d.style(append(b, '"'), d.t), '"') }

func (d optDateJSON) append(b []byte) []byte {
	if !d.set {
		return append(b, "null"...)
	}
	return d.dateJSON.append(b)
}

func (d dateJSON) MarshalJSON() ([]byte, error)    { return d.append(nil), nil }
func (d optDateJSON) MarshalJSON() ([]byte, error) { return d.append(nil), nil }

func (o optString) json() *string {
	if !o.Set {
		return nil
	}
	s := o.V
	return &s
}

func (o offer) json() *offerJSON {
	if !o.Set {
		return nil
	}
	return &offerJSON{Category: o.Category, Type: o.Type, ID: o.ID.json()}
}

// profileBody renders a profile at now (the timestamp field).
func (w *world) profileBody(appID string, p *profile, now time.Time) profileResponse {
	f := w.printer()
	d := profileJSON{
		AppID:            appID,
		ProfileID:        p.ProfileID,
		CustomerUserID:   p.CustomerUserID.json(),
		TotalRevenueUSD:  pyFloat(p.TotalRevenueUSD),
		SegmentHash:      p.SegmentHash,
		Timestamp:        now.UnixMilli(),
		CustomAttributes: make([]customAttributeJSON, 0, len(p.CustomAttributes)),
		AccessLevels:     make([]accessLevelJSON, 0, len(p.AccessLevels)),
		Subscriptions:    make([]subscriptionJSON, 0, len(p.Subscriptions)),
		NonSubscriptions: make([]nonSubscriptionJSON, 0, len(p.NonSubscriptions)),
	}
	for _, a := range p.CustomAttributes {
		d.CustomAttributes = append(d.CustomAttributes, customAttributeJSON(a))
	}
	for _, l := range p.AccessLevels {
		d.AccessLevels = append(d.AccessLevels, accessLevelJSON{
			AccessLevelID:              l.AccessLevelID,
			Store:                      l.Store,
			StoreProductID:             l.StoreProductID,
			StoreBasePlanID:            l.StoreBasePlanID.json(),
			StoreTransactionID:         l.StoreTransactionID,
			StoreOriginalTransactionID: l.StoreOriginalTransactionID,
			Offer:                      l.Offer.json(),
			StartsAt:                   f.opt(l.StartsAt),
			PurchasedAt:                f.date(l.PurchasedAt),
			OriginallyPurchasedAt:      f.date(l.OriginallyPurchasedAt),
			ExpiresAt:                  f.opt(l.ExpiresAt),
			RenewalCancelledAt:         f.opt(l.RenewalCancelledAt),
			BillingIssueDetectedAt:     f.opt(l.BillingIssueDetectedAt),
			IsInGracePeriod:            l.IsInGracePeriod,
			CancellationReason:         l.CancellationReason.json(),
		})
	}
	for _, s := range p.Subscriptions {
		d.Subscriptions = append(d.Subscriptions, subscriptionJSON{
			Store:                      s.Store,
			StoreProductID:             s.StoreProductID,
			StoreBasePlanID:            s.StoreBasePlanID.json(),
			StoreTransactionID:         s.StoreTransactionID,
			StoreOriginalTransactionID: s.StoreOriginalTransactionID,
			Offer:                      s.Offer.json(),
			Environment:                s.Environment,
			PurchasedAt:                f.date(s.PurchasedAt),
			OriginallyPurchasedAt:      f.date(s.OriginallyPurchasedAt),
			ExpiresAt:                  f.opt(s.ExpiresAt),
			RenewalCancelledAt:         f.opt(s.RenewalCancelledAt),
			BillingIssueDetectedAt:     f.opt(s.BillingIssueDetectedAt),
			IsInGracePeriod:            s.IsInGracePeriod,
			CancellationReason:         s.CancellationReason.json(),
		})
	}
	for _, n := range p.NonSubscriptions {
		d.NonSubscriptions = append(d.NonSubscriptions, nonSubscriptionJSON{
			PurchaseID:                 n.PurchaseID,
			Store:                      n.Store,
			StoreProductID:             n.StoreProductID,
			StoreBasePlanID:            n.StoreBasePlanID.json(),
			StoreTransactionID:         n.StoreTransactionID,
			StoreOriginalTransactionID: n.StoreOriginalTransactionID,
			PurchasedAt:                f.date(n.PurchasedAt),
			Environment:                n.Environment,
			IsRefund:                   n.IsRefund,
			IsConsumable:               n.IsConsumable,
		})
	}
	return profileResponse{Data: d}
}

func (w *world) getProfile(ref profileRef, now time.Time) (provider.Response, error) {
	pr, ok := w.profiles.Get(ref)
	if !ok {
		return provider.Response{}, w.unknownProfile("getProfile")
	}
	return provider.Response{Status: http.StatusOK, Body: w.profileBody(ref.App, &pr, now)}, nil
}
