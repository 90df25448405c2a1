// Package airtable emulates the user-management endpoints of Airtable's Enterprise API: revoke admin
// access (the mission), grant admin access, who am I, get enterprise, get users, remove user,
// manage user membership, delete users by email or by id, manage user and logout user.
package airtable

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// Airtable is the provider.
type Airtable struct{}

// New returns the Airtable provider.
func New() *Airtable { return &Airtable{} }

// Name is the provider's name in specs, fixtures and scenarios.
func (p *Airtable) Name() string { return "airtable" }

// Owns claims every path of Airtable's Web API (/v0/...) for its 404.
func (p *Airtable) Owns(path string) bool { return path == "/v0" || strings.HasPrefix(path, "/v0/") }

// WriteHeaders sets the content type Airtable sends.
func (p *Airtable) WriteHeaders(h http.Header) {
	h["Content-Type"] = contentType // its canonical name: this runs for every answer
}

// contentType is shared by every answer's header; net/http only reads it.
var contentType = []string{"application/json; charset=utf-8"}

// Unrouted is Airtable's answer to an undefined route; a wrong method on a known path gets the same
// (assumed: Airtable documents only the route case).
func (p *Airtable) Unrouted(string, string, bool) error { return ErrNotFound }

// The operationIds of openapi/airtable.yaml.
const (
	opRevokeAdminAccess   = "revokeAdminAccess"
	opGrantAdminAccess    = "grantAdminAccess"
	opGetUsersByIDOrEmail = "getUsersByIdOrEmail"
	opWhoami              = "getUserIdAndScopes"
	opGetEnterprise       = "getEnterprise"
	opGetUserByID         = "getUserById"
	opRemoveUser          = "removeUserFromEnterprise"
	opManageMembership    = "manageUserMembership"
	opClaimUsers          = "manageUserMembershipClaimUsers"
	opDeleteUsersByEmail  = "deleteUsersByEmail"
	opDeleteUserByID      = "deleteUserById"
	opManageUser          = "manageUser"
	opLogoutUser          = "logoutUser"
)

// scopeOf is the scope each operation requires ("" for none).
func scopeOf(op string) string {
	switch op {
	case opWhoami:
		return ""
	case opGetEnterprise:
		return scopeAccountRead
	case opGetUsersByIDOrEmail, opGetUserByID:
		return scopeUserRead
	}
	return scopeUserWrite
}

// Authenticate checks, in order: the body's size; a Bearer token the world knows, of a user who can
// log in (401); the operation's scope (403, or 401 with missing_scope_status: 401); an enterprise
// account the token's user administers, directly or as super admin, and still belongs to (403).
func (p *Airtable) Authenticate(st provider.State, r *provider.Request) error {
	w := st.(*world)
	if w.opts.MaxBodyBytes > 0 && len(r.Body) > w.opts.MaxBodyBytes {
		return ErrRequestTooLarge
	}
	value, bearer := bearerToken(authorization(r.Header))
	if !bearer {
		return ErrAuthenticationRequired
	}
	acct := w.accounts[r.Path["enterpriseAccountId"]] // nil for who am I, or an account the world lacks
	tok, ok := w.tokens.Get(value)
	if !ok {
		return ErrAuthenticationRequired
	}
	// The caller as the named account lists it, else as any account does: every account that lists
	// a person agrees on it, and one lookup costs less than a walk over the accounts.
	var caller user
	listed := false
	if acct != nil {
		caller, listed = acct.users.Get(tok.UserID)
	}
	if !listed {
		if caller, ok = w.person(tok.UserID); !ok {
			return ErrAuthenticationRequired
		}
	}
	if !caller.canLogIn() {
		return ErrAuthenticationRequired
	}
	if scope := scopeOf(r.Op.ID); scope != "" && !tok.has(scope) {
		if w.opts.MissingScopeStatus == http.StatusUnauthorized {
			return ErrAuthenticationRequired
		}
		return ErrInvalidPermissions
	}
	// The principal is the token, loaded once: the account is the path's, which Handle reads again.
	if r.Op.ID == opWhoami {
		r.Principal = tok
		return nil
	}
	if !listed || !caller.present() || !(caller.Admin || caller.SuperAdmin) {
		return ErrInvalidPermissions
	}
	r.Principal = tok
	return nil
}

// bearerToken reads an Authorization header: the token after a Bearer scheme (in any case), both
// trimmed of white space. The header every client sends, "Bearer " and a token with nothing to
// trim, is read without the trimming and case folding.
func bearerToken(h string) (string, bool) {
	if n := len(h); n > len("Bearer ") && h[:len("Bearer ")] == "Bearer " &&
		plainEnd(h[len("Bearer ")]) && plainEnd(h[n-1]) {
		return h[len("Bearer "):], true
	}
	scheme, value, _ := strings.Cut(strings.TrimSpace(h), " ")
	return strings.TrimSpace(value), strings.EqualFold(scheme, "Bearer")
}

// plainEnd reports whether c, at an end of a string, is one strings.TrimSpace keeps: ASCII and not
// white space.
func plainEnd(c byte) bool { return c > ' ' && c < utf8.RuneSelf }

// authorization is the request's Authorization header, as Header.Get reads it without
// canonicalizing a name that is canonical already.
func authorization(h http.Header) string {
	if v := h["Authorization"]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Reject maps a contract failure onto Airtable's documented answers: a body that is not JSON is
// INVALID_REQUEST_BODY; an empty users array is "either ID or email must be specified"; any other
// shape or parameter problem is "parameter validation failed".
func (p *Airtable) Reject(st provider.State, _ *provider.Request, f *contract.Failure) error {
	switch f.Kind {
	case contract.BodyMalformed:
		if st.(*world).opts.MalformedJSONStatus == http.StatusBadRequest {
			return ErrInvalidRequestBodyBadRequest
		}
		return ErrInvalidRequestBody
	case contract.BodyInvalid:
		if f.OnlyKeyword("minItems") && f.Has("/users", "minItems") {
			return ErrIDOrEmailNotSpecified
		}
	}
	return ErrParameterValidationFailed
}

// Handle runs one operation.
func (p *Airtable) Handle(st provider.State, r *provider.Request) (provider.Response, error) {
	w := st.(*world)
	tok, ok := r.Principal.(*token)
	if !ok {
		return provider.Response{}, ErrAuthenticationRequired
	}
	if r.Op.ID == opWhoami {
		return w.whoami(tok), nil
	}
	acct, ok := w.accounts[r.Path["enterpriseAccountId"]]
	if !ok {
		return provider.Response{}, ErrInvalidPermissions
	}
	switch r.Op.ID {
	case opRevokeAdminAccess, opGrantAdminAccess:
		refs, err := userRefs(r.Value)
		if err != nil {
			return provider.Response{}, err
		}
		if r.Op.ID == opRevokeAdminAccess {
			return acct.revoke(refs), nil
		}
		return acct.grant(refs), nil
	case opGetUsersByIDOrEmail:
		return acct.lookup(usersQuery(r.Query))
	case opGetUserByID:
		return acct.userByIDView(r.Path["userId"], queryList(r, "include", "include[]"))
	case opGetEnterprise:
		return acct.enterpriseView(queryList(r, "include", "include[]")), nil
	case opRemoveUser:
		return acct.remove(tok.UserID, r.Path["userId"], readRemoveRequest(r.Value), r.Now)
	case opManageMembership, opClaimUsers:
		refs, err := claimRefs(r.Value)
		if err != nil {
			return provider.Response{}, err
		}
		return acct.claim(refs)
	case opDeleteUsersByEmail:
		return w.deleteUsers(acct, tok.UserID, queryList(r, "email", "email[]"))
	case opDeleteUserByID:
		return w.deleteUser(acct, tok.UserID, r.Path["userId"])
	case opManageUser:
		return w.manageUser(acct, tok.UserID, r.Path["userId"], readManageUserRequest(r.Value), r.Now)
	case opLogoutUser:
		return w.logout(acct, tok.UserID, r.Path["userId"], r.Now)
	}
	return provider.Response{}, ErrNotFound
}

// queryList reads an array query parameter in both forms, name=a&name=b and name[]=a (bracketed,
// the caller's literal), without empty values.
func queryList(r *provider.Request, name, bracketedName string) []string {
	return joinedList(r.Query[name], r.Query[bracketedName])
}

// usersQuery reads get users' three array parameters, id, email and include, as queryList reads
// each, in one walk over the query: it names one or two, and the walk costs less than six lookups.
func usersQuery(q url.Values) (ids, emails, include []string) {
	var lists [6][]string // id, id[], email, email[], include, include[]
	for name, values := range q {
		switch name {
		case "id":
			lists[0] = values
		case "id[]":
			lists[1] = values
		case "email":
			lists[2] = values
		case "email[]":
			lists[3] = values
		case "include":
			lists[4] = values
		case "include[]":
			lists[5] = values
		}
	}
	return joinedList(lists[0], lists[1]), joinedList(lists[2], lists[3]), joinedList(lists[4], lists[5])
}

// joinedList is an array parameter's plain values, then its bracketed ones, without empty values.
func joinedList(plain, bracketed []string) []string {
	if len(bracketed) == 0 && !slices.Contains(plain, "") {
		return plain // the common case, as it came (nothing writes it)
	}
	var out []string
	for _, list := range [][]string{plain, bracketed} {
		for _, v := range list {
			if v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}
