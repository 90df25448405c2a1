package airtable

import (
	"time"

	"github.com/accessemu/accessemu/internal/jsonout"
)

// The answers of get users, get user by id, get enterprise and who am I, written as encoding/json
// would write them (users_json_test.go compares the two): reading users is most of a client's
// traffic, and reflection, then the answer's intermediate values, were the larger part of its cost.

// appendUser writes a user as get users and get user by id answer for it, keys in alphabetical
// order as Airtable emits them. Members on a claimed domain carry createdTime and groups (none);
// users on a claimed domain carry isAdmin, isManaged and isSuperAdmin. The emulator models
// workspaces, not bases or interfaces, so collaborations lists workspaces alone.
func (a *account) appendUser(b []byte, u *user, include []string) []byte {
	var collaborations []workspaceCollaborationJSON
	withCollaborations, aggregated, descendants := false, false, false
	for _, name := range include {
		switch name {
		case "collaborations":
			withCollaborations = true
		case "aggregated":
			aggregated = true
		case "descendants":
			descendants = true
		}
	}
	if withCollaborations {
		collaborations = a.collaborationsOf(u.ID)
	}
	b = append(b, '{')
	if aggregated {
		b = append(jsonout.Key(b, "aggregated"), '{')
		if withCollaborations {
			b = append(appendCollaborations(jsonout.Key(b, "collaborations"), collaborations), ',')
		}
		if u.internal() {
			b = append(b, `"groups":[],`...)
		}
		if u.Claimed {
			b = append(jsonout.Bool(jsonout.Key(b, "isAdmin"), u.Admin), ',')
		}
		b = append(appendOptTime(jsonout.Key(b, "lastActivityTime"), u.LastActivityTime), "},"...)
	}
	if withCollaborations {
		b = append(appendCollaborations(jsonout.Key(b, "collaborations"), collaborations), ',')
	}
	if u.internal() {
		b = append(appendTime(append(b, `"createdTime":"`...), u.CreatedTime), `",`...)
	}
	if descendants {
		b = append(b, `"descendants":{},`...)
	}
	b = jsonout.String(jsonout.Key(b, "email"), u.Email)
	if u.internal() {
		b = append(b, `,"groups":[]`...)
	}
	b = jsonout.String(jsonout.Key(append(b, ','), "id"), u.ID)
	b = append(b, `,"invitedToAirtableByUserId":null`...)
	if u.Claimed {
		b = jsonout.Bool(jsonout.Key(append(b, ','), "isAdmin"), u.Admin)
		b = jsonout.Bool(jsonout.Key(append(b, ','), "isManaged"), u.Managed)
	}
	b = append(b, `,"isServiceAccount":false,"isSsoRequired":false`...)
	if u.Claimed {
		b = jsonout.Bool(jsonout.Key(append(b, ','), "isSuperAdmin"), u.SuperAdmin)
	}
	b = jsonout.Bool(jsonout.Key(append(b, ','), "isTwoFactorAuthEnabled"), u.TwoFactorEnabled)
	b = appendOptTime(jsonout.Key(append(b, ','), "lastActivityTime"), u.LastActivityTime)
	b = jsonout.String(jsonout.Key(append(b, ','), "name"), u.Name)
	b = jsonout.String(jsonout.Key(append(b, ','), "state"), u.State)
	return append(b, '}')
}

// userSize is the length of the user's answer without includes when its strings need no escaping,
// so that it is written in one allocation: 306 bytes of keys, times and flags at their longest.
func userSize(u *user) int {
	return 306 + len(u.Email) + len(u.ID) + len(u.Name) + len(u.State)
}

// appendOptTime appends t as a JSON string, or null for the zero time.
func appendOptTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	return append(appendTime(append(b, '"'), t), '"')
}

// appendCollaborations writes a user's collaborations object.
func appendCollaborations(b []byte, workspaces []workspaceCollaborationJSON) []byte {
	b = append(b, `{"baseCollaborations":[],"interfaceCollaborations":[],"workspaceCollaborations":[`...)
	for i, w := range workspaces {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonout.String(jsonout.Key(append(b, '{'), "createdTime"), w.CreatedTime)
		b = jsonout.String(jsonout.Key(append(b, ','), "grantedByUserId"), w.GrantedByUserID)
		b = jsonout.String(jsonout.Key(append(b, ','), "permissionLevel"), w.PermissionLevel)
		b = jsonout.String(jsonout.Key(append(b, ','), "workspaceId"), w.WorkspaceID)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// AppendJSON writes get enterprise's answer.
func (v enterpriseJSON) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, '{')
	if v.Aggregated != nil {
		b = jsonout.Strings(jsonout.Key(append(jsonout.Key(b, "aggregated"), '{'), "groupIds"), v.Aggregated.GroupIDs)
		b = jsonout.Strings(jsonout.Key(append(b, ','), "userIds"), v.Aggregated.UserIDs)
		b = jsonout.Strings(jsonout.Key(append(b, ','), "workspaceIds"), v.Aggregated.WorkspaceIDs)
		b = append(b, "},"...)
	}
	b = jsonout.String(jsonout.Key(b, "createdTime"), v.CreatedTime)
	if v.Descendants != nil {
		b = append(jsonout.Key(append(b, ','), "descendants"), "{}"...)
	}
	b = jsonout.Key(append(b, ','), "emailDomains")
	b = jsonout.List(b, v.EmailDomains, func(b []byte, d emailDomain) []byte {
		b = jsonout.String(jsonout.Key(append(b, '{'), "emailDomain"), d.EmailDomain)
		return append(jsonout.Bool(jsonout.Key(append(b, ','), "isSsoRequired"), d.IsSsoRequired), '}')
	})
	b = jsonout.Strings(jsonout.Key(append(b, ','), "groupIds"), v.GroupIDs)
	b = jsonout.String(jsonout.Key(append(b, ','), "id"), v.ID)
	b = jsonout.String(jsonout.Key(append(b, ','), "rootEnterpriseAccountId"), v.RootEnterpriseAccountID)
	b = jsonout.Strings(jsonout.Key(append(b, ','), "userIds"), v.UserIDs)
	b = jsonout.Strings(jsonout.Key(append(b, ','), "workspaceIds"), v.WorkspaceIDs)
	return append(b, '}'), nil
}

// AppendJSON writes who am I's answer.
func (r whoamiResponse) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, '{')
	if r.Email != "" {
		b = append(jsonout.String(jsonout.Key(b, "email"), r.Email), ',')
	}
	return append(jsonout.String(jsonout.Key(b, "id"), r.ID), '}'), nil
}
