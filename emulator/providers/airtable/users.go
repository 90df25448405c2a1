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
	s := formatTime(t)
	return &s
}

// formatTime is t.UTC().Format(airtableTime) without reading the layout on every call: each user
// in an answer carries two timestamps, and the layout's interpretation cost more than the rest of
// the user.
func formatTime(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format(airtableTime)
	}
	hour, minute, second := t.Clock()
	var b [len(airtableTime)]byte
	digits(b[0:4], year)
	b[4] = '-'
	digits(b[5:7], int(month))
	b[7] = '-'
	digits(b[8:10], day)
	b[10] = 'T'
	digits(b[11:13], hour)
	b[13] = ':'
	digits(b[14:16], minute)
	b[16] = ':'
	digits(b[17:19], second)
	b[19] = '.'
	digits(b[20:23], t.Nanosecond()/1e6) // truncated, as Format truncates
	b[23] = 'Z'
	return string(b[:])
}

// digits writes n into b in decimal, zero-padded to len(b).
func digits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
}

// lookup answers get users by id or email: ids first, then emails, each user once. Any unknown id
// or email (removed and deleted users included) is the bare 404 (assumed).
func (a *account) lookup(ids, emails, include []string) (provider.Response, error) {
	if len(ids) == 0 && len(emails) == 0 {
		return provider.Response{}, ErrIDOrEmailNotSpecified
	}
	body := usersResponse{Users: make([]userJSON, 0, len(ids)+len(emails))}
	var seen map[string]bool // only for a long list: a short one is scanned
	for i := range len(ids) + len(emails) {
		var u user
		var ok bool
		if i < len(ids) {
			u, ok = a.userByID(ids[i])
		} else {
			u, ok = a.userByEmail(emails[i-len(ids)])
		}
		if !ok {
			return provider.Response{}, ErrNotFound
		}
		if listed(body.Users, &seen, u.ID) {
			continue
		}
		body.Users = append(body.Users, a.userView(u, include))
	}
	return provider.Response{Status: http.StatusOK, Body: body}, nil
}

// listed reports whether a user with the id is among users already, and notes it if not; past a
// few users it keeps the ids in *seen rather than scanning.
func listed(users []userJSON, seen *map[string]bool, id string) bool {
	const scanned = 16
	if len(users) < scanned {
		for i := range users {
			if users[i].ID == id {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]bool, 2*len(users))
		for i := range users {
			(*seen)[users[i].ID] = true
		}
	}
	if (*seen)[id] {
		return true
	}
	(*seen)[id] = true
	return false
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
		v.CreatedTime = formatTime(u.CreatedTime)
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
