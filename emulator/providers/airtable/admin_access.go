package airtable

import (
	"net/http"
	"strings"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/jsonout"
)

// userRef is one item of a grant or revoke request: the identifier that is used (id wins; the
// email is ignored when both are given).
type userRef struct {
	ID    string
	Email string
}

// manageUsersResponse is the 200 body of grant and revoke: the users that could not be processed.
type manageUsersResponse struct {
	Errors []userErrorItem `json:"errors"`
}

// AppendJSON writes the answer of every grant and revoke, as encoding/json would
// (admin_access_json_test.go compares the two).
func (m manageUsersResponse) AppendJSON(b []byte) ([]byte, error) {
	return append(appendUserErrors(jsonout.Key(append(b, '{'), "errors"), m.Errors), '}'), nil
}

// appendUserErrors writes a list of item errors, or null.
func appendUserErrors(b []byte, errs []userErrorItem) []byte {
	if errs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, e := range errs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		if e.Email != "" {
			b = append(jsonout.String(jsonout.Key(b, "email"), e.Email), ',')
		}
		if e.ID != "" {
			b = append(jsonout.String(jsonout.Key(b, "id"), e.ID), ',')
		}
		b = jsonout.String(jsonout.Key(b, "message"), e.Message)
		b = jsonout.String(jsonout.Key(append(b, ','), "type"), e.Type)
		b = append(b, '}')
	}
	return append(b, ']')
}

// userErrorItem echoes only the identifier the request used, then message, then type, as the docs
// show them.
type userErrorItem struct {
	Email   string `json:"email,omitempty"`
	ID      string `json:"id,omitempty"`
	Message string `json:"message"`
	Type    string `json:"type"`
}

// userRefs reads the users of a validated grant or revoke body. One item without an id or an email
// fails the whole request, before any user is changed (assumed: Airtable does not say).
func userRefs(value any) ([]userRef, error) {
	body, ok := value.(map[string]any)
	if !ok {
		return nil, ErrParameterValidationFailed
	}
	items, ok := body["users"].([]any)
	if !ok {
		return nil, ErrParameterValidationFailed
	}
	if len(items) == 0 {
		return nil, ErrIDOrEmailNotSpecified
	}
	refs := make([]userRef, 0, len(items))
	for _, item := range items {
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, ErrParameterValidationFailed
		}
		id, ok := optionalString(obj, "id")
		if !ok {
			return nil, ErrParameterValidationFailed
		}
		email, ok := optionalString(obj, "email")
		if !ok {
			return nil, ErrParameterValidationFailed
		}
		switch {
		case id != "":
			refs = append(refs, userRef{ID: id})
		case email != "":
			refs = append(refs, userRef{Email: email})
		default:
			return nil, ErrIDOrEmailNotSpecified
		}
	}
	return refs, nil
}

// optionalString reads a key that is absent or a string; ok is false for any other value.
func optionalString(obj map[string]any, key string) (string, bool) {
	v, present := obj[key]
	if !present {
		return "", true
	}
	s, ok := v.(string)
	return s, ok
}

// find resolves a request item to a user of the account: by id exactly, by email ignoring case.
// A removed or deleted user is found by neither.
func (a *account) find(ref userRef) (user, *UserError) {
	if ref.ID != "" {
		u, ok := a.userByID(ref.ID)
		if !ok {
			return user{}, UserIDNotFound
		}
		return u, nil
	}
	u, ok := a.userByEmail(ref.Email)
	if !ok {
		return user{}, UserNotFoundByEmail
	}
	return u, nil
}

// userByID is the account's user with the id, unless removed or deleted.
func (a *account) userByID(id string) (user, bool) {
	u, ok := a.users.Get(id)
	return u, ok && u.present()
}

// userByEmail is the account's user with the email (any case), unless removed or deleted.
func (a *account) userByEmail(email string) (user, bool) {
	id, ok := a.byEmail.Get(strings.ToLower(email))
	if !ok {
		return user{}, false
	}
	return a.userByID(id)
}

func failed(ref userRef, ue *UserError) userErrorItem {
	return userErrorItem{Email: ref.Email, ID: ref.ID, Message: ue.Message, Type: ue.Type}
}

// revoke removes directly assigned admin access. A member without it, a super admin without a
// direct assignment and an external user are all USER_NOT_ASSIGNED_ADMIN.
func (a *account) revoke(refs []userRef) provider.Response {
	return a.setAdmin(refs, false, func(u user) *UserError { return UserNotAssignedAdmin })
}

// grant makes members direct admins; an external user cannot be one.
func (a *account) grant(refs []userRef) provider.Response {
	return a.setAdmin(refs, true, func(u user) *UserError {
		if !u.internal() {
			return UserNotMember
		}
		return UserAlreadyAdmin
	})
}

// setAdmin sets direct admin access to want, item by item in request order. refusal names the
// failure of a user whose access cannot change. A user named twice in one request (by id, then by
// email) changes once; the second mention succeeds silently.
func (a *account) setAdmin(refs []userRef, want bool, refusal func(user) *UserError) provider.Response {
	errs := []userErrorItem{}
	done := map[string]bool{}
	for _, ref := range refs {
		u, ue := a.find(ref)
		if ue == nil {
			switch {
			case u.Admin != want && (!want || u.internal()):
				u.Admin = want
				a.setUser(u)
				done[u.ID] = true
			case done[u.ID]:
			default:
				ue = refusal(u)
			}
		}
		if ue != nil {
			errs = append(errs, failed(ref, ue))
		}
	}
	return manageUsersAnswer(errs)
}

// manageUsersAnswer is the answer of grant, revoke and manage user membership with the item errors.
func manageUsersAnswer(errs []userErrorItem) provider.Response {
	if len(errs) == 0 {
		return noUserErrors
	}
	return provider.Response{Status: http.StatusOK, Body: manageUsersResponse{Errors: errs}}
}

// noUserErrors is the usual answer, every user processed, written once: nothing writes an answer's
// bytes.
var noUserErrors = provider.Response{Status: http.StatusOK, Body: []byte(`{"errors":[]}`)}
