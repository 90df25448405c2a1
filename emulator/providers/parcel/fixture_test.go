package parcel_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
)

func TestLoad_FixtureErrorsNameTheLine(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"unknown field", "parcel:\n  hubs:\n    - keys: [k]\n      prodcts: []\n", `fixtures (in memory): parcel: line 4: unknown field "prodcts"`},
		{"licence of a product the hub lacks", "parcel:\n  hubs:\n    - keys: [k]\n      licenses:\n        - {product_id: p1, roblox_id: \"1\"}\n", `fixtures (in memory): parcel: line 5: licence for product "p1": the hub has no such product`},
		{"key used twice", "parcel:\n  hubs:\n    - {id: a, keys: [k]}\n    - {id: b, keys: [k]}\n", `fixtures (in memory): parcel: line 4: key "k" belongs to hub a already`},
		{"bad plan", "parcel:\n  hubs:\n    - keys: [k]\n      plan: gold\n", `fixtures (in memory): parcel: line 4: plan must be free or pro, not "gold"`},
		{"bad option", "parcel:\n  options:\n    unknown_roblox_users: maybe\n", `fixtures (in memory): parcel: line 3: options.unknown_roblox_users must be accept or reject, not "maybe"`},
		{"unlinked Discord licence", "parcel:\n  hubs:\n    - keys: [k]\n      products: [{id: p}]\n      licenses: [{product_id: p, discord_id: \"5\"}]\n", `fixtures (in memory): parcel: line 5: licence for Discord user "5": no discord_links entry links it to a Roblox id`},
		{"wrong type", "parcel:\n  hubs: 3\n", "fixtures (in memory): parcel: yaml: unmarshal errors:\n  line 2: cannot unmarshal !!int `3` into []parcel.hubFixture"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := emulator.New(emulator.Options{Providers: []provider.Provider{parcel.New()}, Fixtures: []byte(c.yaml)})
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("error = %v\nwant prefix %s", err, c.want)
			}
		})
	}
}

// A hub left without keys or names gets fake ones, the same for the same seed.
func TestLoad_FakeDataIsDeterministic(t *testing.T) {
	const world = "seed: 42\nparcel:\n  hubs:\n    - products: [{}]\n"
	a, b := apitest.StartAlone(t, parcel.New(), world), apitest.StartAlone(t, parcel.New(), world)
	da, db := dump(t, a), dump(t, b)
	if da != db {
		t.Fatalf("same seed, different worlds:\n%s\n%s", da, db)
	}
	if !strings.Contains(da, "prod_") {
		t.Fatalf("no fake key in %s", da)
	}
	c := apitest.StartAlone(t, parcel.New(), strings.Replace(world, "42", "43", 1))
	if dump(t, c) == da {
		t.Fatal("a different seed gave the same world")
	}
}
