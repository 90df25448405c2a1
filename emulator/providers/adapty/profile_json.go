package adapty

import (
	"errors"
	"math"
	"strconv"

	"github.com/accessemu/accessemu/internal/jsonout"
)

// The profile answer is the one Adapty gives most, and the largest: it is written by hand, field by
// field in the struct tags' order, to the bytes encoding/json writes for it (profile_json_test.go
// holds the two side by side).

var errNotFinite = errors.New("a float that is not finite has no JSON")

func (r profileResponse) AppendJSON(b []byte) ([]byte, error) {
	d := &r.Data
	b = append(b, `{"data":{`...)
	b = jsonout.String(jsonout.Key(b, "app_id"), d.AppID)
	b = jsonout.String(jsonout.Key(append(b, ','), "profile_id"), d.ProfileID)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "customer_user_id"), d.CustomerUserID)
	b, err := d.TotalRevenueUSD.append(jsonout.Key(append(b, ','), "total_revenue_usd"))
	if err != nil {
		return nil, err
	}
	b = jsonout.String(jsonout.Key(append(b, ','), "segment_hash"), d.SegmentHash)
	b = strconv.AppendInt(jsonout.Key(append(b, ','), "timestamp"), d.Timestamp, 10)
	b = jsonout.Key(append(b, ','), "custom_attributes")
	if d.CustomAttributes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, a := range d.CustomAttributes {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonout.String(jsonout.Key(append(b, '{'), "key"), a.Key)
			value, err := a.Value.MarshalJSON()
			if err != nil || a.Value.IsNum && !finite(a.Value.Num) {
				return nil, errNotFinite
			}
			b = append(append(jsonout.Key(append(b, ','), "value"), value...), '}')
		}
		b = append(b, ']')
	}
	b = appendList(jsonout.Key(append(b, ','), "access_levels"), d.AccessLevels, appendAccessLevel)
	b = appendList(jsonout.Key(append(b, ','), "subscriptions"), d.Subscriptions, appendSubscription)
	b = appendList(jsonout.Key(append(b, ','), "non_subscriptions"), d.NonSubscriptions, appendNonSubscription)
	return append(b, "}}"...), nil
}

// appendList writes a slice as encoding/json does: null when nil, else [each, ...].
func appendList[T any](b []byte, list []T, each func([]byte, *T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, &list[i])
	}
	return append(b, ']')
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func (f pyFloat) append(b []byte) ([]byte, error) {
	if !finite(float64(f)) {
		return nil, errNotFinite
	}
	return append(b, pyRepr(float64(f))...), nil
}

func (o *offerJSON) append(b []byte) []byte {
	if o == nil {
		return append(b, "null"...)
	}
	b = jsonout.String(jsonout.Key(append(b, '{'), "category"), o.Category)
	b = jsonout.String(jsonout.Key(append(b, ','), "type"), o.Type)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "id"), o.ID)
	return append(b, '}')
}

func appendAccessLevel(b []byte, l *accessLevelJSON) []byte {
	b = jsonout.String(jsonout.Key(append(b, '{'), "access_level_id"), l.AccessLevelID)
	b = jsonout.String(jsonout.Key(append(b, ','), "store"), l.Store)
	b = jsonout.String(jsonout.Key(append(b, ','), "store_product_id"), l.StoreProductID)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "store_base_plan_id"), l.StoreBasePlanID)
	b = jsonout.String(jsonout.Key(append(b, ','), "store_transaction_id"), l.StoreTransactionID)
	b = jsonout.String(jsonout.Key(append(b, ','), "store_original_transaction_id"), l.StoreOriginalTransactionID)
	b = l.Offer.append(jsonout.Key(append(b, ','), "offer"))
	b = l.StartsAt.append(jsonout.Key(append(b, ','), "starts_at"))
	b = l.PurchasedAt.append(jsonout.Key(append(b, ','), "purchased_at"))
	b = l.OriginallyPurchasedAt.append(jsonout.Key(append(b, ','), "originally_purchased_at"))
	b = l.ExpiresAt.append(jsonout.Key(append(b, ','), "expires_at"))
	b = l.RenewalCancelledAt.append(jsonout.Key(append(b, ','), "renewal_cancelled_at"))
	b = l.BillingIssueDetectedAt.append(jsonout.Key(append(b, ','), "billing_issue_detected_at"))
	b = strconv.AppendBool(jsonout.Key(append(b, ','), "is_in_grace_period"), l.IsInGracePeriod)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "cancellation_reason"), l.CancellationReason)
	return append(b, '}')
}

func appendSubscription(b []byte, s *subscriptionJSON) []byte {
	b = jsonout.String(jsonout.Key(append(b, '{'), "store"), s.Store)
	b = jsonout.String(jsonout.Key(append(b, ','), "store_product_id"), s.StoreProductID)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "store_base_plan_id"), s.StoreBasePlanID)
	b = jsonout.String(jsonout.Key(append(b, ','), "store_transaction_id"), s.StoreTransactionID)
	b = jsonout.String(jsonout.Key(append(b, ','), "store_original_transaction_id"), s.StoreOriginalTransactionID)
	b = s.Offer.append(jsonout.Key(append(b, ','), "offer"))
	b = jsonout.String(jsonout.Key(append(b, ','), "environment"), s.Environment)
	b = s.PurchasedAt.append(jsonout.Key(append(b, ','), "purchased_at"))
	b = s.OriginallyPurchasedAt.append(jsonout.Key(append(b, ','), "originally_purchased_at"))
	b = s.ExpiresAt.append(jsonout.Key(append(b, ','), "expires_at"))
	b = s.RenewalCancelledAt.append(jsonout.Key(append(b, ','), "renewal_cancelled_at"))
	b = s.BillingIssueDetectedAt.append(jsonout.Key(append(b, ','), "billing_issue_detected_at"))
	b = strconv.AppendBool(jsonout.Key(append(b, ','), "is_in_grace_period"), s.IsInGracePeriod)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "cancellation_reason"), s.CancellationReason)
	return append(b, '}')
}

func appendNonSubscription(b []byte, n *nonSubscriptionJSON) []byte {
	b = jsonout.String(jsonout.Key(append(b, '{'), "purchase_id"), n.PurchaseID)
	b = jsonout.String(jsonout.Key(append(b, ','), "store"), n.Store)
	b = jsonout.String(jsonout.Key(append(b, ','), "store_product_id"), n.StoreProductID)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "store_base_plan_id"), n.StoreBasePlanID)
	b = jsonout.String(jsonout.Key(append(b, ','), "store_transaction_id"), n.StoreTransactionID)
	b = jsonout.String(jsonout.Key(append(b, ','), "store_original_transaction_id"), n.StoreOriginalTransactionID)
	b = n.PurchasedAt.append(jsonout.Key(append(b, ','), "purchased_at"))
	b = jsonout.String(jsonout.Key(append(b, ','), "environment"), n.Environment)
	b = strconv.AppendBool(jsonout.Key(append(b, ','), "is_refund"), n.IsRefund)
	b = strconv.AppendBool(jsonout.Key(append(b, ','), "is_consumable"), n.IsConsumable)
	return append(b, '}')
}
