package adapty

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// encodeWithEncodingJSON is how the emulator wrote a profile answer before AppendJSON: the reference.
func encodeWithEncodingJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func TestProfileAppendJSON_WritesWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "premium", "2024-12-24T10:50:23+00:00", `q"uote`, `back\slash`, "line\nbreak", "<b>&amp;</b>", "é😀", "\xff\xfe", "\u2028", "\x7f"}
	floats := []float64{0, 9.99, -1.5, 1e16, 1e-5, 123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)}
	text := func() string { return texts[rng.IntN(len(texts))] }
	opt := func() *string {
		if rng.IntN(3) == 0 {
			return nil
		}
		s := text()
		return &s
	}
	offer := func() *offerJSON {
		if rng.IntN(2) == 0 {
			return nil
		}
		return &offerJSON{Category: text(), Type: text(), ID: opt()}
	}
	float := func() float64 {
		if rng.IntN(4) == 0 {
			return floats[rng.IntN(len(floats))]
		}
		return float64(rng.IntN(100000)) / 100
	}
	styles := []printer{appendIsoformat, appendMicrosecondStyle}
	date := func() dateJSON {
		at := time.Unix(rng.Int64N(4_000_000_000), rng.Int64N(1e9)*int64(rng.IntN(2)))
		if rng.IntN(10) == 0 { // far years, before year 0 and past 9999
			at = at.AddDate(rng.IntN(24000)-12000, 0, 0)
		}
		return printer(styles[rng.IntN(len(styles))]).date(at)
	}
	optDate := func() optDateJSON {
		if rng.IntN(3) == 0 {
			return optDateJSON{}
		}
		return optDateJSON{dateJSON: date(), set: true}
	}
	failures := 0
	for range 3000 {
		d := profileJSON{
			AppID: text(), ProfileID: text(), CustomerUserID: opt(), TotalRevenueUSD: pyFloat(float()),
			SegmentHash: text(), Timestamp: rng.Int64() - math.MaxInt64/2,
		}
		if rng.IntN(5) > 0 {
			d.CustomAttributes = []customAttributeJSON{}
			for range rng.IntN(3) {
				d.CustomAttributes = append(d.CustomAttributes, customAttributeJSON{
					Key: text(), Value: attrValue{Str: text(), Num: float(), IsNum: rng.IntN(2) == 0}})
			}
		}
		if rng.IntN(5) > 0 {
			d.AccessLevels = []accessLevelJSON{}
			for range rng.IntN(3) {
				d.AccessLevels = append(d.AccessLevels, accessLevelJSON{
					AccessLevelID: text(), Store: text(), StoreProductID: text(), StoreBasePlanID: opt(),
					StoreTransactionID: text(), StoreOriginalTransactionID: text(), Offer: offer(), StartsAt: optDate(),
					PurchasedAt: date(), OriginallyPurchasedAt: date(), ExpiresAt: optDate(), RenewalCancelledAt: optDate(),
					BillingIssueDetectedAt: optDate(), IsInGracePeriod: rng.IntN(2) == 0, CancellationReason: opt(),
				})
			}
		}
		if rng.IntN(5) > 0 {
			d.Subscriptions = []subscriptionJSON{}
			for range rng.IntN(3) {
				d.Subscriptions = append(d.Subscriptions, subscriptionJSON{
					Store: text(), StoreProductID: text(), StoreBasePlanID: opt(), StoreTransactionID: text(),
					StoreOriginalTransactionID: text(), Offer: offer(), Environment: text(), PurchasedAt: date(),
					OriginallyPurchasedAt: date(), ExpiresAt: optDate(), RenewalCancelledAt: optDate(),
					BillingIssueDetectedAt: optDate(), IsInGracePeriod: rng.IntN(2) == 0, CancellationReason: opt(),
				})
			}
		}
		if rng.IntN(5) > 0 {
			d.NonSubscriptions = []nonSubscriptionJSON{}
			for range rng.IntN(3) {
				d.NonSubscriptions = append(d.NonSubscriptions, nonSubscriptionJSON{
					PurchaseID: text(), Store: text(), StoreProductID: text(), StoreBasePlanID: opt(),
					StoreTransactionID: text(), StoreOriginalTransactionID: text(), PurchasedAt: date(),
					Environment: text(), IsRefund: rng.IntN(2) == 0, IsConsumable: rng.IntN(2) == 0,
				})
			}
		}
		r := profileResponse{Data: d}
		want, wantErr := encodeWithEncodingJSON(r)
		got, err := r.AppendJSON(nil)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("AppendJSON wrote\n%s (error %v)\nencoding/json\n%s (error %v)", got, err, want, wantErr)
		}
		if err != nil {
			failures++
		}
	}
	if failures == 0 || failures == 3000 {
		t.Errorf("%d of 3000 profiles could not be written: the cases miss a side", failures)
	}
}
