package adapty

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/accessemu/accessemu/internal/jsonout"
)

// The profile answer is the one Adapty gives most, and the largest: it is written by hand, field by
// field in the spec's order, to the bytes encoding/json wrote for it (profile_json_test.go holds
// the struct encoding/json was given, and compares the two).

var errNotFinite = errors.New("a float that is not finite has no JSON")

func (r profileResponse) AppendJSON(b []byte) ([]byte, error) {
	b, err := appendProfileHead(b, r.appID, &r.p)
	if err != nil {
		return nil, err
	}
	b = strconv.AppendInt(b, r.now.UnixMilli(), 10)
	return appendProfileTail(b, &r.p, r.style)
}

func (r versionResponse) AppendJSON(b []byte) ([]byte, error) {
	var err error
	if head := r.v.headBytes(); head != nil {
		b = append(b, head...)
	} else if b, err = appendProfileHead(b, r.v.ref.App, &r.v.p); err != nil {
		return nil, err
	}
	b = strconv.AppendInt(b, r.now, 10)
	return appendProfileTail(b, &r.v.p, r.style)
}

func (r keptResponse) AppendJSON(b []byte) ([]byte, error) {
	if r.k.err != nil {
		return nil, r.k.err
	}
	b = append(b, r.k.text[:r.k.split]...)
	b = strconv.AppendInt(b, r.now, 10)
	return append(b, r.k.text[r.k.split:]...), nil
}

// appendProfileHead writes the answer up to the timestamp's value.
func appendProfileHead(b []byte, appID string, p *profile) ([]byte, error) {
	b = jsonout.String(append(b, `{"data":{"app_id":`...), appID)
	b = jsonout.String(append(b, `,"profile_id":`...), p.ProfileID)
	b = p.CustomerUserID.append(append(b, `,"customer_user_id":`...))
	if !finite(p.TotalRevenueUSD) {
		return nil, errNotFinite
	}
	b = appendPyRepr(append(b, `,"total_revenue_usd":`...), p.TotalRevenueUSD)
	b = jsonout.String(append(b, `,"segment_hash":`...), p.SegmentHash)
	return append(b, `,"timestamp":`...), nil
}

// appendProfileTail writes the answer from after the timestamp's value.
func appendProfileTail(b []byte, p *profile, style printer) ([]byte, error) {
	b = append(append(b, `,"custom_attributes":`...), '[')
	for i, a := range p.CustomAttributes {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonout.String(append(b, `{"key":`...), a.Key)
		b = append(b, `,"value":`...)
		if a.Value.IsNum {
			if !finite(a.Value.Num) {
				return nil, errNotFinite
			}
			b = appendPyRepr(b, a.Value.Num)
		} else {
			str, _ := json.Marshal(a.Value.Str) // HTML-escaped, as the answer always wrote it
			b = append(b, str...)
		}
		b = append(b, '}')
	}
	b = append(b, ']')
	b = appendList(append(b, `,"access_levels":`...), p.AccessLevels, style, appendAccessLevel)
	b = appendList(append(b, `,"subscriptions":`...), p.Subscriptions, style, appendSubscription)
	b = appendList(append(b, `,"non_subscriptions":`...), p.NonSubscriptions, style, appendNonSubscription)
	return append(b, "}}"...), nil
}

// appendList writes [each, ...].
func appendList[T any](b []byte, list []T, f printer, each func([]byte, *T, printer) []byte) []byte {
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, &list[i], f)
	}
	return append(b, ']')
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func (o optString) append(b []byte) []byte {
	if !o.Set {
		return append(b, "null"...)
	}
	return jsonout.String(b, o.V)
}

func (o *offer) append(b []byte) []byte {
	if !o.Set {
		return append(b, "null"...)
	}
	b = jsonout.String(append(b, `{"category":`...), o.Category)
	b = jsonout.String(append(b, `,"type":`...), o.Type)
	b = o.ID.append(append(b, `,"id":`...))
	return append(b, '}')
}

// date writes t in UTC as a JSON string; a date has no character JSON escapes.
func (f printer) date(b []byte, t time.Time) []byte { return append(f(append(b, '"'), t.UTC()), '"') }

func (f printer) opt(b []byte, t optTime) []byte {
	if !t.Set {
		return append(b, "null"...)
	}
	return f.date(b, t.T)
}

func appendAccessLevel(b []byte, l *accessLevel, f printer) []byte {
	b = jsonout.String(append(b, `{"access_level_id":`...), l.AccessLevelID)
	b = jsonout.String(append(b, `,"store":`...), l.Store)
	b = jsonout.String(append(b, `,"store_product_id":`...), l.StoreProductID)
	b = l.StoreBasePlanID.append(append(b, `,"store_base_plan_id":`...))
	b = jsonout.String(append(b, `,"store_transaction_id":`...), l.StoreTransactionID)
	b = jsonout.String(append(b, `,"store_original_transaction_id":`...), l.StoreOriginalTransactionID)
	b = l.Offer.append(append(b, `,"offer":`...))
	b = f.opt(append(b, `,"starts_at":`...), l.StartsAt)
	b = f.date(append(b, `,"purchased_at":`...), l.PurchasedAt)
	b = f.date(append(b, `,"originally_purchased_at":`...), l.OriginallyPurchasedAt)
	b = f.opt(append(b, `,"expires_at":`...), l.ExpiresAt)
	b = f.opt(append(b, `,"renewal_cancelled_at":`...), l.RenewalCancelledAt)
	b = f.opt(append(b, `,"billing_issue_detected_at":`...), l.BillingIssueDetectedAt)
	b = strconv.AppendBool(append(b, `,"is_in_grace_period":`...), l.IsInGracePeriod)
	b = l.CancellationReason.append(append(b, `,"cancellation_reason":`...))
	return append(b, '}')
}

func appendSubscription(b []byte, s *subscription, f printer) []byte {
	b = jsonout.String(append(b, `{"store":`...), s.Store)
	b = jsonout.String(append(b, `,"store_product_id":`...), s.StoreProductID)
	b = s.StoreBasePlanID.append(append(b, `,"store_base_plan_id":`...))
	b = jsonout.String(append(b, `,"store_transaction_id":`...), s.StoreTransactionID)
	b = jsonout.String(append(b, `,"store_original_transaction_id":`...), s.StoreOriginalTransactionID)
	b = s.Offer.append(append(b, `,"offer":`...))
	b = jsonout.String(append(b, `,"environment":`...), s.Environment)
	b = f.date(append(b, `,"purchased_at":`...), s.PurchasedAt)
	b = f.date(append(b, `,"originally_purchased_at":`...), s.OriginallyPurchasedAt)
	b = f.opt(append(b, `,"expires_at":`...), s.ExpiresAt)
	b = f.opt(append(b, `,"renewal_cancelled_at":`...), s.RenewalCancelledAt)
	b = f.opt(append(b, `,"billing_issue_detected_at":`...), s.BillingIssueDetectedAt)
	b = strconv.AppendBool(append(b, `,"is_in_grace_period":`...), s.IsInGracePeriod)
	b = s.CancellationReason.append(append(b, `,"cancellation_reason":`...))
	return append(b, '}')
}

func appendNonSubscription(b []byte, n *nonSubscription, f printer) []byte {
	b = jsonout.String(append(b, `{"purchase_id":`...), n.PurchaseID)
	b = jsonout.String(append(b, `,"store":`...), n.Store)
	b = jsonout.String(append(b, `,"store_product_id":`...), n.StoreProductID)
	b = n.StoreBasePlanID.append(append(b, `,"store_base_plan_id":`...))
	b = jsonout.String(append(b, `,"store_transaction_id":`...), n.StoreTransactionID)
	b = jsonout.String(append(b, `,"store_original_transaction_id":`...), n.StoreOriginalTransactionID)
	b = f.date(append(b, `,"purchased_at":`...), n.PurchasedAt)
	b = jsonout.String(append(b, `,"environment":`...), n.Environment)
	b = strconv.AppendBool(append(b, `,"is_refund":`...), n.IsRefund)
	b = strconv.AppendBool(append(b, `,"is_consumable":`...), n.IsConsumable)
	return append(b, '}')
}
