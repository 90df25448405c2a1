package airtable

import "github.com/accessemu/accessemu/internal/jsonout"

// The answers of get users, get user by id, get enterprise and who am I, written as encoding/json
// would write them (users_json_test.go compares the two): reading users is most of a client's
// traffic, and reflection was the larger part of its cost.

// AppendJSON writes get users' answer.
func (r usersResponse) AppendJSON(b []byte) ([]byte, error) {
	b = jsonout.Key(append(b, '{'), "users")
	if r.Users == nil {
		return append(b, "null}"...), nil
	}
	b = append(b, '[')
	for i := range r.Users {
		if i > 0 {
			b = append(b, ',')
		}
		b = r.Users[i].appendJSON(b)
	}
	return append(b, "]}"...), nil
}

// AppendJSON writes get user by id's answer.
func (v userJSON) AppendJSON(b []byte) ([]byte, error) { return v.appendJSON(b), nil }

func (v *userJSON) appendJSON(b []byte) []byte {
	b = append(b, '{')
	if v.Aggregated != nil {
		b = append(v.Aggregated.appendJSON(jsonout.Key(b, "aggregated")), ',')
	}
	if v.Collaborations != nil {
		b = append(v.Collaborations.appendJSON(jsonout.Key(b, "collaborations")), ',')
	}
	if v.CreatedTime != "" {
		b = append(jsonout.String(jsonout.Key(b, "createdTime"), v.CreatedTime), ',')
	}
	if v.Descendants != nil {
		b = append(jsonout.Key(b, "descendants"), "{},"...)
	}
	b = jsonout.String(jsonout.Key(b, "email"), v.Email)
	if v.Groups != nil {
		b = appendGroups(jsonout.Key(append(b, ','), "groups"), *v.Groups)
	}
	b = jsonout.String(jsonout.Key(append(b, ','), "id"), v.ID)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "invitedToAirtableByUserId"), v.InvitedToAirtableByUserID)
	b = appendOptBool(b, "isAdmin", v.IsAdmin)
	b = appendOptBool(b, "isManaged", v.IsManaged)
	b = jsonout.Bool(jsonout.Key(append(b, ','), "isServiceAccount"), v.IsServiceAccount)
	b = jsonout.Bool(jsonout.Key(append(b, ','), "isSsoRequired"), v.IsSsoRequired)
	b = appendOptBool(b, "isSuperAdmin", v.IsSuperAdmin)
	b = jsonout.Bool(jsonout.Key(append(b, ','), "isTwoFactorAuthEnabled"), v.IsTwoFactorAuthEnabled)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "lastActivityTime"), v.LastActivityTime)
	b = jsonout.String(jsonout.Key(append(b, ','), "name"), v.Name)
	b = jsonout.String(jsonout.Key(append(b, ','), "state"), v.State)
	return append(b, '}')
}

func (a *aggregatedJSON) appendJSON(b []byte) []byte {
	b = append(b, '{')
	if a.Collaborations != nil {
		b = append(a.Collaborations.appendJSON(jsonout.Key(b, "collaborations")), ',')
	}
	if a.Groups != nil {
		b = append(appendGroups(jsonout.Key(b, "groups"), *a.Groups), ',')
	}
	if a.IsAdmin != nil {
		b = append(jsonout.Bool(jsonout.Key(b, "isAdmin"), *a.IsAdmin), ',')
	}
	b = jsonout.OptString(jsonout.Key(b, "lastActivityTime"), a.LastActivityTime)
	return append(b, '}')
}

func (c *collaborationsJSON) appendJSON(b []byte) []byte {
	b = appendEmptyObjects(jsonout.Key(append(b, '{'), "baseCollaborations"), len(c.BaseCollaborations), c.BaseCollaborations == nil)
	b = appendEmptyObjects(jsonout.Key(append(b, ','), "interfaceCollaborations"), len(c.InterfaceCollaborations), c.InterfaceCollaborations == nil)
	b = jsonout.Key(append(b, ','), "workspaceCollaborations")
	if c.WorkspaceCollaborations == nil {
		return append(b, "null}"...)
	}
	b = append(b, '[')
	for i, w := range c.WorkspaceCollaborations {
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
	if v.EmailDomains == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, d := range v.EmailDomains {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonout.String(jsonout.Key(append(b, '{'), "emailDomain"), d.EmailDomain)
			b = append(jsonout.Bool(jsonout.Key(append(b, ','), "isSsoRequired"), d.IsSsoRequired), '}')
		}
		b = append(b, ']')
	}
	b = jsonout.Strings(jsonout.Key(append(b, ','), "groupIds"), v.GroupIDs)
	b = jsonout.String(jsonout.Key(append(b, ','), "id"), v.ID)
	b = jsonout.String(jsonout.Key(append(b, ','), "rootEnterpriseAccountId"), v.RootEnterpriseAccountID)
	b = jsonout.Strings(jsonout.Key(append(b, ','), "userIds"), v.UserIDs)
	b = jsonout.Strings(jsonout.Key(append(b, ','), "workspaceIds"), v.WorkspaceIDs)
	return append(b, '}'), nil
}

// appendOptBool appends ,"name":v unless v is nil (omitempty on a pointer).
func appendOptBool(b []byte, name string, v *bool) []byte {
	if v == nil {
		return b
	}
	return jsonout.Bool(jsonout.Key(append(b, ','), name), *v)
}

func appendGroups(b []byte, groups []groupRef) []byte {
	if groups == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, g := range groups {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(jsonout.String(jsonout.Key(append(b, '{'), "id"), g.ID), '}')
	}
	return append(b, ']')
}

// appendEmptyObjects appends n empty objects as an array, or null.
func appendEmptyObjects(b []byte, n int, null bool) []byte {
	if null {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "{}"...)
	}
	return append(b, ']')
}

// AppendJSON writes who am I's answer.
func (r whoamiResponse) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, '{')
	if r.Email != "" {
		b = append(jsonout.String(jsonout.Key(b, "email"), r.Email), ',')
	}
	return append(jsonout.String(jsonout.Key(b, "id"), r.ID), '}'), nil
}
