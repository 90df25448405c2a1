package adapty

import (
	"bufio"
	"io"

	"github.com/accessemu/accessemu/emulator/provider"
	worldgen "github.com/accessemu/accessemu/internal/generate"
)

// GeneratedCustomerPrefix prefixes a generated world's profiles' customer_user_id: profile i is
// GeneratedCustomerPrefix+i, so a load test can address it without reading the file back.
const GeneratedCustomerPrefix = "gen-user-"

// defaultAppID is the default world's app, which a generated world keeps.
const defaultAppID = "5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b"

// defaultApp is the default world's app, key and named profiles.
const defaultApp = `adapty:
  apps:
    - app_id: ` + defaultAppID + `
      secret_keys: [` + defaultSecretKey + `]
      access_levels: [premium, vip]
      profiles:
        - profile_id: 0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e01
          customer_user_id: ` + toggledCustomer + `
          access_levels:
            - {access_level_id: premium, store: app_store, store_product_id: premium.monthly, purchased_at: now-5d, originally_purchased_at: now-5d, starts_at: now-5d, expires_at: now+30d}
        - profile_id: 0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e02
          customer_user_id: user-lifetime
          access_levels:
            - {access_level_id: premium, store: app_store, store_product_id: premium.lifetime, purchased_at: now-90d, originally_purchased_at: now-90d, expires_at: null}
        - profile_id: 0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e03
          customer_user_id: user-free
`

// generate writes the default app with g.N generated profiles: one generated_profiles directive,
// or with g.Expand every profile as an item.
func generate(w io.Writer, g provider.Generation) error {
	b := bufio.NewWriter(w)
	b.WriteString(defaultApp)
	d := worldgen.Directive{Count: g.N, Seed: g.Seed}
	switch {
	case g.N == 0:
	case g.Expand:
		gen := newProfileGen(g.Seed, defaultAppID, []string{"premium", "vip"})
		for i := range g.N {
			gp := gen.draw(i, worldgen.NewArena(128))
			gp.writeItem(b)
		}
	default:
		b.WriteString("      generated_profiles: " + d.String() + "\n")
	}
	return b.Flush()
}
