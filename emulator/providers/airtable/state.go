package airtable

import (
	"slices"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/cow"
)

// Options are the world's answers to what Airtable leaves undocumented.
type Options struct {
	// MissingScopeStatus is the status of a token that lacks the operation's scope: 403
	// (INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND, the default) or 401 (AUTHENTICATION_REQUIRED, as two
	// unconfirmed public reports saw).
	MissingScopeStatus int `yaml:"missing_scope_status" json:"missing_scope_status"`
	// MalformedJSONStatus is the status of a body that is not JSON: 422 (observed, the default) or
	// 400 (the errors guide's wording); the body is INVALID_REQUEST_BODY either way.
	MalformedJSONStatus int `yaml:"malformed_json_status" json:"malformed_json_status"`
	// MaxBodyBytes, when set, is a body size above which Airtable answers 413 REQUEST_TOO_LARGE,
	// below the emulator's own cap (--max-body-bytes). Airtable documents no figure.
	MaxBodyBytes int `yaml:"max_body_bytes,omitempty" json:"max_body_bytes,omitempty"`
	// UnownedDomainError is manage user's 422 for an email on a domain the account does not own.
	// Airtable documents the case but its body is cut off in every copy; the default is the
	// observed generic INVALID_REQUEST_UNKNOWN.
	UnownedDomainError ErrorBody `yaml:"unowned_domain_error" json:"unowned_domain_error"`
}

// ErrorBody is the type and message of an error body a fixture chooses.
type ErrorBody struct {
	Type    string `yaml:"type" json:"type"`
	Message string `yaml:"message" json:"message"`
}

// The scopes a request needs.
const (
	scopeUserRead    = "enterprise.user:read"
	scopeUserWrite   = "enterprise.user:write"
	scopeAccountRead = "enterprise.account:read"
	scopeEmailRead   = "user.email:read"
)

// knownScopes are the scopes of Airtable's scopes reference; a fixture token may only carry these.
var knownScopes = setOf(
	// Basic scopes.
	"data.records:read", "data.records:write", "data.recordComments:read", "data.recordComments:write",
	"schema.bases:read", "schema.bases:write", "webhook:manage", "block:manage", scopeEmailRead,
	// Enterprise member scopes.
	"enterprise.groups:read", "workspacesAndBases:read", "workspacesAndBases:write",
	"workspacesAndBases.shares:manage",
	// Enterprise admin scopes.
	"enterprise.scim.usersAndGroups:manage", "enterprise.auditLogs:read", "enterprise.changeEvents:read",
	"enterprise.exports:manage", scopeAccountRead, "enterprise.account:write",
	scopeUserRead, scopeUserWrite, "enterprise.groups:manage",
)

func setOf(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[it] = true
	}
	return m
}

// world is one tenant's Airtable state: tokens and enterprise accounts, indexed by map.
type world struct {
	opts     Options
	tokens   provider.Secrets[*token] // never changed once loaded
	accounts map[string]*account
}

// token is a personal access token: its owner and scopes.
type token struct {
	UserID string
	Scopes []string
}

func (t token) has(scope string) bool { return slices.Contains(t.Scopes, scope) }

// account is an enterprise account, its users and workspaces. Users and workspaces are values: a
// change is a store back into the copy-on-write map, so a clone shares every unchanged one; domains
// never change once loaded, so clones share them.
type account struct {
	ID          string
	Domains     []string
	CreatedTime time.Time
	// FLA accounts refuse state changes (manage user's state, delete users).
	FLA bool
	// DomainCapturing accounts cannot use manage user membership.
	DomainCapturing bool
	claimed         map[string]struct{}
	// users and workspaces change only through setUser and setWorkspace, which drop the answers
	// written from them.
	users *cow.Map[string, user]
	// byEmail maps the lower-cased email of every user not deleted to its id.
	byEmail    *cow.Map[string, string]
	workspaces *cow.Map[string, workspace]
	enterprise *enterpriseAnswers
}

// setUser stores a user's change; one that adds, removes or deletes the user drops the enterprise
// answers.
func (a *account) setUser(u user) {
	if before, ok := a.users.Get(u.ID); !ok || before.present() != u.present() {
		a.enterprise = &enterpriseAnswers{}
	}
	a.users.Set(u.ID, u)
}

// setWorkspace stores a workspace's change; a new workspace drops the enterprise answers.
func (a *account) setWorkspace(ws workspace) {
	if !a.workspaces.Has(ws.ID) {
		a.enterprise = &enterpriseAnswers{}
	}
	a.workspaces.Set(ws.ID, ws)
}

// user is a user as seen from one enterprise account. Identity (email, name, state, deletion,
// sessions) belongs to the person and is the same in every account; the rest is membership.
type user struct {
	ID               string
	Email            string
	Name             string
	CreatedTime      time.Time
	LastActivityTime time.Time
	State            string
	// Admin is a directly assigned admin grant on this account; SuperAdmin is admin access that
	// comes from elsewhere (Enterprise Hub) and that revoke cannot remove.
	Admin      bool
	SuperAdmin bool
	// Member: the user belongs to the account (false for an external collaborator).
	Member bool
	// Managed: the account manages the user (manage user membership sets it).
	Managed bool
	// Claimed: the user's email is on one of the account's email domains.
	Claimed          bool
	TwoFactorEnabled bool
	// EmailUnverified: the user never verified the email, so cannot take over workspaces.
	EmailUnverified bool
	// Removed from this account (the Airtable account lives on); Deleted everywhere.
	Removed bool
	Deleted bool
	// LoggedOutAt is when an admin last ended the user's sessions (zero: never).
	LoggedOutAt time.Time
}

// The states of a user's Airtable account.
const (
	stateProvisioned = "provisioned"
	stateDeactivated = "deactivated"
)

// present reports whether the account still has the user: neither removed nor deleted.
func (u user) present() bool { return !u.Removed && !u.Deleted }

// workspace is a workspace of the account with its collaborators in the order they were added.
type workspace struct {
	ID            string
	Name          string
	Collaborators []collaborator
}

// collaborator is a user's direct collaboration on a workspace: its level, when and by whom it
// was granted.
type collaborator struct {
	UserID          string
	PermissionLevel string
	CreatedTime     time.Time
	GrantedBy       string
}

// internal reports whether the user is a member on a claimed domain, so can be made an admin.
func (u user) internal() bool { return u.Member && u.Claimed }

// Clone takes time in the number of accounts, not users: a tenant is made on its first request.
// Tokens never change once loaded, so clones share them; so do the answers written from the state
// both still have (a change replaces its side's).
func (w *world) Clone() provider.State {
	c := &world{opts: w.opts, tokens: w.tokens, accounts: make(map[string]*account, len(w.accounts))}
	for k, a := range w.accounts {
		ca := *a
		ca.users, ca.byEmail, ca.workspaces = a.users.Clone(), a.byEmail.Clone(), a.workspaces.Clone()
		c.accounts[k] = &ca
	}
	return c
}
