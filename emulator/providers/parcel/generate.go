package parcel

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/brianvoe/gofakeit/v6"
)

// GeneratedRobloxBase is the Roblox id of a generated world's licence 0; licence i belongs to
// GeneratedRobloxBase+i, so a load test can address it without reading the file back.
const GeneratedRobloxBase = 3_000_000_000

// defaultSection is the default world's hub, products and key, which a generated world keeps.
const defaultSection = `parcel:
  hubs:
    - id: 65a1b2c3d4e5f60718293a00
      name: Emulator Hub
      keys: [` + defaultKey + `, prod_DGzVhVsrqNJi4b0Chd9mMPUI9]
      products:
        - {id: 65a1b2c3d4e5f60718293a4b, name: Emulator Sword}
        - {id: 65a1b2c3d4e5f60718293a4c, name: Emulator Shield}
`

// generate writes the default hub with n more licences, over its products and one generated
// product per 1,000 licences. A generated licence names only its product and Roblox id: the loader
// fills the rest.
func generate(w io.Writer, fake *gofakeit.Faker, n int) error {
	b := bufio.NewWriter(w)
	b.WriteString(defaultSection)
	products := []string{"65a1b2c3d4e5f60718293a4b", "65a1b2c3d4e5f60718293a4c"}
	for range (n + 999) / 1000 {
		id := hex(fake, 24)
		for strings.HasPrefix(id, "65a1b2c3d4e5f60718293a") {
			id = hex(fake, 24)
		}
		products = append(products, id)
		fmt.Fprintf(b, "        - {id: %s, name: %s}\n", id, strconv.Quote(fake.ProductName()))
	}
	b.WriteString("      licenses:\n        - {product_id: 65a1b2c3d4e5f60718293a4b, roblox_id: \"1001\"}\n")
	for i := range n {
		fmt.Fprintf(b, "        - {product_id: %s, roblox_id: \"%d\"}\n", products[fake.Number(0, len(products)-1)], GeneratedRobloxBase+i)
	}
	b.WriteString("  roblox_users: [\"1001\", \"1002\"]\n  discord_links:\n    \"1088907566844739624\": \"1001\"\n")
	return b.Flush()
}

// hex draws n lowercase hex digits.
func hex(fake *gofakeit.Faker, n int) string {
	const digits = "0123456789abcdef"
	out := make([]byte, n)
	for i := range out {
		out[i] = digits[fake.Number(0, len(digits)-1)]
	}
	return string(out)
}
