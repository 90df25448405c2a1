package parcel

import (
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/cow"
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
