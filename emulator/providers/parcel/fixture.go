package parcel

import (
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

// section is the parcel: part of a fixture file.
type section struct {
	Options      Options           `yaml:"options"`
	Hubs         []hubFixture      `yaml:"hubs"`
	RobloxUsers  []string          `yaml:"roblox_users"`
	DiscordLinks map[string]string `yaml:"discord_links"`
	// ProductsCreated is how many products the API has created, so that a saved world goes on
	// drawing new product ids where it stopped.
	ProductsCreated uint64 `yaml:"products_created,omitempty"`
}

type hubFixture struct {
	ID       string                       `yaml:"id"`
	Name     string                       `yaml:"name"`
	Plan     string                       `yaml:"plan"`
	Keys     []string                     `yaml:"keys"`
	Products []productFixture             `yaml:"products"`
	Licenses fixture.List[licenseFixture] `yaml:"licenses"`
	// GeneratedLicenses adds generated licences after the listed ones (see generated.go).
	GeneratedLicenses *worldgen.Directive `yaml:"generated_licenses,omitempty"`
}

// productFixture is a product; fields left out take a plain product's values (empty strings, on
// sale, unlimited stock, null for the nullable fields).
type productFixture struct {
	ID                 string  `yaml:"id"`
	Name               string  `yaml:"name"`
	Description        string  `yaml:"description,omitempty"`
	DeveloperProductID string  `yaml:"developer_product_id,omitempty"`
	File               string  `yaml:"file,omitempty"`
	Onsale             *bool   `yaml:"onsale,omitempty"`
	RoleID             *string `yaml:"role_id,omitempty"`
	DecalID            *string `yaml:"decal_id,omitempty"`
	Stock              *string `yaml:"stock,omitempty"`
	Category           *string `yaml:"category,omitempty"`
	Instructions       *string `yaml:"instructions,omitempty"`
}

type licenseFixture struct {
	ProductID string `yaml:"product_id"`
	RobloxID  string `yaml:"roblox_id"`
	DiscordID string `yaml:"discord_id"`
}

// Load builds a Parcel world from its fixture section.
func (p *Parcel) Load(node *yaml.Node, fake *gofakeit.Faker, _ time.Time) (provider.State, error) {
	var s section
	if err := fixture.Decode(node, &s); err != nil {
		return nil, err
	}
	w := &world{
		opts:     s.Options,
		hubOfKey: provider.NewSecrets[string](),
		hubs:     map[string]hub{},
		discord:  map[string]string{},
		created:  s.ProductsCreated,
	}
	n := 0
	for _, hf := range s.Hubs {
		n += hf.Licenses.Len()
		if d := hf.GeneratedLicenses; d != nil && d.Check() == nil {
			n += d.Count
		}
	}
	products, licenses, robloxUsers := map[string]product{}, make(map[license]struct{}, n), make(map[string]struct{}, n)
	if w.opts.MissingProductIDMessage == "" {
		w.opts.MissingProductIDMessage = DefaultMissingProductIDMessage
	}
	if err := fixture.Choose(&w.opts.UnknownRobloxUsers, node, []any{"options", "unknown_roblox_users"}, "accept", "reject"); err != nil {
		return nil, err
	}
	for _, id := range s.RobloxUsers {
		robloxUsers[id] = struct{}{}
	}
	for discordID, robloxID := range s.DiscordLinks {
		w.discord[discordID] = robloxID
		robloxUsers[robloxID] = struct{}{}
	}
	for i, hf := range s.Hubs {
		at := fixture.Find(node, "hubs", i)
		h := hub{ID: hf.ID, Name: hf.Name, Plan: hf.Plan, index: i}
		switch h.Plan {
		case "":
			h.Plan = planFree
		case planFree, planPro:
		default:
			return nil, fixture.Errorf(fixture.Find(node, "hubs", i, "plan"), "plan must be free or pro, not %q", h.Plan)
		}
		if h.ID == "" {
			h.ID = worldgen.Chars(fake, worldgen.LowerHex, 24)
		}
		if h.Name == "" {
			h.Name = fake.Company() + " Hub"
		}
		if len(hf.Keys) == 0 {
			hf.Keys = []string{"prod_" + worldgen.Chars(fake, worldgen.Alphanumeric, 25)}
		}
		h.principal = h.ID
		if _, dup := w.hubs[h.ID]; dup {
			return nil, fixture.Errorf(at, "hub id %q is used twice", h.ID)
		}
		w.hubs[h.ID] = h
		for _, key := range hf.Keys {
			if strings.TrimSpace(key) == "" {
				return nil, fixture.Errorf(at, "hub %s has an empty key", h.ID)
			}
			if other, dup := w.hubOfKey.Get(key); dup {
				return nil, fixture.Errorf(at, "key %q belongs to hub %s already", key, other)
			}
			w.hubOfKey.Put(key, h.ID)
		}
		hubProducts := make([]string, 0, len(hf.Products))
		for _, pf := range hf.Products {
			pr := pf.product(h.ID)
			if pr.ID == "" {
				pr.ID = worldgen.Chars(fake, worldgen.LowerHex, 24)
			}
			if pr.Name == "" {
				pr.Name = fake.ProductName()
			}
			if _, dup := products[pr.ID]; dup {
				return nil, fixture.Errorf(at, "product id %q is used twice", pr.ID)
			}
			w.seq++
			pr.Seq = w.seq
			products[pr.ID] = pr
			hubProducts = append(hubProducts, pr.ID)
		}
		err := hf.Licenses.Each(func(j int, lf *licenseFixture) error {
			lat := fixture.Find(node, "hubs", i, "licenses", j)
			pr, ok := products[lf.ProductID]
			if !ok || pr.HubID != h.ID {
				return fixture.Errorf(lat, "licence for product %q: the hub has no such product", lf.ProductID)
			}
			roblox := lf.RobloxID
			if lf.DiscordID != "" {
				linked, ok := w.discord[lf.DiscordID]
				if !ok {
					return fixture.Errorf(lat, "licence for Discord user %q: no discord_links entry links it to a Roblox id", lf.DiscordID)
				}
				roblox = linked
			}
			if roblox == "" {
				return fixture.Errorf(lat, "a licence needs roblox_id or discord_id")
			}
			robloxUsers[roblox] = struct{}{}
			licenses[license{ProductID: pr.ID, RobloxID: roblox}] = struct{}{}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if d := hf.GeneratedLicenses; d != nil {
			key := worldgen.Key(d.Seed, "parcel", h.ID)
			if err := generated(fixture.Find(node, "hubs", i, "generated_licenses"), hubProducts, licenses, robloxUsers, key, *d); err != nil {
				return nil, err
			}
		}
	}
	w.products, w.licenses, w.robloxUsers = cow.Of(products), cow.Of(licenses), cow.Of(robloxUsers)
	w.answers = make([]hubAnswers, len(s.Hubs))
	return w, nil
}

func (pf productFixture) product(hubID string) product {
	pr := product{
		ID: pf.ID, HubID: hubID, Name: pf.Name, Description: pf.Description, DeveloperProductID: pf.DeveloperProductID,
		File: pf.File, Onsale: true, RoleID: pf.RoleID, DecalID: pf.DecalID, Stock: "unlimited",
		Category: pf.Category, Instructions: pf.Instructions,
	}
	if pf.Onsale != nil {
		pr.Onsale = *pf.Onsale
	}
	if pf.Stock != nil {
		pr.Stock = *pf.Stock
	}
	return pr
}

func (pr product) fixture() productFixture {
	return productFixture{
		ID: pr.ID, Name: pr.Name, Description: pr.Description, DeveloperProductID: pr.DeveloperProductID,
		File: pr.File, Onsale: &pr.Onsale, RoleID: pr.RoleID, DecalID: pr.DecalID, Stock: &pr.Stock,
		Category: pr.Category, Instructions: pr.Instructions,
	}
}

// UnmarshalYAML reads a licence; a generated world's one-line licence is read without its nodes.
func (lf *licenseFixture) UnmarshalYAML(node *yaml.Node) error {
	return fixture.DecodeItem(node, lf.fromLine, (*plainLicense)(lf))
}

// plainLicense is a licence decoded as yaml.v3 decodes a struct.
type plainLicense licenseFixture

func (lf *licenseFixture) fromLine(text string, _ int) bool {
	var out licenseFixture
	var keys fixture.Keys
	ok := flowline.Fields(text, func(key string, v flowline.Value) bool {
		switch key {
		case "product_id":
			return keys.First(0) && fixture.SetString(v, &out.ProductID)
		case "roblox_id":
			return keys.First(1) && fixture.SetString(v, &out.RobloxID)
		case "discord_id":
			return keys.First(2) && fixture.SetString(v, &out.DiscordID)
		}
		return false
	})
	if ok {
		*lf = out
	}
	return ok
}
