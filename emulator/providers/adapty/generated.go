package adapty

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/accessemu/accessemu/internal/fixture"
	worldgen "github.com/accessemu/accessemu/internal/generate"
)

// An app's generated_profiles: {count: N, seed: S} are N profiles, profile i with customer_user_id
// GeneratedCustomerPrefix+i and one access level among the app's, bought 1 to 60 days before
// start-up and expiring 1 to 365 days after it. Each is a pure function of S, the app id and i, so
// the loader builds them on every core, and `fixtures generate --expand` writes the same profiles
// as items (generatedProfile.writeItem) that load into the same state.

// profileGen draws an app's generated profiles.
type profileGen struct {
	key    uint64
	levels []string
	// products[l][p] is levels[l] + "." + periods[p], shared by every profile.
	products [][]string
}

var periods = []string{"weekly", "monthly", "annual"}

func newProfileGen(seed int64, appID string, levels []string) profileGen {
	g := profileGen{key: worldgen.Key(seed, "adapty", appID), levels: levels}
	for _, l := range levels {
		row := make([]string, len(periods))
		for p, period := range periods {
			row[p] = l + "." + period
		}
		g.products = append(g.products, row)
	}
	return g
}

// generatedProfile is one generated profile's fields, as a fixture item would give them.
type generatedProfile struct {
	ID, Customer, Segment, Transaction string
	Level, Product                     string
	// Cents is the total revenue in cents; the days are before and after start-up.
	Cents, PurchasedDays, ExpiresDays int
}

// draw draws profile i, its strings in a.
func (g *profileGen) draw(i int, a *worldgen.Arena) generatedProfile {
	r := worldgen.At(g.key, i)
	gp := generatedProfile{ID: a.Put(r.AppendUUID(a.Scratch()))}
	gp.Customer = a.Put(worldgen.AppendIndex(append(a.Scratch(), GeneratedCustomerPrefix...), i))
	gp.Segment = a.Put(r.AppendHex16(a.Scratch()))
	gp.Cents = r.Between(99, 19999)
	l := r.Intn(len(g.levels))
	gp.Level, gp.Product = g.levels[l], g.products[l][r.Intn(len(periods))]
	gp.Transaction = a.Put(r.AppendDigits(append(a.Scratch(), "2000000"...), 9))
	gp.PurchasedDays, gp.ExpiresDays = r.Between(1, 60), r.Between(1, 365)
	return gp
}

// profile is the state of the profile, with its access level stored in level: what the loader
// builds from writeItem's item.
func (gp *generatedProfile) profile(now time.Time, level []accessLevel) profile {
	const day = 24 * time.Hour
	purchased := now.Add(-time.Duration(gp.PurchasedDays) * day)
	level[0] = accessLevel{
		AccessLevelID: gp.Level, Store: "app_store", StoreProductID: gp.Product,
		StoreTransactionID: gp.Transaction, StoreOriginalTransactionID: gp.Transaction,
		PurchasedAt: purchased, OriginallyPurchasedAt: purchased,
		ExpiresAt: optTime{T: now.Add(time.Duration(gp.ExpiresDays) * day), Set: true},
	}
	return profile{
		ProfileID: gp.ID, CustomerUserID: optString{V: gp.Customer, Set: true},
		TotalRevenueUSD: float64(gp.Cents) / 100, SegmentHash: gp.Segment, AccessLevels: level,
	}
}

// writeItem writes the profile as a one-line fixture item.
func (gp *generatedProfile) writeItem(w io.Writer) {
	fmt.Fprintf(w, "        - {profile_id: %s, customer_user_id: %s, segment_hash: %q, total_revenue_usd: %s, "+
		"access_levels: [{access_level_id: %s, store_product_id: %s, store_transaction_id: %q, purchased_at: now-%dd, expires_at: now+%dd}]}\n",
		gp.ID, gp.Customer, gp.Segment, strconv.FormatFloat(float64(gp.Cents)/100, 'f', -1, 64),
		gp.Level, gp.Product, gp.Transaction, gp.PurchasedDays, gp.ExpiresDays)
}

// generated adds an app's generated profiles, built on every core, to the maps. Their transaction
// ids (2000000…) are below the ids grants number from, so they leave nextTransaction alone.
func (l *loader) generated(a app, path []any, d worldgen.Directive) error {
	at := l.at(join(path, "generated_profiles")...)
	if err := d.Check(); err != nil {
		return fixture.Errorf(at, "generated_profiles: %v", err)
	}
	g := newProfileGen(d.Seed, a.ID, sortedKeys(a.levels))
	if len(g.levels) == 0 {
		return fixture.Errorf(at, "generated_profiles: app %s has no access levels to grant", a.ID)
	}
	return worldgen.Build(d.Count, func(part []profile, first int) {
		arena := worldgen.NewArena(len(part) * 96)
		levels := make([]accessLevel, len(part))
		for k := range part {
			gp := g.draw(first+k, arena)
			part[k] = gp.profile(l.now, levels[k:k+1:k+1])
		}
	}, func(pr profile) error {
		n := len(l.profiles)
		if l.profiles[profileRef{a.ID, pr.ProfileID}] = pr; len(l.profiles) == n {
			return fixture.Errorf(at, "generated_profiles: profile_id %s is used twice in app %s", pr.ProfileID, a.ID)
		}
		n = len(l.byCustomer)
		if l.byCustomer[customerRef{a.ID, pr.CustomerUserID.V}] = pr.ProfileID; len(l.byCustomer) == n {
			return fixture.Errorf(at, "generated_profiles: customer_user_id %q belongs to another profile already", pr.CustomerUserID.V)
		}
		return nil
	})
}
