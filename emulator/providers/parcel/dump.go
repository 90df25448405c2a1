package parcel

import (
	"cmp"
	"slices"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/fixture"
)

// Dump writes the state as a parcel: fixture section, sorted so equal states dump equally.
func (p *Parcel) Dump(st provider.State) any {
	w := st.(*world)
	s := section{Options: w.opts, DiscordLinks: w.discord, ProductsCreated: w.created}
	byHub := map[string]*hubFixture{}
	for _, h := range w.hubs {
		s.Hubs = append(s.Hubs, hubFixture{ID: h.ID, Name: h.Name, Plan: h.Plan})
	}
	slices.SortFunc(s.Hubs, func(a, b hubFixture) int { return cmp.Compare(a.ID, b.ID) })
	for i := range s.Hubs {
		byHub[s.Hubs[i].ID] = &s.Hubs[i]
	}
	w.hubOfKey.Each(func(key, hubID string) {
		byHub[hubID].Keys = append(byHub[hubID].Keys, key)
	})
	// Products in creation order, which the listings keep and a reload restores.
	for _, pr := range w.productsByCreation("") {
		byHub[pr.HubID].Products = append(byHub[pr.HubID].Products, pr.fixture())
	}
	licenses := map[string][]licenseFixture{}
	for l := range w.licenses.All() {
		pr, _ := w.products.Get(l.ProductID)
		licenses[pr.HubID] = append(licenses[pr.HubID], licenseFixture{ProductID: l.ProductID, RobloxID: l.RobloxID})
	}
	for i := range s.Hubs {
		h := &s.Hubs[i]
		slices.Sort(h.Keys)
		hubLicenses := licenses[h.ID]
		slices.SortFunc(hubLicenses, func(a, b licenseFixture) int {
			return cmp.Or(cmp.Compare(a.ProductID, b.ProductID), cmp.Compare(a.RobloxID, b.RobloxID))
		})
		h.Licenses = fixture.ListOf(hubLicenses)
	}
	for id := range w.robloxUsers.All() {
		s.RobloxUsers = append(s.RobloxUsers, id)
	}
	slices.Sort(s.RobloxUsers)
	return s
}
