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
	// Detail is the schema-validation answer's "error" string; the key is left out when empty.
	Detail string
}

func (e *Error) Error() string { return e.Message }

// The catalogue: every error Parcel documents for the whitelist and product endpoints, plus the
// emulator's answers for cases Parcel leaves undocumented (marked assumed).
var (
	ErrNoAuthorizationKey      = &Error{"no_authorization_key", 401, "No authorization key was provided.", true, ""}
	ErrInvalidAuthorizationKey = &Error{"invalid_authorization_key", 401, "Invalid authorization key.", true, ""}
	ErrMissingBodyParameters   = &Error{"missing_body_parameters", 400, "Missing Body Parameters.\nRequired params: product_id, userid, userid_type", false, ""}
	ErrMissingQueryParameter   = &Error{"missing_query_parameter", 400, "Missing Query Parameter.\nRequired params: product_id", false, ""}
	ErrInvalidType             = &Error{"invalid_type", 400, "Invalid type.\nAvailable types: roblox, discord", false, ""}
	ErrUserDoesNotOwnLicense   = &Error{"user_does_not_own_license", 400, "User does not own this license.", false, ""}
	ErrUserAlreadyOwnsLicense  = &Error{"user_already_owns_license", 400, "User already owns license.", false, ""}
	ErrProductDoesNotExist     = &Error{"product_does_not_exist", 404, "Product does not exist.", false, ""}
	ErrNoRobloxAccount         = &Error{"no_roblox_account", 404, "No Roblox Account associated to this Discord User ID.", false, ""}
	// ErrSchemaValidation answers a transfer or product body that breaks its schema; Detail says
	// how, in the words of Node's Joi validator (the real wording is undocumented).
	ErrSchemaValidation            = &Error{"schema_validation", 400, "Your payload did not pass the Schema validation.", false, `"product_id" is required`}
	ErrSenderDoesNotOwnLicense     = &Error{"sender_does_not_own_license", 400, "Sender does not own this license.", false, ""}
	ErrRecipientAlreadyOwnsLicense = &Error{"recipient_already_owns_license", 400, "Recipient already owns license.", false, ""}
	// ErrNameInUse is rendered with the product's name between the quotes (nameInUse).
	ErrNameInUse                = &Error{"name_in_use", 400, nameInUseMessage(""), false, ""}
	ErrDeveloperProductNotFound = &Error{"developer_product_not_found", 400, "Developer Product ID could not be found.\nAre you sure that you've entered the correct developer product ID?\nPossible solution: Make sure the Developer Product exists in the Hub game.", false, ""}
	ErrMissingRoleID            = &Error{"missing_role_id", 400, "Missing role_id or invalid input.", false, ""}
	ErrMissingStock             = &Error{"missing_stock", 400, "Missing stock or invalid input. Please respond with a number between 0-999 or unlimited.", false, ""}
	// ErrMissingProductID answers a product delete without product_id; the docs cut its message
	// off after "Missing Body Pa", so the rest follows revoke's and is the option
	// missing_product_id_message.
	ErrMissingProductID    = &Error{"missing_product_id", 400, DefaultMissingProductIDMessage, false, ""}
	ErrInternalServerError = &Error{"internal_server_error", 500, "Internal Server Error", true, ""}
	// ErrNotFound answers an unknown path or method (assumed: Parcel documents none).
	ErrNotFound = &Error{"not_found", 404, "Not Found", true, ""}
	// ErrRateLimited answers a rate-limited request (assumed: no 429 body has been observed).
	ErrRateLimited = &Error{"rate_limited", 429, "Too Many Requests", true, ""}
	// ErrRequestTooLarge answers a body over the emulator's cap (assumed: Parcel documents no limit).
	ErrRequestTooLarge = &Error{"request_too_large", 413, "Payload Too Large", true, ""}
)

// Catalogue lists every named error of the provider.
var Catalogue = []*Error{
	ErrNoAuthorizationKey, ErrInvalidAuthorizationKey, ErrMissingBodyParameters, ErrMissingQueryParameter,
	ErrInvalidType, ErrUserDoesNotOwnLicense, ErrUserAlreadyOwnsLicense, ErrProductDoesNotExist,
	ErrNoRobloxAccount, ErrSchemaValidation, ErrSenderDoesNotOwnLicense, ErrRecipientAlreadyOwnsLicense,
	ErrNameInUse, ErrDeveloperProductNotFound, ErrMissingRoleID, ErrMissingStock, ErrMissingProductID,
	ErrInternalServerError, ErrNotFound, ErrRateLimited, ErrRequestTooLarge,
}

// DefaultMissingProductIDMessage is the delete's "Missing Body Parameters" answer unless the world
// sets missing_product_id_message.
const DefaultMissingProductIDMessage = "Missing Body Parameters.\nRequired params: product_id"

func nameInUseMessage(name string) string {
	return "The name '" + name + "' is already in-use.\nPlease use a different product name."
}

// nameInUse is the create and update answer for a name another product of the hub has.
func nameInUse(name string) *Error {
	e := *ErrNameInUse
	e.Message = nameInUseMessage(name)
	return &e
}

// schemaError is the schema-validation answer with its "error" string.
func schemaError(detail string) *Error {
	e := *ErrSchemaValidation
	e.Detail = detail
	return &e
}

// envelope is Parcel's body: status as a string equal to the HTTP status, then message, then data.
type envelope struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Error   string `json:"error,omitempty"`
	Data    any    `json:"data,omitempty"`
}

type emptyData struct{}

// Render writes err in Parcel's envelope; anything that is not a catalogue error is Parcel's 500.
func (p *Parcel) Render(err error) provider.Response {
	var pe *Error
	if !errors.As(err, &pe) {
		pe = ErrInternalServerError
	}
	env := envelope{Status: statusText(pe.Status), Message: pe.Message, Error: pe.Detail}
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

// NamedError returns a catalogue error: the schema's "error" string is the request body's first
// failure (else the catalogue's example), a product delete's missing product_id answers the world's
// message, and "already in-use" names no product, as the docs' example does.
func (p *Parcel) NamedError(name string, st provider.State, r *provider.Request) (error, bool) {
	w, _ := st.(*world)
	switch name {
	case ErrSchemaValidation.Name:
		if w != nil && r != nil && r.Op != nil {
			if detail := p.schemaDetail(w, r); detail != "" {
				return schemaError(detail), true
			}
		}
	case ErrMissingProductID.Name:
		return missingProductID(w), true
	}
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
