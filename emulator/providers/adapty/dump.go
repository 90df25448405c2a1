package adapty

import (
	"cmp"
	"slices"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/fixture"
)

// Dump writes the state as an adapty: fixture section, sorted so equal states dump equally, with
// every faked value spelled out (an expires_at of null stays a lifetime level) so that loading it
// gives the same world.
func (p *Adapty) Dump(st provider.State) any {
	w := st.(*world)
	s := section{Options: w.opts, Sequences: &sequencesFixture{IDs: w.ids.State, NextTransaction: w.nextTransaction}}
	keys := map[string][]string{}
	w.appOfKey.Each(func(key, appID string) { keys[appID] = append(keys[appID], key) })
	for _, a := range w.apps {
		af := appFixture{AppID: a.ID, SecretKeys: keys[a.ID], AccessLevels: sortedKeys(a.levels), Products: []productFixture{}}
		slices.Sort(af.SecretKeys)
		for product, level := range a.products {
			af.Products = append(af.Products, productFixture{StoreProductID: product, AccessLevelID: level})
		}
		slices.SortFunc(af.Products, func(a, b productFixture) int { return cmp.Compare(a.StoreProductID, b.StoreProductID) })
		s.Apps = append(s.Apps, af)
	}
	slices.SortFunc(s.Apps, func(a, b appFixture) int { return cmp.Compare(a.AppID, b.AppID) })
	byApp := map[string][]profileFixture{}
	for ref, pr := range w.profiles.All() {
		byApp[ref.App] = append(byApp[ref.App], dumpProfile(pr))
	}
	for i := range s.Apps {
		profiles := byApp[s.Apps[i].AppID]
		slices.SortFunc(profiles, func(a, b profileFixture) int { return cmp.Compare(a.ProfileID, b.ProfileID) })
		s.Apps[i].Profiles = fixture.ListOf(profiles)
	}
	return s
}

func dumpProfile(pr profile) profileFixture {
	revenue := pr.TotalRevenueUSD
	pf := profileFixture{
		ProfileID: pr.ProfileID, CustomerUserID: strPtr(pr.CustomerUserID), TotalRevenueUSD: &revenue, SegmentHash: pr.SegmentHash,
		CustomAttributes: []customAttributeFixture{}, AccessLevels: []accessLevelFixture{},
		Subscriptions: []subscriptionFixture{}, NonSubscriptions: []nonSubscriptionFixture{},
	}
	for _, ca := range pr.CustomAttributes {
		pf.CustomAttributes = append(pf.CustomAttributes, customAttributeFixture{Key: ca.Key, Value: ca.Value})
	}
	for _, l := range pr.AccessLevels {
		pf.AccessLevels = append(pf.AccessLevels, accessLevelFixture{
			AccessLevelID: l.AccessLevelID, Store: l.Store, StoreProductID: l.StoreProductID,
			StoreBasePlanID: strPtr(l.StoreBasePlanID), StoreTransactionID: l.StoreTransactionID,
			StoreOriginalTransactionID: l.StoreOriginalTransactionID, Offer: dumpOffer(l.Offer),
			StartsAt: timeOf(l.StartsAt), PurchasedAt: fixture.At(l.PurchasedAt),
			OriginallyPurchasedAt: fixture.At(l.OriginallyPurchasedAt), ExpiresAt: timeOf(l.ExpiresAt),
			RenewalCancelledAt: timeOf(l.RenewalCancelledAt), BillingIssueDetectedAt: timeOf(l.BillingIssueDetectedAt),
			IsInGracePeriod: l.IsInGracePeriod, CancellationReason: strPtr(l.CancellationReason),
		})
	}
	for _, sub := range pr.Subscriptions {
		pf.Subscriptions = append(pf.Subscriptions, subscriptionFixture{
			Store: sub.Store, StoreProductID: sub.StoreProductID, StoreBasePlanID: strPtr(sub.StoreBasePlanID),
			StoreTransactionID: sub.StoreTransactionID, StoreOriginalTransactionID: sub.StoreOriginalTransactionID,
			Offer: dumpOffer(sub.Offer), Environment: sub.Environment, PurchasedAt: fixture.At(sub.PurchasedAt),
			OriginallyPurchasedAt: fixture.At(sub.OriginallyPurchasedAt), ExpiresAt: timeOf(sub.ExpiresAt),
			RenewalCancelledAt: timeOf(sub.RenewalCancelledAt), BillingIssueDetectedAt: timeOf(sub.BillingIssueDetectedAt),
			IsInGracePeriod: sub.IsInGracePeriod, CancellationReason: strPtr(sub.CancellationReason),
		})
	}
	for _, ns := range pr.NonSubscriptions {
		pf.NonSubscriptions = append(pf.NonSubscriptions, nonSubscriptionFixture{
			PurchaseID: ns.PurchaseID, Store: ns.Store, StoreProductID: ns.StoreProductID,
			StoreBasePlanID: strPtr(ns.StoreBasePlanID), StoreTransactionID: ns.StoreTransactionID,
			StoreOriginalTransactionID: ns.StoreOriginalTransactionID, PurchasedAt: fixture.At(ns.PurchasedAt),
			Environment: ns.Environment, IsRefund: ns.IsRefund, IsConsumable: ns.IsConsumable,
		})
	}
	return pf
}

func strPtr(s optString) *string {
	if !s.Set {
		return nil
	}
	v := s.V
	return &v
}

func timeOf(t optTime) fixture.Time {
	if !t.Set {
		return fixture.Time{}
	}
	return fixture.At(t.T)
}

func dumpOffer(o offer) *offerFixture {
	if !o.Set {
		return nil
	}
	return &offerFixture{Category: o.Category, Type: o.Type, ID: strPtr(o.ID)}
}

// MarshalYAML writes a custom attribute value back as the string or number it was.
func (v attrValue) MarshalYAML() (any, error) {
	if v.IsNum {
		return v.Num, nil
	}
	return v.Str, nil
}
