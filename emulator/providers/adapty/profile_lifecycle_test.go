package adapty_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// docCreateProfileBody is the create profile page's request body (the spec's example), as JSON.
const docCreateProfileBody = `{
  "first_name": "Jane",
  "last_name": "Doe",
  "gender": "f",
  "email": "jane.doe@example.com",
  "phone_number": "+1234567890",
  "birthday": "2000-12-31",
  "ip_country": "FR",
  "store_country": "US",
  "store": "app_store",
  "analytics_disabled": true,
  "custom_attributes": [
    {
      "key": "favourite_sport",
      "value": "yoga"
    }
  ],
  "installation_meta": {
    "device_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "device": "string",
    "locale": "en",
    "os": "string",
    "platform": "iOS",
    "timezone": "Europe/Rome",
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "idfa": "EA7583CD-A667-48BC-B806-42ECB2B48333",
    "idfv": "E9D48DA5-3930-4B41-8521-D953AECD2F33",
    "advertising_id": "",
    "android_id": "",
    "android_app_set_id": ""
  }
}`

// The ids lifecycleWorld's sequence (ids: 1) draws for the first profile it creates.
const (
	createdProfileID   = "910a2dec-8902-4cc1-beeb-8da1658eec67"
	createdSegmentHash = "f893a2eefb32555e"
)

// createdProfile is the create page's 200 example with the emulator's app, generated ids and clock:
// every other byte is the documented one.
func createdProfile(customer, attributes string) string {
	return `{
    "data": {
        "app_id": "5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b",
        "profile_id": "` + createdProfileID + `",
        "customer_user_id": "` + customer + `",
        "total_revenue_usd": 0.0,
        "segment_hash": "` + createdSegmentHash + `",
        "timestamp": 1705708800000,
        "custom_attributes": [` + attributes + `],
        "access_levels": [],
        "subscriptions": [],
        "non_subscriptions": []
    }
}`
}

const yoga = `{"key": "favourite_sport", "value": "yoga"}`

func TestCreateProfile_DocumentedRequestCreatesTheDocumentedProfile(t *testing.T) {
	s := startLifecycle(t, "")
	jane := as("jane.doe@example.com")
	s.Do("POST", profilePath, docCreateProfileBody, jane...).Expect(200, createdProfile("jane.doe@example.com", yoga))
	// It reads back by either header, and a second create answers the same profile unchanged.
	s.Do("GET", profilePath, "", jane...).Expect(200, createdProfile("jane.doe@example.com", yoga))
	s.Do("GET", profilePath, "", "Authorization", apiKey, "adapty-profile-id", createdProfileID).Expect(200, createdProfile("jane.doe@example.com", yoga))
	s.Do("POST", profilePath, `{"custom_attributes": [{"key": "level", "value": 3}]}`, jane...).Expect(200, createdProfile("jane.doe@example.com", yoga))
}

func TestCreateProfile_HeaderRules(t *testing.T) {
	s := startLifecycle(t, "")
	byID := func(id, customer string) []string {
		h := []string{"Authorization", apiKey, "adapty-profile-id", id}
		if customer != "" {
			h = append(h, "adapty-customer-user-id", customer)
		}
		return h
	}
	freeWith := func(customer, attrs string) string {
		return `{"data":{"app_id":"5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b","profile_id":"0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e03",` +
			`"customer_user_id":"` + customer + `","total_revenue_usd":0.0,"segment_hash":"fedcba9876543210","timestamp":1705708800000,` +
			`"custom_attributes":[` + attrs + `],"access_levels":[],"subscriptions":[],"non_subscriptions":[]}}`
	}
	taken := errorBody("non_field_errors", "Profile with this customer_user_id already exists", "customer_user_id_already_exists", 400)
	s.Run(t, []apitest.Case{
		{Name: "both headers attach the customer_user_id to the profile", Method: "POST", Path: profilePath,
			Header: apitest.Header(byID(freeID, "free@example.com")...), Body: `{"custom_attributes":[` + yoga + `]}`,
			Status: 200, Want: freeWith("free@example.com", `{"key":"favourite_sport","value":"yoga"}`)},
		{Name: "both headers with another profile's customer_user_id", Method: "POST", Path: profilePath,
			Header: apitest.Header(byID(freeID, "user-premium")...), Body: `{}`, Status: 400, Want: taken},
		{Name: "profile id alone answers the profile", Method: "POST", Path: profilePath,
			Header: apitest.Header(byID(freeID, "")...), Body: `{}`, Status: 200, Want: freeWith("user-free", "")},
		{Name: "unknown profile id", Method: "POST", Path: profilePath,
			Header: apitest.Header(byID("3286abd3-48b0-4e9c-a5f6-ac0a006804a6", "new-user")...), Body: `{}`, Status: 404, Want: docProfileNotFound404},
		{Name: "no identity header", Method: "POST", Path: profilePath, Header: apitest.Header("Authorization", apiKey),
			Body: `{}`, Status: 404, Want: docProfileNotFound404},
		{Name: "no key", Method: "POST", Path: profilePath, Header: apitest.Header("adapty-customer-user-id", "new-user"),
			Body: `{}`, Status: 401, Want: docNotAuthenticated},
	}, func(s *apitest.Server) { s.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow) })
	// The attached customer_user_id names the profile; its old one is free for a new profile.
	s.Emu.Reset(emulator.DefaultTenant)
	s.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow)
	s.Do("POST", profilePath, `{}`, byID(freeID, "free@example.com")...)
	s.Do("GET", profilePath, "", as("free@example.com")...).Expect(200, freeWith("free@example.com", ""))
	s.Do("POST", profilePath, `{}`, as("user-free")...).Expect(200, createdProfile("user-free", ""))

	strict := startLifecycle(t, "{existing_customer: error}")
	strict.Do("POST", profilePath, `{}`, as("user-free")...).Expect(400, taken)
}

func TestUpdateProfile_MergesCustomAttributesByKey(t *testing.T) {
	s := startLifecycle(t, "")
	jane := as("jane.doe@example.com")
	s.Do("POST", profilePath, docCreateProfileBody, jane...)
	// The documented update request is the create body: nothing changes.
	s.Do("PATCH", profilePath, docCreateProfileBody, append(jane, "adapty-platform", "iOS")...).Expect(200, createdProfile("jane.doe@example.com", yoga))
	s.Do("PATCH", profilePath, `{"custom_attributes": [{"key": "level", "value": 3}, {"key": "favourite_sport", "value": "chess"}]}`, jane...).
		Expect(200, createdProfile("jane.doe@example.com", `{"key":"favourite_sport","value":"chess"},{"key":"level","value":3.0}`))
	s.Do("PATCH", profilePath, `{"custom_attributes": [{"key": "favourite_sport", "value": null}, {"key": "vip", "value": true}]}`, jane...).
		Expect(200, createdProfile("jane.doe@example.com", `{"key":"level","value":3.0},{"key":"vip","value":1.0}`))
	s.Do("PATCH", profilePath, `{"custom_attributes": [{"key": "level", "value": ""}]}`, jane...).
		Expect(200, createdProfile("jane.doe@example.com", `{"key":"vip","value":1.0}`))
	// Over 30 after the merge is refused and changes nothing.
	var many []string
	for i := 0; i < 30; i++ {
		many = append(many, `{"key":"k`+strings.Repeat("x", i%3)+string(rune('a'+i%26))+`","value":"v"}`)
	}
	s.Do("PATCH", profilePath, `{"custom_attributes":[`+strings.Join(many, ",")+`]}`, jane...).
		Expect(400, errorBody("custom_attributes", "ensure this value has at most 30 items", "max_items", 400))
	s.Do("GET", profilePath, "", jane...).Expect(200, createdProfile("jane.doe@example.com", `{"key":"vip","value":1.0}`))
	// Update never touches access levels.
	s.Do("PATCH", profilePath, `{"custom_attributes": []}`, as("user-premium")...).Expect(200, lifecyclePremium(`"2024-02-01T00:00:00+00:00"`, "null"))
}

// lifecyclePremium is user-premium's profile in lifecycleWorld at lifecycleNow.
func lifecyclePremium(expires, cancellation string) string {
	return `{"data":{"app_id":"5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b","profile_id":"0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e01",` +
		`"customer_user_id":"user-premium","total_revenue_usd":4.99,"segment_hash":"0123456789abcdef","timestamp":1705708800000,` +
		`"custom_attributes":[],"access_levels":[` + levelJSON("premium", "premium_monthly", "1000", "1000", "null",
		"2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00", expires, "null", cancellation) + `],"subscriptions":[],"non_subscriptions":[]}}`
}

// After a delete every operation on the profile answers its documented "profile does not exist",
// and the customer_user_id is free for a new profile.
func TestDeleteProfile_ThenEveryOperationAnswersProfileDoesNotExist(t *testing.T) {
	for _, status := range []string{"404", "400"} {
		t.Run("unknown_profile_status "+status, func(t *testing.T) {
			s := startLifecycle(t, "{unknown_profile_status: "+status+"}")
			res := s.Do("DELETE", profilePath, "", as("user-premium")...)
			if res.Status != 204 || res.Body != "" {
				t.Fatalf("delete: %d %q, want 204 and no body", res.Status, res.Body)
			}
			purchase := docProfileNotFound404
			if status == "400" {
				purchase = docProfileDoesNotExist400
			}
			byID := []string{"Authorization", apiKey, "adapty-profile-id", premiumID}
			for _, h := range [][]string{as("user-premium"), byID} {
				s.Do("GET", profilePath, "", h...).Expect(404, docProfileNotFound404)
				s.Do("PATCH", profilePath, `{}`, h...).Expect(404, docProfileNotFound404)
				s.Do("DELETE", profilePath, "", h...).Expect(404, docProfileNotFound404)
				s.Do("POST", revokePath, `{"access_level_id": "premium"}`, h...).Expect(statusOf(purchase), purchase)
				s.Do("POST", grantPath, `{"access_level_id": "premium"}`, h...).Expect(statusOf(purchase), purchase)
				s.Do("POST", setTransactionPath, docSubscriptionBody, h...).Expect(statusOf(purchase), purchase)
			}
			s.Do("POST", profilePath, `{}`, byID...).Expect(404, docProfileNotFound404)
			s.Do("POST", profilePath, `{}`, as("user-premium")...).Expect(200, createdProfile("user-premium", ""))
		})
	}
}

func statusOf(body string) int {
	if strings.Contains(body, `"status_code": 400`) {
		return 400
	}
	return 404
}
