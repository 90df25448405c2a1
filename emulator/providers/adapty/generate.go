package adapty

import (
	"bufio"
	"fmt"
	"io"

	"github.com/brianvoe/gofakeit/v6"
)

// GeneratedCustomerPrefix prefixes a generated world's profiles' customer_user_id: profile i is
// GeneratedCustomerPrefix+i, so a load test can address it without reading the file back.
const GeneratedCustomerPrefix = "gen-user-"

// defaultApp is the default world's app, key and named profiles, which a generated world keeps.
const defaultApp = `adapty:
  apps:
    - app_id: 5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b
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

// generate writes the default app with n more profiles, each named only by its customer user id
// and one access level with an expiry: the loader fills ids and dates.
func generate(w io.Writer, fake *gofakeit.Faker, n int) error {
	b := bufio.NewWriter(w)
	b.WriteString(defaultApp)
	for i := range n {
		fmt.Fprintf(b, "        - {customer_user_id: %s%d, access_levels: [{access_level_id: %s, expires_at: now+%dd}]}\n",
			GeneratedCustomerPrefix, i, fake.RandomString([]string{"premium", "vip"}), fake.Number(1, 365))
	}
	return b.Flush()
}
