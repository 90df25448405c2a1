package airtable

import (
	"cmp"
	"slices"
	"time"
)

// level is the user's permission level on the workspace, "" when not a collaborator.
func (ws workspace) level(userID string) string {
	for _, c := range ws.Collaborators {
		if c.UserID == userID {
			return c.PermissionLevel
		}
	}
	return ""
}

// soleOwner reports whether the user is the workspace's only owner.
func (ws workspace) soleOwner(userID string) bool {
	owners := 0
	for _, c := range ws.Collaborators {
		if c.PermissionLevel == "owner" {
			if c.UserID != userID {
				return false
			}
			owners++
		}
	}
	return owners == 1
}

// without is the workspace with the user's collaboration gone; the collaborators are copied,
// since clones of the world share the original's.
func (ws workspace) without(userID string) workspace {
	ws.Collaborators = slices.DeleteFunc(slices.Clone(ws.Collaborators), func(c collaborator) bool { return c.UserID == userID })
	return ws
}

// withOwner is the workspace with the user made an owner, added last if not a collaborator yet,
// as granted by grantedBy at now.
func (ws workspace) withOwner(userID, grantedBy string, now time.Time) workspace {
	ws.Collaborators = slices.Clone(ws.Collaborators)
	for i, c := range ws.Collaborators {
		if c.UserID == userID {
			ws.Collaborators[i].PermissionLevel = "owner"
			return ws
		}
	}
	ws.Collaborators = append(ws.Collaborators, collaborator{UserID: userID, PermissionLevel: "owner", CreatedTime: now, GrantedBy: grantedBy})
	return ws
}

// sortedWorkspaces lists the account's workspaces by id, the order every answer uses.
func (a *account) sortedWorkspaces() []workspace {
	out := make([]workspace, 0, a.workspaces.Len())
	for _, ws := range a.workspaces.All() {
		out = append(out, ws)
	}
	slices.SortFunc(out, func(x, y workspace) int { return cmp.Compare(x.ID, y.ID) })
	return out
}

// workspaceCollaborationJSON is one of a user's direct workspace collaborations, keys in
// alphabetical order as Airtable emits them.
type workspaceCollaborationJSON struct {
	CreatedTime     string `json:"createdTime"`
	GrantedByUserID string `json:"grantedByUserId"`
	PermissionLevel string `json:"permissionLevel"`
	WorkspaceID     string `json:"workspaceId"`
}

// collaborationsOf lists the user's direct workspace collaborations, by workspace id.
func (a *account) collaborationsOf(userID string) []workspaceCollaborationJSON {
	out := []workspaceCollaborationJSON{}
	for _, ws := range a.sortedWorkspaces() {
		for _, c := range ws.Collaborators {
			if c.UserID == userID {
				out = append(out, workspaceCollaborationJSON{CreatedTime: formatTime(c.CreatedTime),
					GrantedByUserID: c.GrantedBy, PermissionLevel: c.PermissionLevel, WorkspaceID: ws.ID})
			}
		}
	}
	return out
}
