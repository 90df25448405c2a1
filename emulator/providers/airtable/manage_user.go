package airtable

import (
	"net/http"
	"strings"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
)

// emptyOK is the documented "empty response on success": 200 with a zero-length body, which
// pyairtable reads as no answer (and then reloads the user with get user by id).
var emptyOK = provider.Response{Status: http.StatusOK, Body: []byte{}}

// manageUserRequest is manage user's body.
type manageUserRequest struct {
	State, Email, FirstName, LastName sentString
}

// sentString is a string field of a body, and whether the body had it.
type sentString struct {
	Value string
	Sent  bool
}

func readManageUserRequest(value any) manageUserRequest {
	body, _ := value.(map[string]any)
	var req manageUserRequest
	for key, v := range body { // a body names one or two fields: walking it costs less than four lookups
		s, ok := v.(string)
		sent := sentString{Value: s, Sent: ok}
		switch key {
		case "state":
			req.State = sent
		case "email":
			req.Email = sent
		case "firstName":
			req.FirstName = sent
		case "lastName":
			req.LastName = sent
		}
	}
	return req
}

// managedTarget is the user an admin may manage or log out: one the account still has (else the
// bare 404), not the caller, on the account's domains and managed by it.
func (a *account) managedTarget(callerID, userID string) (user, error) {
	u, ok := a.userByID(userID)
	switch {
	case !ok:
		return user{}, ErrNotFound
	case u.ID == callerID:
		return user{}, ErrActionOnSelf
	case !u.Claimed:
		return user{}, ErrExternalUser
	case !u.Managed:
		return user{}, ErrUserNotManaged
	}
	return u, nil
}

// manageUser answers manage user: it sets the state, email and name of a managed user. A value
// equal to the current one changes nothing (pyairtable sends email and state on every save); a new
// email must be on one of the account's domains and free, and it ends the user's sessions.
func (w *world) manageUser(a *account, callerID, userID string, req manageUserRequest, now time.Time) (provider.Response, error) {
	u, err := a.managedTarget(callerID, userID)
	if err != nil {
		return provider.Response{}, err
	}
	stateChanges := req.State.Sent && req.State.Value != u.State
	emailChanges := req.Email.Sent && req.Email.Value != u.Email
	if stateChanges && a.FLA {
		return provider.Response{}, ErrFLAState
	}
	if emailChanges {
		if !strings.Contains(req.Email.Value, "@") {
			return provider.Response{}, ErrParameterValidationFailed
		}
		if _, owned := a.claimed[domainOf(req.Email.Value)]; !owned {
			return provider.Response{}, w.unownedDomain()
		}
		if w.emailInUse(req.Email.Value, u.ID) {
			return provider.Response{}, ErrEmailAlreadyInUse
		}
	}
	renamed := req.FirstName.Sent || req.LastName.Sent
	name := u.Name
	if renamed {
		first, last, _ := strings.Cut(u.Name, " ")
		if req.FirstName.Sent {
			first = req.FirstName.Value
		}
		if req.LastName.Sent {
			last = req.LastName.Value
		}
		name = strings.TrimSpace(first + " " + last)
	}
	w.updatePerson(u.ID, func(p user) user {
		if stateChanges {
			p.State = req.State.Value
		}
		if emailChanges {
			p.Email, p.LoggedOutAt = req.Email.Value, now
		}
		if renamed {
			p.Name = name
		}
		return p
	})
	return emptyOK, nil
}

// logout answers logout user: the managed user's sessions end now.
func (w *world) logout(a *account, callerID, userID string, now time.Time) (provider.Response, error) {
	u, err := a.managedTarget(callerID, userID)
	if err != nil {
		return provider.Response{}, err
	}
	w.updatePerson(u.ID, func(p user) user {
		p.LoggedOutAt = now
		return p
	})
	return emptyOK, nil
}
