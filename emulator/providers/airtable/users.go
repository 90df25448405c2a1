package airtable

import (
	"net/http"
	"slices"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
)

// usersResponse is the 200 body of get users by id or email.
type usersResponse struct {
	Users []userJSON `json:"users"`
}

// userJSON is a user as Airtable returns it, keys in alphabetical order.
type userJSON struct {
	Aggregated                *aggregatedJSON     `json:"aggregated,omitempty"`
	Collaborations            *collaborationsJSON `json:"collaborations,omitempty"`
	CreatedTime               string              `json:"createdTime,omitempty"`
	Descendants               *struct{}           `json:"descendants,omitempty"`
	Email                     string              `json:"email"`
	Groups                    *[]groupRef         `json:"groups,omitempty"`
	ID                        string              `json:"id"`
	InvitedToAirtableByUserID *string             `json:"invitedToAirtableByUserId"`
	IsAdmin                   *bool               `json:"isAdmin,omitempty"`
	IsManaged                 *bool               `json:"isManaged,omitempty"`
	IsServiceAccount          bool                `json:"isServiceAccount"`
	IsSsoRequired             bool                `json:"isSsoRequired"`
	IsSuperAdmin              *bool               `json:"isSuperAdmin,omitempty"`
	IsTwoFactorAuthEnabled    bool                `json:"isTwoFactorAuthEnabled"`
	LastActivityTime          *string             `json:"lastActivityTime"`
	Name                      string              `json:"name"`
	State                     string              `json:"state"`
}

type aggregatedJSON struct {
	Collaborations   *collaborationsJSON `json:"collaborations,omitempty"`
	Groups           *[]groupRef         `json:"groups,omitempty"`
	IsAdmin          *bool               `json:"isAdmin,omitempty"`
	LastActivityTime *string             `json:"lastActivityTime"`
}

// collaborationsJSON lists the user's direct collaborations: the emulator models workspaces, not
// bases or interfaces.
type collaborationsJSON struct {
	BaseCollaborations      []struct{}                   `json:"baseCollaborations"`
	InterfaceCollaborations []struct{}                   `json:"interfaceCollaborations"`
	WorkspaceCollaborations []workspaceCollaborationJSON `json:"workspaceCollaborations"`
}

type groupRef struct {
	ID string `json:"id"`
}

// airtableTime is the form of Airtable's timestamps: 2019-01-03T12:33:12.421Z.
const airtableTime = "2006-01-02T15:04:05.000Z"

func timeOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(airtableTime)
	return &s
}

// lookup answers get users by id or email: ids first, then emails, each user once. Any unknown id
// or email (removed and deleted users included) is the bare 404 (assumed).
func (a *account) lookup(ids, emails, include []string) (provider.Response, error) {
	if len(ids) == 0 && len(emails) == 0 {
		return provider.Response{}, ErrIDOrEmailNotSpecified
	}
	var found []user
	seen := map[string]bool{}
	add := func(u user) {
		if !seen[u.ID] {
			seen[u.ID] = true
			found = append(found, u)
		}
	}
	for _, id := range ids {
		u, ok := a.userByID(id)
		if !ok {
			return provider.Response{}, ErrNotFound
		}
		add(u)
	}
	for _, email := range emails {
		u, ok := a.userByEmail(email)
		if !ok {
			return provider.Response{}, ErrNotFound
		}
		add(u)
	}
	body := usersResponse{Users: make([]userJSON, 0, len(found))}
	for _, u := range found {
		body.Users = append(body.Users, a.userView(u, include))
	}
	return provider.Response{Status: http.StatusOK, Body: body}, nil
}

// userByIDView answers get user by id: the user, or the bare 404 for an unknown, removed or
// deleted one.
func (a *account) userByIDView(id string, include []string) (provider.Response, error) {
	u, ok := a.userByID(id)
	if !ok {
		return provider.Response{}, ErrNotFound
	}
	return provider.Response{Status: http.StatusOK, Body: a.userView(u, include)}, nil
}

func (a *account) userView(u user, include []string) userJSON {
	v := userJSON{
		Email:                  u.Email,
		ID:                     u.ID,
		IsTwoFactorAuthEnabled: u.TwoFactorEnabled,
		LastActivityTime:       timeOrNull(u.LastActivityTime),
		Name:                   u.Name,
		State:                  u.State,
	}
	var collabs *collaborationsJSON
	if slices.Contains(include, "collaborations") {
		collabs = &collaborationsJSON{BaseCollaborations: []struct{}{}, InterfaceCollaborations: []struct{}{}, WorkspaceCollaborations: a.collaborationsOf(u.ID)}
		v.Collaborations = collabs
	}
	if u.internal() {
		v.CreatedTime = u.CreatedTime.UTC().Format(airtableTime)
		v.Groups = &[]groupRef{}
	}
	if u.Claimed {
		v.IsAdmin, v.IsManaged, v.IsSuperAdmin = ptr(u.Admin), ptr(u.Managed), ptr(u.SuperAdmin)
	}
	if slices.Contains(include, "aggregated") {
		v.Aggregated = &aggregatedJSON{Collaborations: collabs, Groups: v.Groups, IsAdmin: v.IsAdmin, LastActivityTime: v.LastActivityTime}
	}
	if slices.Contains(include, "descendants") {
		v.Descendants = &struct{}{}
	}
	return v
}

func ptr[T any](v T) *T { return &v }
