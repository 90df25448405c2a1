package adapty

import (
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/cow"
)

// Options are the world's answers to what Adapty leaves undocumented.
type Options struct {
	// UnknownProfileStatus is 404 (the documented 404 body, source null) or 400 (the documented 400
	// body, source "non_field_errors") for an unknown profile or a request naming none.
	UnknownProfileStatus int `yaml:"unknown_profile_status" json:"unknown_profile_status"`
	// DateStyle is "isoformat" (2024-12-24T10:50:23+00:00, microseconds only when not zero, as the
	// captured examples) or "microseconds" (2022-10-12T09:42:50.000000+0000, as the generic example).
	DateStyle string `yaml:"date_style" json:"date_style"`
	// EmptyBody is "parse_error" (an empty body is Python's "Expecting value" parse error) or
	// "empty_object" (a body of zero bytes reads as {}, as DRF's request.data does, so access_level_id
	// is reported missing; a body of whitespace is still parsed).
	EmptyBody string `yaml:"empty_body" json:"empty_body"`
	// StrictTypes refuses what pydantic v1 coerces: a number or boolean where a string is expected
	// ("str type expected") and a number or boolean as a date (a Unix timestamp to pydantic).
	StrictTypes bool `yaml:"strict_types" json:"strict_types"`
	// UnmappedProduct is what set transaction grants for a store product no product of the app maps:
	// "premium" (the current docs: the default premium access level) or "none" (the older docs).
	UnmappedProduct string `yaml:"unmapped_product" json:"unmapped_product"`
	// CheckFreeTrialPrice turns on free_trial_price_error, which the spec's own subscription example
	// breaks (a free trial at 4.99), so it is off unless asked for.
	CheckFreeTrialPrice bool `yaml:"check_free_trial_price" json:"check_free_trial_price"`
	// ExistingCustomer is what create profile answers for an adapty-customer-user-id that already has
	// a profile: "return" (that profile, unchanged) or "error" (400 customer_user_id_already_exists).
	ExistingCustomer string `yaml:"existing_customer" json:"existing_customer"`
	// RequireInstallationMeta refuses a create or update body without installation_meta, as the
	// spec's schema does; off by default, as the docs' table and real clients leave it out.
	RequireInstallationMeta bool `yaml:"require_installation_meta" json:"require_installation_meta"`
	// RequireRenewStatus refuses a subscription without renew_status, as the spec's schema does; off
	// by default, a missing one reads as false, since a real client drops false values from bodies.
	RequireRenewStatus bool `yaml:"require_renew_status" json:"require_renew_status"`
}

// world is one tenant's Adapty state. Values only: Clone copies the maps and every profile's slices.
type world struct {
	opts Options
	// appOfKey maps a secret API key to its app id.
	appOfKey provider.Secrets[string]
	apps     map[string]app
	// profiles change (create, delete, grant, revoke, set transaction) and are copy-on-write: a
	// tenant shares every profile it has not changed. Keys and apps never change once loaded, so
	// clones share them.
	profiles *cow.Map[profileRef, profile]
	// byCustomer maps an app's customer_user_id to its profile id (copy-on-write like profiles).
	byCustomer *cow.Map[customerRef, string]
	// nextTransaction numbers the store transactions grants create, deterministically per tenant.
	nextTransaction int64
	// ids is where generated ids (profile, purchase) and segment hashes come from: a seeded
	// sequence, so the same state and the same requests give the same ids.
	ids idSource
}

type app struct {
	ID string
	// levels are the access level ids configured for the app (its Access Levels page).
	levels map[string]struct{}
	// products maps a store product id to the access level its dashboard product carries.
	products map[string]string
}

type profileRef struct{ App, Profile string }

type customerRef struct{ App, Customer string }

type profile struct {
	ProfileID        string
	CustomerUserID   optString
	TotalRevenueUSD  float64
	SegmentHash      string
	CustomAttributes []customAttribute
	AccessLevels     []accessLevel
	Subscriptions    []subscription
	NonSubscriptions []nonSubscription
	// version is the profile as its last change stored it, and its answer once written
	// (profile_version.go); a change stores the profile with a new one. Generated profiles are
	// loaded without.
	version *profileVersion
}

// level returns the index of the profile's access level with the id, or -1.
func (p *profile) level(id string) int {
	for i := range p.AccessLevels {
		if p.AccessLevels[i].AccessLevelID == id {
			return i
		}
	}
	return -1
}

type optString struct {
	V   string
	Set bool
}

type optTime struct {
	T   time.Time
	Set bool
}

type offer struct {
	Category string
	Type     string
	ID       optString
	Set      bool
}

type customAttribute struct {
	Key   string
	Value attrValue
}

// attrValue is a custom attribute's value: a string or a number.
type attrValue struct {
	Str   string
	Num   float64
	IsNum bool
}

type accessLevel struct {
	AccessLevelID              string
	Store                      string
	StoreProductID             string
	StoreBasePlanID            optString
	StoreTransactionID         string
	StoreOriginalTransactionID string
	Offer                      offer
	StartsAt                   optTime
	PurchasedAt                time.Time
	OriginallyPurchasedAt      time.Time
	// ExpiresAt unset is a lifetime access level.
	ExpiresAt              optTime
	RenewalCancelledAt     optTime
	BillingIssueDetectedAt optTime
	IsInGracePeriod        bool
	CancellationReason     optString
}

// active reports whether the level has not expired at now. The API has no is_active flag; clients
// compare the dates, and so do revoke's checks. A level that starts later counts as held.
func (l *accessLevel) active(now time.Time) bool {
	return !l.ExpiresAt.Set || l.ExpiresAt.T.After(now)
}

type subscription struct {
	Store                      string
	StoreProductID             string
	StoreBasePlanID            optString
	StoreTransactionID         string
	StoreOriginalTransactionID string
	Offer                      offer
	Environment                string
	PurchasedAt                time.Time
	OriginallyPurchasedAt      time.Time
	ExpiresAt                  optTime
	RenewalCancelledAt         optTime
	BillingIssueDetectedAt     optTime
	IsInGracePeriod            bool
	CancellationReason         optString
}

type nonSubscription struct {
	PurchaseID                 string
	Store                      string
	StoreProductID             string
	StoreBasePlanID            optString
	StoreTransactionID         string
	StoreOriginalTransactionID string
	PurchasedAt                time.Time
	Environment                string
	IsRefund                   bool
	IsConsumable               bool
}

// Clone copies the world in constant time whatever its size: a tenant is made on its first
// request. A profile's lists are shared too, and a change copies the list it changes (lists.go).
func (w *world) Clone() provider.State {
	c := *w
	c.profiles = w.profiles.Clone()
	c.byCustomer = w.byCustomer.Clone()
	return &c
}
