package airtable

import (
	"net/http"

	"github.com/accessemu/accessemu/emulator/provider"
)

// deleteUsersResponse is delete users by email's answer; both lists are always present
// (pyairtable requires them).
type deleteUsersResponse struct {
	DeletedUsers []deletedUser   `json:"deletedUsers"`
	Errors       []userErrorItem `json:"errors"`
}

// deletedUser echoes the email as the request gave it.
type deletedUser struct {
	Email string `json:"email"`
	ID    string `json:"id"`
}

// deleteUsers answers delete users by email, email by email in request order. A user that cannot
// be deleted is an item error with the documented message of its case (the caller; off the
// account's domains; not managed; a super admin; the sole owner of a workspace others share).
// An FLA account refuses the whole request.
func (w *world) deleteUsers(a *account, callerID string, emails []string) (provider.Response, error) {
	if len(emails) == 0 {
		return provider.Response{}, ErrIDOrEmailNotSpecified
	}
	if a.FLA {
		return provider.Response{}, ErrFLAState
	}
	body := deleteUsersResponse{DeletedUsers: []deletedUser{}, Errors: []userErrorItem{}}
	for _, email := range emails {
		ref := userRef{Email: email}
		u, ue := a.find(ref)
		if ue == nil {
			ue = a.refuseDelete(u, callerID)
		}
		if ue != nil {
			body.Errors = append(body.Errors, failed(ref, ue))
			continue
		}
		w.deletePerson(u.ID)
		body.DeletedUsers = append(body.DeletedUsers, deletedUser{Email: email, ID: u.ID})
	}
	return provider.Response{Status: http.StatusOK, Body: body}, nil
}

// refuseDelete is why the user cannot be deleted by the caller, or nil.
func (a *account) refuseDelete(u user, callerID string) *UserError {
	switch {
	case u.ID == callerID:
		return itemError(ErrActionOnSelf)
	case !u.Claimed:
		return itemError(ErrExternalUser)
	case !u.Managed:
		return itemError(ErrUserNotManaged)
	case u.SuperAdmin:
		return UserInvalidPermissions
	}
	for _, ws := range a.sortedWorkspaces() {
		if ws.soleOwner(u.ID) && len(ws.Collaborators) > 1 {
			return itemError(ErrCannotDeleteSoleOwner)
		}
	}
	return nil
}

// deletePerson deletes the user's Airtable account: it leaves every enterprise account's users and
// workspaces, its email is free, and its tokens stop working.
func (w *world) deletePerson(id string) {
	for _, a := range w.accounts {
		if _, ok := a.users.Get(id); ok {
			a.unshare(id)
		}
	}
	w.updatePerson(id, func(u *user) { u.Deleted, u.Admin, u.SuperAdmin = true, false, false })
}
