package adapty_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/internal/apitest"
)

// lifecycleWorld maps the spec examples' store products (premium_lifetime, premium_monthly) and a
// vip product, holds user-free (nothing yet) and user-premium (premium on chain 1000 until
// 2024-02-01), and fixes where generated ids start, so every answer is known to the byte.
const lifecycleWorld = `
adapty:
  sequences: {ids: 1, next_transaction: 3000000000000001}
  apps:
    - app_id: 5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b
      secret_keys: [secret_live_accessem.0123456789abcdefghijklmnopqrstuv]
      access_levels: [premium, vip]
      products:
        - {store_product_id: premium_lifetime, access_level_id: premium}
        - {store_product_id: premium_monthly, access_level_id: premium}
        - {store_product_id: vip.annual, access_level_id: vip}
      profiles:
        - profile_id: 0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e01
          customer_user_id: user-premium
          total_revenue_usd: 4.99
          segment_hash: 0123456789abcdef
          custom_attributes: []
          access_levels:
            - access_level_id: premium
              store: app_store
              store_product_id: premium_monthly
              store_base_plan_id: null
              store_transaction_id: "1000"
              store_original_transaction_id: "1000"
              offer: null
              starts_at: null
              purchased_at: 2024-01-01T00:00:00Z
              originally_purchased_at: 2024-01-01T00:00:00Z
              expires_at: 2024-02-01T00:00:00Z
              renewal_cancelled_at: null
              billing_issue_detected_at: null
              is_in_grace_period: false
              cancellation_reason: null
          subscriptions: []
          non_subscriptions: []
        - profile_id: 0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e03
          customer_user_id: user-free
          total_revenue_usd: 0
          segment_hash: fedcba9876543210
          custom_attributes: []
          access_levels: []
          subscriptions: []
          non_subscriptions: []
`

// lifecycleNow is after the spec examples' purchases (2024-01-15) and before their expiry.
var lifecycleNow = time.Date(2024, 1, 20, 0, 0, 0, 0, time.UTC)

func startLifecycle(t *testing.T, options string) *apitest.Server {
	t.Helper()
	world := lifecycleWorld
	if options != "" {
		world = strings.Replace(world, "adapty:\n", "adapty:\n  options: "+options+"\n", 1)
	}
	s := apitest.StartAlone(t, adapty.New(), world)
	s.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow)
	return s
}

// The spec's setTransaction examples (one_time_purchase and subscription), as JSON.
const (
	docOneTimePurchaseBody = `{
  "purchase_type": "one_time_purchase",
  "store": "app_store",
  "environment": "Production",
  "store_product_id": "premium_lifetime",
  "store_transaction_id": "1000000123456789",
  "store_original_transaction_id": "1000000123456789",
  "is_family_shared": false,
  "price": {"country": "US", "currency": "USD", "value": 9.99},
  "purchased_at": "2024-01-15T10:30:00Z",
  "variation_id": "variation_123",
  "offer": null,
  "refunded_at": null,
  "cancellation_reason": null
}`
	docSubscriptionBody = `{
  "purchase_type": "subscription",
  "store": "app_store",
  "environment": "Production",
  "store_product_id": "premium_monthly",
  "store_transaction_id": "1000000123456789",
  "store_original_transaction_id": "1000000123456789",
  "is_family_shared": false,
  "price": {"country": "US", "currency": "USD", "value": 4.99},
  "purchased_at": "2024-01-15T10:30:00Z",
  "originally_purchased_at": "2024-01-15T10:30:00Z",
  "expires_at": "2024-02-15T10:30:00Z",
  "renew_status": true,
  "renew_status_changed_at": null,
  "billing_issue_detected_at": null,
  "grace_period_expires_at": null,
  "variation_id": "variation_123",
  "offer": {"category": "introductory", "type": "free_trial", "id": "trial_offer_123"},
  "refunded_at": null,
  "cancellation_reason": null
}`
	// docPageSubscriptionBody is ss-set-transaction's curl body, verbatim (the double space too).
	docPageSubscriptionBody = `{
  "purchase_type": "subscription",
  "store": "app_store",
  "environment": "Production",
  "store_product_id": "1year.premium",
  "store_transaction_id": "30002109551456",
  "store_original_transaction_id": "30002109551456",
  "is_family_shared": false,
  "price": {
    "country": "US",
    "currency": "USD",
    "value": 9.99
  },
  "purchased_at": "2022-10-12T09:42:50.000000+0000",
  "variation_id": "81109d24-ea95-4806-9ec7-b482bbd1a33d",
  "originally_purchased_at": "2022-10-12T09:42:50.000000+0000",
  "renew_status": true,
  "expires_at":  "2026-10-12T09:42:50.000000+0000"
}`
)

// docTransactionError is a documented set-transaction 400 in the layout of ExpiresDate.md; the
// docs say the other fragments differ only in source, message and error_code.
func docTransactionError(source, message, code string) string {
	return `{
  "errors": [
    {
      "source": "` + source + `",
      "errors": [
        "` + message + `"
      ]
    }
  ],
  "error_code": "` + code + `",
  "status_code": 400
}`
}

// freeProfile is user-free's profile at lifecycleNow with the given revenue and lists (raw JSON).
func freeProfile(revenue, levels, subs, nonSubs string) string {
	return `{"data":{"app_id":"5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b","profile_id":"0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e03",` +
		`"customer_user_id":"user-free","total_revenue_usd":` + revenue + `,"segment_hash":"fedcba9876543210","timestamp":1705708800000,` +
		`"custom_attributes":[],"access_levels":[` + levels + `],"subscriptions":[` + subs + `],"non_subscriptions":[` + nonSubs + `]}}`
}

// level is an access level's JSON from the transaction fields that vary in these tests.
func levelJSON(id, product, txn, original, offer, purchased, originally, expires, renewalCancelled, cancellation string) string {
	return `{"access_level_id":"` + id + `","store":"app_store","store_product_id":"` + product + `","store_base_plan_id":null,` +
		`"store_transaction_id":"` + txn + `","store_original_transaction_id":"` + original + `","offer":` + offer + `,"starts_at":null,` +
		`"purchased_at":"` + purchased + `","originally_purchased_at":"` + originally + `","expires_at":` + expires + `,` +
		`"renewal_cancelled_at":` + renewalCancelled + `,"billing_issue_detected_at":null,"is_in_grace_period":false,"cancellation_reason":` + cancellation + `}`
}

const (
	trialOffer = `{"category":"introductory","type":"free_trial","id":"trial_offer_123"}`
	// firstPurchaseID is the first id lifecycleWorld's sequence (ids: 1) draws.
	firstPurchaseID = "910a2dec-8902-4cc1-beeb-8da1658eec67"
)

var (
	lifetimeLevel = levelJSON("premium", "premium_lifetime", "1000000123456789", "1000000123456789", "null",
		"2024-01-15T10:30:00+00:00", "2024-01-15T10:30:00+00:00", "null", "null", "null")
	lifetimePurchase = `{"purchase_id":"` + firstPurchaseID + `","store":"app_store","store_product_id":"premium_lifetime",` +
		`"store_base_plan_id":null,"store_transaction_id":"1000000123456789","store_original_transaction_id":"1000000123456789",` +
		`"purchased_at":"2024-01-15T10:30:00+00:00","environment":"Production","is_refund":false,"is_consumable":false}`
	monthlyLevel = levelJSON("premium", "premium_monthly", "1000000123456789", "1000000123456789", trialOffer,
		"2024-01-15T10:30:00+00:00", "2024-01-15T10:30:00+00:00", `"2024-02-15T10:30:00+00:00"`, "null", "null")
	monthlySubscription = `{"store":"app_store","store_product_id":"premium_monthly","store_base_plan_id":null,` +
		`"store_transaction_id":"1000000123456789","store_original_transaction_id":"1000000123456789","offer":` + trialOffer + `,` +
		`"environment":"Production","purchased_at":"2024-01-15T10:30:00+00:00","originally_purchased_at":"2024-01-15T10:30:00+00:00",` +
		`"expires_at":"2024-02-15T10:30:00+00:00","renewal_cancelled_at":null,"billing_issue_detected_at":null,"is_in_grace_period":false,"cancellation_reason":null}`
)

// The spec's two examples and the page's example each record their transaction and grant the
// access level their product maps to (the page's 1year.premium is mapped by no product: the
// default premium level, as the current docs say).
func TestSetTransaction_DocumentedRequestsRecordAndGrant(t *testing.T) {
	s := startLifecycle(t, "")
	free := apitest.Header(as("user-free")...)
	pageLevel := levelJSON("premium", "1year.premium", "30002109551456", "30002109551456", "null",
		"2022-10-12T09:42:50+00:00", "2022-10-12T09:42:50+00:00", `"2026-10-12T09:42:50+00:00"`, "null", "null")
	pageSubscription := `{"store":"app_store","store_product_id":"1year.premium","store_base_plan_id":null,` +
		`"store_transaction_id":"30002109551456","store_original_transaction_id":"30002109551456","offer":null,` +
		`"environment":"Production","purchased_at":"2022-10-12T09:42:50+00:00","originally_purchased_at":"2022-10-12T09:42:50+00:00",` +
		`"expires_at":"2026-10-12T09:42:50+00:00","renewal_cancelled_at":null,"billing_issue_detected_at":null,"is_in_grace_period":false,"cancellation_reason":null}`
	s.Run(t, []apitest.Case{
		{Name: "one-time purchase of a lifetime product", Method: "POST", Path: setTransactionPath, Header: free, Body: docOneTimePurchaseBody,
			Status: 200, Want: freeProfile("9.99", lifetimeLevel, "", lifetimePurchase)},
		{Name: "subscription", Method: "POST", Path: setTransactionPath, Header: free, Body: docSubscriptionBody,
			Status: 200, Want: freeProfile("4.99", monthlyLevel, monthlySubscription, "")},
		{Name: "the page's subscription of an unmapped product", Method: "POST", Path: setTransactionPath, Header: free, Body: docPageSubscriptionBody,
			Status: 200, Want: freeProfile("9.99", pageLevel, pageSubscription, "")},
	}, func(s *apitest.Server) { s.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow) })
	// The recorded state reads back through get profile.
	s.Emu.Reset(emulator.DefaultTenant)
	s.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow)
	s.Do("POST", setTransactionPath, docOneTimePurchaseBody, as("user-free")...)
	s.Do("GET", profilePath, "", as("user-free")...).Expect(200, freeProfile("9.99", lifetimeLevel, "", lifetimePurchase))
}

// With options.unmapped_product: none an unmapped product records the transaction and grants nothing.
func TestSetTransaction_UnmappedProductGrantsNothingWithTheOption(t *testing.T) {
	s := startLifecycle(t, "{unmapped_product: none}")
	pageSubscription := `{"store":"app_store","store_product_id":"1year.premium","store_base_plan_id":null,` +
		`"store_transaction_id":"30002109551456","store_original_transaction_id":"30002109551456","offer":null,` +
		`"environment":"Production","purchased_at":"2022-10-12T09:42:50+00:00","originally_purchased_at":"2022-10-12T09:42:50+00:00",` +
		`"expires_at":"2026-10-12T09:42:50+00:00","renewal_cancelled_at":null,"billing_issue_detected_at":null,"is_in_grace_period":false,"cancellation_reason":null}`
	s.Do("POST", setTransactionPath, docPageSubscriptionBody, as("user-free")...).Expect(200, freeProfile("9.99", "", pageSubscription, ""))
}

// Every documented 400 of set transaction, each from a body that breaks exactly its rule.
func TestSetTransaction_EveryDocumentedRuleAnswersItsDocumentedBody(t *testing.T) {
	sub := func(replace ...string) string { return strings.NewReplacer(replace...).Replace(docSubscriptionBody) }
	one := func(replace ...string) string { return strings.NewReplacer(replace...).Replace(docOneTimePurchaseBody) }
	noTrial := `"offer": {"category": "introductory", "type": "pay_up_front", "id": "trial_offer_123"}`
	trial := `"offer": {"category": "introductory", "type": "free_trial", "id": "trial_offer_123"}`
	free := apitest.Header(as("user-free")...)
	post := func(name, body, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "POST", Path: setTransactionPath, Header: free, Body: body, Status: 400, Want: want}
	}
	cases := []apitest.Case{
		post("billing issue before the purchase", sub(`"billing_issue_detected_at": null`, `"billing_issue_detected_at": "2024-01-10T00:00:00Z"`),
			docTransactionError("billing_issue_detected_at", "billing_issue_detected_at must be later than purchased_at.", "billing_issue_detected_at_date_comparison_error")),
		post("expiry before the purchase", sub(`"expires_at": "2024-02-15T10:30:00Z"`, `"expires_at": "2024-01-15T10:30:00Z"`),
			`{
  "errors": [
    {
      "source": "expires_at",
      "errors": [
        "expires_at must be later than purchased_at."
      ]
    }
  ],
  "error_code": "expires_date_error",
  "status_code": 400
}`),
		post("family shared at a price", one(`"is_family_shared": false`, `"is_family_shared": true`),
			docTransactionError("is_family_shared", "If is_family_shared is true, price.value must be 0.", "family_share_price_error")),
		post("grace period without a billing issue", sub(`"grace_period_expires_at": null`, `"grace_period_expires_at": "2024-02-20T00:00:00Z"`),
			docTransactionError("grace_period_billing_error", "If grace_period_expires_at is specified, billing_issue_detected_at must also be specified.", "grace_period_billing_error")),
		post("grace period ending before the expiry", sub(`"grace_period_expires_at": null`, `"grace_period_expires_at": "2024-02-01T00:00:00Z"`,
			`"billing_issue_detected_at": null`, `"billing_issue_detected_at": "2024-01-16T00:00:00Z"`),
			docTransactionError("grace_period_expires_at", "grace_period_expires_at must be later or equal to expires_at.", "grace_period_expires_date_error")),
		post("promotional offer without an id", sub(trial, `"offer": {"category": "promotional", "type": "pay_up_front", "id": null}`),
			docTransactionError("offer_category", "offer_id must be specified for all offer types except 'introductory'.", "missing_offer_id")),
		post("first purchase after this purchase", sub(`"originally_purchased_at": "2024-01-15T10:30:00Z"`, `"originally_purchased_at": "2024-01-16T10:30:00Z"`),
			docTransactionError("originally_purchased_at", "originally_purchased_at must be earlier than or equal to purchased_at.", "originally_purchased_date_error")),
		post("refund before the purchase", one(`"refunded_at": null`, `"refunded_at": "2024-01-14T00:00:00Z"`, `"cancellation_reason": null`, `"cancellation_reason": "refund"`),
			docTransactionError("refunded_at", "refunded_at must be later than purchased_at.", "refund_date_error")),
		post("refund date without the refund reason", one(`"refunded_at": null`, `"refunded_at": "2024-01-16T00:00:00Z"`),
			docTransactionError("refunded_at", "refunded_at and cancellation_reason=refund must be specified together.", "refund_fields_error")),
		post("refund reason without a refund date", one(`"cancellation_reason": null`, `"cancellation_reason": "refund"`),
			docTransactionError("refunded_at", "refunded_at and cancellation_reason=refund must be specified together.", "refund_fields_error")),
		post("renewal status changed before the purchase", sub(`"renew_status_changed_at": null`, `"renew_status_changed_at": "2024-01-01T00:00:00Z"`),
			docTransactionError("renew_status_changed_at", "renew_status_changed_at must be later than purchased_at.", "renew_status_changed_date_error")),
		post("one-time purchase renewing another transaction", one(`"store_original_transaction_id": "1000000123456789"`, `"store_original_transaction_id": "1000000123456000"`),
			docTransactionError("store_transaction_id", "store_transaction_id must be equal to store_original_transaction_id for purchase.", "store_transaction_id_error")),
		post("one-time purchase with a free trial", one(`"offer": null`, `"offer": {"category": "introductory", "type": "free_trial", "id": null}`),
			docTransactionError("offer.type", "One-time purchase cannot have a trial.", "one_time_purchase_trial_error")),
		{Name: "unknown profile", Method: "POST", Path: setTransactionPath, Header: apitest.Header(as("user-nobody")...), Body: docSubscriptionBody,
			Status: 404, Want: docProfileNotFound404},
		// The rule holds where the docs draw its line: a grace period ending at the expiry passes,
		// and the level is in its grace period as the subscription is.
		{Name: "grace period ending at the expiry passes", Method: "POST", Path: setTransactionPath, Header: free, Status: 200,
			Body: sub(`"grace_period_expires_at": null`, `"grace_period_expires_at": "2024-02-15T10:30:00Z"`,
				`"billing_issue_detected_at": null`, `"billing_issue_detected_at": "2024-01-16T00:00:00Z"`, trial, noTrial),
			Want: strings.NewReplacer(`"billing_issue_detected_at":null`, `"billing_issue_detected_at":"2024-01-16T00:00:00+00:00"`,
				`"is_in_grace_period":false`, `"is_in_grace_period":true`, `"free_trial"`, `"pay_up_front"`).Replace(freeProfile("4.99", monthlyLevel, monthlySubscription, ""))},
	}
	s := startLifecycle(t, "")
	s.Run(t, cases, func(s *apitest.Server) { s.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow) })

	// free_trial_price_error breaks the spec's own subscription example, so it needs its option.
	strict := startLifecycle(t, "{check_free_trial_price: true}")
	strict.Do("POST", setTransactionPath, docSubscriptionBody, as("user-free")...).Expect(400,
		docTransactionError("offer_type", "If offer_type is 'free_trial', price.value must be 0.", "free_trial_price_error"))
	strict.Do("POST", setTransactionPath, strings.Replace(docSubscriptionBody, `"value": 4.99`, `"value": 0`, 1), as("user-free")...).Expect(200,
		freeProfile("0.0", monthlyLevel, monthlySubscription, ""))
	// A refused transaction changed nothing.
	s.Emu.Reset(emulator.DefaultTenant)
	s.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow)
	for _, c := range cases[:len(cases)-1] {
		s.DoHeader(c.Method, c.Path, c.Body, c.Header)
	}
	s.Do("GET", profilePath, "", as("user-free")...).Expect(200, freeProfile("0.0", "", "", ""))
}
