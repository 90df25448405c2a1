package adapty_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/internal/apitest"
)

const sparseSection = `
apps:
  - profiles:
      - customer_user_id: a
        access_levels: [{access_level_id: premium}]
        subscriptions: [{}]
        non_subscriptions: [{}]
      - {}
  - access_levels: [gold]
    profiles: [{customer_user_id: b, access_levels: [{access_level_id: gold, offer: {category: promotional, type: free_trial}}]}]
`

func loadSection(t *testing.T, doc string, seed int64, now time.Time) provider.State {
	t.Helper()
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &node); err != nil {
		t.Fatal(err)
	}
	st, err := adapty.New().Load(node.Content[0], gofakeit.New(seed), now)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestLoad_SameSeedGivesTheSameWorld(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 678901234, time.UTC)
	a, b := loadSection(t, sparseSection, 7, now), loadSection(t, sparseSection, 7, now)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two loads with the same seed differ:\n%+v\n%+v", a, b)
	}
	if c := loadSection(t, sparseSection, 8, now); reflect.DeepEqual(a, c) {
		t.Error("another seed gives the same fake data")
	}
	if clone := a.(provider.State).Clone(); !reflect.DeepEqual(a, clone) {
		t.Error("a clone differs from its original")
	}
}

func TestLoad_DefaultWorldIsDeterministic(t *testing.T) {
	one, two := apitest.StartAlone(t, adapty.New()), apitest.StartAlone(t, adapty.New())
	for _, customer := range []string{"user-premium", "user-lifetime", "user-free"} {
		a, b := one.Do("GET", profilePath, "", as(customer)...), two.Do("GET", profilePath, "", as(customer)...)
		var pa, pb struct {
			Data struct {
				SegmentHash string  `json:"segment_hash"`
				Revenue     float64 `json:"total_revenue_usd"`
				Levels      []struct {
					Txn string `json:"store_transaction_id"`
				} `json:"access_levels"`
			} `json:"data"`
		}
		a.JSON(&pa)
		b.JSON(&pb)
		if !reflect.DeepEqual(pa, pb) {
			t.Errorf("%s differs between two starts: %+v vs %+v", customer, pa, pb)
		}
	}
}

func TestLoad_FixtureErrorsNameTheLine(t *testing.T) {
	const head = "adapty:\n  apps:\n    - app_id: 5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b\n      secret_keys: [k1]\n      access_levels: [premium]\n"
	tests := []struct {
		name, doc, want string
	}{
		{"unknown field", head + "      profiles:\n        - customer_user_id: x\n          acess_levels: []\n", "line 8: unknown field \"acess_levels\""},
		{"unknown option value", "adapty:\n  options:\n    unknown_profile_status: 401\n", "line 3: options.unknown_profile_status must be 404 or 400, not 401"},
		{"unknown date style", "adapty:\n  options:\n    date_style: rfc3339\n", "line 3: options.date_style must be isoformat or microseconds"},
		{"unknown empty body", "adapty:\n  options:\n    empty_body: ignore\n", "line 3: options.empty_body must be parse_error or empty_object"},
		{"app id not a uuid", "adapty:\n  apps:\n    - app_id: my-app\n", "line 3: app_id \"my-app\" is not a UUID"},
		{"duplicate app id", head + "    - app_id: 5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b\n", "line 6: app_id 5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b is used twice"},
		{"key of two apps", head + "    - secret_keys: [k2, k1]\n", "line 6: secret key \"k1\" belongs to app"},
		{"empty key", "adapty:\n  apps:\n    - secret_keys:\n        - \"\"\n", "line 4: app"},
		{"access level twice", "adapty:\n  apps:\n    - access_levels:\n        - premium\n        - premium\n", "line 5: access level \"premium\" is configured twice"},
		{"profile id not a uuid", head + "      profiles:\n        - profile_id: 42\n", "line 7: profile_id \"42\" is not a UUID"},
		{"duplicate profile id", head + "      profiles:\n        - profile_id: 0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e01\n        - profile_id: 0B6F4B4E-2F7C-4C1A-8E53-1F0A9D6C7E01\n", "line 8: profile_id 0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e01 is used twice"},
		{"duplicate customer", head + "      profiles:\n        - customer_user_id: x\n        - customer_user_id: x\n", "line 8: customer_user_id \"x\" belongs to profile"},
		{"empty customer", head + "      profiles:\n        - customer_user_id: \"\"\n", "line 7: customer_user_id is empty"},
		{"level not configured", head + "      profiles:\n        - customer_user_id: x\n          access_levels:\n            - access_level_id: vip\n", "line 9: access level \"vip\" is not configured for app 5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b (its access_levels: premium)"},
		{"level without id", head + "      profiles:\n        - access_levels:\n            - store: app_store\n", "line 8: an access level entry needs access_level_id"},
		{"level twice in a profile", head + "      profiles:\n        - access_levels:\n            - access_level_id: premium\n            - access_level_id: premium\n", "line 9: profile"},
		{"bad date", head + "      profiles:\n        - access_levels:\n            - access_level_id: premium\n              expires_at: tomorrow\n", "line 9: date \"tomorrow\""},
		{"bad offer", head + "      profiles:\n        - access_levels:\n            - access_level_id: premium\n              offer: {category: seasonal, type: free_trial}\n", "line 9: offer.category must be one of"},
		{"attribute without value", head + "      profiles:\n        - custom_attributes:\n            - key: sport\n", "line 8: a custom attribute needs key and value"},
		{"product of an unconfigured level", head + "      products:\n        - {store_product_id: vip.annual, access_level_id: vip}\n", "line 7: product \"vip.annual\" grants access level \"vip\", which is not configured for app 5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b (its access_levels: premium)"},
		{"product twice", head + "      products:\n        - {store_product_id: p, access_level_id: premium}\n        - {store_product_id: p, access_level_id: premium}\n", "line 8: product \"p\" is listed twice"},
		{"product without id", head + "      products:\n        - {access_level_id: premium}\n", "line 7: a product needs store_product_id"},
		{"unknown unmapped product", "adapty:\n  options:\n    unmapped_product: vip\n", "line 3: options.unmapped_product must be premium or none"},
		{"unknown existing customer", "adapty:\n  options:\n    existing_customer: merge\n", "line 3: options.existing_customer must be return or error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := emulator.New(emulator.Options{Providers: []provider.Provider{adapty.New()}, Fixtures: []byte(tc.doc)})
			if err == nil {
				t.Fatalf("the fixture was accepted:\n%s", tc.doc)
			}
			if !strings.Contains(err.Error(), "adapty: "+tc.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, "adapty: "+tc.want)
			}
		})
	}
}

func TestLoad_EmptySectionAndDefaultsWork(t *testing.T) {
	if _, err := emulator.New(emulator.Options{Providers: []provider.Provider{adapty.New()}, Fixtures: []byte("seed: 3\n")}); err != nil {
		t.Fatalf("a file without an adapty section: %v", err)
	}
	// An app without keys, ids or access levels gets a fake key and id and the premium level.
	if _, err := emulator.New(emulator.Options{Providers: []provider.Provider{adapty.New()}, Fixtures: []byte("adapty:\n  apps:\n    - profiles: [{customer_user_id: x}]\n")}); err != nil {
		t.Fatalf("a minimal app: %v", err)
	}
}
