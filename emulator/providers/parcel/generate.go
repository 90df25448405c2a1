package parcel

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/brianvoe/gofakeit/v6"

	"github.com/accessemu/accessemu/emulator/provider"
	worldgen "github.com/accessemu/accessemu/internal/generate"
)

// GeneratedRobloxBase is the Roblox id of a generated world's licence 0; licence i belongs to
// GeneratedRobloxBase+i, so a load test can address it without reading the file back.
const GeneratedRobloxBase = 3_000_000_000

// defaultHub is the default world's hub.
const defaultHub = "65a1b2c3d4e5f60718293a00"

// defaultSection is the default world's hub, products and key, which a generated world keeps.
const defaultSection = `parcel:
  hubs:
    - id: ` + defaultHub + `
      name: Emulator Hub
      keys: [` + defaultKey + `, prod_DGzVhVsrqNJi4b0Chd9mMPUI9]
      products:
        - {id: 65a1b2c3d4e5f60718293a4b, name: Emulator Sword}
        - {id: 65a1b2c3d4e5f60718293a4c, name: Emulator Shield}
`

// generate writes the default hub with g.N generated licences, over its products and one generated
// product per 1,000 licences: one generated_licenses directive, or with g.Expand every licence as
// an item.
func generate(w io.Writer, g provider.Generation) error {
	b := bufio.NewWriter(w)
	b.WriteString(defaultSection)
	products := []string{"65a1b2c3d4e5f60718293a4b", "65a1b2c3d4e5f60718293a4c"}
	for range (g.N + 999) / 1000 {
		id := hex(g.Fake, 24)
		for strings.HasPrefix(id, "65a1b2c3d4e5f60718293a") {
			id = hex(g.Fake, 24)
		}
		products = append(products, id)
		fmt.Fprintf(b, "        - {id: %s, name: %s}\n", id, strconv.Quote(g.Fake.ProductName()))
	}
	b.WriteString("      licenses:\n        - {product_id: 65a1b2c3d4e5f60718293a4b, roblox_id: \"1001\"}\n")
	switch {
	case g.N == 0:
	case g.Expand:
		gen := licenseGen{key: worldgen.Key(g.Seed, "parcel", defaultHub), products: products}
		for i := range g.N {
			gl := gen.draw(i, worldgen.NewArena(128))
			gl.writeItem(b)
		}
	default:
		b.WriteString("      generated_licenses: " + worldgen.Directive{Count: g.N, Seed: g.Seed}.String() + "\n")
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
