package airtable

import (
	"net/http"
	"slices"
	"sync/atomic"

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

// enterpriseView answers get enterprise, written once per state of the account's users and
// workspaces: the answer lists every id sorted, and listing them anew took most of a request.
func (a *account) enterpriseView(include []string) provider.Response {
	variant := 0
	if slices.Contains(include, "aggregated") {
		variant |= 1
	}
	if slices.Contains(include, "descendants") {
		variant |= 2
	}
	kept := &a.enterprise.answers[variant]
	if body := kept.Load(); body != nil {
		return provider.Response{Status: http.StatusOK, Body: body}
	}
	body := a.enterpriseBody(variant)
	kept.Store(body) // readers share the state's read lock: each one that gets here writes the same bytes
	return provider.Response{Status: http.StatusOK, Body: body}
}

// enterpriseAnswers are get enterprise's answers written so far, one per combination of the includes
// that shape it (aggregated, descendants). They are immutable once written; a change to the
// account's users or workspaces replaces the whole set (account.changed), and a clone shares it
// until either side changes.
type enterpriseAnswers struct {
	answers [4]atomic.Value // []byte, boxed once for every answer given
}

// enterpriseBody writes get enterprise's answer: userIds lists every user the account still has,
// external collaborators included, by id; the account is its own root (no Enterprise Hub) and has
// no groups.
func (a *account) enterpriseBody(variant int) []byte {
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
	if variant&1 != 0 {
		v.Aggregated = &enterpriseIDs{GroupIDs: v.GroupIDs, UserIDs: v.UserIDs, WorkspaceIDs: v.WorkspaceIDs}
	}
	if variant&2 != 0 {
		v.Descendants = &struct{}{}
	}
	body, _ := v.AppendJSON(nil) // never fails
	return body
}
