package adapty_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/internal/apitest"
)

// getProfileWorld is the profile of Adapty's get-profile example (ss-get-profile.md, the spec's
// getProfile example), written as a fixture.
const getProfileWorld = `
adapty:
  apps:
    - app_id: 14c3d333-2f3a-455a-aa86-ef83dff6913b
      secret_keys: [secret_live_Pj1P1xzM.2CvSvE1IalQRFjsWy6csBVNpH33atnod]
      access_levels: [premium]
      profiles:
        - profile_id: d8533a10-bcce-4e33-8c9d-88b05ac56559
          customer_user_id: 77B14FB4-FD2A-4D38-AA3A-4C433F79863C
          total_revenue_usd: 9.99
          segment_hash: fdaeef7f8aaa33c9
          custom_attributes:
            - {key: favourite_sport, value: yoga}
          access_levels:
            - access_level_id: premium
              store: app_store
              store_product_id: unlimited.9999
              store_base_plan_id: null
              store_transaction_id: "2000000335013007"
              store_original_transaction_id: "2000000335013007"
              offer: null
              starts_at: null
              purchased_at: 2024-12-24T10:50:23+00:00
              originally_purchased_at: 2024-12-24T10:50:23+00:00
              expires_at: null
              renewal_cancelled_at: 2025-01-05T13:27:47.461425+00:00
              billing_issue_detected_at: null
              is_in_grace_period: false
              cancellation_reason: null
          subscriptions:
            - store: app_store
              store_product_id: unlimited.9999
              store_transaction_id: "2000000815013007"
              store_original_transaction_id: "2000000815013007"
              environment: Sandbox
              purchased_at: 2024-12-24T10:50:23+00:00
              originally_purchased_at: 2024-12-24T10:50:23+00:00
              expires_at: null
            - store: app_store
              store_product_id: weekly.premium.599
              store_transaction_id: "2000000825768152"
              store_original_transaction_id: "2000000815033245"
              environment: Sandbox
              purchased_at: 2024-12-24T11:13:04+00:00
              originally_purchased_at: 2024-12-24T11:13:04+00:00
              expires_at: 2025-01-10T11:34:40+00:00
          non_subscriptions:
            - purchase_id: 7a5f9a7d-e236-33e6-96d8-53a3c59c5562
              store: app_store
              store_product_id: 1year.premium
              store_transaction_id: "30002109551456"
              store_original_transaction_id: "30002109551456"
              purchased_at: 2022-10-12T09:42:50+00:00
              environment: Production
`

// docGetProfile is the documented response (ss-get-profile.md, verbatim) with its timestamp
// replaced by %d: the emulator answers the current time there.
const docGetProfile = `{
    "data": {
        "app_id": "14c3d333-2f3a-455a-aa86-ef83dff6913b",
        "profile_id": "d8533a10-bcce-4e33-8c9d-88b05ac56559",
        "customer_user_id": "77B14FB4-FD2A-4D38-AA3A-4C433F79863C",
        "total_revenue_usd": 9.99,
        "segment_hash": "fdaeef7f8aaa33c9",
        "timestamp": %d,
        "custom_attributes": [
            {
                "key": "favourite_sport",
                "value": "yoga"
            }
        ],
        "access_levels": [
            {
                "access_level_id": "premium",
                "store": "app_store",
                "store_product_id": "unlimited.9999",
                "store_base_plan_id": null,
                "store_transaction_id": "2000000335013007",
                "store_original_transaction_id": "2000000335013007",
                "offer": null,
                "starts_at": null,
                "purchased_at": "2024-12-24T10:50:23+00:00",
                "originally_purchased_at": "2024-12-24T10:50:23+00:00",
                "expires_at": null,
                "renewal_cancelled_at": "2025-01-05T13:27:47.461425+00:00",
                "billing_issue_detected_at": null,
                "is_in_grace_period": false,
                "cancellation_reason": null
            }
        ],
        "subscriptions": [
            {
                "store": "app_store",
                "store_product_id": "unlimited.9999",
                "store_base_plan_id": null,
                "store_transaction_id": "2000000815013007",
                "store_original_transaction_id": "2000000815013007",
                "offer": null,
                "environment": "Sandbox",
                "purchased_at": "2024-12-24T10:50:23+00:00",
                "originally_purchased_at": "2024-12-24T10:50:23+00:00",
                "expires_at": null,
                "renewal_cancelled_at": null,
                "billing_issue_detected_at": null,
                "is_in_grace_period": false,
                "cancellation_reason": null
            },
            {
                "store": "app_store",
                "store_product_id": "weekly.premium.599",
                "store_base_plan_id": null,
                "store_transaction_id": "2000000825768152",
                "store_original_transaction_id": "2000000815033245",
                "offer": null,
                "environment": "Sandbox",
                "purchased_at": "2024-12-24T11:13:04+00:00",
                "originally_purchased_at": "2024-12-24T11:13:04+00:00",
                "expires_at": "2025-01-10T11:34:40+00:00",
                "renewal_cancelled_at": null,
                "billing_issue_detected_at": null,
                "is_in_grace_period": false,
                "cancellation_reason": null
            }
        ],
        "non_subscriptions": [
            {
                "purchase_id": "7a5f9a7d-e236-33e6-96d8-53a3c59c5562",
                "store": "app_store",
                "store_product_id": "1year.premium",
                "store_base_plan_id": null,
                "store_transaction_id": "30002109551456",
                "store_original_transaction_id": "30002109551456",
                "purchased_at": "2022-10-12T09:42:50+00:00",
                "environment": "Production",
                "is_refund": false,
                "is_consumable": false
            }
        ]
    }
}`

func TestGetProfile_ReproducesTheDocumentedExample(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New(), getProfileWorld)
	for _, headers := range [][]string{
		{"adapty-customer-user-id", "77B14FB4-FD2A-4D38-AA3A-4C433F79863C"},
		{"adapty-profile-id", "d8533a10-bcce-4e33-8c9d-88b05ac56559"},
	} {
		res := s.Do("GET", profilePath, "", append(headers, "Authorization", docKey)...)
		var p profileResponse
		res.JSON(&p)
		res.Expect(200, fmt.Sprintf(docGetProfile, p.Data.Timestamp))
	}
}

// A profile answers with every field of the spec's Profile in its order, even from a three-line
// fixture: documented defaults (nulls, false, empty arrays) and fake ids fill the rest.
func TestGetProfile_MinimalFixtureFillsEveryField(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New(), `
adapty:
  apps:
    - secret_keys: [`+secretKey+`]
      profiles: [{customer_user_id: min, access_levels: [{access_level_id: premium}], custom_attributes: [{key: age, value: 30}, {key: pro, value: true}]}]
`)
	res := s.Do("GET", profilePath, "", as("min")...)
	var raw map[string]json.RawMessage
	res.JSON(&struct{ Data *map[string]json.RawMessage }{&raw})
	keys := orderedKeys(t, res.Body, `"data":{`)
	want := "app_id profile_id customer_user_id total_revenue_usd segment_hash timestamp custom_attributes access_levels subscriptions non_subscriptions"
	if keys != want {
		t.Errorf("profile keys:\n got %s\nwant %s", keys, want)
	}
	if got := string(raw["custom_attributes"]); got != `[{"key":"age","value":30.0},{"key":"pro","value":1.0}]` {
		t.Errorf("custom_attributes = %s", got)
	}
	if got := string(raw["subscriptions"]) + string(raw["non_subscriptions"]); got != "[][]" {
		t.Errorf("subscriptions, non_subscriptions = %s", got)
	}
	levelKeys := orderedKeys(t, res.Body, `"access_levels":[{`)
	wantLevel := "access_level_id store store_product_id store_base_plan_id store_transaction_id store_original_transaction_id offer starts_at purchased_at originally_purchased_at expires_at renewal_cancelled_at billing_issue_detected_at is_in_grace_period cancellation_reason"
	if levelKeys != wantLevel {
		t.Errorf("access level keys:\n got %s\nwant %s", levelKeys, wantLevel)
	}
}

// orderedKeys lists the top-level keys of the object that starts right after marker in body.
func orderedKeys(t *testing.T, body, marker string) string {
	t.Helper()
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("%s not in %s", marker, body)
	}
	dec := json.NewDecoder(strings.NewReader(body[i+len(marker)-1:]))
	var keys []string
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return strings.Join(keys, " ")
}

// The microseconds date style prints dates as Adapty's generic response example does.
func TestGetProfile_MicrosecondsDateStyle(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New(), strings.Replace(getProfileWorld, "adapty:\n", "adapty:\n  options: {date_style: microseconds}\n", 1))
	body := s.Do("GET", profilePath, "", "Authorization", docKey, "adapty-profile-id", "d8533a10-bcce-4e33-8c9d-88b05ac56559").Body
	for _, want := range []string{
		`"purchased_at":"2024-12-24T10:50:23.000000+0000"`,
		`"renewal_cancelled_at":"2025-01-05T13:27:47.461425+0000"`,
		`"expires_at":"2025-01-10T11:34:40.000000+0000"`,
		`"purchased_at":"2022-10-12T09:42:50.000000+0000"`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("%s missing from %s", want, body)
		}
	}
}

// Revoke answers 200 with the whole updated profile: the documented profile, with the access
// level's expires_at set to revoke_at and cancellation_reason "adapty_revoked", byte for byte.
func TestRevoke_AnswersTheWholeUpdatedProfile(t *testing.T) {
	s := apitest.StartAlone(t, adapty.New(), getProfileWorld)
	res := s.Do("POST", revokePath, `{"access_level_id": "premium", "revoke_at": "2099-01-01T00:00:00.000000+0000"}`,
		"Authorization", docKey, "adapty-customer-user-id", "77B14FB4-FD2A-4D38-AA3A-4C433F79863C", "Content-Type", "application/json")
	var p profileResponse
	res.JSON(&p)
	want := fmt.Sprintf(docGetProfile, p.Data.Timestamp)
	want = strings.Replace(want, `"expires_at": null`, `"expires_at": "2099-01-01T00:00:00+00:00"`, 1)
	want = strings.Replace(want, `"cancellation_reason": null`, `"cancellation_reason": "adapty_revoked"`, 1)
	res.Expect(200, want)
	// Read back, the profile is the same.
	again := s.Do("GET", profilePath, "", "Authorization", docKey, "adapty-profile-id", "d8533a10-bcce-4e33-8c9d-88b05ac56559")
	if withoutTimestamp(again.Body) != withoutTimestamp(res.Body) {
		t.Errorf("get profile after revoke differs from the revoke's answer:\n%s\n%s", again.Body, res.Body)
	}
}

var timestampField = regexp.MustCompile(`"timestamp":[0-9]+`)

func withoutTimestamp(body string) string { return timestampField.ReplaceAllString(body, "") }
