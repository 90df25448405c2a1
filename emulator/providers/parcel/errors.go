package parcel

import (
	"errors"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
)

// Error is one of Parcel's documented answers, named so that scenarios and tests can refer to it.
type Error struct {
	Name    string
	Status  int
	Message string
	// NoData marks the bodies Parcel documents without a data key (401, 500).
	NoData bool
}

func (e *Error) Error() string { return e.Message }

// The catalogue: every error Parcel documents for the whitelist endpoints, plus the emulator's
// answers for cases Parcel leaves undocumented (marked assumed).
var (
	ErrNoAuthorizationKey      = &Error{"no_authorization_key", 401, "No authorization key was provided.", true}
	ErrInvalidAuthorizationKey = &Error{"invalid_authorization_key", 401, "Invalid authorization key.", true}
	ErrMissingBodyParameters   = &Error{"missing_body_parameters", 400, "Missing Body Parameters.\nRequired params: product_id, userid, userid_type", false}
	ErrMissingQueryParameter   = &Error{"missing_query_parameter", 400, "Missing Query Parameter.\nRequired params: product_id", false}
	ErrInvalidType             = &Error{"invalid_type", 400, "Invalid type.\nAvailable types: roblox, discord", false}
	ErrUserDoesNotOwnLicense   = &Error{"user_does_not_own_license", 400, "User does not own this license.", false}
	ErrUserAlreadyOwnsLicense  = &Error{"user_already_owns_license", 400, "User already owns license.", false}
	ErrProductDoesNotExist     = &Error{"product_does_not_exist", 404, "Product does not exist.", false}
	ErrNoRobloxAccount         = &Error{"no_roblox_account", 404, "No Roblox Account associated to this Discord User ID.", false}
	ErrInternalServerError     = &Error{"internal_server_error", 500, "Internal Server Error", true}
	// ErrNotFound answers an unknown path or method (assumed: Parcel documents none).
	ErrNotFound = &Error{"not_found", 404, "Not Found", true}
	// ErrRateLimited answers a rate-limited request (assumed: no 429 body has been observed).
	ErrRateLimited = &Error{"rate_limited", 429, "Too Many Requests", true}
	// ErrRequestTooLarge answers a body over the emulator's cap (assumed: Parcel documents no limit).
	ErrRequestTooLarge = &Error{"request_too_large", 413, "Payload Too Large", true}
)

// Catalogue lists every named error of the provider.
var Catalogue = []*Error{
	ErrNoAuthorizationKey, ErrInvalidAuthorizationKey, ErrMissingBodyParameters, ErrMissingQueryParameter,
	ErrInvalidType, ErrUserDoesNotOwnLicense, ErrUserAlreadyOwnsLicense, ErrProductDoesNotExist,
	ErrNoRobloxAccount, ErrInternalServerError, ErrNotFound, ErrRateLimited, ErrRequestTooLarge,
}

// envelope is Parcel's body: status as a string equal to the HTTP status, then message, then data.
type envelope struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

type emptyData struct{}

// Render writes err in Parcel's envelope; anything that is not a catalogue error is Parcel's 500.
func (p *Parcel) Render(err error) provider.Response {
	var pe *Error
	if !errors.As(err, &pe) {
		pe = ErrInternalServerError
	}
	env := envelope{Status: statusText(pe.Status), Message: pe.Message}
	if !pe.NoData {
		env.Data = emptyData{}
	}
	return provider.Response{Status: pe.Status, Body: env}
}

// ErrorNames lists the catalogue.
func (p *Parcel) ErrorNames() []string {
	names := make([]string, len(Catalogue))
	for i, e := range Catalogue {
		names[i] = e.Name
	}
	return names
}

// NamedError returns a catalogue error; Parcel's messages carry no request ids.
func (p *Parcel) NamedError(name string, _ provider.State, _ *provider.Request) (error, bool) {
	for _, e := range Catalogue {
		if e.Name == name {
			return e, true
		}
	}
	return nil, false
}

// RateLimit is the rule rate_limit scenarios use unless they set their own. Parcel documents no
// limit; 60 requests a minute per key, with no extra lock-out, is the emulator's assumption.
func (p *Parcel) RateLimit() (int, time.Duration, time.Duration) { return 60, time.Minute, 0 }
