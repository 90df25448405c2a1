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
			switch refusal := a.refuseDelete(u, callerID); refusal {
			case nil:
			case ErrInvalidPermissions:
				ue = UserInvalidPermissions
			default:
				ue = itemError(refusal)
			}
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

// refuseDelete is why the user cannot be deleted by the caller, or nil; a super admin, whom an
// admin of the account cannot delete, is ErrInvalidPermissions.
func (a *account) refuseDelete(u user, callerID string) *Error {
	switch {
	case u.ID == callerID:
		return ErrActionOnSelf
	case !u.Claimed:
		return ErrExternalUser
	case !u.Managed:
		return ErrUserNotManaged
	case u.SuperAdmin:
		return ErrInvalidPermissions
	}
	for _, ws := range a.sortedWorkspaces() {
		if ws.soleOwner(u.ID) && len(ws.Collaborators) > 1 {
			return ErrCannotDeleteSoleOwner
		}
	}
	return nil
}

// deleteUser answers delete user by id: 200 with an empty body, or the request-level refusal of
// the user's case.
func (w *world) deleteUser(a *account, callerID, userID string) (provider.Response, error) {
	u, ok := a.userByID(userID)
	if !ok {
		return provider.Response{}, ErrNotFound
	}
	if a.FLA {
		return provider.Response{}, ErrFLAState
	}
	if refusal := a.refuseDelete(u, callerID); refusal != nil {
		return provider.Response{}, refusal
	}
	w.deletePerson(u.ID)
	return emptyOK, nil
}

// deletePerson deletes the user's Airtable account: it leaves every enterprise account's users and
// workspaces, its email is free, and its tokens stop working.
func (w *world) deletePerson(id string) {
	for _, a := range w.accounts {
		if _, ok := a.users.Get(id); ok {
			a.unshare(id)
		}
	}
	w.updatePerson(id, func(u user) user {
		u.Deleted, u.Admin, u.SuperAdmin = true, false, false
		return u
	})
}
