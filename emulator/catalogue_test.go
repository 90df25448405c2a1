package emulator_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/internal/apitest"
)

// revokeRequest is each provider's revoke, as a client sends it against the default world.
var revokeRequest = map[string]struct {
	method, path, body string
	headers            []string
}{
	"parcel": {"DELETE", "/whitelist/revoke", revoke, []string{"Authorization", parcelKey}},
	"airtable": {"POST", "/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess",
		`{"users":[{"id":"usrEmuAdmin000002"},{"email":"foo@bar.com"}]}`,
		[]string{"Authorization", "Bearer patEmuAdmin000001.admin"}},
}

// documented is every catalogue error as the provider answers it to revokeRequest, verbatim from the
// providers' documentation (or, where marked assumed in the provider's catalogue, the emulator's
// documented choice).
var documented = map[string]struct {
	status int
	body   string
}{
	"parcel.no_authorization_key":      {401, `{ "status": "401", "message": "No authorization key was provided." }`},
	"parcel.invalid_authorization_key": {401, `{ "status": "401", "message": "Invalid authorization key." }`},
	"parcel.missing_body_parameters":   {400, `{ "status": "400", "message": "Missing Body Parameters.\nRequired params: product_id, userid, userid_type", "data": {} }`},
	"parcel.missing_query_parameter":   {400, `{ "status": "400", "message": "Missing Query Parameter.\nRequired params: product_id", "data": {} }`},
	"parcel.invalid_type":              {400, `{ "status": "400", "message": "Invalid type.\nAvailable types: roblox, discord", "data": {} }`},
	"parcel.user_does_not_own_license": {400, `{ "status": "400", "message": "User does not own this license.", "data": { } }`},
	"parcel.user_already_owns_license": {400, `{ "status": "400", "message": "User already owns license.", "data": { } }`},
	"parcel.product_does_not_exist":    {404, `{ "status": "404", "message": "Product does not exist.", "data": {} }`},
	"parcel.no_roblox_account":         {404, `{ "status": "404", "message": "No Roblox Account associated to this Discord User ID.", "data": {} }`},
	"parcel.internal_server_error":     {500, `{ "status": "500", "message": "Internal Server Error" }`},
	"parcel.not_found":                 {404, `{ "status": "404", "message": "Not Found" }`},
	"parcel.rate_limited":              {429, `{ "status": "429", "message": "Too Many Requests" }`},
	"parcel.request_too_large":         {413, `{ "status": "413", "message": "Payload Too Large" }`},

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
	for _, e := range s.Emu.Catalogue() {
		key := e.Provider + "." + e.Name
		want, ok := documented[key]
		req, served := revokeRequest[e.Provider]
		if !served {
			continue
		}
		if !ok {
			t.Errorf("%s is in the catalogue but not in this test's documented table", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			tenant := strings.NewReplacer(".", "-", "_", "-").Replace(strings.ToLower(key))
			addScenario(t, s, tenant, fmt.Sprintf("name: force-%s\nrules:\n  - match: {provider: %s}\n    error: %q\n", tenant, e.Provider, key))
			s.Do(req.method, "/t/"+tenant+req.path, req.body, req.headers...).Expect(want.status, want.body)
		})
	}
}

// Every shipped scenario loads, and the ones that force an error answer the provider's revoke with
// that error's documented body when activated by header.
func TestLibrary_ShippedErrorScenariosAnswerTheirDocumentedBodies(t *testing.T) {
	s := apitest.Start(t)
	for _, sc := range s.Emu.Scenarios() {
		rule := sc.Rules[0]
		req, served := revokeRequest[rule.Match.Provider]
		if rule.Error == "" || !served {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			want := documented[rule.Error]
			headers := append([]string{emulator.ScenarioHeader, sc.Name}, req.headers...)
			s.Do(req.method, "/t/"+sc.Name+req.path, req.body, headers...).Expect(want.status, want.body)
		})
	}
}
