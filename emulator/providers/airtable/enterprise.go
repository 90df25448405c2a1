package airtable

import (
	"net/http"
	"slices"

	"github.com/accessemu/accessemu/emulator/provider"
)

// enterpriseJSON is get enterprise's answer, keys in alphabetical order as Airtable emits them.
type enterpriseJSON struct {
	Aggregated              *enterpriseIDs `json:"aggregated,omitempty"`
	CreatedTime             string         `json:"createdTime"`
	Descendants             *struct{}      `json:"descendants,omitempty"`
	EmailDomains            []emailDomain  `json:"emailDomains"`
	GroupIDs                []string       `json:"groupIds"`
	ID                      string         `json:"id"`
	RootEnterpriseAccountID string         `json:"rootEnterpriseAccountId"`
	UserIDs                 []string       `json:"userIds"`
	WorkspaceIDs            []string       `json:"workspaceIds"`
}

// enterpriseIDs is the aggregated view: with no descendant accounts, the account's own ids.
type enterpriseIDs struct {
	GroupIDs     []string `json:"groupIds"`
	UserIDs      []string `json:"userIds"`
	WorkspaceIDs []string `json:"workspaceIds"`
}

type emailDomain struct {
	EmailDomain   string `json:"emailDomain"`
	IsSsoRequired bool   `json:"isSsoRequired"`
}

// enterpriseView answers get enterprise. userIds lists every user the account still has, external
// collaborators included, by id; the account is its own root (no Enterprise Hub) and has no groups.
func (a *account) enterpriseView(include []string) provider.Response {
	v := enterpriseJSON{ // each list made at its final size, empty rather than null
		CreatedTime: formatTime(a.CreatedTime), EmailDomains: make([]emailDomain, 0, len(a.Domains)), GroupIDs: []string{},
		ID: a.ID, RootEnterpriseAccountID: a.ID, UserIDs: make([]string, 0, a.users.Len()), WorkspaceIDs: make([]string, 0, a.workspaces.Len()),
	}
	for _, d := range a.Domains {
		v.EmailDomains = append(v.EmailDomains, emailDomain{EmailDomain: d})
	}
	for id, u := range a.users.All() {
		if u.present() {
			v.UserIDs = append(v.UserIDs, id)
		}
	}
	slices.Sort(v.UserIDs)
	for id := range a.workspaces.All() { // keyed by id
		v.WorkspaceIDs = append(v.WorkspaceIDs, id)
	}
	slices.Sort(v.WorkspaceIDs)
	if slices.Contains(include, "aggregated") {
		v.Aggregated = &enterpriseIDs{GroupIDs: v.GroupIDs, UserIDs: v.UserIDs, WorkspaceIDs: v.WorkspaceIDs}
	}
	if slices.Contains(include, "descendants") {
		v.Descendants = &struct{}{}
	}
	return provider.Response{Status: http.StatusOK, Body: v}
}
