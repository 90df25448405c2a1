package airtable_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/fixtures"
	"github.com/accessemu/accessemu/internal/apitest"
)

const (
	entPath    = "/v0/meta/enterpriseAccounts/" + ent
	whoamiPath = "/v0/meta/whoami"
	claimPath  = base + "/claim"
	// claimUsersPath is where pyairtable's Enterprise.claim_users sends manage user membership.
	claimUsersPath = entPath + "/claim/users"
)

// call sends a request as the default world's admin token.
func call(s *apitest.Server, method, path, body string) *apitest.Result {
	return s.Do(method, path, body, "Authorization", adminToken, "Content-Type", "application/json")
}

// userView is a default-world user as get user answers for it, from its deterministic fake data.
type userView struct {
	id, email, name, created, lastActivity string
	twoFactor, admin, superAdmin           bool
}

var (
	memberUser = userView{id: "usrEmuMember00001", email: "member@example.com", name: "Mia Member", created: "2019-01-29T05:21:36.428Z", lastActivity: "2019-03-09T11:52:17.893Z"}
	fooBamUser = userView{id: "usrFooBam00000001", email: "foo@bam.com", name: "foo bam", created: "2022-04-29T00:54:58.701Z", lastActivity: "2023-04-25T16:52:58.667Z"}
)

// json is the user as get user by id answers, with the given state and managed flag.
func (u userView) json(state string, managed bool) string {
	return fmt.Sprintf(`{"createdTime":%q,"email":%q,"groups":[],"id":%q,"invitedToAirtableByUserId":null,"isAdmin":%t,"isManaged":%t,`+
		`"isServiceAccount":false,"isSsoRequired":false,"isSuperAdmin":%t,"isTwoFactorAuthEnabled":%t,"lastActivityTime":%q,"name":%q,"state":%q}`,
		u.created, u.email, u.id, u.admin, managed, u.superAdmin, u.twoFactor, u.lastActivity, u.name, state)
}

// defaultUserIDs are the userIds of the default world's enterprise, in the order get enterprise lists them.
var defaultUserIDs = []string{"usrBarBam00000001", "usrEmuAdmin000001", "usrEmuAdmin000002", "usrEmuMember00001", "usrEmuSuper000001",
	"usrEmuUnmanaged01", "usrEmuUnverified1", "usrFooBam00000001", "usrGcrteE5fUMqq0R", "usrL2PNC5o3H4lBEi"}

// enterpriseBody is get enterprise's answer for the default world with the given users.
func enterpriseBody(userIDs []string) string {
	return `{"createdTime":"2019-01-29T05:21:36.428Z","emailDomains":[{"emailDomain":"example.com","isSsoRequired":false},` +
		`{"emailDomain":"bar.com","isSsoRequired":false},{"emailDomain":"bam.com","isSsoRequired":false}],"groupIds":[],` +
		`"id":"entEmulator000001","rootEnterpriseAccountId":"entEmulator000001","userIds":` + jsonList(userIDs) + `,"workspaceIds":["wspEmulator000001"]}`
}

func jsonList(items []string) string {
	out := "["
	for i, it := range items {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprintf("%q", it)
	}
	return out + "]"
}

func without(ids []string, gone ...string) []string {
	var out []string
	for _, id := range ids {
		keep := true
		for _, g := range gone {
			keep = keep && id != g
		}
		if keep {
			out = append(out, id)
		}
	}
	return out
}

// The two 200 examples of Airtable's who am I page are the shapes of a token with and without
// user.email:read.
func TestWhoami_AnswersTheDocumentedShapes(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	s.Do("GET", whoamiPath, "", "Authorization", adminToken).Expect(200, `{
  "email": "admin1@example.com",
  "id": "usrEmuAdmin000001"
}`)
	s.Do("GET", whoamiPath, "", "Authorization", readOnlyToken).Expect(200, `{
  "id": "usrEmuAdmin000001"
}`)
	s.Do("GET", whoamiPath, "", "Authorization", memberToken).Expect(200, `{"id":"usrEmuMember00001"}`)
}

func TestWhoami_NeedsAKnownTokenOfAUserWhoCanLogIn(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	s.Do("GET", whoamiPath, "").Expect(401, authRequired)
	s.Do("GET", whoamiPath, "", "Authorization", "Bearer patNobody").Expect(401, authRequired)
	call(s, "PATCH", base+"/usrEmuMember00001", `{"state":"deactivated"}`).ExpectEmpty(200)
	s.Do("GET", whoamiPath, "", "Authorization", memberToken).Expect(401, authRequired)
	call(s, "PATCH", base+"/usrEmuMember00001", `{"state":"provisioned"}`).ExpectEmpty(200)
	s.Do("GET", whoamiPath, "", "Authorization", memberToken).Expect(200, `{"id":"usrEmuMember00001"}`)
}

func TestWhoami_ARemovedUserKeepsItsAirtableAccount(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "POST", base+"/usrEmuMember00001/remove", `{"replacementOwnerId":"usrEmuAdmin000002"}`)
	s.Do("GET", whoamiPath, "", "Authorization", memberToken).Expect(200, `{"id":"usrEmuMember00001"}`)
}

func TestGetEnterprise_ListsTheAccount(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "GET", entPath, "").Expect(200, enterpriseBody(defaultUserIDs))
}

func TestGetEnterprise_IncludeAggregatedAndDescendants(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	users := jsonList(defaultUserIDs)
	rest := `"emailDomains":[{"emailDomain":"example.com","isSsoRequired":false},{"emailDomain":"bar.com","isSsoRequired":false},` +
		`{"emailDomain":"bam.com","isSsoRequired":false}],"groupIds":[],"id":"entEmulator000001","rootEnterpriseAccountId":"entEmulator000001",` +
		`"userIds":` + users + `,"workspaceIds":["wspEmulator000001"]}`
	aggregated := `"aggregated":{"groupIds":[],"userIds":` + users + `,"workspaceIds":["wspEmulator000001"]}`
	call(s, "GET", entPath+"?include=aggregated", "").Expect(200, `{`+aggregated+`,"createdTime":"2019-01-29T05:21:36.428Z",`+rest)
	call(s, "GET", entPath+"?include[]=aggregated&include=descendants", "").Expect(200,
		`{`+aggregated+`,"createdTime":"2019-01-29T05:21:36.428Z","descendants":{},`+rest)
	call(s, "GET", entPath+"?include=collaborations", "").Expect(422, badShape)
}

func TestGetEnterprise_NeedsEnterpriseAccountRead(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	s.Do("GET", entPath, "", "Authorization", readOnlyToken).Expect(403, noPermission)
	s.Do("GET", entPath, "", "Authorization", memberToken).Expect(403, noPermission)
	s.Do("GET", "/v0/meta/enterpriseAccounts/entUBq2RGdihxl3vU", "", "Authorization", adminToken).Expect(403, noPermission)
	s.Do("GET", entPath, "").Expect(401, authRequired)
}

func TestGetUserByID_ReturnsTheUser(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "GET", base+"/usrEmuMember00001", "").Expect(200, memberUser.json("provisioned", true))
	call(s, "GET", base+"/usrEmuAdmin000002", "").Expect(200, admin2(true))
	s.Do("GET", base+"/usrEmuAdmin000002", "", "Authorization", readOnlyToken).Expect(200, admin2(true))
}

func TestGetUserByID_UnknownIsTheBare404(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "GET", base+"/usrsOEchC9xuwRgKk", "").Expect(404, notFound)
	call(s, "GET", base+"/member@example.com", "").Expect(404, notFound)
	s.Do("GET", base+"/usrEmuAdmin000002", "", "Authorization", memberToken).Expect(403, noPermission)
}

func TestGetUserByID_Include(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "GET", base+"/usrGcrteE5fUMqq0R?include=collaborations", "").Expect(200,
		`{"collaborations":{"baseCollaborations":[],"interfaceCollaborations":[],"workspaceCollaborations":[]},`+
			`"email":"guest@outside.example.org","id":"usrGcrteE5fUMqq0R","invitedToAirtableByUserId":null,"isServiceAccount":false,`+
			`"isSsoRequired":false,"isTwoFactorAuthEnabled":false,"lastActivityTime":"2022-08-06T06:48:31.085Z","name":"Gus Guest","state":"provisioned"}`)
	call(s, "GET", base+"/usrGcrteE5fUMqq0R?include=everything", "").Expect(422, badShape)
}

// admin2Token belongs to Alan Admin in the world withAdmin2Token gives.
const admin2Token = "Bearer patEmuAdmin000002.admin"

// withAdmin2Token is the default world plus a read-write token for Alan Admin.
func withAdmin2Token() emulator.Options {
	doc := strings.Replace(string(fixtures.Default), "  tokens:\n", "  tokens:\n    - token: patEmuAdmin000002.admin\n      user: usrEmuAdmin000002\n      scopes: [enterprise.user:read, enterprise.user:write]\n", 1)
	return emulator.Options{Providers: []provider.Provider{airtable.New()}, Fixtures: []byte(doc)}
}

// docError is an error body as Airtable's pages print it (keys in alphabetical order, message
// first) in the order the API sends them: type, then message, as every observed response has it.
func docError(t *testing.T, documented string) string {
	t.Helper()
	var body struct {
		Error struct {
			Message string `json:"message"`
			Type    string `json:"type"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(documented), &body); err != nil || body.Error.Type == "" || body.Error.Message == "" {
		t.Fatalf("not an Airtable error body: %s (%v)", documented, err)
	}
	return `{"error":{"type":` + mustJSON(body.Error.Type) + `,"message":` + mustJSON(body.Error.Message) + `}}`
}

func mustJSON(s string) string {
	out, _ := json.Marshal(s)
	return string(out)
}
