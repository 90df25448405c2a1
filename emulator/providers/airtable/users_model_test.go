package airtable

import (
	"slices"
	"time"
)

// The model of get users' and get user by id's answers, which encoding/json writes for the tests
// of appendUser: keys in alphabetical order as Airtable emits them.

type usersResponse struct {
	Users []userJSON `json:"users"`
}

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

type collaborationsJSON struct {
	BaseCollaborations      []struct{}                   `json:"baseCollaborations"`
	InterfaceCollaborations []struct{}                   `json:"interfaceCollaborations"`
	WorkspaceCollaborations []workspaceCollaborationJSON `json:"workspaceCollaborations"`
}

type groupRef struct {
	ID string `json:"id"`
}

// modelOf is the model of the user's answer with the includes.
func modelOf(a *account, u user, include []string) userJSON {
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

func timeOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(airtableTime)
	return &s
}

func ptr[T any](v T) *T { return &v }
