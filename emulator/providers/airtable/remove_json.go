package airtable

import "github.com/accessemu/accessemu/internal/jsonout"

// AppendJSON writes remove user's answer as encoding/json would (remove_json_test.go compares the
// two): reflection cost more than the removal.
func (r userRemovedResponse) AppendJSON(b []byte) ([]byte, error) {
	b = jsonout.Key(append(jsonout.Key(append(b, '{'), "shared"), '{'), "workspaces")
	b = jsonout.List(b, r.Shared.Workspaces, func(b []byte, w sharedWorkspace) []byte {
		return appendWorkspaceChange(b, w.DeletedTime, w.EnterpriseAccountID, "permissionLevel", w.PermissionLevel, w.UserID, w.WorkspaceID, w.WorkspaceName)
	})
	b = jsonout.Key(append(b, "},"...), "unshared")
	b = appendEmptyObjects(jsonout.Key(append(b, '{'), "bases"), r.Unshared.Bases)
	b = appendEmptyObjects(jsonout.Key(append(b, ','), "interfaces"), r.Unshared.Interfaces)
	b = jsonout.Key(append(b, ','), "workspaces")
	b = jsonout.List(b, r.Unshared.Workspaces, func(b []byte, w unsharedWorkspace) []byte {
		return appendWorkspaceChange(b, w.DeletedTime, w.EnterpriseAccountID, "formerPermissionLevel", w.FormerPermissionLevel, w.UserID, w.WorkspaceID, w.WorkspaceName)
	})
	b = jsonout.Bool(jsonout.Key(append(b, "},"...), "wasUserRemovedAsAdmin"), r.WasUserRemovedAsAdmin)
	return append(b, '}'), nil
}

// appendWorkspaceChange writes a workspace shared with or unshared from a user; the two differ in
// the name of the permission level's key.
func appendWorkspaceChange(b []byte, deleted *string, accountID, levelKey, level, userID, workspaceID, workspaceName string) []byte {
	b = jsonout.OptString(jsonout.Key(append(b, '{'), "deletedTime"), deleted)
	if accountID != "" {
		b = jsonout.String(jsonout.Key(append(b, ','), "enterpriseAccountId"), accountID)
	}
	b = jsonout.String(jsonout.Key(append(b, ','), levelKey), level)
	b = jsonout.String(jsonout.Key(append(b, ','), "userId"), userID)
	b = jsonout.String(jsonout.Key(append(b, ','), "workspaceId"), workspaceID)
	b = jsonout.String(jsonout.Key(append(b, ','), "workspaceName"), workspaceName)
	return append(b, '}')
}

// appendEmptyObjects writes a list of empty objects, or null.
func appendEmptyObjects(b []byte, list []struct{}) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "{}"...)
	}
	return append(b, ']')
}
