// Package loadgen describes how a load test drives each provider's revoke endpoint, for the Go
// benchmarks (emulator/bench_test.go) and the benchmark program (cmd/accessemu-bench). Adding a
// provider is one row in Endpoints.
//
// The load changes state on every request: a connection alternates a revoke with the grant that
// gives the access back, on an identity of the default world, in a tenant of its own (a revoke
// repeated on the same identity would only measure the provider's error answer).
package loadgen

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Request is one request of the loop, relative to a tenant's base URL.
type Request struct {
	Method string
	Path   string
	Header map[string]string
	Body   []byte
	// Want says whether a 200 answer's body is the expected success.
	Want func(body []byte) bool
}

// exactly expects the body byte for byte.
func exactly(want string) func([]byte) bool {
	return func(body []byte) bool { return string(body) == want }
}

// containing expects the body to hold part (for answers with timestamps).
func containing(part string) func([]byte) bool {
	return func(body []byte) bool { return bytes.Contains(body, []byte(part)) }
}

// Endpoint is a revoke endpoint with the grant that undoes it.
type Endpoint struct {
	Provider  string
	Operation string
	Revoke    Request
	Grant     Request
}

// Name is provider/operation.
func (e Endpoint) Name() string { return e.Provider + "/" + e.Operation }

// Step is the i-th request of a connection's loop: revoke first (the identity starts with access),
// then grant it back.
func (e Endpoint) Step(i int) *Request {
	if i%2 == 0 {
		return &e.Revoke
	}
	return &e.Grant
}

// OK reports whether an answer is the expected success.
func (r *Request) OK(status int, body []byte) bool {
	return status == http.StatusOK && r.Want(body)
}

// Credentials and identities of the default world (fixtures/default.yaml), which generated worlds
// keep (emulator/generate).
const (
	adaptyBase    = "/api/v2/server-side-api/purchase/profile/"
	adaptyKey     = "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv"
	adaptyBody    = `{"access_level_id":"premium"}`
	parcelKey     = "prod_EmulatorDefaultHubKey0001"
	parcelBody    = `{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`
	parcelChanged = `{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"65a1b2c3d4e5f60718293a4b","state":"License has been `
	airtableBase  = "/v0/meta/enterpriseAccounts/entEmulator000001/users/"
	airtableAuth  = "Bearer patEmuAdmin000001.admin"
	airtableBody  = `{"users":[{"id":"usrEmuAdmin000002"}]}`
)

// Endpoints are the revoke endpoints under load.
var Endpoints = []Endpoint{
	{
		Provider: "adapty", Operation: "revokeAccessLevel",
		Revoke: Request{Method: http.MethodPost, Path: adaptyBase + "revoke/access-level/", Body: []byte(adaptyBody),
			Header: map[string]string{"Authorization": adaptyKey, "Adapty-Customer-User-Id": "user-premium", "Content-Type": "application/json"},
			Want:   containing(`"cancellation_reason":"adapty_revoked"`)},
		Grant: Request{Method: http.MethodPost, Path: adaptyBase + "grant/access-level/", Body: []byte(adaptyBody),
			Header: map[string]string{"Authorization": adaptyKey, "Adapty-Customer-User-Id": "user-premium", "Content-Type": "application/json"},
			Want:   containing(`"cancellation_reason":null`)},
	},
	{
		Provider: "airtable", Operation: "revokeAdminAccess",
		Revoke: Request{Method: http.MethodPost, Path: airtableBase + "revokeAdminAccess", Body: []byte(airtableBody),
			Header: map[string]string{"Authorization": airtableAuth, "Content-Type": "application/json"}, Want: exactly(`{"errors":[]}`)},
		Grant: Request{Method: http.MethodPost, Path: airtableBase + "grantAdminAccess", Body: []byte(airtableBody),
			Header: map[string]string{"Authorization": airtableAuth, "Content-Type": "application/json"}, Want: exactly(`{"errors":[]}`)},
	},
	{
		Provider: "parcel", Operation: "revokeWhitelist",
		Revoke: Request{Method: http.MethodDelete, Path: "/whitelist/revoke", Body: []byte(parcelBody),
			Header: map[string]string{"Authorization": parcelKey, "Content-Type": "application/json"}, Want: exactly(parcelChanged + `revoked"}}`)},
		Grant: Request{Method: http.MethodPost, Path: "/whitelist/assign", Body: []byte(parcelBody),
			Header: map[string]string{"Authorization": parcelKey, "Content-Type": "application/json"}, Want: exactly(parcelChanged + `assigned"}}`)},
	},
}

// Baseline is the yardstick: a bare echo v4 server that answers any method on any path (with or
// without a tenant prefix) by reading and decoding the JSON body, if any, and writing a small JSON
// answer: what any Go HTTP service pays, without the emulator's tenant, journal, validation and
// domain logic.
func Baseline() http.Handler {
	ec := echo.New()
	ec.HideBanner, ec.HidePort = true, true
	ec.Any("/*", func(c echo.Context) error {
		raw, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return err
		}
		if len(raw) > 0 {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				return c.JSON(http.StatusBadRequest, map[string]string{"status": "400", "message": "bad JSON"})
			}
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "200", "message": "OK"})
	})
	return ec
}
