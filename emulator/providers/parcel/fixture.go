package parcel

import (
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/cow"
	"github.com/accessemu/accessemu/internal/fixture"
)

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
