package airtable

import (
	"net/http"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
)

// userRemovedResponse is remove user's answer, keys in alphabetical order. Every list is present,
// even empty (pyairtable requires them).
type userRemovedResponse struct {
	Shared                sharedJSON   `json:"shared"`
	Unshared              unsharedJSON `json:"unshared"`
	WasUserRemovedAsAdmin bool         `json:"wasUserRemovedAsAdmin"`
}

type sharedJSON struct {
	Workspaces []sharedWorkspace `json:"workspaces"`
}

// unsharedJSON lists what the user lost; the emulator models workspaces, not bases or interfaces.
type unsharedJSON struct {
	Bases      []struct{}          `json:"bases"`
	Interfaces []struct{}          `json:"interfaces"`
	Workspaces []unsharedWorkspace `json:"workspaces"`
}

type sharedWorkspace struct {
	DeletedTime         *string `json:"deletedTime"`
	EnterpriseAccountID string  `json:"enterpriseAccountId,omitempty"`
	PermissionLevel     string  `json:"permissionLevel"`
	UserID              string  `json:"userId"`
	WorkspaceID         string  `json:"workspaceId"`
	WorkspaceName       string  `json:"workspaceName"`
}

type unsharedWorkspace struct {
	DeletedTime           *string `json:"deletedTime"`
	EnterpriseAccountID   string  `json:"enterpriseAccountId,omitempty"`
	FormerPermissionLevel string  `json:"formerPermissionLevel"`
	UserID                string  `json:"userId"`
	WorkspaceID           string  `json:"workspaceId"`
	WorkspaceName         string  `json:"workspaceName"`
}

// removeRequest is remove user's body; every field is optional.
type removeRequest struct {
	RemoveFromDescendants bool
	ReplacementOwnerID    string
	IsDryRun              bool
}

func readRemoveRequest(value any) removeRequest {
	body, _ := value.(map[string]any)
	descendants, _ := body["removeFromDescendants"].(bool)
	replacement, _ := body["replacementOwnerId"].(string)
	dryRun, _ := body["isDryRun"].(bool)
	return removeRequest{RemoveFromDescendants: descendants, ReplacementOwnerID: replacement, IsDryRun: dryRun}
}

// remove answers remove user from enterprise: the user is unshared from every workspace of the
// account and loses its directly assigned admin access; the workspaces it solely owns go to the
// replacement owner. With isDryRun the answer is the same and nothing changes. Afterwards the
// account answers for the user as for an unknown one.
func (a *account) remove(callerID, userID string, req removeRequest, now time.Time) (provider.Response, error) {
	u, ok := a.userByID(userID)
	if !ok {
		return provider.Response{}, ErrNotFound
	}
	if u.ID == callerID {
		return provider.Response{}, ErrNotPermittedOnYourself
	}
	workspaces := a.sortedWorkspaces()
	var owned []workspace
	for _, ws := range workspaces {
		if ws.soleOwner(u.ID) {
			owned = append(owned, ws)
		}
	}
	if len(owned) > 0 {
		// A sole owner needs a replacement: another user the account still has.
		replacement, ok := a.userByID(req.ReplacementOwnerID)
		if !ok || replacement.ID == u.ID {
			return provider.Response{}, ErrParameterValidationFailed
		}
		if replacement.EmailUnverified {
			return provider.Response{}, ErrReplacementOwnerUnverified
		}
	}
	entID := ""
	if req.RemoveFromDescendants {
		entID = a.ID
	}
	body := userRemovedResponse{
		Shared:                sharedJSON{Workspaces: []sharedWorkspace{}},
		Unshared:              unsharedJSON{Bases: []struct{}{}, Interfaces: []struct{}{}, Workspaces: []unsharedWorkspace{}},
		WasUserRemovedAsAdmin: u.Admin,
	}
	for _, ws := range owned {
		body.Shared.Workspaces = append(body.Shared.Workspaces, sharedWorkspace{EnterpriseAccountID: entID,
			PermissionLevel: "owner", UserID: req.ReplacementOwnerID, WorkspaceID: ws.ID, WorkspaceName: ws.Name})
	}
	for _, ws := range workspaces {
		if level := ws.level(u.ID); level != "" {
			body.Unshared.Workspaces = append(body.Unshared.Workspaces, unsharedWorkspace{EnterpriseAccountID: entID,
				FormerPermissionLevel: level, UserID: u.ID, WorkspaceID: ws.ID, WorkspaceName: ws.Name})
		}
	}
	if !req.IsDryRun {
		for _, ws := range owned {
			a.setWorkspace(ws.withOwner(req.ReplacementOwnerID, callerID, now))
		}
		a.unshare(u.ID)
		u.Removed, u.Admin, u.SuperAdmin = true, false, false
		a.setUser(u)
	}
	return provider.Response{Status: http.StatusOK, Body: body}, nil
}

// unshare takes the user out of every workspace of the account.
func (a *account) unshare(userID string) {
	for _, ws := range a.sortedWorkspaces() {
		if ws.level(userID) != "" {
			a.setWorkspace(ws.without(userID))
		}
	}
}
