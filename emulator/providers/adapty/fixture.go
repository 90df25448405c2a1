package adapty

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/cow"
	"github.com/accessemu/accessemu/internal/fixture"
	worldgen "github.com/accessemu/accessemu/internal/generate"
	"github.com/accessemu/accessemu/internal/worldfile/flowline"
)

// section is the adapty: part of a fixture file.
type section struct {
	Options Options      `yaml:"options"`
	Apps    []appFixture `yaml:"apps"`
	// Sequences is where generated ids continue; state dumps write it, fixtures may leave it out.
	Sequences *sequencesFixture `yaml:"sequences,omitempty"`
}

type sequencesFixture struct {
	// IDs is the state of the source of profile ids, purchase ids and segment hashes.
	IDs uint64 `yaml:"ids"`
	// NextTransaction is the store transaction id the next grant gets.
	NextTransaction int64 `yaml:"next_transaction"`
}

type appFixture struct {
	AppID        string   `yaml:"app_id"`
	SecretKeys   []string `yaml:"secret_keys"`
	AccessLevels []string `yaml:"access_levels"`
	// Products are the app's dashboard products: which access level a store product grants.
	Products []productFixture             `yaml:"products"`
	Profiles fixture.List[profileFixture] `yaml:"profiles"`
	// GeneratedProfiles adds generated profiles after the listed ones (see generated.go).
	GeneratedProfiles *worldgen.Directive `yaml:"generated_profiles"`
}

type productFixture struct {
	StoreProductID string `yaml:"store_product_id"`
	AccessLevelID  string `yaml:"access_level_id"`
}

type profileFixture struct {
	ProfileID        string                   `yaml:"profile_id"`
	CustomerUserID   *string                  `yaml:"customer_user_id"`
	TotalRevenueUSD  *float64                 `yaml:"total_revenue_usd"`
	SegmentHash      string                   `yaml:"segment_hash"`
	CustomAttributes []customAttributeFixture `yaml:"custom_attributes"`
	AccessLevels     []accessLevelFixture     `yaml:"access_levels"`
	Subscriptions    []subscriptionFixture    `yaml:"subscriptions"`
	NonSubscriptions []nonSubscriptionFixture `yaml:"non_subscriptions"`
}

type customAttributeFixture struct {
	Key   string    `yaml:"key"`
	Value attrValue `yaml:"value"`
}

type offerFixture struct {
	Category string  `yaml:"category"`
	Type     string  `yaml:"type"`
	ID       *string `yaml:"id"`
}

type accessLevelFixture struct {
	AccessLevelID              string        `yaml:"access_level_id"`
	Store                      string        `yaml:"store"`
	StoreProductID             string        `yaml:"store_product_id"`
	StoreBasePlanID            *string       `yaml:"store_base_plan_id"`
	StoreTransactionID         string        `yaml:"store_transaction_id"`
	StoreOriginalTransactionID string        `yaml:"store_original_transaction_id"`
	Offer                      *offerFixture `yaml:"offer"`
	StartsAt                   fixture.Time  `yaml:"starts_at"`
	PurchasedAt                fixture.Time  `yaml:"purchased_at"`
	OriginallyPurchasedAt      fixture.Time  `yaml:"originally_purchased_at"`
	ExpiresAt                  fixture.Time  `yaml:"expires_at"`
	RenewalCancelledAt         fixture.Time  `yaml:"renewal_cancelled_at"`
	BillingIssueDetectedAt     fixture.Time  `yaml:"billing_issue_detected_at"`
	IsInGracePeriod            bool          `yaml:"is_in_grace_period"`
	CancellationReason         *string       `yaml:"cancellation_reason"`
}

type subscriptionFixture struct {
	Store                      string        `yaml:"store"`
	StoreProductID             string        `yaml:"store_product_id"`
	StoreBasePlanID            *string       `yaml:"store_base_plan_id"`
	StoreTransactionID         string        `yaml:"store_transaction_id"`
	StoreOriginalTransactionID string        `yaml:"store_original_transaction_id"`
	Offer                      *offerFixture `yaml:"offer"`
	Environment                string        `yaml:"environment"`
	PurchasedAt                fixture.Time  `yaml:"purchased_at"`
	OriginallyPurchasedAt      fixture.Time  `yaml:"originally_purchased_at"`
	ExpiresAt                  fixture.Time  `yaml:"expires_at"`
	RenewalCancelledAt         fixture.Time  `yaml:"renewal_cancelled_at"`
	BillingIssueDetectedAt     fixture.Time  `yaml:"billing_issue_detected_at"`
	IsInGracePeriod            bool          `yaml:"is_in_grace_period"`
	CancellationReason         *string       `yaml:"cancellation_reason"`
}

type nonSubscriptionFixture struct {
	PurchaseID                 string       `yaml:"purchase_id"`
	Store                      string       `yaml:"store"`
	StoreProductID             string       `yaml:"store_product_id"`
	StoreBasePlanID            *string      `yaml:"store_base_plan_id"`
	StoreTransactionID         string       `yaml:"store_transaction_id"`
	StoreOriginalTransactionID string       `yaml:"store_original_transaction_id"`
	PurchasedAt                fixture.Time `yaml:"purchased_at"`
	Environment                string       `yaml:"environment"`
	IsRefund                   bool         `yaml:"is_refund"`
	IsConsumable               bool         `yaml:"is_consumable"`
}

// UnmarshalYAML reads a custom attribute value: a string, or a number (booleans become 1.0 and 0.0,
// as Adapty converts them to floats).
func (v *attrValue) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.ScalarNode {
		return fixture.Errorf(node, "a custom attribute value is a string or a number")
	}
	switch node.ShortTag() {
	case "!!int", "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(node.Value, "_", ""), 64)
		if err != nil {
			return fixture.Errorf(node, "custom attribute value %q is not a number", node.Value)
		}
		*v = attrValue{Num: f, IsNum: true}
	case "!!bool":
		f := 0.0
		if b, _ := strconv.ParseBool(node.Value); b {
			f = 1
		}
		*v = attrValue{Num: f, IsNum: true}
	default:
		*v = attrValue{Str: node.Value}
	}
	return nil
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

var (
	offerCategories = []string{"introductory", "promotional", "offer_code", "win_back"}
	offerTypes      = []string{"free_trial", "pay_as_you_go", "pay_up_front"}
)

// firstTransaction is where the transaction ids of grants start; each tenant counts from here.
const firstTransaction = 3000000000000001

// Load builds an Adapty world from its fixture section. Left-out fields are faked in document order.
func (p *Adapty) Load(node *yaml.Node, fake *gofakeit.Faker, now time.Time) (provider.State, error) {
	var s section
	if err := fixture.Decode(node, &s); err != nil {
		return nil, err
	}
	w := &world{
		opts:            s.Options,
		appOfKey:        provider.NewSecrets[string](),
		apps:            map[string]app{},
		nextTransaction: firstTransaction,
	}
	if err := w.checkOptions(node); err != nil {
		return nil, err
	}
	n := 0
	for _, af := range s.Apps {
		n += af.Profiles.Len()
		if d := af.GeneratedProfiles; d != nil && d.Check() == nil {
			n += d.Count
		}
	}
	l := &loader{fake: fake, now: now.UTC().Truncate(time.Microsecond), root: node,
		profiles: make(map[profileRef]profile, n), byCustomer: make(map[customerRef]string, n)}
	for i, af := range s.Apps {
		if err := l.app(w, i, af); err != nil {
			return nil, err
		}
	}
	w.profiles, w.byCustomer = cow.Of(l.profiles), cow.Of(l.byCustomer)
	if s.Sequences != nil {
		w.ids.State, w.nextTransaction = s.Sequences.IDs, s.Sequences.NextTransaction
	} else {
		// Drawn last, so that adding it changed none of the fake data drawn before.
		w.ids.State = fake.Uint64()
	}
	return w, nil
}

// continueTransactions numbers the next grant after the grants of a loaded profile's access
// levels (a dumped state loaded again), so that no two transactions share an id and a saved tenant
// grants as it would have without the restart.
func (w *world) continueTransactions(levels []accessLevel) {
	for _, l := range levels {
		if n, err := strconv.ParseInt(l.StoreTransactionID, 10, 64); err == nil && n >= w.nextTransaction {
			w.nextTransaction = n + 1
		}
	}
}

func (w *world) checkOptions(node *yaml.Node) error {
	o := &w.opts
	switch o.UnknownProfileStatus {
	case 0:
		o.UnknownProfileStatus = 404
	case 400, 404:
	default:
		return fixture.Errorf(fixture.Find(node, "options", "unknown_profile_status"),
			"options.unknown_profile_status must be 404 or 400, not %d", o.UnknownProfileStatus)
	}
	if err := fixture.Choose(&o.DateStyle, node, []any{"options", "date_style"}, "isoformat", "microseconds"); err != nil {
		return err
	}
	if err := fixture.Choose(&o.EmptyBody, node, []any{"options", "empty_body"}, "parse_error", "empty_object"); err != nil {
		return err
	}
	if err := fixture.Choose(&o.UnmappedProduct, node, []any{"options", "unmapped_product"}, "premium", "none"); err != nil {
		return err
	}
	if err := fixture.Choose(&o.ExistingCustomer, node, []any{"options", "existing_customer"}, "return", "error"); err != nil {
		return err
	}
	return nil
}

// loader fills what a fixture leaves out, drawing from fake in document order.
type loader struct {
	fake *gofakeit.Faker
	now  time.Time
	root *yaml.Node
	// profiles and byCustomer are the world's maps being built, sized for the fixture's profiles.
	profiles   map[profileRef]profile
	byCustomer map[customerRef]string
}

func (l *loader) at(path ...any) *yaml.Node { return fixture.Find(l.root, path...) }

// has reports whether the mapping at path spells out key, even as null.
func (l *loader) has(key string, path ...any) bool {
	node := flowline.Expand(l.at(path...))
	if node == nil || node.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		if node.Content[i].Value == key {
			return true
		}
	}
	return false
}

func (l *loader) app(w *world, i int, af appFixture) error {
	path := []any{"apps", i}
	id := af.AppID
	if id == "" {
		id = l.fake.UUID()
	} else if !uuidPattern.MatchString(id) {
		return fixture.Errorf(l.at(join(path, "app_id")...), "app_id %q is not a UUID", id)
	}
	id = strings.ToLower(id)
	if _, dup := w.apps[id]; dup {
		return fixture.Errorf(l.at(join(path, "app_id")...), "app_id %s is used twice", id)
	}
	a := app{ID: id, levels: map[string]struct{}{}, products: map[string]string{}}
	keys := af.SecretKeys
	if !l.has("secret_keys", path...) {
		keys = []string{"secret_live_" + worldgen.Chars(l.fake, worldgen.Alphanumeric, 8) + "." + worldgen.Chars(l.fake, worldgen.Alphanumeric, 32)}
	}
	for k, key := range keys {
		at := l.at(join(path, "secret_keys", k)...)
		if strings.TrimSpace(key) == "" || strings.ContainsAny(key, " \t") {
			return fixture.Errorf(at, "app %s has an empty secret key or one with spaces", id)
		}
		if other, dup := w.appOfKey.Get(key); dup {
			return fixture.Errorf(at, "secret key %q belongs to app %s already", key, other)
		}
		w.appOfKey.Put(key, id)
	}
	levels := af.AccessLevels
	if !l.has("access_levels", path...) {
		levels = []string{"premium"}
	}
	for k, level := range levels {
		at := l.at(join(path, "access_levels", k)...)
		if strings.TrimSpace(level) == "" {
			return fixture.Errorf(at, "app %s has an empty access level id", id)
		}
		if _, dup := a.levels[level]; dup {
			return fixture.Errorf(at, "access level %q is configured twice for app %s", level, id)
		}
		a.levels[level] = struct{}{}
	}
	for k, pf := range af.Products {
		at := l.at(join(path, "products", k)...)
		if pf.StoreProductID == "" {
			return fixture.Errorf(at, "a product needs store_product_id")
		}
		if _, ok := a.levels[pf.AccessLevelID]; !ok {
			return fixture.Errorf(at, "product %q grants access level %q, which is not configured for app %s (its access_levels: %s)",
				pf.StoreProductID, pf.AccessLevelID, id, strings.Join(sortedKeys(a.levels), ", "))
		}
		if _, dup := a.products[pf.StoreProductID]; dup {
			return fixture.Errorf(at, "product %q is listed twice for app %s", pf.StoreProductID, id)
		}
		a.products[pf.StoreProductID] = pf.AccessLevelID
	}
	w.apps[id] = a
	err := af.Profiles.Each(func(j int, pf *profileFixture) error {
		return l.profile(w, a, join(path, "profiles", j), *pf)
	})
	if err != nil || af.GeneratedProfiles == nil {
		return err
	}
	return l.generated(a, path, *af.GeneratedProfiles)
}

func (l *loader) profile(w *world, a app, path []any, pf profileFixture) error {
	pr := profile{ProfileID: pf.ProfileID, SegmentHash: pf.SegmentHash}
	if pr.ProfileID == "" {
		pr.ProfileID = l.fake.UUID()
	} else if !uuidPattern.MatchString(pr.ProfileID) {
		return fixture.Errorf(l.at(join(path, "profile_id")...), "profile_id %q is not a UUID", pr.ProfileID)
	}
	pr.ProfileID = strings.ToLower(pr.ProfileID)
	ref := profileRef{App: a.ID, Profile: pr.ProfileID}
	if _, dup := l.profiles[ref]; dup {
		return fixture.Errorf(l.at(join(path, "profile_id")...), "profile_id %s is used twice in app %s", pr.ProfileID, a.ID)
	}
	if pf.CustomerUserID != nil {
		cuid := *pf.CustomerUserID
		if cuid == "" {
			return fixture.Errorf(l.at(join(path, "customer_user_id")...), "customer_user_id is empty; leave it out (or null) for an anonymous profile")
		}
		if other, dup := l.byCustomer[customerRef{a.ID, cuid}]; dup {
			return fixture.Errorf(l.at(join(path, "customer_user_id")...), "customer_user_id %q belongs to profile %s already", cuid, other)
		}
		pr.CustomerUserID = optString{V: cuid, Set: true}
	}
	for k, af := range pf.CustomAttributes {
		at := join(path, "custom_attributes", k)
		if af.Key == "" || !l.has("value", at...) {
			return fixture.Errorf(l.at(at...), "a custom attribute needs key and value")
		}
		pr.CustomAttributes = append(pr.CustomAttributes, customAttribute(af))
	}
	for k, lf := range pf.AccessLevels {
		lvl, err := l.accessLevel(a, join(path, "access_levels", k), lf)
		if err != nil {
			return err
		}
		if pr.level(lvl.AccessLevelID) >= 0 {
			return fixture.Errorf(l.at(join(path, "access_levels", k)...), "profile %s lists access level %q twice", pr.ProfileID, lvl.AccessLevelID)
		}
		pr.AccessLevels = append(pr.AccessLevels, lvl)
	}
	for k, sf := range pf.Subscriptions {
		sub, err := l.subscription(join(path, "subscriptions", k), sf)
		if err != nil {
			return err
		}
		pr.Subscriptions = append(pr.Subscriptions, sub)
	}
	for k, nf := range pf.NonSubscriptions {
		ns, err := l.nonSubscription(join(path, "non_subscriptions", k), nf)
		if err != nil {
			return err
		}
		pr.NonSubscriptions = append(pr.NonSubscriptions, ns)
	}
	switch {
	case pf.TotalRevenueUSD != nil:
		pr.TotalRevenueUSD = *pf.TotalRevenueUSD
	case len(pr.AccessLevels)+len(pr.Subscriptions)+len(pr.NonSubscriptions) > 0:
		pr.TotalRevenueUSD = l.fake.Price(0.99, 199.99)
	}
	if pr.SegmentHash == "" {
		pr.SegmentHash = worldgen.Chars(l.fake, worldgen.LowerHex, 16)
	}
	w.continueTransactions(pr.AccessLevels)
	newVersion(ref, &pr) // a listed profile is likely asked for; a generated one waits for a change
	l.profiles[ref] = pr
	if pr.CustomerUserID.Set {
		l.byCustomer[customerRef{a.ID, pr.CustomerUserID.V}] = pr.ProfileID
	}
	return nil
}

func (l *loader) accessLevel(a app, path []any, f accessLevelFixture) (accessLevel, error) {
	if f.AccessLevelID == "" {
		return accessLevel{}, fixture.Errorf(l.at(path...), "an access level entry needs access_level_id")
	}
	if _, ok := a.levels[f.AccessLevelID]; !ok {
		return accessLevel{}, fixture.Errorf(l.at(join(path, "access_level_id")...),
			"access level %q is not configured for app %s (its access_levels: %s)", f.AccessLevelID, a.ID, strings.Join(sortedKeys(a.levels), ", "))
	}
	off, err := l.offer(path, f.Offer)
	if err != nil {
		return accessLevel{}, err
	}
	lvl := accessLevel{
		AccessLevelID:          f.AccessLevelID,
		Store:                  or(f.Store, "app_store"),
		StoreProductID:         f.StoreProductID,
		StoreBasePlanID:        optStr(f.StoreBasePlanID),
		StoreTransactionID:     f.StoreTransactionID,
		Offer:                  off,
		StartsAt:               l.optTime(f.StartsAt),
		RenewalCancelledAt:     l.optTime(f.RenewalCancelledAt),
		BillingIssueDetectedAt: l.optTime(f.BillingIssueDetectedAt),
		IsInGracePeriod:        f.IsInGracePeriod,
		CancellationReason:     optStr(f.CancellationReason),
	}
	if lvl.StoreProductID == "" {
		lvl.StoreProductID = f.AccessLevelID + "." + l.fake.RandomString([]string{"weekly", "monthly", "annual"})
	}
	if lvl.StoreTransactionID == "" {
		lvl.StoreTransactionID = l.transactionID()
	}
	lvl.StoreOriginalTransactionID = or(f.StoreOriginalTransactionID, lvl.StoreTransactionID)
	lvl.PurchasedAt = l.pastTime(f.PurchasedAt)
	lvl.OriginallyPurchasedAt = l.timeOr(f.OriginallyPurchasedAt, lvl.PurchasedAt)
	lvl.ExpiresAt = l.expiry(path, f.ExpiresAt)
	return lvl, nil
}

func (l *loader) subscription(path []any, f subscriptionFixture) (subscription, error) {
	off, err := l.offer(path, f.Offer)
	if err != nil {
		return subscription{}, err
	}
	sub := subscription{
		Store:                  or(f.Store, "app_store"),
		StoreProductID:         f.StoreProductID,
		StoreBasePlanID:        optStr(f.StoreBasePlanID),
		StoreTransactionID:     f.StoreTransactionID,
		Offer:                  off,
		Environment:            or(f.Environment, "Production"),
		RenewalCancelledAt:     l.optTime(f.RenewalCancelledAt),
		BillingIssueDetectedAt: l.optTime(f.BillingIssueDetectedAt),
		IsInGracePeriod:        f.IsInGracePeriod,
		CancellationReason:     optStr(f.CancellationReason),
	}
	if sub.StoreProductID == "" {
		sub.StoreProductID = l.fake.RandomString([]string{"premium", "pro", "plus"}) + "." + l.fake.RandomString([]string{"weekly", "monthly", "annual"})
	}
	if sub.StoreTransactionID == "" {
		sub.StoreTransactionID = l.transactionID()
	}
	sub.StoreOriginalTransactionID = or(f.StoreOriginalTransactionID, sub.StoreTransactionID)
	sub.PurchasedAt = l.pastTime(f.PurchasedAt)
	sub.OriginallyPurchasedAt = l.timeOr(f.OriginallyPurchasedAt, sub.PurchasedAt)
	sub.ExpiresAt = l.expiry(path, f.ExpiresAt)
	return sub, nil
}

func (l *loader) nonSubscription(path []any, f nonSubscriptionFixture) (nonSubscription, error) {
	ns := nonSubscription{
		PurchaseID:         f.PurchaseID,
		Store:              or(f.Store, "app_store"),
		StoreProductID:     f.StoreProductID,
		StoreBasePlanID:    optStr(f.StoreBasePlanID),
		StoreTransactionID: f.StoreTransactionID,
		Environment:        or(f.Environment, "Production"),
		IsRefund:           f.IsRefund,
		IsConsumable:       f.IsConsumable,
	}
	if ns.PurchaseID == "" {
		ns.PurchaseID = l.fake.UUID()
	} else if !uuidPattern.MatchString(ns.PurchaseID) {
		return nonSubscription{}, fixture.Errorf(l.at(join(path, "purchase_id")...), "purchase_id %q is not a UUID", ns.PurchaseID)
	}
	if ns.StoreProductID == "" {
		ns.StoreProductID = l.fake.RandomString([]string{"coins", "gems", "lifetime"}) + "." + l.fake.RandomString([]string{"small", "large", "premium"})
	}
	if ns.StoreTransactionID == "" {
		ns.StoreTransactionID = l.transactionID()
	}
	ns.StoreOriginalTransactionID = or(f.StoreOriginalTransactionID, ns.StoreTransactionID)
	ns.PurchasedAt = l.pastTime(f.PurchasedAt)
	return ns, nil
}

func (l *loader) offer(path []any, f *offerFixture) (offer, error) {
	if f == nil {
		return offer{}, nil
	}
	if !slices.Contains(offerCategories, f.Category) {
		return offer{}, fixture.Errorf(l.at(join(path, "offer", "category")...), "offer.category must be one of %s, not %q", strings.Join(offerCategories, ", "), f.Category)
	}
	if !slices.Contains(offerTypes, f.Type) {
		return offer{}, fixture.Errorf(l.at(join(path, "offer", "type")...), "offer.type must be one of %s, not %q", strings.Join(offerTypes, ", "), f.Type)
	}
	return offer{Category: f.Category, Type: f.Type, ID: optStr(f.ID), Set: true}, nil
}

// transactionID is an App Store style transaction id: 16 digits.
func (l *loader) transactionID() string { return l.fake.Numerify("2000000#########") }

func (l *loader) resolve(t fixture.Time) time.Time { return t.At(l.now).Truncate(time.Microsecond) }

func (l *loader) optTime(t fixture.Time) optTime {
	if !t.IsSet() {
		return optTime{}
	}
	return optTime{T: l.resolve(t), Set: true}
}

func (l *loader) timeOr(t fixture.Time, def time.Time) time.Time {
	if t.IsSet() {
		return l.resolve(t)
	}
	return def
}

// pastTime is the fixture's date, or a whole second 1 to 60 days before start-up.
func (l *loader) pastTime(t fixture.Time) time.Time {
	if t.IsSet() {
		return l.resolve(t)
	}
	return l.now.Truncate(time.Second).Add(-time.Duration(l.fake.Number(1, 60)) * 24 * time.Hour)
}

// expiry is the fixture's expires_at: null is lifetime, left out is a whole second 7 to 60 days
// after start-up, so that a short fixture's access levels are active.
func (l *loader) expiry(path []any, t fixture.Time) optTime {
	if t.IsSet() {
		return optTime{T: l.resolve(t), Set: true}
	}
	if l.has("expires_at", path...) {
		return optTime{}
	}
	return optTime{T: l.now.Truncate(time.Second).Add(time.Duration(l.fake.Number(7, 60)) * 24 * time.Hour), Set: true}
}

func optStr(s *string) optString {
	if s == nil {
		return optString{}
	}
	return optString{V: *s, Set: true}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func sortedKeys(m map[string]struct{}) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// join extends a fixture path without sharing its backing array.
func join(path []any, more ...any) []any { return append(slices.Clip(path), more...) }

// UnmarshalYAML reads a profile; a generated world's one-line profile is read without its nodes.
func (pf *profileFixture) UnmarshalYAML(node *yaml.Node) error {
	return fixture.DecodeItem(node, pf.fromLine, (*plainProfile)(pf))
}

// plainProfile is a profile decoded as yaml.v3 decodes a struct.
type plainProfile profileFixture

func (pf *profileFixture) fromLine(text string, line int) bool {
	var out profileFixture
	var keys fixture.Keys
	ok := flowline.Fields(text, func(key string, v flowline.Value) bool {
		switch key {
		case "profile_id":
			return keys.First(0) && fixture.SetString(v, &out.ProfileID)
		case "customer_user_id":
			return keys.First(1) && fixture.SetStringPtr(v, &out.CustomerUserID)
		case "segment_hash":
			return keys.First(2) && fixture.SetString(v, &out.SegmentHash)
		case "total_revenue_usd":
			return keys.First(4) && fixture.SetFloatPtr(v, &out.TotalRevenueUSD)
		case "access_levels":
			if !keys.First(3) || v.Kind != yaml.SequenceNode {
				return false
			}
			out.AccessLevels = []accessLevelFixture{}
			return flowline.Items(v.Text, func(item flowline.Value) bool {
				lf, ok := accessLevelFromLine(item, line)
				out.AccessLevels = append(out.AccessLevels, lf)
				return ok
			})
		}
		return false
	})
	if ok {
		*pf = out
	}
	return ok
}

// accessLevelFromLine reads the access level fields a generated profile gives.
func accessLevelFromLine(v flowline.Value, line int) (accessLevelFixture, bool) {
	var lf accessLevelFixture
	if v.Kind != yaml.MappingNode {
		return lf, false
	}
	var keys fixture.Keys
	ok := flowline.Fields(v.Text, func(key string, v flowline.Value) bool {
		switch key {
		case "access_level_id":
			return keys.First(0) && fixture.SetString(v, &lf.AccessLevelID)
		case "store":
			return keys.First(1) && fixture.SetString(v, &lf.Store)
		case "store_product_id":
			return keys.First(2) && fixture.SetString(v, &lf.StoreProductID)
		case "starts_at":
			return keys.First(3) && fixture.SetTime(v, line, &lf.StartsAt)
		case "purchased_at":
			return keys.First(4) && fixture.SetTime(v, line, &lf.PurchasedAt)
		case "originally_purchased_at":
			return keys.First(5) && fixture.SetTime(v, line, &lf.OriginallyPurchasedAt)
		case "expires_at":
			return keys.First(6) && fixture.SetTime(v, line, &lf.ExpiresAt)
		case "store_transaction_id":
			return keys.First(7) && fixture.SetString(v, &lf.StoreTransactionID)
		}
		return false
	})
	return lf, ok
}
