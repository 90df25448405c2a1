// Package parcel emulates Parcel's public API v2 licence endpoints: revoke (DELETE with a JSON body),
// assign and check, for Roblox product licences of a hub.
package parcel

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/accessemu/accessemu/emulator/contract"
	"github.com/accessemu/accessemu/emulator/provider"
)

// Parcel is the provider.
type Parcel struct{}

// New returns the Parcel provider.
func New() *Parcel { return &Parcel{} }

// Name is the provider's name in specs, fixtures and scenarios.
func (p *Parcel) Name() string { return "parcel" }

// Owns claims the path families of Parcel's API for its 404 envelope.
func (p *Parcel) Owns(path string) bool {
	for _, prefix := range []string{"/whitelist", "/products", "/hub"} {
		if path == prefix || strings.HasPrefix(path, prefix+"/") {
			return true
		}
	}
	return false
}

// WriteHeaders sets the content type Parcel's (Express) server sends.
func (p *Parcel) WriteHeaders(h http.Header) {
	h.Set("Content-Type", "application/json; charset=utf-8")
}

// Unrouted is Parcel's answer to an unknown path or method (assumed; undocumented).
func (p *Parcel) Unrouted(string, string, bool) error { return ErrNotFound }

// Authenticate resolves the raw API key of the Authorization header to its hub.
func (p *Parcel) Authenticate(st provider.State, r *provider.Request) error {
	key := strings.TrimSpace(r.Header.Get("Authorization"))
	if key == "" {
		return ErrNoAuthorizationKey
	}
	hubID, ok := st.(*world).hubOfKey.Get(key)
	if !ok {
		return ErrInvalidAuthorizationKey
	}
	r.Principal = hubID
	return nil
}

// Reject maps a contract failure onto Parcel's documented 400s: a presence check first ("Missing
// Body Parameters", "Missing Query Parameter"), then the type check ("Invalid type").
func (p *Parcel) Reject(_ provider.State, r *provider.Request, f *contract.Failure) error {
	if f.Kind == contract.ParamInvalid {
		if f.Has("product_id", "") {
			return ErrMissingQueryParameter
		}
		return ErrInvalidType
	}
	if f.Kind == contract.BodyInvalid && f.OnlyKeyword("enum") && f.Has("/userid_type", "enum") {
		return ErrInvalidType
	}
	return ErrMissingBodyParameters
}

// NormalizeBody reads JSON numbers in product_id and userid as their decimal string, as a
// presence-checking server would (Roblox Lua sends player.UserId as a number), unless strict.
func (p *Parcel) NormalizeBody(st provider.State, _ *contract.Operation, body any) any {
	obj, ok := body.(map[string]any)
	if !ok || st.(*world).opts.StrictIDs {
		return body
	}
	for _, field := range []string{"product_id", "userid"} {
		if n, ok := obj[field].(json.Number); ok {
			obj[field] = n.String()
		}
	}
	return body
}

// Handle runs one operation.
func (p *Parcel) Handle(st provider.State, r *provider.Request) (provider.Response, error) {
	w := st.(*world)
	hubID := r.Principal.(string)
	switch r.Op.ID {
	case "checkWhitelist":
		return w.check(hubID, r.Path["userid_type"], r.Path["user_id"], r.Query.Get("product_id"))
	case "revokeWhitelist", "assignWhitelist":
		body := r.Value.(map[string]any)
		req := licenseRequest{
			ProductID:  body["product_id"].(string),
			UserID:     body["userid"].(string),
			UserIDType: body["userid_type"].(string),
		}
		if r.Op.ID == "revokeWhitelist" {
			return w.revoke(hubID, req)
		}
		return w.assign(hubID, req)
	}
	return provider.Response{}, ErrNotFound
}

func statusText(status int) string { return strconv.Itoa(status) }
