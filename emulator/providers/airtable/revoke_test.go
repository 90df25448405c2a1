package airtable_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

const (
	ent        = "entEmulator000001"
	base       = "/v0/meta/enterpriseAccounts/" + ent + "/users"
	revokePath = base + "/revokeAdminAccess"
	grantPath  = base + "/grantAdminAccess"

	adminToken    = "Bearer patEmuAdmin000001.admin"
	readOnlyToken = "Bearer patEmuReadOnly001.read"
	memberToken   = "Bearer patEmuMember00001.member"
)

// The documented bodies, verbatim.
const (
	authRequired = `{"error":{"type":"AUTHENTICATION_REQUIRED","message":"Authentication required"}}`
	noPermission = `{"error":{"type":"INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND","message":"Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct."}}`
	cannotParse  = `{"error":{"type":"INVALID_REQUEST_BODY","message":"Could not parse request body"}}`
	badShape     = `{"error":{"type":"INVALID_REQUEST_UNKNOWN","message":"Invalid request: parameter validation failed. Check your request data."}}`
	idOrEmail    = `{"error":{"type":"INVALID_REQUEST_UNKNOWN","message":"Invalid request: either ID or email must be specified. Check your request data."}}`
	notFound     = `{"error":"NOT_FOUND"}`
	noErrors     = `{"errors":[]}`
)

// seedRequest is the revoke example of Airtable's docs, as written.
const seedRequest = `{
    "users": [
      {
        "id": "usrL2PNC5o3H4lBEi"
      },
      {
        "email": "foo@bar.com"
      },
      {
        "email": "bam@bam.com"
      },
      {
        "id": "usrsOEchC9xuwRgKk"
      },
      {
        "email": "foo@bam.com"
      }
    ]
  }`

// seedResponse is the documented 200 answer to seedRequest.
const seedResponse = `{
  "errors": [
    {
      "email": "bam@bam.com",
      "message": "User not found",
      "type": "NOT_FOUND"
    },
    {
      "id": "usrsOEchC9xuwRgKk",
      "message": "User not found",
      "type": "USER_ID_NOT_FOUND"
    },
    {
      "email": "foo@bam.com",
      "message": "User is not an assigned admin",
      "type": "USER_NOT_ASSIGNED_ADMIN"
    }
  ]
}`

func revoke(s *apitest.Server, body string) *apitest.Result {
	return s.Do("POST", revokePath, body, "Authorization", adminToken, "Content-Type", "application/json")
}

func grant(s *apitest.Server, body string) *apitest.Result {
	return s.Do("POST", grantPath, body, "Authorization", adminToken, "Content-Type", "application/json")
}

func TestRevoke_SeedExampleReturnsTheDocumentedResponse(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	res := revoke(s, seedRequest)
	res.Expect(200, seedResponse)
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
}

func TestRevoke_SeedExampleRepeatedReportsEveryUserInRequestOrder(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	revoke(s, seedRequest).Expect(200, seedResponse)
	revoke(s, seedRequest).Expect(200, `{"errors":[
		{"id":"usrL2PNC5o3H4lBEi","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"},
		{"email":"foo@bar.com","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"},
		{"email":"bam@bam.com","message":"User not found","type":"NOT_FOUND"},
		{"id":"usrsOEchC9xuwRgKk","message":"User not found","type":"USER_ID_NOT_FOUND"},
		{"email":"foo@bam.com","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}
	]}`)
}

// TestRevoke_DocumentedBodies carries every documented answer of the revoke endpoint.
func TestRevoke_DocumentedBodies(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"directly assigned admin is revoked", `{"users":[{"id":"usrEmuAdmin000002"}]}`, 200, noErrors},
		{"admin by email is revoked", `{"users":[{"email":"admin2@example.com"}]}`, 200, noErrors},
		{"unknown email is NOT_FOUND", `{"users":[{"email":"bam@bam.com"}]}`, 200,
			`{"errors":[{"email":"bam@bam.com","message":"User not found","type":"NOT_FOUND"}]}`},
		{"unknown id is USER_ID_NOT_FOUND", `{"users":[{"id":"usrsOEchC9xuwRgKk"}]}`, 200,
			`{"errors":[{"id":"usrsOEchC9xuwRgKk","message":"User not found","type":"USER_ID_NOT_FOUND"}]}`},
		{"member is USER_NOT_ASSIGNED_ADMIN", `{"users":[{"email":"member@example.com"}]}`, 200,
			`{"errors":[{"email":"member@example.com","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`},
		{"super admin without direct assignment is USER_NOT_ASSIGNED_ADMIN", `{"users":[{"id":"usrEmuSuper000001"}]}`, 200,
			`{"errors":[{"id":"usrEmuSuper000001","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`},
		{"external collaborator is USER_NOT_ASSIGNED_ADMIN", `{"users":[{"id":"usrGcrteE5fUMqq0R"}]}`, 200,
			`{"errors":[{"id":"usrGcrteE5fUMqq0R","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`},
		{"id wins over a bogus email", `{"users":[{"id":"usrEmuAdmin000002","email":"nobody@nowhere.test"}]}`, 200, noErrors},
		{"a bogus id with a valid email echoes only the id", `{"users":[{"id":"usrsOEchC9xuwRgKk","email":"admin2@example.com"}]}`, 200,
			`{"errors":[{"id":"usrsOEchC9xuwRgKk","message":"User not found","type":"USER_ID_NOT_FOUND"}]}`},
		{"an empty id falls back to the email", `{"users":[{"id":"","email":"admin2@example.com"}]}`, 200, noErrors},
		{"email matches case-insensitively and is echoed as sent", `{"users":[{"email":"Member@EXAMPLE.com"}]}`, 200,
			`{"errors":[{"email":"Member@EXAMPLE.com","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`},
		{"unknown keys are ignored", `{"users":[{"id":"usrEmuAdmin000002","role":"x"}],"dryRun":true}`, 200, noErrors},
		{"malformed JSON", `{"users":[`, 422, cannotParse},
		{"NaN is not JSON", `{"users":[{"id":NaN}]}`, 422, cannotParse},
		{"two JSON values", `{"users":[]} {}`, 422, cannotParse},
		{"empty body", ``, 422, badShape},
		{"users missing", `{}`, 422, badShape},
		{"users not an array", `{"users":{"id":"usrEmuAdmin000002"}}`, 422, badShape},
		{"users null", `{"users":null}`, 422, badShape},
		{"item not an object", `{"users":["usrEmuAdmin000002"]}`, 422, badShape},
		{"id not a string", `{"users":[{"id":17}]}`, 422, badShape},
		{"email null", `{"users":[{"email":null}]}`, 422, badShape},
		{"body an array", `[{"id":"usrEmuAdmin000002"}]`, 422, badShape},
		{"body null", `null`, 422, badShape},
		{"body a string", `"usrEmuAdmin000002"`, 422, badShape},
		{"a type error wins over an empty item", `{"users":[{},{"id":1}]}`, 422, badShape},
		{"empty users", `{"users":[]}`, 422, idOrEmail},
		{"item with neither id nor email", `{"users":[{}]}`, 422, idOrEmail},
		{"item with empty id and email", `{"users":[{"id":"","email":""}]}`, 422, idOrEmail},
		{"one bad item fails the whole request", `{"users":[{"id":"usrEmuAdmin000002"},{"name":"x"}]}`, 422, idOrEmail},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := apitest.StartAlone(t, airtable.New())
			revoke(s, tc.body).Expect(tc.status, tc.want)
		})
	}
}

func TestRevoke_OneBadItemChangesNoUser(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	revoke(s, `{"users":[{"id":"usrEmuAdmin000002"},{}]}`).Expect(422, idOrEmail)
	getUsers(s, "?id=usrEmuAdmin000002").Expect(200, `{"users":[`+admin2(true)+`]}`)
}

func TestRevoke_SameUserTwiceInOneRequestIsRevokedOnce(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	revoke(s, `{"users":[{"id":"usrEmuAdmin000002"},{"email":"ADMIN2@example.com"},{"id":"usrEmuAdmin000002"}]}`).Expect(200, noErrors)
	revoke(s, `{"users":[{"id":"usrEmuAdmin000002"}]}`).Expect(200,
		`{"errors":[{"id":"usrEmuAdmin000002","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`)
}

func TestRevoke_SelfRevokeIsAllowedAndEndsTheCallersAdminAccess(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	revoke(s, `{"users":[{"email":"admin1@example.com"}]}`).Expect(200, noErrors)
	revoke(s, `{"users":[{"email":"admin2@example.com"}]}`).Expect(403, noPermission)
}

func TestRevoke_MalformedJSONAnswers400WithTheOption(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New(), withOptions("malformed_json_status: 400"))
	revoke(s, `{"users":`).Expect(400, cannotParse)
}

func TestAuth_Failures(t *testing.T) {
	cases := []struct {
		name    string
		method  string
		path    string
		headers []string
		status  int
		want    string
	}{
		{"no Authorization header", "POST", revokePath, nil, 401, authRequired},
		{"empty Authorization header", "POST", revokePath, []string{"Authorization", ""}, 401, authRequired},
		{"Basic scheme", "POST", revokePath, []string{"Authorization", "Basic cGF0RW11QWRtaW4wMDAwMDEuYWRtaW4="}, 401, authRequired},
		{"token without scheme", "POST", revokePath, []string{"Authorization", "patEmuAdmin000001.admin"}, 401, authRequired},
		{"Bearer without token", "POST", revokePath, []string{"Authorization", "Bearer"}, 401, authRequired},
		{"unknown token", "POST", revokePath, []string{"Authorization", "Bearer patUnknown0000001.nope"}, 401, authRequired},
		{"unknown token on get users", "GET", base + "?id=usrEmuAdmin000001", []string{"Authorization", "Bearer nope"}, 401, authRequired},
		{"read-only token on revoke", "POST", revokePath, []string{"Authorization", readOnlyToken}, 403, noPermission},
		{"read-only token on grant", "POST", grantPath, []string{"Authorization", readOnlyToken}, 403, noPermission},
		{"member token on revoke", "POST", revokePath, []string{"Authorization", memberToken}, 403, noPermission},
		{"member token on get users", "GET", base + "?id=usrEmuAdmin000001", []string{"Authorization", memberToken}, 403, noPermission},
		{"unknown enterprise account", "POST", "/v0/meta/enterpriseAccounts/entUBq2RGdihxl3vU/users/revokeAdminAccess", []string{"Authorization", adminToken}, 403, noPermission},
		{"unknown enterprise account on get users", "GET", "/v0/meta/enterpriseAccounts/entUBq2RGdihxl3vU/users?id=usrEmuAdmin000001", []string{"Authorization", adminToken}, 403, noPermission},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := apitest.StartAlone(t, airtable.New())
			body := ""
			if tc.method == "POST" {
				body = `{"users":[` // malformed: authentication must answer first
			}
			s.Do(tc.method, tc.path, body, tc.headers...).Expect(tc.status, tc.want)
		})
	}
}

func TestAuth_BearerSchemeIsCaseInsensitive(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	s.Do("POST", revokePath, `{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", "bearer patEmuAdmin000001.admin").Expect(200, noErrors)
}

func TestAuth_MissingScopeAnswers401WithTheOption(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New(), withOptions("missing_scope_status: 401"))
	s.Do("POST", revokePath, `{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", readOnlyToken).Expect(401, authRequired)
	// A member's token has the scope: it is still the 403 of a non-admin.
	s.Do("POST", revokePath, `{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", memberToken).Expect(403, noPermission)
}

func TestAuth_SuperAdminMayCallWithoutDirectAssignment(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New(), `
airtable:
  enterprise_accounts:
    - id: entEmulator000001
      email_domains: [example.com]
      users:
        - {id: usrEmuAdmin000002, email: admin2@example.com, admin: true}
        - {id: usrEmuSuper000001, email: super@example.com, super_admin: true}
  tokens:
    - {token: patSuper.super, user: usrEmuSuper000001, scopes: [enterprise.user:write]}
`)
	s.Do("POST", revokePath, `{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", "Bearer patSuper.super").Expect(200, noErrors)
}

func TestRouting_UnknownPathsAndMethodsAnswerNotFound(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	cases := []struct{ method, path string }{
		{"POST", base + "/revokeAdminAcess"},
		{"POST", "/v0/meta/enterpriseAccounts/" + ent},
		{"GET", "/v0/meta/whoami/usrEmuAdmin000001"},
		{"POST", "/v0/meta/whoami"},
		{"PUT", base + "/usrEmuMember00001"},
		{"GET", base + "/usrEmuMember00001/remove"},
		{"POST", base + "/usrEmuMember00001/logout/now"},
		{"GET", "/v0/meta/enterpriseAccounts/" + ent + "/claim"},
		{"GET", "/v0/appXXXXXXXXXXXXXX/Table"},
		{"GET", "/v0"},
		{"GET", revokePath},
		{"PUT", revokePath},
		{"DELETE", grantPath},
		{"POST", base},
		{"PATCH", base},
		{"POST", "/t/other" + base + "/nope"},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			res := s.Do(tc.method, tc.path, `{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", adminToken)
			res.Expect(404, notFound)
			if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestRevoke_BodyTooLargeAnswers413(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New(), withOptions("max_body_bytes: 64"))
	body := `{"users":[{"id":"usrEmuAdmin000002"},{"id":"usrEmuAdmin000001"},{"id":"usrEmuSuper000001"}]}`
	revoke(s, body).Expect(413, `{"error":{"type":"REQUEST_TOO_LARGE","message":"Request body is too large"}}`)
}

func TestRevoke_BodyAtTheReadCapAnswers413(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	big := make([]byte, 10<<20+1)
	for i := range big {
		big[i] = ' '
	}
	copy(big, `{"users":[{"id":"usrEmuAdmin000002"}]}`)
	revoke(s, string(big)).Expect(413, `{"error":{"type":"REQUEST_TOO_LARGE","message":"Request body is too large"}}`)
}

func TestTenants_AreIsolated(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	s.Do("POST", "/t/one"+revokePath, `{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", adminToken).Expect(200, noErrors)
	s.Do("POST", "/t/two"+revokePath, `{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", adminToken).Expect(200, noErrors)
	getUsers(s, "?id=usrEmuAdmin000002").Expect(200, `{"users":[`+admin2(true)+`]}`)
}
