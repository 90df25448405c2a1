package adapty_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/internal/apitest"
)

// The default world's identities (fixtures/default.yaml).
const (
	secretKey   = "secret_live_accessem.0123456789abcdefghijklmnopqrstuv"
	apiKey      = "Api-Key " + secretKey
	appID       = "5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b"
	premiumID   = "0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e01"
	lifetimeID  = "0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e02"
	freeID      = "0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e03"
	revokePath  = "/api/v2/server-side-api/purchase/profile/revoke/access-level/"
	grantPath   = "/api/v2/server-side-api/purchase/profile/grant/access-level/"
	profilePath = "/api/v2/server-side-api/profile/"
	// setTransactionPath is set transaction's path.
	setTransactionPath = "/api/v2/server-side-api/purchase/set/transaction/"
)

// Documented bodies, verbatim from Adapty's docs (reference §6).
const (
	docNotAuthenticated = `{
  "errors": [
    {
      "source": "non_field_errors",
      "errors": [
        "Authentication credentials were not provided."
      ]
    }
  ],
  "error_code": "not_authenticated",
  "status_code": 401
}`
	docProfileNotFound404 = `{
    "errors": [
        {
            "source": null,
            "errors": [
                "Profile not found"
            ]
        }
    ],
    "error_code": "profile_does_not_exist",
    "status_code": 404
}`
	docProfileDoesNotExist400 = `{
  "errors": [
    {
      "source": "non_field_errors",
      "errors": [
        "Profile not found"
      ]
    }
  ],
  "error_code": "profile_does_not_exist",
  "status_code": 400
}`
	docPaidAccessLevelDoesNotExist = `{
  "errors": [
    {
      "source": "non_field_errors",
      "errors": [
        "Paid access level ` + "`premium`" + ` does not exist"
      ]
    }
  ],
  "error_code": "paid_access_level_does_not_exist",
  "status_code": 400
}`
	docProfilePaidAccessLevelDoesNotExist = `{
  "errors": [
    {
      "source": "non_field_errors",
      "errors": [
        "Profile ` + "`478b2e7f-d557-4b8b-9c5f-cbd46fc2dee2`" + ` has no ` + "`premium`" + ` access level"
      ]
    }
  ],
  "error_code": "profile_paid_access_level_does_not_exist",
  "status_code": 400
}`
	docRevocationDateMoreThanExpirationDate = `  {
  "errors": [
    {
      "source": "revoke_at",
      "errors": [
        "Revocation date (2029-08-29 09:33:42+00:00) is more than current expiration date (2028-08-29 09:33:42+00:00)"
      ]
    }
  ],
  "error_code": "revocation_date_more_than_expiration_date",
  "status_code": 400
}`
	docValueError = `{
    "errors": [
        {
            "source": null,
            "errors": [
                "Must be greater than the current time or null"
            ]
        }
    ],
    "error_code": "value_error",
    "status_code": 400
}`
	docParseError = `{
    "errors": [
        {
            "source": null,
            "errors": [
                "JSON parse error - Expecting ',' delimiter: line 4 column 3 (char 67)"
            ]
        }
    ],
    "error_code": "parse_error",
    "status_code": 400
}`
)

// errorBody is an Adapty envelope with one item.
func errorBody(source any, message, code string, status int) string {
	src, _ := json.Marshal(source)
	msg, _ := json.Marshal(message)
	return fmt.Sprintf(`{"errors":[{"source":%s,"errors":[%s]}],"error_code":%q,"status_code":%d}`, src, msg, code, status)
}

func parseError(message string) string {
	return errorBody(nil, "JSON parse error - "+message, "parse_error", 400)
}

func profileNotHolding(profileID, level string) string {
	return errorBody("non_field_errors", fmt.Sprintf("Profile `%s` has no `%s` access level", profileID, level), "profile_paid_access_level_does_not_exist", 400)
}

func paidLevelMissing(level string) string {
	return errorBody("non_field_errors", fmt.Sprintf("Paid access level `%s` does not exist", level), "paid_access_level_does_not_exist", 400)
}

// as sends the request as the default app's key for a customer_user_id.
func as(customer string) []string {
	return []string{"Authorization", apiKey, "adapty-customer-user-id", customer, "Content-Type", "application/json"}
}

// Decoded profile responses, for reading state back.
type profileResponse struct {
	Data profileData `json:"data"`
}

type profileData struct {
	AppID          string        `json:"app_id"`
	ProfileID      string        `json:"profile_id"`
	CustomerUserID *string       `json:"customer_user_id"`
	Timestamp      int64         `json:"timestamp"`
	AccessLevels   []accessLevel `json:"access_levels"`
}

type accessLevel struct {
	AccessLevelID              string  `json:"access_level_id"`
	Store                      string  `json:"store"`
	StoreProductID             string  `json:"store_product_id"`
	StoreTransactionID         string  `json:"store_transaction_id"`
	StoreOriginalTransactionID string  `json:"store_original_transaction_id"`
	StartsAt                   *string `json:"starts_at"`
	PurchasedAt                string  `json:"purchased_at"`
	ExpiresAt                  *string `json:"expires_at"`
	CancellationReason         *string `json:"cancellation_reason"`
}

func (p profileData) level(t *testing.T, id string) accessLevel {
	t.Helper()
	for _, l := range p.AccessLevels {
		if l.AccessLevelID == id {
			return l
		}
	}
	t.Fatalf("profile %s has no access level %q: %+v", p.ProfileID, id, p.AccessLevels)
	return accessLevel{}
}

func decodeProfile(t *testing.T, res *apitest.Result) profileData {
	t.Helper()
	if res.Status != 200 {
		t.Fatalf("status = %d, want 200; body: %s", res.Status, res.Body)
	}
	var p profileResponse
	res.JSON(&p)
	return p.Data
}

func getProfile(t *testing.T, s *apitest.Server, customer string) profileData {
	t.Helper()
	return decodeProfile(t, s.Do("GET", profilePath, "", as(customer)...))
}

// parseDate reads a response date (isoformat, +00:00).
func parseDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02T15:04:05.999999-07:00", s)
	if err != nil {
		t.Fatalf("date %q: %v", s, err)
	}
	return d
}

// isoformat prints t as Python's datetime.isoformat() does for UTC.
func isoformat(t time.Time) string {
	s := t.UTC().Format("2006-01-02T15:04:05.000000")
	s = strings.TrimSuffix(s, ".000000")
	return s + "+00:00"
}

// pyStr prints t as Python's str(datetime) does for UTC.
func pyStr(t time.Time) string { return strings.Replace(isoformat(t), "T", " ", 1) }

// within fails unless lo <= got <= hi, all truncated to what the API shows (microseconds).
func within(t *testing.T, what string, got, lo, hi time.Time) {
	t.Helper()
	lo, hi = lo.Truncate(time.Microsecond), hi.Truncate(time.Microsecond)
	if got.Before(lo) || got.After(hi) {
		t.Errorf("%s = %s, want between %s and %s", what, got, lo, hi)
	}
}

func strp(s string) *string { return &s }

func str(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}
