package airtable

import (
	"cmp"
	"slices"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/fixture"
)

// Dump writes the state as an airtable: fixture section, sorted so equal states dump equally, with
// every faked value spelled out so that loading it gives the same world.
func (p *Airtable) Dump(st provider.State) any {
	w := st.(*world)
	s := section{Options: w.opts}
	for _, a := range w.accounts {
		af := accountFixture{ID: a.ID, EmailDomains: slices.Clone(a.Domains), CreatedTime: fixture.At(a.CreatedTime),
			FLA: a.FLA, DomainCapturing: a.DomainCapturing}
		for _, u := range a.users.All() {
			member, managed, twoFactor, verified := u.Member, u.Managed, u.TwoFactorEnabled, !u.EmailUnverified
			uf := userFixture{
				ID: u.ID, Email: u.Email, Name: u.Name, Admin: u.Admin, SuperAdmin: u.SuperAdmin, Member: &member, Managed: &managed,
				State: u.State, EmailVerified: &verified, Removed: u.Removed, Deleted: u.Deleted,
				CreatedTime: fixture.At(u.CreatedTime), LastActivityTime: fixture.At(u.LastActivityTime), TwoFactorEnabled: &twoFactor,
			}
			if !u.LoggedOutAt.IsZero() {
				uf.LoggedOutAt = fixture.At(u.LoggedOutAt)
			}
			af.Users = append(af.Users, uf)
		}
		for _, ws := range a.sortedWorkspaces() {
			wf := workspaceFixture{ID: ws.ID, Name: ws.Name, Collaborators: []collaboratorFixture{}}
			for _, c := range ws.Collaborators {
				wf.Collaborators = append(wf.Collaborators, collaboratorFixture{User: c.UserID, PermissionLevel: c.PermissionLevel,
					CreatedTime: fixture.At(c.CreatedTime), GrantedBy: c.GrantedBy})
			}
			af.Workspaces = append(af.Workspaces, wf)
		}
		slices.SortFunc(af.Users, func(a, b userFixture) int { return cmp.Compare(a.ID, b.ID) })
		s.EnterpriseAccounts = append(s.EnterpriseAccounts, af)
	}
	slices.SortFunc(s.EnterpriseAccounts, func(a, b accountFixture) int { return cmp.Compare(a.ID, b.ID) })
	w.tokens.Each(func(value string, t *token) {
		s.Tokens = append(s.Tokens, tokenFixture{Token: value, User: t.UserID, Scopes: slices.Clone(t.Scopes)})
	})
	slices.SortFunc(s.Tokens, func(a, b tokenFixture) int { return cmp.Compare(a.Token, b.Token) })
	return s
}
