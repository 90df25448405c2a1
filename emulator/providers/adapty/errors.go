package adapty

import (
	"errors"
	"fmt"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// Error is one of Adapty's answers, named so that scenarios and tests can refer to it. Its Items are
// the envelope's errors list; catalogue entries carry the documented example text, and With fills
// a parameterised message with the request's values.
type Error struct {
	// Name is the stable catalogue name.
	Name string
	// Status is the HTTP status, repeated as status_code in the body.
	Status int
	// Code is the body's error_code.
	Code  string
	Items []Item
	// format is the message with verbs where the documented text carries ids or dates.
	format string
}

// Item is one entry of the envelope's errors list: a source (null for none) and its messages.
type Item struct {
	Source *string
	Errors []string
}

func (e *Error) Error() string {
	if len(e.Items) > 0 && len(e.Items[0].Errors) > 0 {
		return e.Code + ": " + e.Items[0].Errors[0]
	}
	return e.Code
}

// Is matches any instance of the same catalogue entry, whatever its message's values.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Name == e.Name
}

// With returns the entry with its message filled from args (the access level id, profile id, dates
// or method the documented text shows).
func (e *Error) With(args ...any) *Error {
	c := *e
	c.Items = []Item{{Source: e.Items[0].Source, Errors: []string{fmt.Sprintf(e.format, args...)}}}
	return &c
}

// At returns the entry with its single item's source replaced (a validation error on another field).
func (e *Error) At(source string) *Error {
	c := *e
	c.Items = []Item{{Source: &source, Errors: e.Items[0].Errors}}
	return &c
}

func src(s string) *string { return &s }

func newError(name string, status int, code string, source *string, message, format string) *Error {
	return &Error{Name: name, Status: status, Code: code, Items: []Item{{Source: source, Errors: []string{message}}}, format: format}
}

// The catalogue: every error Adapty documents for its profile and purchase endpoints, plus
// the emulator's answers where Adapty documents none (marked assumed).
var (
	// ErrNotAuthenticated answers a missing or wrong API key (documented; the docs show one body for both).
	ErrNotAuthenticated = newError("not_authenticated", 401, "not_authenticated", src("non_field_errors"),
		"Authentication credentials were not provided.", "")
	// ErrProfileNotFound is the documented 404 for an unknown profile (the default).
	ErrProfileNotFound = newError("profile_not_found", 404, "profile_does_not_exist", nil, "Profile not found", "")
	// ErrProfileDoesNotExist is the documented 400 for an unknown profile (options.unknown_profile_status: 400).
	ErrProfileDoesNotExist = newError("profile_does_not_exist", 400, "profile_does_not_exist", src("non_field_errors"),
		"Profile not found", "")
	// ErrPaidAccessLevelDoesNotExist: the access level is not configured for the app (documented).
	ErrPaidAccessLevelDoesNotExist = newError("paid_access_level_does_not_exist", 400, "paid_access_level_does_not_exist",
		src("non_field_errors"), "Paid access level `premium` does not exist", "Paid access level `%s` does not exist")
	// ErrProfilePaidAccessLevelDoesNotExist: the profile has no active such level (documented).
	ErrProfilePaidAccessLevelDoesNotExist = newError("profile_paid_access_level_does_not_exist", 400,
		"profile_paid_access_level_does_not_exist", src("non_field_errors"),
		"Profile `478b2e7f-d557-4b8b-9c5f-cbd46fc2dee2` has no `premium` access level", "Profile `%s` has no `%s` access level")
	// ErrRevocationDateMoreThanExpirationDate: revoke_at is after the current expires_at (documented).
	ErrRevocationDateMoreThanExpirationDate = newError("revocation_date_more_than_expiration_date", 400,
		"revocation_date_more_than_expiration_date", src("revoke_at"),
		"Revocation date (2029-08-29 09:33:42+00:00) is more than current expiration date (2028-08-29 09:33:42+00:00)",
		"Revocation date (%s) is more than current expiration date (%s)")
	// ErrValueError: revoke_at is not in the future (documented).
	ErrValueError = newError("value_error", 400, "value_error", nil, "Must be greater than the current time or null", "")
	// ErrParseError: the body is not JSON (documented; the message is Python's json error, computed).
	ErrParseError = newError("parse_error", 400, "parse_error", nil,
		"JSON parse error - Expecting ',' delimiter: line 4 column 3 (char 67)", "JSON parse error - %s")

	// ErrFieldRequired: a required body field is missing (assumed, pydantic v1 wording).
	ErrFieldRequired = newError("missing", 400, "missing", src("access_level_id"), "field required", "")
	// ErrNoneNotAllowed: a required body field is null (assumed, pydantic v1 wording).
	ErrNoneNotAllowed = newError("not_allowed", 400, "not_allowed", src("access_level_id"), "none is not an allowed value", "")
	// ErrStrTypeExpected: a string field holds an array, object or boolean (assumed, pydantic v1 wording).
	ErrStrTypeExpected = newError("str", 400, "str", src("access_level_id"), "str type expected", "")
	// ErrInvalidDatetime: a date field is not an ISO 8601 date-time (assumed, from the Web API's
	// documented InvalidDateFormat body).
	ErrInvalidDatetime = newError("datetime", 400, "datetime", src("revoke_at"), "invalid datetime format", "")
	// ErrDatetimeType: a date field holds an array or object (assumed, pydantic v1 wording).
	ErrDatetimeType = newError("datetime_type", 400, "type_error", src("revoke_at"),
		"invalid type; expected datetime, string, bytes, int or float", "")
	// ErrNotAnObject: the body is JSON but not an object (assumed, pydantic v1 parse_obj wording).
	ErrNotAnObject = newError("expected_dict", 400, "type_error", src("__root__"),
		"RevokeAccessRequest expected dict not list", "%s expected dict not %s")

	// ErrEnum: a value outside its enumeration (assumed, pydantic v1 wording; InvalidEnumerationMember
	// documents the code for the Web API).
	ErrEnum = newError("enum", 400, "enum", src("gender"), "value is not a valid enumeration member; permitted: 'f', 'm', 'o'",
		"value is not a valid enumeration member; permitted: %s")
	// ErrMaxLength: a string over its maximum length, e.g. store_transaction_id over 50 (assumed, pydantic v1 wording).
	ErrMaxLength = newError("max_length", 400, "max_length", src("store_transaction_id"), "ensure this value has at most 50 characters",
		"ensure this value has at most %d characters")
	// ErrRegex: a custom attribute key with characters other than letters, digits, dashes, points and
	// underscores (assumed, pydantic v1 wording).
	ErrRegex = newError("regex", 400, "regex", src("custom_attributes.0.key"), `string does not match regex "^[A-Za-z0-9_.-]+$"`,
		`string does not match regex "%s"`)
	// ErrEmail: email is not an address (assumed, pydantic v1 wording).
	ErrEmail = newError("email", 400, "email", src("email"), "value is not a valid email address", "")
	// ErrUUID: a uuid field that is not a UUID (assumed, pydantic v1 wording).
	ErrUUID = newError("uuid", 400, "uuid", src("installation_meta.device_id"), "value is not a valid uuid", "")
	// ErrInvalidDate: birthday is not a YYYY-MM-DD date (assumed, pydantic v1 wording).
	ErrInvalidDate = newError("date", 400, "date", src("birthday"), "invalid date format", "")
	// ErrBool: a boolean field holds something else (assumed, pydantic v1 wording).
	ErrBool = newError("bool", 400, "bool", src("renew_status"), "value could not be parsed to a boolean", "")
	// ErrFloat: a number field holds something else (assumed, pydantic v1 wording).
	ErrFloat = newError("float", 400, "float", src("price.value"), "value is not a valid float", "")
	// ErrDict: an object field holds something else (assumed, pydantic v1 wording).
	ErrDict = newError("dict", 400, "dict", src("price"), "value is not a valid dict", "")
	// ErrList: a list field holds something else (assumed, pydantic v1 wording).
	ErrList = newError("list", 400, "list", src("custom_attributes"), "value is not a valid list", "")
	// ErrMaxItems: more than 30 custom attributes, sent or after an update's merge (assumed, pydantic
	// v1 wording for the documented cap).
	ErrMaxItems = newError("max_items", 400, "max_items", src("custom_attributes"), "ensure this value has at most 30 items", "")
	// ErrMissingDiscriminator: a transaction without purchase_type (assumed, pydantic v1 wording).
	ErrMissingDiscriminator = newError("missing_discriminator", 400, "missing_discriminator", src("purchase_type"),
		"Discriminator 'purchase_type' is missing in value", "")
	// ErrInvalidDiscriminator: purchase_type is neither one_time_purchase nor subscription (assumed,
	// pydantic v1 wording).
	ErrInvalidDiscriminator = newError("invalid_discriminator", 400, "invalid_discriminator", src("purchase_type"),
		"No match for discriminator 'purchase_type' and value 'PRODUCT_PERIOD' (allowed values: 'one_time_purchase', 'subscription')",
		"No match for discriminator 'purchase_type' and value %s (allowed values: 'one_time_purchase', 'subscription')")
	// ErrCustomerUserIDAlreadyExists: create profile attaching a customer_user_id another profile
	// has (assumed: code and message are the emulator's; Adapty documents no answer).
	ErrCustomerUserIDAlreadyExists = newError("customer_user_id_already_exists", 400, "customer_user_id_already_exists",
		src("non_field_errors"), "Profile with this customer_user_id already exists", "")

	// ErrNotFound answers a path Adapty does not serve (assumed; DRF's NotFound wording).
	ErrNotFound = newError("not_found", 404, "not_found", nil, "Not found.", "")
	// ErrMethodNotAllowed answers a wrong method on a known path (assumed; DRF's wording).
	ErrMethodNotAllowed = newError("method_not_allowed", 405, "method_not_allowed", nil,
		"Method \"GET\" not allowed.", "Method \"%s\" not allowed.")
	// ErrRateLimited answers a rate-limited request (assumed: the code is documented for the
	// virtual-currency endpoints, the body nowhere; DRF's throttling wording).
	ErrRateLimited = newError("rate_limited", 429, "rate_limited", nil, "Request was throttled.", "")
	// ErrRequestTooLarge answers a body over the emulator's cap (assumed: Django refuses it with
	// RequestDataTooBig, which Adapty's envelope would carry as a 400).
	ErrRequestTooLarge = newError("request_too_large", 400, "request_too_large", nil,
		"Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.", "")
	// ErrServerError is the 500 (assumed: the spec documents a 500 without a body; DRF's wording).
	ErrServerError = newError("server_error", 500, "server_error", nil, "A server error occurred.", "")
)

// Set transaction's documented 400s: one rule of the transaction broken (documented, each body verbatim).
var (
	ErrBillingIssueDetectedAtDateComparison = newError("billing_issue_detected_at_date_comparison_error", 400,
		"billing_issue_detected_at_date_comparison_error", src("billing_issue_detected_at"),
		"billing_issue_detected_at must be later than purchased_at.", "")
	ErrExpiresDate = newError("expires_date_error", 400, "expires_date_error", src("expires_at"),
		"expires_at must be later than purchased_at.", "")
	ErrFamilySharePrice = newError("family_share_price_error", 400, "family_share_price_error", src("is_family_shared"),
		"If is_family_shared is true, price.value must be 0.", "")
	ErrFreeTrialPrice = newError("free_trial_price_error", 400, "free_trial_price_error", src("offer_type"),
		"If offer_type is 'free_trial', price.value must be 0.", "")
	ErrGracePeriodBilling = newError("grace_period_billing_error", 400, "grace_period_billing_error", src("grace_period_billing_error"),
		"If grace_period_expires_at is specified, billing_issue_detected_at must also be specified.", "")
	ErrGracePeriodExpiresDate = newError("grace_period_expires_date_error", 400, "grace_period_expires_date_error",
		src("grace_period_expires_at"), "grace_period_expires_at must be later or equal to expires_at.", "")
	ErrMissingOfferID = newError("missing_offer_id", 400, "missing_offer_id", src("offer_category"),
		"offer_id must be specified for all offer types except 'introductory'.", "")
	ErrOriginallyPurchasedDate = newError("originally_purchased_date_error", 400, "originally_purchased_date_error",
		src("originally_purchased_at"), "originally_purchased_at must be earlier than or equal to purchased_at.", "")
	ErrRefundDate = newError("refund_date_error", 400, "refund_date_error", src("refunded_at"),
		"refunded_at must be later than purchased_at.", "")
	ErrRefundFields = newError("refund_fields_error", 400, "refund_fields_error", src("refunded_at"),
		"refunded_at and cancellation_reason=refund must be specified together.", "")
	ErrRenewStatusChangedDate = newError("renew_status_changed_date_error", 400, "renew_status_changed_date_error",
		src("renew_status_changed_at"), "renew_status_changed_at must be later than purchased_at.", "")
	ErrStoreTransactionID = newError("store_transaction_id_error", 400, "store_transaction_id_error", src("store_transaction_id"),
		"store_transaction_id must be equal to store_original_transaction_id for purchase.", "")
	ErrOneTimePurchaseTrial = newError("one_time_purchase_trial_error", 400, "one_time_purchase_trial_error", src("offer.type"),
		"One-time purchase cannot have a trial.", "")
)

// Catalogue lists every named error of the provider.
var Catalogue = []*Error{
	ErrNotAuthenticated, ErrProfileNotFound, ErrProfileDoesNotExist, ErrPaidAccessLevelDoesNotExist,
	ErrProfilePaidAccessLevelDoesNotExist, ErrRevocationDateMoreThanExpirationDate, ErrValueError,
	ErrParseError, ErrFieldRequired, ErrNoneNotAllowed, ErrStrTypeExpected, ErrInvalidDatetime,
	ErrDatetimeType, ErrNotAnObject, ErrNotFound, ErrMethodNotAllowed, ErrRateLimited, ErrRequestTooLarge,
	ErrServerError,
	ErrBillingIssueDetectedAtDateComparison, ErrExpiresDate, ErrFamilySharePrice, ErrFreeTrialPrice,
	ErrGracePeriodBilling, ErrGracePeriodExpiresDate, ErrMissingOfferID, ErrOriginallyPurchasedDate, ErrRefundDate,
	ErrRefundFields, ErrRenewStatusChangedDate, ErrStoreTransactionID, ErrOneTimePurchaseTrial,
	ErrEnum, ErrMaxLength, ErrRegex, ErrEmail, ErrUUID, ErrInvalidDate, ErrBool, ErrFloat, ErrDict, ErrList,
	ErrMaxItems, ErrMissingDiscriminator, ErrInvalidDiscriminator, ErrCustomerUserIDAlreadyExists,
}

// envelope is Adapty's error body, in the documented key order.
type envelope struct {
	Errors     []item `json:"errors"`
	ErrorCode  string `json:"error_code"`
	StatusCode int    `json:"status_code"`
}

type item struct {
	Source *string  `json:"source"`
	Errors []string `json:"errors"`
}

// Render writes err in Adapty's envelope; anything that is not a catalogue error is Adapty's 500.
func (p *Adapty) Render(err error) provider.Response {
	var ae *Error
	if !errors.As(err, &ae) {
		ae = ErrServerError
	}
	env := envelope{Errors: make([]item, len(ae.Items)), ErrorCode: ae.Code, StatusCode: ae.Status}
	for i, it := range ae.Items {
		env.Errors[i] = item{Source: it.Source, Errors: append([]string(nil), it.Errors...)}
	}
	return provider.Response{Status: ae.Status, Body: env}
}

// ErrorNames lists the catalogue.
func (p *Adapty) ErrorNames() []string {
	names := make([]string, len(Catalogue))
	for i, e := range Catalogue {
		names[i] = e.Name
	}
	return names
}

// NamedError returns a catalogue error with the request's values in its message where the docs
// show them: the access level id, the profile id, the dates, the method. What the request does not
// give keeps the documented example's value.
func (p *Adapty) NamedError(name string, st provider.State, r *provider.Request) (error, bool) {
	var e *Error
	for _, c := range Catalogue {
		if c.Name == name {
			e = c
		}
	}
	if e == nil {
		return nil, false
	}
	if r == nil {
		return e, true
	}
	body, _ := contract.DecodeJSON(r.Body)
	obj, _ := body.(map[string]any)
	level, ok := obj["access_level_id"].(string)
	if !ok {
		level = "premium"
	}
	switch e {
	case ErrPaidAccessLevelDoesNotExist:
		return e.With(level), true
	case ErrProfilePaidAccessLevelDoesNotExist:
		profileID := "478b2e7f-d557-4b8b-9c5f-cbd46fc2dee2"
		if ref, ok := requestProfile(st, r); ok {
			profileID = ref.Profile
		}
		return e.With(profileID, level), true
	case ErrRevocationDateMoreThanExpirationDate:
		revokeAt, expires := "2029-08-29 09:33:42+00:00", "2028-08-29 09:33:42+00:00"
		if s, ok := obj["revoke_at"].(string); ok {
			if t, err := contract.ParseDateTime(s); err == nil {
				revokeAt = pyStr(t)
			}
		}
		if ref, ok := requestProfile(st, r); ok {
			pr, _ := st.(*world).profiles.Get(ref)
			if i := pr.level(level); i >= 0 && pr.AccessLevels[i].ExpiresAt.Set {
				expires = pyStr(pr.AccessLevels[i].ExpiresAt.T.UTC())
			}
		}
		return e.With(revokeAt, expires), true
	case ErrMethodNotAllowed:
		if r.Op != nil {
			return e.With(r.Op.Method), true
		}
	}
	return e, true
}

// requestProfile is the profile a request names, when the key and headers resolve to one.
func requestProfile(st provider.State, r *provider.Request) (profileRef, bool) {
	w, ok := st.(*world)
	if !ok || w == nil {
		return profileRef{}, false
	}
	appID, ok := w.appOfKey.Get(apiKey(r.Header.Get("Authorization")))
	if !ok {
		return profileRef{}, false
	}
	ref, _, ok := w.identify(appID, r.Header)
	return ref, ok
}

// RateLimit is Adapty's general server-side limit: 40,000 requests a minute per app (from the docs
// team's notes; the 429 body is undocumented). The emulator counts per key.
func (p *Adapty) RateLimit() (int, time.Duration, time.Duration) { return 40000, time.Minute, 0 }
