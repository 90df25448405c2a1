package emulator_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// revokeRequest is each provider's revoke, as a client sends it against the default world.
var revokeRequest = map[string]struct {
	method, path, body string
	headers            []string
}{
	"adapty": {"POST", "/api/v2/server-side-api/purchase/profile/revoke/access-level/",
		`{"access_level_id": "premium", "revoke_at": "2029-08-29T09:33:42Z"}`,
		[]string{"Authorization", "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv", "adapty-customer-user-id", "user-lifetime"}},
	"parcel": {"DELETE", "/whitelist/revoke", revoke, []string{"Authorization", parcelKey}},
	"airtable": {"POST", "/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess",
		`{"users":[{"id":"usrEmuAdmin000002"},{"email":"foo@bar.com"}]}`,
		[]string{"Authorization", "Bearer patEmuAdmin000001.admin"}},
}

// operationRequest is, for a scenario of another operation than the revoke, a request of that
// operation the default world serves, keyed by provider.operation.
var operationRequest = map[string]struct {
	method, path, body string
	headers            []string
}{
	"adapty.setTransaction": {"POST", "/api/v2/server-side-api/purchase/set/transaction/",
		`{"purchase_type": "one_time_purchase", "store": "app_store", "store_product_id": "premium.lifetime", "store_transaction_id": "1000000123456789", "store_original_transaction_id": "1000000123456789", "price": {"country": "US", "currency": "USD", "value": 9.99}, "purchased_at": "2024-01-15T10:30:00Z"}`,
		[]string{"Authorization", "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv", "adapty-customer-user-id", "user-free"}},
	"airtable.removeUserFromEnterprise": {"POST", airtableUsersPath + "/usrFooBam00000001/remove", `{"isDryRun":false}`, airtableAdmin},
	"airtable.manageUser":               {"PATCH", airtableUsersPath + "/usrFooBam00000001", `{"state":"deactivated"}`, airtableAdmin},
	"airtable.logoutUser":               {"POST", airtableUsersPath + "/usrFooBam00000001/logout", "", airtableAdmin},
	"airtable.deleteUsersByEmail":       {"DELETE", airtableUsersPath + "?email=foo%40bam.com", "", airtableAdmin},
	"airtable.manageUserMembership": {"POST", airtableUsersPath + "/claim",
		`{"users":[{"id":"usrEmuAdmin000002","state":"managed"},{"email":"foo@bar.com","state":"managed"}]}`, airtableAdmin},
	"parcel.transferWhitelist": {"PATCH", "/whitelist/transfer",
		`{"product_id":"65a1b2c3d4e5f60718293a4b","sender":{"userid":"1001","userid_type":"roblox"},"recipient":{"userid":"1002","userid_type":"roblox"}}`,
		[]string{"Authorization", parcelKey}},
	"parcel.createProduct": {"POST", "/products/create",
		`{"name":"Bow","description":"A bow","developer_product_id":"1700000003","file":"https://example.com/bow.rbxm","onsale":true,"role_id":"1180000000000000003","decal_id":null,"stock":"unlimited","category":null,"instructions":null}`,
		[]string{"Authorization", parcelKey}},
	"parcel.deleteProduct": {"DELETE", "/products/delete", `{"product_id":"65a1b2c3d4e5f60718293a4c"}`, []string{"Authorization", parcelKey}},
}

const airtableUsersPath = "/v0/meta/enterpriseAccounts/entEmulator000001/users"

var airtableAdmin = []string{"Authorization", "Bearer patEmuAdmin000001.admin"}

// documented is every catalogue error as the provider answers it to revokeRequest, verbatim from the
// providers' documentation (or, where marked assumed in the provider's catalogue, the emulator's
// documented choice).
var documented = map[string]struct {
	status int
	body   string
}{
	// Adapty's bodies are the docs' reusable fragments; ids and dates come from the request above
	// (user-lifetime's premium never expires, so the expiry keeps the documented example's date).
	"adapty.not_authenticated":                         {401, `{"errors":[{"source":"non_field_errors","errors":["Authentication credentials were not provided."]}],"error_code":"not_authenticated","status_code":401}`},
	"adapty.profile_not_found":                         {404, `{"errors":[{"source":null,"errors":["Profile not found"]}],"error_code":"profile_does_not_exist","status_code":404}`},
	"adapty.profile_does_not_exist":                    {400, `{"errors":[{"source":"non_field_errors","errors":["Profile not found"]}],"error_code":"profile_does_not_exist","status_code":400}`},
	"adapty.paid_access_level_does_not_exist":          {400, `{"errors":[{"source":"non_field_errors","errors":["Paid access level ` + "`premium`" + ` does not exist"]}],"error_code":"paid_access_level_does_not_exist","status_code":400}`},
	"adapty.profile_paid_access_level_does_not_exist":  {400, `{"errors":[{"source":"non_field_errors","errors":["Profile ` + "`0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e02`" + ` has no ` + "`premium`" + ` access level"]}],"error_code":"profile_paid_access_level_does_not_exist","status_code":400}`},
	"adapty.revocation_date_more_than_expiration_date": {400, `{"errors":[{"source":"revoke_at","errors":["Revocation date (2029-08-29 09:33:42+00:00) is more than current expiration date (2028-08-29 09:33:42+00:00)"]}],"error_code":"revocation_date_more_than_expiration_date","status_code":400}`},
	"adapty.value_error":                               {400, `{"errors":[{"source":null,"errors":["Must be greater than the current time or null"]}],"error_code":"value_error","status_code":400}`},
	"adapty.parse_error":                               {400, `{"errors":[{"source":null,"errors":["JSON parse error - Expecting ',' delimiter: line 4 column 3 (char 67)"]}],"error_code":"parse_error","status_code":400}`},
	"adapty.missing":                                   {400, `{"errors":[{"source":"access_level_id","errors":["field required"]}],"error_code":"missing","status_code":400}`},
	"adapty.not_allowed":                               {400, `{"errors":[{"source":"access_level_id","errors":["none is not an allowed value"]}],"error_code":"not_allowed","status_code":400}`},
	"adapty.str":                                       {400, `{"errors":[{"source":"access_level_id","errors":["str type expected"]}],"error_code":"str","status_code":400}`},
	"adapty.datetime":                                  {400, `{"errors":[{"source":"revoke_at","errors":["invalid datetime format"]}],"error_code":"datetime","status_code":400}`},
	"adapty.datetime_type":                             {400, `{"errors":[{"source":"revoke_at","errors":["invalid type; expected datetime, string, bytes, int or float"]}],"error_code":"type_error","status_code":400}`},
	"adapty.expected_dict":                             {400, `{"errors":[{"source":"__root__","errors":["RevokeAccessRequest expected dict not list"]}],"error_code":"type_error","status_code":400}`},
	"adapty.not_found":                                 {404, `{"errors":[{"source":null,"errors":["Not found."]}],"error_code":"not_found","status_code":404}`},
	"adapty.method_not_allowed":                        {405, `{"errors":[{"source":null,"errors":["Method \"GET\" not allowed."]}],"error_code":"method_not_allowed","status_code":405}`},
	"adapty.rate_limited":                              {429, `{"errors":[{"source":null,"errors":["Request was throttled."]}],"error_code":"rate_limited","status_code":429}`},
	"adapty.request_too_large":                         {400, `{"errors":[{"source":null,"errors":["Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."]}],"error_code":"request_too_large","status_code":400}`},
	"adapty.server_error":                              {500, `{"errors":[{"source":null,"errors":["A server error occurred."]}],"error_code":"server_error","status_code":500}`},
	// Set transaction's documented 400s (one rule each), and the emulator's assumed validation answers.
	"adapty.billing_issue_detected_at_date_comparison_error": {400, `{"errors":[{"source":"billing_issue_detected_at","errors":["billing_issue_detected_at must be later than purchased_at."]}],"error_code":"billing_issue_detected_at_date_comparison_error","status_code":400}`},
	"adapty.expires_date_error":                              {400, `{"errors":[{"source":"expires_at","errors":["expires_at must be later than purchased_at."]}],"error_code":"expires_date_error","status_code":400}`},
	"adapty.family_share_price_error":                        {400, `{"errors":[{"source":"is_family_shared","errors":["If is_family_shared is true, price.value must be 0."]}],"error_code":"family_share_price_error","status_code":400}`},
	"adapty.free_trial_price_error":                          {400, `{"errors":[{"source":"offer_type","errors":["If offer_type is 'free_trial', price.value must be 0."]}],"error_code":"free_trial_price_error","status_code":400}`},
	"adapty.grace_period_billing_error":                      {400, `{"errors":[{"source":"grace_period_billing_error","errors":["If grace_period_expires_at is specified, billing_issue_detected_at must also be specified."]}],"error_code":"grace_period_billing_error","status_code":400}`},
	"adapty.grace_period_expires_date_error":                 {400, `{"errors":[{"source":"grace_period_expires_at","errors":["grace_period_expires_at must be later or equal to expires_at."]}],"error_code":"grace_period_expires_date_error","status_code":400}`},
	"adapty.missing_offer_id":                                {400, `{"errors":[{"source":"offer_category","errors":["offer_id must be specified for all offer types except 'introductory'."]}],"error_code":"missing_offer_id","status_code":400}`},
	"adapty.originally_purchased_date_error":                 {400, `{"errors":[{"source":"originally_purchased_at","errors":["originally_purchased_at must be earlier than or equal to purchased_at."]}],"error_code":"originally_purchased_date_error","status_code":400}`},
	"adapty.refund_date_error":                               {400, `{"errors":[{"source":"refunded_at","errors":["refunded_at must be later than purchased_at."]}],"error_code":"refund_date_error","status_code":400}`},
	"adapty.refund_fields_error":                             {400, `{"errors":[{"source":"refunded_at","errors":["refunded_at and cancellation_reason=refund must be specified together."]}],"error_code":"refund_fields_error","status_code":400}`},
	"adapty.renew_status_changed_date_error":                 {400, `{"errors":[{"source":"renew_status_changed_at","errors":["renew_status_changed_at must be later than purchased_at."]}],"error_code":"renew_status_changed_date_error","status_code":400}`},
	"adapty.store_transaction_id_error":                      {400, `{"errors":[{"source":"store_transaction_id","errors":["store_transaction_id must be equal to store_original_transaction_id for purchase."]}],"error_code":"store_transaction_id_error","status_code":400}`},
	"adapty.one_time_purchase_trial_error":                   {400, `{"errors":[{"source":"offer.type","errors":["One-time purchase cannot have a trial."]}],"error_code":"one_time_purchase_trial_error","status_code":400}`},
	"adapty.enum":                                            {400, `{"errors":[{"source":"gender","errors":["value is not a valid enumeration member; permitted: 'f', 'm', 'o'"]}],"error_code":"enum","status_code":400}`},
	"adapty.max_length":                                      {400, `{"errors":[{"source":"store_transaction_id","errors":["ensure this value has at most 50 characters"]}],"error_code":"max_length","status_code":400}`},
	"adapty.regex":                                           {400, `{"errors":[{"source":"custom_attributes.0.key","errors":["string does not match regex \"^[A-Za-z0-9_.-]+$\""]}],"error_code":"regex","status_code":400}`},
	"adapty.email":                                           {400, `{"errors":[{"source":"email","errors":["value is not a valid email address"]}],"error_code":"email","status_code":400}`},
	"adapty.uuid":                                            {400, `{"errors":[{"source":"installation_meta.device_id","errors":["value is not a valid uuid"]}],"error_code":"uuid","status_code":400}`},
	"adapty.date":                                            {400, `{"errors":[{"source":"birthday","errors":["invalid date format"]}],"error_code":"date","status_code":400}`},
	"adapty.bool":                                            {400, `{"errors":[{"source":"renew_status","errors":["value could not be parsed to a boolean"]}],"error_code":"bool","status_code":400}`},
	"adapty.float":                                           {400, `{"errors":[{"source":"price.value","errors":["value is not a valid float"]}],"error_code":"float","status_code":400}`},
	"adapty.dict":                                            {400, `{"errors":[{"source":"price","errors":["value is not a valid dict"]}],"error_code":"dict","status_code":400}`},
	"adapty.list":                                            {400, `{"errors":[{"source":"custom_attributes","errors":["value is not a valid list"]}],"error_code":"list","status_code":400}`},
	"adapty.max_items":                                       {400, `{"errors":[{"source":"custom_attributes","errors":["ensure this value has at most 30 items"]}],"error_code":"max_items","status_code":400}`},
	"adapty.missing_discriminator":                           {400, `{"errors":[{"source":"purchase_type","errors":["Discriminator 'purchase_type' is missing in value"]}],"error_code":"missing_discriminator","status_code":400}`},
	"adapty.invalid_discriminator":                           {400, `{"errors":[{"source":"purchase_type","errors":["No match for discriminator 'purchase_type' and value 'PRODUCT_PERIOD' (allowed values: 'one_time_purchase', 'subscription')"]}],"error_code":"invalid_discriminator","status_code":400}`},
	"adapty.customer_user_id_already_exists":                 {400, `{"errors":[{"source":"non_field_errors","errors":["Profile with this customer_user_id already exists"]}],"error_code":"customer_user_id_already_exists","status_code":400}`},

	"parcel.no_authorization_key":           {401, `{ "status": "401", "message": "No authorization key was provided." }`},
	"parcel.invalid_authorization_key":      {401, `{ "status": "401", "message": "Invalid authorization key." }`},
	"parcel.missing_body_parameters":        {400, `{ "status": "400", "message": "Missing Body Parameters.\nRequired params: product_id, userid, userid_type", "data": {} }`},
	"parcel.missing_query_parameter":        {400, `{ "status": "400", "message": "Missing Query Parameter.\nRequired params: product_id", "data": {} }`},
	"parcel.invalid_type":                   {400, `{ "status": "400", "message": "Invalid type.\nAvailable types: roblox, discord", "data": {} }`},
	"parcel.user_does_not_own_license":      {400, `{ "status": "400", "message": "User does not own this license.", "data": { } }`},
	"parcel.user_already_owns_license":      {400, `{ "status": "400", "message": "User already owns license.", "data": { } }`},
	"parcel.product_does_not_exist":         {404, `{ "status": "404", "message": "Product does not exist.", "data": {} }`},
	"parcel.no_roblox_account":              {404, `{ "status": "404", "message": "No Roblox Account associated to this Discord User ID.", "data": {} }`},
	"parcel.schema_validation":              {400, `{ "status": "400", "message": "Your payload did not pass the Schema validation.", "error": "\"product_id\" is required", "data": {} }`},
	"parcel.sender_does_not_own_license":    {400, `{ "status": "400", "message": "Sender does not own this license.", "data": { } }`},
	"parcel.recipient_already_owns_license": {400, `{ "status": "400", "message": "Recipient already owns license.", "data": { } }`},
	"parcel.name_in_use":                    {400, `{ "status": "400", "message": "The name '' is already in-use.\nPlease use a different product name.", "data": {} }`},
	"parcel.developer_product_not_found":    {400, `{ "status": "400", "message": "Developer Product ID could not be found.\nAre you sure that you've entered the correct developer product ID?\nPossible solution: Make sure the Developer Product exists in the Hub game.", "data": {} }`},
	"parcel.missing_role_id":                {400, `{ "status": "400", "message": "Missing role_id or invalid input.", "data": {} }`},
	"parcel.missing_stock":                  {400, `{ "status": "400", "message": "Missing stock or invalid input. Please respond with a number between 0-999 or unlimited.", "data": {} }`},
	"parcel.missing_product_id":             {400, `{ "status": "400", "message": "Missing Body Parameters.\nRequired params: product_id", "data": {} }`},
	"parcel.internal_server_error":          {500, `{ "status": "500", "message": "Internal Server Error" }`},
	"parcel.not_found":                      {404, `{ "status": "404", "message": "Not Found" }`},
	"parcel.rate_limited":                   {429, `{ "status": "429", "message": "Too Many Requests" }`},
	"parcel.request_too_large":              {413, `{ "status": "413", "message": "Payload Too Large" }`},

	"airtable.authentication_required":                {401, `{"error":{"type":"AUTHENTICATION_REQUIRED","message":"Authentication required"}}`},
	"airtable.invalid_permissions_or_model_not_found": {403, `{"error":{"type":"INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND","message":"Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct."}}`},
	"airtable.invalid_request_body":                   {422, `{"error":{"type":"INVALID_REQUEST_BODY","message":"Could not parse request body"}}`},
	"airtable.invalid_request_body_400":               {400, `{"error":{"type":"INVALID_REQUEST_BODY","message":"Could not parse request body"}}`},
	"airtable.invalid_request_unknown":                {422, `{"error":{"type":"INVALID_REQUEST_UNKNOWN","message":"Invalid request: parameter validation failed. Check your request data."}}`},
	"airtable.id_or_email_not_specified":              {422, `{"error":{"type":"INVALID_REQUEST_UNKNOWN","message":"Invalid request: either ID or email must be specified. Check your request data."}}`},
	"airtable.not_found":                              {404, `{"error":"NOT_FOUND"}`},
	"airtable.request_too_large":                      {413, `{"error":{"type":"REQUEST_TOO_LARGE","message":"Request body is too large"}}`},
	"airtable.rate_limited":                           {429, `{"error":{"type":"RATE_LIMIT_REACHED","message":"Rate limit exceeded. Please try again later"}}`},
	"airtable.server_error":                           {500, `{"error":{"type":"SERVER_ERROR","message":"The server encountered an unexpected condition."}}`},
	"airtable.retriable_error":                        {503, `{"error":{"type":"RETRIABLE_ERROR","message":"Server encountered an error while processing your request, and it is safe to retry the request"}}`},
	"airtable.action_on_self":                         {403, `{"error":{"type":"INVALID_PERMISSIONS","message":"Cannot perform action on self"}}`},
	"airtable.not_permitted_on_yourself":              {403, `{"error":{"type":"INVALID_PERMISSIONS","message":"You are not permitted to perform this operation on yourself"}}`},
	"airtable.replacement_owner_unverified":           {403, `{"error":{"type":"INVALID_PERMISSIONS","message":"Replacement owner must have verified email"}}`},
	"airtable.cannot_delete_sole_owner":               {403, `{"error":{"type":"INVALID_PERMISSIONS","message":"Cannot delete sole owner of a workspace with other collaborators"}}`},
	"airtable.external_user":                          {403, `{"error":{"type":"INVALID_PERMISSIONS","message":"User does not belong to the enterprise email domain"}}`},
	"airtable.fla_state_modification":                 {403, `{"error":{"type":"INVALID_PERMISSIONS","message":"State modification is not enabled for FLA enterprise accounts"}}`},
	"airtable.user_not_managed":                       {403, `{"error":{"type":"INVALID_PERMISSIONS","message":"User is not managed by the enterprise account"}}`},
	"airtable.email_already_in_use":                   {422, `{"error":{"type":"EMAIL_ALREADY_IN_USE","message":"Email already in use"}}`},
	"airtable.must_own_target_domain":                 {422, `{"error":{"type":"INVALID_REQUEST_UNKNOWN","message":"Invalid request: parameter validation failed. Check your request data."}}`},
	"airtable.INVALID_PERMISSIONS":                    {200, `{"errors":[{"id":"usrEmuAdmin000002","message":"Invalid permissions","type":"INVALID_PERMISSIONS"},{"email":"foo@bar.com","message":"Invalid permissions","type":"INVALID_PERMISSIONS"}]}`},
	"airtable.NOT_FOUND":                              {200, `{"errors":[{"id":"usrEmuAdmin000002","message":"User not found","type":"NOT_FOUND"},{"email":"foo@bar.com","message":"User not found","type":"NOT_FOUND"}]}`},
	"airtable.USER_ID_NOT_FOUND":                      {200, `{"errors":[{"id":"usrEmuAdmin000002","message":"User not found","type":"USER_ID_NOT_FOUND"},{"email":"foo@bar.com","message":"User not found","type":"USER_ID_NOT_FOUND"}]}`},
	"airtable.USER_NOT_ASSIGNED_ADMIN":                {200, `{"errors":[{"id":"usrEmuAdmin000002","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"},{"email":"foo@bar.com","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`},
	"airtable.USER_ALREADY_ADMIN":                     {200, `{"errors":[{"id":"usrEmuAdmin000002","message":"User is already an admin","type":"USER_ALREADY_ADMIN"},{"email":"foo@bar.com","message":"User is already an admin","type":"USER_ALREADY_ADMIN"}]}`},
	"airtable.USER_NOT_MEMBER_OF_ENTERPRISE_ACCOUNT":  {200, `{"errors":[{"id":"usrEmuAdmin000002","message":"User is not a member of this enterprise account or has an email not associated with this enterprise account","type":"USER_NOT_MEMBER_OF_ENTERPRISE_ACCOUNT"},{"email":"foo@bar.com","message":"User is not a member of this enterprise account or has an email not associated with this enterprise account","type":"USER_NOT_MEMBER_OF_ENTERPRISE_ACCOUNT"}]}`},
}

// Every catalogue error, forced through a scenario on the provider's revoke, answers its documented
// body; and the table covers the whole catalogue, so a new error cannot go untested.
func TestCatalogue_EveryErrorForcedThroughAScenarioAnswersItsDocumentedBody(t *testing.T) {
	s := apitest.Start(t)
	for _, p := range emulator.Registry() {
		if _, ok := revokeRequest[p.Name()]; !ok {
			t.Errorf("%s is served but has no revoke request in this test: its errors would go untested", p.Name())
		}
	}
	for _, e := range s.Emu.Catalogue() {
		key := e.Provider + "." + e.Name
		want, ok := documented[key]
		req := revokeRequest[e.Provider]
		if !ok {
			t.Errorf("%s is in the catalogue but not in this test's documented table", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			if key == "adapty.method_not_allowed" {
				// Only a wrong method can answer 405: the spec allows it on no operation.
				s.Do("GET", req.path, "", req.headers...).Expect(want.status, want.body)
				return
			}
			tenant := strings.NewReplacer(".", "-", "_", "-").Replace(strings.ToLower(key))
			addScenario(t, s, tenant, fmt.Sprintf("name: force-%s\nrules:\n  - match: {provider: %s}\n    error: %q\n", tenant, e.Provider, key))
			s.Do(req.method, "/t/"+tenant+req.path, req.body, req.headers...).Expect(want.status, want.body)
		})
	}
}

// Every shipped scenario loads, and the ones that force an error answer the request of their
// operation (the provider's revoke unless operationRequest has another) with that error's
// documented body when activated by header.
func TestLibrary_ShippedErrorScenariosAnswerTheirDocumentedBodies(t *testing.T) {
	s := apitest.Start(t)
	for _, sc := range s.Emu.Scenarios() {
		rule := sc.Rules[0]
		if rule.Error == "" {
			continue
		}
		req, served := revokeRequest[rule.Match.Provider]
		if op, ok := operationRequest[rule.Match.Provider+"."+rule.Match.Operation]; ok {
			req = op
		}
		want, known := documented[rule.Error]
		if !served || !known {
			t.Errorf("%s forces %s, which this test's tables lack", sc.Name, rule.Error)
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			headers := append([]string{emulator.ScenarioHeader, sc.Name}, req.headers...)
			s.Do(req.method, "/t/"+sc.Name+req.path, req.body, headers...).Expect(want.status, want.body)
		})
	}
}
