package adapty

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/accessemu/accessemu/internal/jsonout"
)

// The profile answer as the emulator first built it, a struct for encoding/json: the reference
// AppendJSON is compared with.

type refProfileResponse struct {
	Data refProfileJSON `json:"data"`
}

type refProfileJSON struct {
	AppID            string                `json:"app_id"`
	ProfileID        string                `json:"profile_id"`
	CustomerUserID   *string               `json:"customer_user_id"`
	TotalRevenueUSD  refPyFloat            `json:"total_revenue_usd"`
	SegmentHash      string                `json:"segment_hash"`
	Timestamp        int64                 `json:"timestamp"`
	CustomAttributes []customAttributeJSON `json:"custom_attributes"`
	AccessLevels     []accessLevelJSON     `json:"access_levels"`
	Subscriptions    []subscriptionJSON    `json:"subscriptions"`
	NonSubscriptions []nonSubscriptionJSON `json:"non_subscriptions"`
}

type customAttributeJSON struct {
	Key   string       `json:"key"`
	Value refAttrValue `json:"value"`
}

// MarshalJSON writes a string value as a string and a number as Python's float repr.
func (v refAttrValue) MarshalJSON() ([]byte, error) {
	if v.IsNum {
		return refPyFloat(v.Num).MarshalJSON()
	}
	return json.Marshal(v.Str)
}

type refAttrValue attrValue

// refPyFloat is a float marshalled as Python's repr(float) prints it.
type refPyFloat float64

func (f refPyFloat) MarshalJSON() ([]byte, error) { return []byte(pyRepr(float64(f))), nil }

type offerJSON struct {
	Category string  `json:"category"`
	Type     string  `json:"type"`
	ID       *string `json:"id"`
}

type accessLevelJSON struct {
	AccessLevelID              string     `json:"access_level_id"`
	Store                      string     `json:"store"`
	StoreProductID             string     `json:"store_product_id"`
	StoreBasePlanID            *string    `json:"store_base_plan_id"`
	StoreTransactionID         string     `json:"store_transaction_id"`
	StoreOriginalTransactionID string     `json:"store_original_transaction_id"`
	Offer                      *offerJSON `json:"offer"`
	StartsAt                   *string    `json:"starts_at"`
	PurchasedAt                string     `json:"purchased_at"`
	OriginallyPurchasedAt      string     `json:"originally_purchased_at"`
	ExpiresAt                  *string    `json:"expires_at"`
	RenewalCancelledAt         *string    `json:"renewal_cancelled_at"`
	BillingIssueDetectedAt     *string    `json:"billing_issue_detected_at"`
	IsInGracePeriod            bool       `json:"is_in_grace_period"`
	CancellationReason         *string    `json:"cancellation_reason"`
}

type subscriptionJSON struct {
	Store                      string     `json:"store"`
	StoreProductID             string     `json:"store_product_id"`
	StoreBasePlanID            *string    `json:"store_base_plan_id"`
	StoreTransactionID         string     `json:"store_transaction_id"`
	StoreOriginalTransactionID string     `json:"store_original_transaction_id"`
	Offer                      *offerJSON `json:"offer"`
	Environment                string     `json:"environment"`
	PurchasedAt                string     `json:"purchased_at"`
	OriginallyPurchasedAt      string     `json:"originally_purchased_at"`
	ExpiresAt                  *string    `json:"expires_at"`
	RenewalCancelledAt         *string    `json:"renewal_cancelled_at"`
	BillingIssueDetectedAt     *string    `json:"billing_issue_detected_at"`
	IsInGracePeriod            bool       `json:"is_in_grace_period"`
	CancellationReason         *string    `json:"cancellation_reason"`
}

type nonSubscriptionJSON struct {
	PurchaseID                 string  `json:"purchase_id"`
	Store                      string  `json:"store"`
	StoreProductID             string  `json:"store_product_id"`
	StoreBasePlanID            *string `json:"store_base_plan_id"`
	StoreTransactionID         string  `json:"store_transaction_id"`
	StoreOriginalTransactionID string  `json:"store_original_transaction_id"`
	PurchasedAt                string  `json:"purchased_at"`
	Environment                string  `json:"environment"`
	IsRefund                   bool    `json:"is_refund"`
	IsConsumable               bool    `json:"is_consumable"`
}

type refPrinter func(time.Time) string

func refPrinterFor(dateStyle string) refPrinter {
	if dateStyle == "microseconds" {
		return func(t time.Time) string { return t.Format("2006-01-02T15:04:05.000000-0700") }
	}
	return func(t time.Time) string { return pyDatetime(t, 'T') }
}

func (f refPrinter) date(t time.Time) string { return f(t.UTC()) }

func (f refPrinter) opt(t optTime) *string {
	if !t.Set {
		return nil
	}
	s := f.date(t.T)
	return &s
}

func refOptString(o optString) *string {
	if !o.Set {
		return nil
	}
	s := o.V
	return &s
}

func refOffer(o offer) *offerJSON {
	if !o.Set {
		return nil
	}
	return &offerJSON{Category: o.Category, Type: o.Type, ID: refOptString(o.ID)}
}

// refProfileBody is the profile answer as the emulator built it for encoding/json.
func refProfileBody(appID string, p *profile, now time.Time, dateStyle string) refProfileResponse {
	f := refPrinterFor(dateStyle)
	d := refProfileJSON{
		AppID:            appID,
		ProfileID:        p.ProfileID,
		CustomerUserID:   refOptString(p.CustomerUserID),
		TotalRevenueUSD:  refPyFloat(p.TotalRevenueUSD),
		SegmentHash:      p.SegmentHash,
		Timestamp:        now.UnixMilli(),
		CustomAttributes: make([]customAttributeJSON, 0, len(p.CustomAttributes)),
		AccessLevels:     make([]accessLevelJSON, 0, len(p.AccessLevels)),
		Subscriptions:    make([]subscriptionJSON, 0, len(p.Subscriptions)),
		NonSubscriptions: make([]nonSubscriptionJSON, 0, len(p.NonSubscriptions)),
	}
	for _, a := range p.CustomAttributes {
		d.CustomAttributes = append(d.CustomAttributes, customAttributeJSON{Key: a.Key, Value: refAttrValue(a.Value)})
	}
	for _, l := range p.AccessLevels {
		d.AccessLevels = append(d.AccessLevels, accessLevelJSON{
			AccessLevelID:              l.AccessLevelID,
			Store:                      l.Store,
			StoreProductID:             l.StoreProductID,
			StoreBasePlanID:            refOptString(l.StoreBasePlanID),
			StoreTransactionID:         l.StoreTransactionID,
			StoreOriginalTransactionID: l.StoreOriginalTransactionID,
			Offer:                      refOffer(l.Offer),
			StartsAt:                   f.opt(l.StartsAt),
			PurchasedAt:                f.date(l.PurchasedAt),
			OriginallyPurchasedAt:      f.date(l.OriginallyPurchasedAt),
			ExpiresAt:                  f.opt(l.ExpiresAt),
			RenewalCancelledAt:         f.opt(l.RenewalCancelledAt),
			BillingIssueDetectedAt:     f.opt(l.BillingIssueDetectedAt),
			IsInGracePeriod:            l.IsInGracePeriod,
			CancellationReason:         refOptString(l.CancellationReason),
		})
	}
	for _, s := range p.Subscriptions {
		d.Subscriptions = append(d.Subscriptions, subscriptionJSON{
			Store:                      s.Store,
			StoreProductID:             s.StoreProductID,
			StoreBasePlanID:            refOptString(s.StoreBasePlanID),
			StoreTransactionID:         s.StoreTransactionID,
			StoreOriginalTransactionID: s.StoreOriginalTransactionID,
			Offer:                      refOffer(s.Offer),
			Environment:                s.Environment,
			PurchasedAt:                f.date(s.PurchasedAt),
			OriginallyPurchasedAt:      f.date(s.OriginallyPurchasedAt),
			ExpiresAt:                  f.opt(s.ExpiresAt),
			RenewalCancelledAt:         f.opt(s.RenewalCancelledAt),
			BillingIssueDetectedAt:     f.opt(s.BillingIssueDetectedAt),
			IsInGracePeriod:            s.IsInGracePeriod,
			CancellationReason:         refOptString(s.CancellationReason),
		})
	}
	for _, n := range p.NonSubscriptions {
		d.NonSubscriptions = append(d.NonSubscriptions, nonSubscriptionJSON{
			PurchaseID:                 n.PurchaseID,
			Store:                      n.Store,
			StoreProductID:             n.StoreProductID,
			StoreBasePlanID:            refOptString(n.StoreBasePlanID),
			StoreTransactionID:         n.StoreTransactionID,
			StoreOriginalTransactionID: n.StoreOriginalTransactionID,
			PurchasedAt:                f.date(n.PurchasedAt),
			Environment:                n.Environment,
			IsRefund:                   n.IsRefund,
			IsConsumable:               n.IsConsumable,
		})
	}
	return refProfileResponse{Data: d}
}

func TestProfileAppendJSON_WritesWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "premium", "2024-12-24T10:50:23+00:00", `q"uote`, `back\slash`, "line\nbreak", "<b>&amp;</b>", "é😀", "\xff\xfe", "\u2028", "\x7f"}
	floats := []float64{0, 9.99, -1.5, 1e16, 1e-5, 123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)}
	text := func() string { return texts[rng.IntN(len(texts))] }
	opt := func() optString {
		if rng.IntN(3) == 0 {
			return optString{}
		}
		return optString{V: text(), Set: true}
	}
	anOffer := func() offer {
		if rng.IntN(2) == 0 {
			return offer{}
		}
		return offer{Category: text(), Type: text(), ID: opt(), Set: true}
	}
	float := func() float64 {
		if rng.IntN(4) == 0 {
			return floats[rng.IntN(len(floats))]
		}
		return float64(rng.IntN(100000)) / 100
	}
	zones := []*time.Location{time.UTC, time.FixedZone("", -5*3600), time.FixedZone("", 5*3600+30*60)}
	date := func() time.Time {
		at := time.Unix(rng.Int64N(4_000_000_000), rng.Int64N(1e9)*int64(rng.IntN(2))).In(zones[rng.IntN(len(zones))])
		if rng.IntN(10) == 0 { // far years, before year 0 and past 9999
			at = at.AddDate(rng.IntN(24000)-12000, 0, 0)
		}
		return at
	}
	optDate := func() optTime {
		if rng.IntN(3) == 0 {
			return optTime{}
		}
		return optTime{T: date(), Set: true}
	}
	failures := 0
	for range 3000 {
		p := profile{ProfileID: text(), CustomerUserID: opt(), TotalRevenueUSD: float(), SegmentHash: text()}
		for range rng.IntN(3) {
			p.CustomAttributes = append(p.CustomAttributes, customAttribute{
				Key: text(), Value: attrValue{Str: text(), Num: float(), IsNum: rng.IntN(2) == 0}})
		}
		for range rng.IntN(3) {
			p.AccessLevels = append(p.AccessLevels, accessLevel{
				AccessLevelID: text(), Store: text(), StoreProductID: text(), StoreBasePlanID: opt(),
				StoreTransactionID: text(), StoreOriginalTransactionID: text(), Offer: anOffer(), StartsAt: optDate(),
				PurchasedAt: date(), OriginallyPurchasedAt: date(), ExpiresAt: optDate(), RenewalCancelledAt: optDate(),
				BillingIssueDetectedAt: optDate(), IsInGracePeriod: rng.IntN(2) == 0, CancellationReason: opt(),
			})
		}
		for range rng.IntN(3) {
			p.Subscriptions = append(p.Subscriptions, subscription{
				Store: text(), StoreProductID: text(), StoreBasePlanID: opt(), StoreTransactionID: text(),
				StoreOriginalTransactionID: text(), Offer: anOffer(), Environment: text(), PurchasedAt: date(),
				OriginallyPurchasedAt: date(), ExpiresAt: optDate(), RenewalCancelledAt: optDate(),
				BillingIssueDetectedAt: optDate(), IsInGracePeriod: rng.IntN(2) == 0, CancellationReason: opt(),
			})
		}
		for range rng.IntN(3) {
			p.NonSubscriptions = append(p.NonSubscriptions, nonSubscription{
				PurchaseID: text(), Store: text(), StoreProductID: text(), StoreBasePlanID: opt(),
				StoreTransactionID: text(), StoreOriginalTransactionID: text(), PurchasedAt: date(),
				Environment: text(), IsRefund: rng.IntN(2) == 0, IsConsumable: rng.IntN(2) == 0,
			})
		}
		style := [...]string{"", "microseconds"}[rng.IntN(2)]
		w := &world{opts: Options{DateStyle: style}}
		now := date()
		appID := text()
		got, err := w.profileBody(appID, &p, now).AppendJSON(nil)
		ref, refErr := jsonout.Marshal(refProfileBody(appID, &p, now, style))
		if (err != nil) != (refErr != nil) || !bytes.Equal(got, ref) {
			t.Fatalf("AppendJSON wrote\n%s (error %v)\nencoding/json\n%s (error %v)", got, err, ref, refErr)
		}
		if err != nil {
			failures++
		}
	}
	if failures == 0 || failures == 3000 {
		t.Errorf("%d of 3000 profiles could not be written: the cases miss a side", failures)
	}
}
