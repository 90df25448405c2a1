package adapty_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// Create, update and delete profile answer every hostile request exactly, as pydantic v1 words a
// ProfileRequest's failures, and never with a 5xx.
func TestHostile_ProfileOperationsAnswerEveryHostileRequestExactly(t *testing.T) {
	newUser := apitest.Header(as("new-user")...)
	jane := apitest.Header(as("user-free")...)
	field := func(source, message, code string) string { return errorBody(source, message, code, 400) }
	create := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: "create: " + name, Method: "POST", Path: profilePath, Header: newUser, Body: body, Status: status, Want: want}
	}
	update := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: "update: " + name, Method: "PATCH", Path: profilePath, Header: jane, Body: body, Status: status, Want: want}
	}
	attrs := func(n int) string {
		var list []string
		for i := 0; i < n; i++ {
			list = append(list, `{"key":"k`+strconv.Itoa(i)+`","value":"v"}`)
		}
		return `{"custom_attributes":[` + strings.Join(list, ",") + `]}`
	}
	unchangedFree := `{"data":{"app_id":"5a1c0e7e-7d3b-4f4e-9b7a-0c5e1d2f3a4b","profile_id":"0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e03",` +
		`"customer_user_id":"user-free","total_revenue_usd":0.0,"segment_hash":"fedcba9876543210","timestamp":1705708800000,` +
		`"custom_attributes":[],"access_levels":[],"subscriptions":[],"non_subscriptions":[]}}`
	cases := []apitest.Case{
		create("body null", `null`, 400, field("__root__", "ProfileRequest expected dict not NoneType", "type_error")),
		create("body a string", `"jane"`, 400, field("__root__", "ProfileRequest expected dict not str", "type_error")),
		create("body a list of pairs is a dict", `[["first_name","Jane"]]`, 200, createdProfile("new-user", "")),
		create("no body", ``, 400, parseError("Expecting value: line 1 column 1 (char 0)")),
		create("trailing comma", `{"first_name":"Jane",}`, 400, parseError("Expecting property name enclosed in double quotes: line 1 column 22 (char 21)")),
		create("gender outside its enumeration", `{"gender":"x"}`, 400, field("gender", "value is not a valid enumeration member; permitted: 'f', 'm', 'o'", "enum")),
		create("email without an at sign", `{"email":"jane.example.com"}`, 400, field("email", "value is not a valid email address", "email")),
		create("birthday on February 30", `{"birthday":"2000-02-30"}`, 400, field("birthday", "invalid date format", "date")),
		create("att_status 7", `{"att_status":7}`, 400, field("att_status", "value is not a valid enumeration member; permitted: 0, 1, 2, 3", "enum")),
		create("analytics_disabled maybe", `{"analytics_disabled":"maybe"}`, 400, field("analytics_disabled", "value could not be parsed to a boolean", "bool")),
		create("a number as first_name is its str()", `{"first_name":5}`, 200, createdProfile("new-user", "")),
		create("custom_attributes a string", `{"custom_attributes":"all"}`, 400, field("custom_attributes", "value is not a valid list", "list")),
		create("an attribute that is a string", `{"custom_attributes":["k"]}`, 400, field("custom_attributes.0", "value is not a valid dict", "dict")),
		create("attribute key with a space", `{"custom_attributes":[{"key":"bad key","value":"v"}]}`, 400,
			field("custom_attributes.0.key", `string does not match regex "^[A-Za-z0-9_.-]+$"`, "regex")),
		create("attribute key of 31 characters", `{"custom_attributes":[{"key":"`+strings.Repeat("k", 31)+`","value":"v"}]}`, 400,
			field("custom_attributes.0.key", "ensure this value has at most 30 characters", "max_length")),
		create("attribute value of 51 emoji", `{"custom_attributes":[{"key":"k","value":"`+strings.Repeat("😀", 51)+`"}]}`, 400,
			field("custom_attributes.0.value", "ensure this value has at most 50 characters", "max_length")),
		create("attribute value of 50 emoji passes", `{"custom_attributes":[{"key":"k","value":"`+strings.Repeat("😀", 50)+`"}]}`, 200,
			createdProfile("new-user", `{"key":"k","value":"`+strings.Repeat("😀", 50)+`"}`)),
		create("attribute value 1e400 is no finite float", `{"custom_attributes":[{"key":"k","value":1e400}]}`, 400, field("custom_attributes.0.value", "value is not a valid float", "float")),
		create("attribute value a list", `{"custom_attributes":[{"key":"k","value":[]}]}`, 400, field("custom_attributes.0.value", "str type expected", "str")),
		create("attribute without a value", `{"custom_attributes":[{"key":"k"}]}`, 400, field("custom_attributes.0.value", "field required", "missing")),
		create("31 attributes", attrs(31), 400, field("custom_attributes", "ensure this value has at most 30 items", "max_items")),
		create("device_id not a UUID", `{"installation_meta":{"device_id":"x"}}`, 400, field("installation_meta.device_id", "value is not a valid uuid", "uuid")),
		create("installation_meta without device_id", `{"installation_meta":{}}`, 400, field("installation_meta.device_id", "field required", "missing")),
		create("platform outside its enumeration", `{"installation_meta":{"device_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","platform":"ios"}}`, 400,
			field("installation_meta.platform", "value is not a valid enumeration member; permitted: 'iOS', 'macOS', 'iPadOS', 'Android', 'visionOS', 'web'", "enum")),
		create("two fields wrong, in the model's order", `{"store":"itunes","gender":"q"}`, 400,
			`{"errors":[{"source":"gender","errors":["value is not a valid enumeration member; permitted: 'f', 'm', 'o'"]},`+
				`{"source":"store","errors":["value is not a valid enumeration member; permitted: 'app_store', 'play_store', 'stripe', 'adapty', 'paddle'"]}],"error_code":"enum","status_code":400}`),
		create("invalid UTF-8", "{\"first_name\":\"\xff\"}", 400, parseError("'utf-8' codec can't decode byte 0xff in position 15: invalid start byte")),
		update("NaN", `{"first_name":NaN}`, 400, parseError("Out of range float values are not JSON compliant: 'NaN'")),
		update("null attribute of a key the profile lacks changes nothing", `{"custom_attributes":[{"key":"k","value":null}]}`, 200, unchangedFree),
		update("installation_meta null", `{"installation_meta":null}`, 400, field("installation_meta", "none is not an allowed value", "not_allowed")),
		{Name: "update: unknown profile", Method: "PATCH", Path: profilePath, Header: apitest.Header(as("user-nobody")...), Body: `{"gender":"x"}`,
			Status: 404, Want: docProfileNotFound404},
		{Name: "delete: unknown profile", Method: "DELETE", Path: profilePath, Header: apitest.Header(as("user-nobody")...), Status: 404, Want: docProfileNotFound404},
		{Name: "delete: profile id that is no UUID", Method: "DELETE", Path: profilePath, Header: apitest.Header("Authorization", apiKey, "adapty-profile-id", "../"+freeID),
			Status: 404, Want: docProfileNotFound404},
		{Name: "delete: wrong key", Method: "DELETE", Path: profilePath, Header: apitest.Header("Authorization", "Bearer "+secretKey, "adapty-customer-user-id", "user-free"),
			Status: 401, Want: docNotAuthenticated},
	}
	s := startLifecycle(t, "")
	s.Run(t, cases, func(s *apitest.Server) { s.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow) })

	strict := startLifecycle(t, "{strict_types: true, require_installation_meta: true}")
	strict.Do("POST", profilePath, `{"first_name":5}`, as("new-user")...).Expect(400,
		`{"errors":[{"source":"first_name","errors":["str type expected"]},{"source":"installation_meta","errors":["field required"]}],"error_code":"str","status_code":400}`)
}

// Set transaction answers every hostile request exactly: pydantic v1's discriminated union and
// field errors, its coercions, then the documented rules.
func TestHostile_SetTransactionAnswersEveryHostileRequestExactly(t *testing.T) {
	free := apitest.Header(as("user-free")...)
	field := func(source, message, code string) string { return errorBody(source, message, code, 400) }
	one := func(replace ...string) string { return strings.NewReplacer(replace...).Replace(docOneTimePurchaseBody) }
	sub := func(replace ...string) string { return strings.NewReplacer(replace...).Replace(docSubscriptionBody) }
	post := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "POST", Path: setTransactionPath, Header: free, Body: body, Status: status, Want: want}
	}
	bought := freeProfile("9.99", lifetimeLevel, "", lifetimePurchase)
	missing := func(fields ...string) string {
		var items []string
		for _, f := range fields {
			items = append(items, `{"source":"`+f+`","errors":["field required"]}`)
		}
		return `{"errors":[` + strings.Join(items, ",") + `],"error_code":"missing","status_code":400}`
	}
	cases := []apitest.Case{
		post("no purchase_type", `{"store":"app_store"}`, 400, field("purchase_type", "Discriminator 'purchase_type' is missing in value", "missing_discriminator")),
		post("the custom-store guide's stale purchase_type", `{"purchase_type":"PRODUCT_PERIOD","environment":"production","price":{"value":"YOUR_PRICE"}}`, 400,
			field("purchase_type", "No match for discriminator 'purchase_type' and value 'PRODUCT_PERIOD' (allowed values: 'one_time_purchase', 'subscription')", "invalid_discriminator")),
		post("purchase_type a number", `{"purchase_type":5}`, 400,
			field("purchase_type", "No match for discriminator 'purchase_type' and value 5 (allowed values: 'one_time_purchase', 'subscription')", "invalid_discriminator")),
		post("purchase_type null", `{"purchase_type":null}`, 400,
			field("purchase_type", "No match for discriminator 'purchase_type' and value None (allowed values: 'one_time_purchase', 'subscription')", "invalid_discriminator")),
		post("body an empty list is an empty dict", `[]`, 400, field("purchase_type", "Discriminator 'purchase_type' is missing in value", "missing_discriminator")),
		post("body a string", `"subscription"`, 400, field("__root__", "TransactionDTORequest expected dict not str", "type_error")),
		post("only the purchase_type", `{"purchase_type":"one_time_purchase"}`, 400,
			missing("store", "store_product_id", "store_transaction_id", "store_original_transaction_id", "price", "purchased_at")),
		post("a subscription's own fields missing", `{"purchase_type":"subscription","store":"app_store","store_product_id":"p","store_transaction_id":"1",`+
			`"store_original_transaction_id":"1","price":{"country":"US","currency":"USD","value":1},"purchased_at":"2024-01-15T10:30:00Z"}`, 400,
			missing("originally_purchased_at", "expires_at")),
		post("store_transaction_id of 51 characters", one(`"store_transaction_id": "1000000123456789"`, `"store_transaction_id": "`+strings.Repeat("9", 51)+`"`), 400,
			field("store_transaction_id", "ensure this value has at most 50 characters", "max_length")),
		post("environment in lower case", one(`"environment": "Production"`, `"environment": "production"`), 400,
			field("environment", "value is not a valid enumeration member; permitted: 'Production', 'Sandbox'", "enum")),
		post("price a number", one(`"price": {"country": "US", "currency": "USD", "value": 9.99}`, `"price": 9.99`), 400, field("price", "value is not a valid dict", "dict")),
		post("price value a word", one(`"value": 9.99`, `"value": "YOUR_PRICE"`), 400, field("price.value", "value is not a valid float", "float")),
		post("price value a numeric string is a float", one(`"value": 9.99`, `"value": "9.99"`), 200, bought),
		post("price value 1e400 is no finite float", one(`"value": 9.99`, `"value": 1e400`), 400, field("price.value", "value is not a valid float", "float")),
		post("price value nan", one(`"value": 9.99`, `"value": "nan"`), 400, field("price.value", "value is not a valid float", "float")),
		post("price without a currency", one(`"currency": "USD", `, ``), 400, field("price.currency", "field required", "missing")),
		post("purchased_at a word", one(`"purchased_at": "2024-01-15T10:30:00Z"`, `"purchased_at": "yesterday"`), 400, field("purchased_at", "invalid datetime format", "datetime")),
		post("purchased_at a list", one(`"purchased_at": "2024-01-15T10:30:00Z"`, `"purchased_at": []`), 400,
			field("purchased_at", "invalid type; expected datetime, string, bytes, int or float", "type_error")),
		post("purchased_at in Unix seconds", one(`"purchased_at": "2024-01-15T10:30:00Z"`, `"purchased_at": 1705314600`), 200, bought),
		post("offer category outside its enumeration", one(`"offer": null`, `"offer": {"category": "bogus", "type": "pay_up_front", "id": "x"}`), 400,
			field("offer.category", "value is not a valid enumeration member; permitted: 'introductory', 'promotional', 'offer_code', 'win_back'", "enum")),
		post("cancellation_reason outside its enumeration", one(`"cancellation_reason": null`, `"cancellation_reason": "changed_mind"`), 400,
			field("cancellation_reason", "value is not a valid enumeration member; permitted: 'billing_error', 'cancelled_by_developer', 'new_subscription_replace', "+
				"'price_increase', 'product_was_not_available', 'refund', 'unknown', 'upgraded', 'voluntarily_cancelled', 'adapty_revoked'", "enum")),
		post("renew_status maybe", sub(`"renew_status": true`, `"renew_status": "maybe"`), 400, field("renew_status", "value could not be parsed to a boolean", "bool")),
		post("is_family_shared yes is true, at a price", one(`"is_family_shared": false`, `"is_family_shared": "yes"`), 400,
			docTransactionError("is_family_shared", "If is_family_shared is true, price.value must be 0.", "family_share_price_error")),
		post("store_product_id a list", one(`"store_product_id": "premium_lifetime"`, `"store_product_id": ["premium_lifetime"]`), 400,
			field("store_product_id", "str type expected", "str")),
		post("duplicate store_product_id, the last wins", one(`"store_product_id": "premium_lifetime"`, `"store_product_id": "x", "store_product_id": "premium_lifetime"`), 200, bought),
		post("invalid UTF-8", "{\"purchase_type\":\"\xfe\"}", 400, parseError("'utf-8' codec can't decode byte 0xfe in position 18: invalid start byte")),
		post("truncated", `{"purchase_type":`, 400, parseError("Expecting value: line 1 column 18 (char 17)")),
		post("a missing renew_status reads as false", sub(`"renew_status": true,`, ``, `"renew_status_changed_at": null`, `"renew_status_changed_at": "2024-01-16T00:00:00Z"`), 200,
			strings.ReplaceAll(freeProfile("4.99", monthlyLevel, monthlySubscription, ""), `"renewal_cancelled_at":null`, `"renewal_cancelled_at":"2024-01-16T00:00:00+00:00"`)),
	}
	s := startLifecycle(t, "")
	s.Run(t, cases, func(s *apitest.Server) { s.Emu.Clock(emulator.DefaultTenant).Set(lifecycleNow) })

	// A total revenue beyond a float's range is refused and changes nothing.
	huge := one(`"value": 9.99`, `"value": 1.5e308`)
	s.Do("POST", setTransactionPath, huge, as("user-free")...)
	s.Do("POST", setTransactionPath, strings.ReplaceAll(huge, "1000000123456789", "1000000123456790"), as("user-free")...).
		Expect(400, field("price.value", "value is not a valid float", "float"))

	strict := startLifecycle(t, "{require_renew_status: true}")
	strict.Do("POST", setTransactionPath, sub(`"renew_status": true,`, ``), as("user-free")...).Expect(400, field("renew_status", "field required", "missing"))
}
