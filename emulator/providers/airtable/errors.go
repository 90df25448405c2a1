package airtable

import (
	"errors"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// Error is one of Airtable's request-level answers, named so that scenarios and tests can refer to it.
type Error struct {
	Name    string
	Status  int
	Type    string
	Message string
	// Bare marks the 404 Airtable writes as a bare string: {"error":"NOT_FOUND"}.
	Bare bool
}

func (e *Error) Error() string {
	if e.Bare {
		return e.Type
	}
	return e.Type + ": " + e.Message
}

// msgInvalidPermissions is the documented text of Airtable's generic 403.
const msgInvalidPermissions = "Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct."

// The catalogue: every request-level error Airtable documents for these endpoints, plus the
// emulator's answers where Airtable documents a status but no body (marked assumed).
var (
	// ErrAuthenticationRequired answers a missing, non-Bearer or unknown token (observed body).
	ErrAuthenticationRequired = &Error{"authentication_required", 401, "AUTHENTICATION_REQUIRED", "Authentication required", false}
	// ErrInvalidPermissions answers a token without the scope, a caller who is not an admin of the
	// enterprise account, an unknown account, or delete user by id of a super admin (the documented
	// 403 body; its use here is assumed).
	ErrInvalidPermissions = &Error{"invalid_permissions_or_model_not_found", 403, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND", msgInvalidPermissions, false}
	// ErrInvalidRequestBody answers a body that is not JSON (observed as 422).
	ErrInvalidRequestBody = &Error{"invalid_request_body", 422, "INVALID_REQUEST_BODY", "Could not parse request body", false}
	// ErrInvalidRequestBodyBadRequest is the same body with the 400 of Airtable's errors guide
	// (option malformed_json_status: 400).
	ErrInvalidRequestBodyBadRequest = &Error{"invalid_request_body_400", 400, "INVALID_REQUEST_BODY", "Could not parse request body", false}
	// ErrParameterValidationFailed answers JSON of the wrong shape (observed body, records endpoint).
	ErrParameterValidationFailed = &Error{"invalid_request_unknown", 422, "INVALID_REQUEST_UNKNOWN", "Invalid request: parameter validation failed. Check your request data.", false}
	// ErrIDOrEmailNotSpecified answers a request naming no user, or a user without id and email
	// (documented for the sibling manage-user-membership endpoint).
	ErrIDOrEmailNotSpecified = &Error{"id_or_email_not_specified", 422, "INVALID_REQUEST_UNKNOWN", "Invalid request: either ID or email must be specified. Check your request data.", false}
	// ErrActionOnSelf answers manage user, logout user or delete users aimed at the caller.
	ErrActionOnSelf = &Error{"action_on_self", 403, "INVALID_PERMISSIONS", "Cannot perform action on self", false}
	// ErrNotPermittedOnYourself answers remove user aimed at the caller.
	ErrNotPermittedOnYourself = &Error{"not_permitted_on_yourself", 403, "INVALID_PERMISSIONS", "You are not permitted to perform this operation on yourself", false}
	// ErrReplacementOwnerUnverified answers remove user whose replacement owner has not verified
	// their email.
	ErrReplacementOwnerUnverified = &Error{"replacement_owner_unverified", 403, "INVALID_PERMISSIONS", "Replacement owner must have verified email", false}
	// ErrCannotDeleteSoleOwner: the user is the sole owner of a workspace others collaborate on.
	ErrCannotDeleteSoleOwner = &Error{"cannot_delete_sole_owner", 403, "INVALID_PERMISSIONS", "Cannot delete sole owner of a workspace with other collaborators", false}
	// ErrExternalUser: the user's email is on none of the account's domains.
	ErrExternalUser = &Error{"external_user", 403, "INVALID_PERMISSIONS", "User does not belong to the enterprise email domain", false}
	// ErrFLAState: the account is an FLA account, which cannot change a user's state.
	ErrFLAState = &Error{"fla_state_modification", 403, "INVALID_PERMISSIONS", "State modification is not enabled for FLA enterprise accounts", false}
	// ErrUserNotManaged: the account does not manage the user.
	ErrUserNotManaged = &Error{"user_not_managed", 403, "INVALID_PERMISSIONS", "User is not managed by the enterprise account", false}
	// ErrEmailAlreadyInUse answers manage user changing an email to one another user has.
	ErrEmailAlreadyInUse = &Error{"email_already_in_use", 422, "EMAIL_ALREADY_IN_USE", "Email already in use", false}
	// ErrMustOwnTargetDomain answers manage user changing an email to a domain the account does not
	// own. Airtable's body is cut off in every copy: the answer is the option unowned_domain_error,
	// by default the generic INVALID_REQUEST_UNKNOWN (assumed).
	ErrMustOwnTargetDomain = &Error{"must_own_target_domain", 422, ErrParameterValidationFailed.Type, ErrParameterValidationFailed.Message, false}
	// ErrNotFound answers an undefined route, a wrong method, or an unknown, removed or deleted user
	// named by id or email on get users or by id in the path (assumed body for the user cases).
	ErrNotFound = &Error{"not_found", 404, "NOT_FOUND", "", true}
	// ErrRequestTooLarge answers a body over the size cap (status documented; body assumed from
	// airtable.js's client-side mapping).
	ErrRequestTooLarge = &Error{"request_too_large", 413, "REQUEST_TOO_LARGE", "Request body is too large", false}
	// ErrRateLimited answers a rate-limited request (message documented; type unverified).
	ErrRateLimited = &Error{"rate_limited", 429, "RATE_LIMIT_REACHED", "Rate limit exceeded. Please try again later", false}
	// ErrServerError answers an unexpected failure (assumed body; the message is the errors guide's
	// description of 500).
	ErrServerError = &Error{"server_error", 500, "SERVER_ERROR", "The server encountered an unexpected condition.", false}
	// ErrRetriable answers a temporary outage (body from a third-party copy of the errors guide;
	// unverified).
	ErrRetriable = &Error{"retriable_error", 503, "RETRIABLE_ERROR", "Server encountered an error while processing your request, and it is safe to retry the request", false}
)

// Catalogue lists every named request-level error of the provider.
var Catalogue = []*Error{
	ErrAuthenticationRequired, ErrInvalidPermissions, ErrInvalidRequestBody, ErrInvalidRequestBodyBadRequest,
	ErrParameterValidationFailed, ErrIDOrEmailNotSpecified, ErrNotFound, ErrRequestTooLarge, ErrRateLimited,
	ErrServerError, ErrRetriable, ErrActionOnSelf, ErrNotPermittedOnYourself, ErrReplacementOwnerUnverified,
	ErrCannotDeleteSoleOwner, ErrExternalUser, ErrFLAState, ErrUserNotManaged, ErrEmailAlreadyInUse, ErrMustOwnTargetDomain,
}

// unownedDomain is ErrMustOwnTargetDomain with the world's chosen body.
func (w *world) unownedDomain() *Error {
	e := *ErrMustOwnTargetDomain
	e.Type, e.Message = w.opts.UnownedDomainError.Type, w.opts.UnownedDomainError.Message
	return &e
}

// UserError is a per-user failure of a batch (grant, revoke, manage user membership, delete users),
// reported inside a 200 {"errors":[...]}.
type UserError struct {
	Name    string
	Type    string
	Message string
}

// The per-user failures Airtable documents for grant and revoke, verbatim.
var (
	// UserNotFoundByEmail: the item named an email no user of the account has.
	UserNotFoundByEmail = &UserError{"not_found", "NOT_FOUND", "User not found"}
	// UserIDNotFound: the item named an id no user of the account has.
	UserIDNotFound = &UserError{"user_id_not_found", "USER_ID_NOT_FOUND", "User not found"}
	// UserNotAssignedAdmin: revoke of a user without directly assigned admin access.
	UserNotAssignedAdmin = &UserError{"user_not_assigned_admin", "USER_NOT_ASSIGNED_ADMIN", "User is not an assigned admin"}
	// UserAlreadyAdmin: grant to a user who is a directly assigned admin already.
	UserAlreadyAdmin = &UserError{"user_already_admin", "USER_ALREADY_ADMIN", "User is already an admin"}
	// UserNotMember: grant to an external user.
	UserNotMember = &UserError{"user_not_member_of_enterprise_account", "USER_NOT_MEMBER_OF_ENTERPRISE_ACCOUNT", "User is not a member of this enterprise account or has an email not associated with this enterprise account"}
	// UserInvalidPermissions: delete users' documented item failure; also manage user membership's
	// for a user off the account's verified domains (assumed).
	UserInvalidPermissions = &UserError{"invalid_permissions", "INVALID_PERMISSIONS", "Invalid permissions"}
)

// itemError is a request-level refusal reported for one user of a batch: its type and message.
func itemError(e *Error) *UserError {
	return &UserError{Name: e.Name, Type: e.Type, Message: e.Message}
}

// UserErrorCatalogue lists every named per-user failure.
var UserErrorCatalogue = []*UserError{
	UserNotFoundByEmail, UserIDNotFound, UserNotAssignedAdmin, UserAlreadyAdmin, UserNotMember, UserInvalidPermissions,
}

// envelope is Airtable's error body: {"error":{"type":...,"message":...}}.
type envelope struct {
	Error envelopeError `json:"error"`
}

type envelopeError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// bareEnvelope is the 404 form {"error":"NOT_FOUND"}.
type bareEnvelope struct {
	Error string `json:"error"`
}

// Render writes err in Airtable's envelope; anything that is not a catalogue error is the 500.
func (p *Airtable) Render(err error) provider.Response {
	var forced *forcedUserErrors
	if errors.As(err, &forced) {
		return forced.response()
	}
	var ae *Error
	if !errors.As(err, &ae) {
		ae = ErrServerError
	}
	if ae.Bare {
		return provider.Response{Status: ae.Status, Body: bareEnvelope{Error: ae.Type}}
	}
	return provider.Response{Status: ae.Status, Body: envelope{Error: envelopeError{Type: ae.Type, Message: ae.Message}}}
}

// ErrorNames lists the request-level errors (lower case) and the per-user errors (by their type).
func (p *Airtable) ErrorNames() []string {
	var names []string
	for _, e := range Catalogue {
		names = append(names, e.Name)
	}
	for _, e := range UserErrorCatalogue {
		names = append(names, e.Type)
	}
	return names
}

// NamedError returns a request-level error, or a per-user error forced on every user the request
// names (the docs' example user when there is none).
func (p *Airtable) NamedError(name string, st provider.State, r *provider.Request) (error, bool) {
	if w, ok := st.(*world); ok && name == ErrMustOwnTargetDomain.Name {
		return w.unownedDomain(), true
	}
	for _, e := range Catalogue {
		if e.Name == name {
			return e, true
		}
	}
	for _, e := range UserErrorCatalogue {
		if e.Type == name {
			if r != nil && r.Op != nil && r.Op.ID == opDeleteUsersByEmail {
				return &forcedUserErrors{kind: e, refs: emailRefs(r), deletes: true}, true
			}
			return &forcedUserErrors{kind: e, refs: requestRefs(r)}, true
		}
	}
	return nil, false
}

// RateLimit is Airtable's documented rule for personal access tokens: 50 requests per second, then
// 429 for 30 seconds.
func (p *Airtable) RateLimit() (int, time.Duration, time.Duration) {
	return 50, time.Second, 30 * time.Second
}

// forcedUserErrors is a scenario's per-user failure: a 200 whose errors list every user of the
// request with that failure, each echoing the identifier it was named by; for delete users, beside
// an empty deletedUsers.
type forcedUserErrors struct {
	kind    *UserError
	refs    []userRef
	deletes bool
}

func (f *forcedUserErrors) Error() string { return f.kind.Type }

func (f *forcedUserErrors) response() provider.Response {
	errs := []userErrorItem{}
	for _, ref := range f.refs {
		errs = append(errs, failed(ref, f.kind))
	}
	if f.deletes {
		return provider.Response{Status: 200, Body: deleteUsersResponse{DeletedUsers: []deletedUser{}, Errors: errs}}
	}
	return provider.Response{Status: 200, Body: manageUsersResponse{Errors: errs}}
}

// emailRefs are the emails a delete users request names, or the docs' example email when none.
func emailRefs(r *provider.Request) []userRef {
	var refs []userRef
	for _, email := range queryList(r, "email", "email[]") {
		refs = append(refs, userRef{Email: email})
	}
	if len(refs) == 0 {
		refs = []userRef{{Email: "foo@bar.com"}}
	}
	return refs
}

// requestRefs reads the users a (not yet validated) request names, best effort.
func requestRefs(r *provider.Request) []userRef {
	if r != nil {
		if value, err := contract.DecodeJSON(r.Body); err == nil {
			if refs, err := userRefs(value); err == nil {
				return refs
			}
		}
	}
	return []userRef{{ID: "usrL2PNC5o3H4lBEi"}}
}
