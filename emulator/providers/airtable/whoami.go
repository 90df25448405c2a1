package airtable

import (
	"net/http"

	"github.com/accessemu/accessemu/emulator/provider"
)

// whoamiResponse is who am I's answer: the email only for a token with user.email:read.
type whoamiResponse struct {
	Email string `json:"email,omitempty"`
	ID    string `json:"id"`
}

// whoami answers for the token's user, wherever it is (a user removed from every enterprise still
// has its Airtable account).
func (w *world) whoami(tok *token) provider.Response {
	body := whoamiResponse{ID: tok.UserID}
	if tok.has(scopeEmailRead) {
		if u, ok := w.person(tok.UserID); ok {
			body.Email = u.Email
		}
	}
	return provider.Response{Status: http.StatusOK, Body: body}
}
