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
	// DeveloperProductIDs are the Roblox developer products that exist; empty, every id does (the
	// emulator cannot ask Roblox).
	DeveloperProductIDs []string `yaml:"developer_product_ids" json:"developer_product_ids"`
	// MissingProductIDMessage is the product delete's answer without product_id: the docs cut it off.
	MissingProductIDMessage string `yaml:"missing_product_id_message" json:"missing_product_id_message"`
}

// world is one tenant's Parcel state. Hubs, keys and Discord links never change once loaded, so
// clones share them; products, licences and known Roblox users change, and are copy-on-write.
type world struct {
	opts Options
	// hubOfKey maps an API key to its hub id.
	hubOfKey provider.Secrets[string]
	hubs     map[string]hub
	// products changes only through storeProduct and dropProduct, which drop the answers written
	// from them.
	products *cow.Map[string, product]
	answers  []hubAnswers
	// licenses holds product id + Roblox id pairs: licences are keyed by Roblox id, so a Discord
	// user's licence is the licence of the Roblox account the Discord id is linked to.
	licenses    *cow.Map[license, struct{}]
	robloxUsers *cow.Map[string, struct{}]
	discord     map[string]string
	// created counts the products made through the API (new ids are drawn from it); seq orders
	// products by creation, for the listings.
	created uint64
	seq     uint64
}

// Plans of a hub: "Parcel Pro" hubs have their create checks on role_id and stock.
const (
	planFree = "free"
	planPro  = "pro"
)

type hub struct {
	ID   string
	Name string
	Plan string
	// index is the hub's place among the world's hubs, where its answers are kept.
	index int
	// principal is the hub's id boxed once, the Principal of every request with one of its keys.
	principal any
}

// product is a product of a hub, its fields in the order Parcel's clients read them. Nullable
// fields are nil for null; a pointed-to string is never changed (an update stores a new product).
type product struct {
	Seq                uint64  `json:"-"`
	HubID              string  `json:"-"`
	ID                 string  `json:"id"`
	Name               string  `json:"name"`
	Description        string  `json:"description"`
	DeveloperProductID string  `json:"developer_product_id"`
	File               string  `json:"file"`
	Onsale             bool    `json:"onsale"`
	RoleID             *string `json:"role_id"`
	DecalID            *string `json:"decal_id"`
	Stock              string  `json:"stock"`
	Category           *string `json:"category"`
	Instructions       *string `json:"instructions"`
}

type license struct {
	ProductID string
	RobloxID  string
}

// Clone takes constant time whatever the world's size: a tenant is made on its first request.
func (w *world) Clone() provider.State {
	c := *w
	c.products, c.licenses, c.robloxUsers = w.products.Clone(), w.licenses.Clone(), w.robloxUsers.Clone()
	return &c
}

// productOf is the hub's product with the id; another hub's product does not exist for the key.
func (w *world) productOf(hubID, id string) (product, bool) {
	pr, ok := w.products.Get(id)
	if !ok || pr.HubID != hubID {
		return product{}, false
	}
	return pr, true
}
