package airtable

import (
	"time"

	"github.com/accessemu/accessemu/emulator/contract"
	"github.com/accessemu/accessemu/emulator/provider"
)

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
func (p *Airtable) NamedError(name string, _ provider.State, r *provider.Request) (error, bool) {
	for _, e := range Catalogue {
		if e.Name == name {
			return e, true
		}
	}
	for _, e := range UserErrorCatalogue {
		if e.Type == name {
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
// request with that failure, each echoing the identifier it was named by.
type forcedUserErrors struct {
	kind *UserError
	refs []userRef
}

func (f *forcedUserErrors) Error() string { return f.kind.Type }

func (f *forcedUserErrors) response() provider.Response {
	body := manageUsersResponse{Errors: []userErrorItem{}}
	for _, ref := range f.refs {
		body.Errors = append(body.Errors, userErrorItem{ID: ref.ID, Email: ref.Email, Message: f.kind.Message, Type: f.kind.Type})
	}
	return provider.Response{Status: 200, Body: body}
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
