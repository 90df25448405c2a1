package parcel

import (
	"fmt"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/internal/fixture"
	worldgen "github.com/accessemu/accessemu/internal/generate"
)

// A hub's generated_licenses: {count: N, seed: S} are N licences after the listed ones, licence i
// for Roblox id GeneratedRobloxBase+i and one of the hub's products, drawn from S, the hub id and
// i: the loader builds them on every core, and `fixtures generate --expand` writes the same
// licences as items (generatedLicense.writeItem) that load into the same state.

// licenseGen draws a hub's generated licences.
type licenseGen struct {
	key      uint64
	products []string
}

// generatedLicense is one generated licence's fields, as a fixture item would give them.
type generatedLicense struct{ ProductID, RobloxID string }

func (g *licenseGen) draw(i int, a *worldgen.Arena) generatedLicense {
	r := worldgen.At(g.key, i)
	return generatedLicense{ProductID: worldgen.Pick(&r, g.products), RobloxID: a.Put(worldgen.AppendIndex(a.Scratch(), GeneratedRobloxBase+i))}
}

// writeItem writes the licence as a one-line fixture item.
func (gl *generatedLicense) writeItem(w io.Writer) {
	fmt.Fprintf(w, "        - {product_id: %s, roblox_id: %q}\n", gl.ProductID, gl.RobloxID)
}

// generated adds a hub's generated licences, built on every core, over products (the hub's, in
// fixture order).
func generated(at *yaml.Node, products []string, licenses map[license]struct{}, robloxUsers map[string]struct{}, key uint64, d worldgen.Directive) error {
	if err := d.Check(); err != nil {
		return fixture.Errorf(at, "generated_licenses: %v", err)
	}
	if len(products) == 0 && d.Count > 0 {
		return fixture.Errorf(at, "generated_licenses: the hub has no products to license")
	}
	g := licenseGen{key: key, products: products}
	return worldgen.Build(d.Count, func(part []generatedLicense, first int) {
		arena := worldgen.NewArena(len(part) * 11)
		for k := range part {
			part[k] = g.draw(first+k, arena)
		}
	}, func(gl generatedLicense) error {
		robloxUsers[gl.RobloxID] = struct{}{}
		licenses[license(gl)] = struct{}{}
		return nil
	})
}
