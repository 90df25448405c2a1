package parcel

import (
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/cow"
	"github.com/accessemu/accessemu/emulator/fixture"
	"github.com/accessemu/accessemu/emulator/provider"
)

// Options are the world's answers to what Parcel leaves undocumented.
type Options struct {
	// StrictIDs makes a JSON number for product_id or userid a missing parameter, as a strict reading
	// of the docs' string type would; by default numbers are read as their decimal string.
	StrictIDs bool `yaml:"strict_ids" json:"strict_ids"`
	// UnknownRobloxUsers is "accept" (any numeric Roblox id is a user) or "reject" (only ids the world
	// lists; others get the documented 404).
	UnknownRobloxUsers string `yaml:"unknown_roblox_users" json:"unknown_roblox_users"`
}

// world is one tenant's Parcel state. Hubs, keys, products and Discord links never change once
// loaded, so clones share them; licences and known Roblox users change, and are copy-on-write.
type world struct {
	opts Options
	// hubOfKey maps an API key to its hub id.
	hubOfKey provider.Secrets[string]
	hubs     map[string]hub
	products map[string]product
	// licenses holds product id + Roblox id pairs: licences are keyed by Roblox id, so a Discord
	// user's licence is the licence of the Roblox account the Discord id is linked to.
	licenses    *cow.Map[license, struct{}]
	robloxUsers *cow.Map[string, struct{}]
	discord     map[string]string
}

type hub struct {
	ID   string
	Name string
}

type product struct {
	ID    string
	HubID string
	Name  string
}

type license struct {
	ProductID string
	RobloxID  string
}

// Clone takes constant time whatever the world's size: a tenant is made on its first request.
func (w *world) Clone() provider.State {
	c := *w
	c.licenses, c.robloxUsers = w.licenses.Clone(), w.robloxUsers.Clone()
	return &c
}

// section is the parcel: part of a fixture file.
type section struct {
	Options      Options           `yaml:"options"`
	Hubs         []hubFixture      `yaml:"hubs"`
	RobloxUsers  []string          `yaml:"roblox_users"`
	DiscordLinks map[string]string `yaml:"discord_links"`
}

type hubFixture struct {
	ID       string           `yaml:"id"`
	Name     string           `yaml:"name"`
	Keys     []string         `yaml:"keys"`
	Products []productFixture `yaml:"products"`
	Licenses []licenseFixture `yaml:"licenses"`
}

type productFixture struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
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
		products: map[string]product{},
		discord:  map[string]string{},
	}
	licenses, robloxUsers := map[license]struct{}{}, map[string]struct{}{}
	switch w.opts.UnknownRobloxUsers {
	case "":
		w.opts.UnknownRobloxUsers = "accept"
	case "accept", "reject":
	default:
		return nil, fixture.Errorf(fixture.Find(node, "options", "unknown_roblox_users"), "options.unknown_roblox_users must be accept or reject, not %q", w.opts.UnknownRobloxUsers)
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
		h := hub{ID: hf.ID, Name: hf.Name}
		if h.ID == "" {
			h.ID = fake.Regex("[0-9a-f]{24}")
		}
		if h.Name == "" {
			h.Name = fake.Company() + " Hub"
		}
		if len(hf.Keys) == 0 {
			hf.Keys = []string{"prod_" + fake.Regex("[A-Za-z0-9]{25}")}
		}
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
		for _, pf := range hf.Products {
			pr := product{ID: pf.ID, HubID: h.ID, Name: pf.Name}
			if pr.ID == "" {
				pr.ID = fake.Regex("[0-9a-f]{24}")
			}
			if pr.Name == "" {
				pr.Name = fake.ProductName()
			}
			if _, dup := w.products[pr.ID]; dup {
				return nil, fixture.Errorf(at, "product id %q is used twice", pr.ID)
			}
			w.products[pr.ID] = pr
		}
		for j, lf := range hf.Licenses {
			lat := fixture.Find(node, "hubs", i, "licenses", j)
			pr, ok := w.products[lf.ProductID]
			if !ok || pr.HubID != h.ID {
				return nil, fixture.Errorf(lat, "licence for product %q: the hub has no such product", lf.ProductID)
			}
			roblox := lf.RobloxID
			if lf.DiscordID != "" {
				linked, ok := w.discord[lf.DiscordID]
				if !ok {
					return nil, fixture.Errorf(lat, "licence for Discord user %q: no discord_links entry links it to a Roblox id", lf.DiscordID)
				}
				roblox = linked
			}
			if roblox == "" {
				return nil, fixture.Errorf(lat, "a licence needs roblox_id or discord_id")
			}
			robloxUsers[roblox] = struct{}{}
			licenses[license{ProductID: pr.ID, RobloxID: roblox}] = struct{}{}
		}
	}
	w.licenses, w.robloxUsers = cow.Of(licenses), cow.Of(robloxUsers)
	return w, nil
}
