package airtable_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/fixtures"
	"github.com/accessemu/accessemu/internal/apitest"
)

// withOptions is the default world with the airtable options replaced by lines ("key: value").
func withOptions(lines ...string) string {
	doc := string(fixtures.Default)
	doc = regexp.MustCompile(`(?m)^    (missing_scope_status|malformed_json_status|max_body_bytes):.*\n`).ReplaceAllString(doc, "")
	opts := ""
	for _, l := range lines {
		opts += "    " + l + "\n"
	}
	return strings.Replace(doc, "airtable:\n  options:\n", "airtable:\n  options:\n"+opts, 1)
}

func getUsers(s *apitest.Server, query string) *apitest.Result {
	return s.Do("GET", base+query, "", "Authorization", adminToken)
}

// admin2 is usrEmuAdmin000002 as get users returns it; the times and the 2FA flag are the default
// world's deterministic fake data.
func admin2(isAdmin bool) string {
	return fmt.Sprintf(`{"createdTime":"2022-01-31T04:03:52.333Z","email":"admin2@example.com","groups":[],"id":"usrEmuAdmin000002",`+
		`"invitedToAirtableByUserId":null,"isAdmin":%t,"isManaged":true,"isServiceAccount":false,"isSsoRequired":false,`+
		`"isSuperAdmin":false,"isTwoFactorAuthEnabled":true,"lastActivityTime":"2022-09-16T14:39:09.708Z","name":"Alan Admin","state":"provisioned"}`, isAdmin)
}

type userFlags struct {
	ID           string  `json:"id"`
	Email        string  `json:"email"`
	IsAdmin      *bool   `json:"isAdmin"`
	IsSuperAdmin *bool   `json:"isSuperAdmin"`
	IsManaged    *bool   `json:"isManaged"`
	CreatedTime  *string `json:"createdTime"`
}

func usersOf(t *testing.T, res *apitest.Result) []userFlags {
	t.Helper()
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	var body struct{ Users []userFlags }
	res.JSON(&body)
	return body.Users
}

func isAdmin(t *testing.T, s *apitest.Server, id string) bool {
	t.Helper()
	users := usersOf(t, getUsers(s, "?id="+id))
	if len(users) != 1 || users[0].IsAdmin == nil {
		t.Fatalf("get users %s: %+v", id, users)
	}
	return *users[0].IsAdmin
}

func TestGetUsers_ReturnsTheUserObject(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	getUsers(s, "?id=usrEmuAdmin000002").Expect(200, `{"users":[`+admin2(true)+`]}`)
}

func TestGetUsers_BothArrayFormsWork(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	for _, q := range []string{
		"?id=usrEmuAdmin000002",
		"?id[]=usrEmuAdmin000002",
		"?id%5B%5D=usrEmuAdmin000002",
		"?email=admin2@example.com",
		"?email[]=admin2%40example.com",
		"?email[]=ADMIN2@Example.com",
		"?id=usrEmuAdmin000002&email[]=admin2@example.com&id[]=usrEmuAdmin000002",
	} {
		t.Run(q, func(t *testing.T) {
			getUsers(s, q).Expect(200, `{"users":[`+admin2(true)+`]}`)
		})
	}
}

func TestGetUsers_ManyUsersInRequestOrderIdsFirst(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	users := usersOf(t, getUsers(s, "?email=member@example.com&id=usrEmuSuper000001&id[]=usrEmuAdmin000001&email[]=super@example.com"))
	var ids []string
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	if got := strings.Join(ids, ","); got != "usrEmuSuper000001,usrEmuAdmin000001,usrEmuMember00001" {
		t.Errorf("users = %s", got)
	}
}

// A long list names each user once, in request order, duplicates dropped past the first few users
// as well as among them.
func TestGetUsers_LongListNamesEachUserOnce(t *testing.T) {
	var extra, query, want []string
	for i := range 20 {
		id := fmt.Sprintf("usrEmuExtra%06d", i)
		extra = append(extra, fmt.Sprintf("        - {id: %s, email: extra%d@example.com, name: Extra %d}\n", id, i, i))
		query = append(query, "id="+id)
		want = append(want, id)
	}
	for i := range 20 { // every one again, by id and by email, with the default world's admin between
		query = append(query, fmt.Sprintf("id[]=usrEmuExtra%06d", i), fmt.Sprintf("email=EXTRA%d@example.com", i), "email=admin2@example.com")
	}
	want = append(want, "usrEmuAdmin000002")
	anchor := "        - {id: usrEmuUnverified1"
	world := strings.Replace(string(fixtures.Default), anchor, strings.Join(extra, "")+anchor, 1)
	s := apitest.StartAlone(t, airtable.New(), world)
	var ids []string
	for _, u := range usersOf(t, getUsers(s, "?"+strings.Join(query, "&"))) {
		ids = append(ids, u.ID)
	}
	if got := strings.Join(ids, ","); got != strings.Join(want, ",") {
		t.Errorf("users = %s\nwant    %s", got, strings.Join(want, ","))
	}
}

func TestGetUsers_AdminFlags(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	users := usersOf(t, getUsers(s, "?id=usrEmuMember00001&id=usrEmuSuper000001&id=usrGcrteE5fUMqq0R&id=usrL2PNC5o3H4lBEi"))
	if len(users) != 4 {
		t.Fatalf("users: %+v", users)
	}
	member, super, guest, foo := users[0], users[1], users[2], users[3]
	if *member.IsAdmin || *member.IsSuperAdmin || !*member.IsManaged {
		t.Errorf("member: %+v", member)
	}
	if *super.IsAdmin || !*super.IsSuperAdmin {
		t.Errorf("a super admin without direct assignment has isAdmin false, isSuperAdmin true: %+v", super)
	}
	if guest.IsAdmin != nil || guest.IsSuperAdmin != nil || guest.IsManaged != nil || guest.CreatedTime != nil {
		t.Errorf("an external user off the claimed domains has no admin flags and no createdTime: %+v", guest)
	}
	if !*foo.IsAdmin || foo.Email != "foo@bar.com" {
		t.Errorf("the docs' usrL2PNC5o3H4lBEi is foo@bar.com, a direct admin: %+v", foo)
	}
}

func TestGetUsers_Include(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	res := getUsers(s, "?id=usrGcrteE5fUMqq0R&include=collaborations&include[]=aggregated&include=descendants")
	res.Expect(200, `{"users":[{"aggregated":{"collaborations":{"baseCollaborations":[],"interfaceCollaborations":[],"workspaceCollaborations":[]},`+
		`"lastActivityTime":"2022-08-06T06:48:31.085Z"},`+
		`"collaborations":{"baseCollaborations":[],"interfaceCollaborations":[],"workspaceCollaborations":[]},"descendants":{},`+
		`"email":"guest@outside.example.org","id":"usrGcrteE5fUMqq0R","invitedToAirtableByUserId":null,"isServiceAccount":false,`+
		`"isSsoRequired":false,"isTwoFactorAuthEnabled":false,"lastActivityTime":"2022-08-06T06:48:31.085Z","name":"Gus Guest","state":"provisioned"}]}`)
}

func TestGetUsers_Errors(t *testing.T) {
	cases := []struct {
		name, query string
		status      int
		want        string
	}{
		{"neither id nor email", "", 422, idOrEmail},
		{"only include", "?include=collaborations", 422, idOrEmail},
		{"empty values", "?id=&email[]=", 422, idOrEmail},
		{"unknown id", "?id=usrsOEchC9xuwRgKk", 404, notFound},
		{"unknown email", "?email=bam@bam.com", 404, notFound},
		{"one unknown among known", "?id=usrEmuAdmin000001&id=usrsOEchC9xuwRgKk", 404, notFound},
		{"unknown include", "?id=usrEmuAdmin000001&include=everything", 422, badShape},
		{"unknown query keys are ignored", "?id=usrEmuAdmin000002&foo=bar", 200, `{"users":[` + admin2(true) + `]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := apitest.StartAlone(t, airtable.New())
			getUsers(s, tc.query).Expect(tc.status, tc.want)
		})
	}
}

func TestRoundTrip_RevokeReadRevokeGrantRead(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	revoke(s, `{"users":[{"id":"usrEmuAdmin000002"}]}`).Expect(200, noErrors)
	getUsers(s, "?id=usrEmuAdmin000002").Expect(200, `{"users":[`+admin2(false)+`]}`)
	revoke(s, `{"users":[{"id":"usrEmuAdmin000002"}]}`).Expect(200,
		`{"errors":[{"id":"usrEmuAdmin000002","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`)
	grant(s, `{"users":[{"email":"admin2@example.com"}]}`).Expect(200, noErrors)
	getUsers(s, "?email=admin2@example.com").Expect(200, `{"users":[`+admin2(true)+`]}`)
	revoke(s, `{"users":[{"email":"admin2@example.com"}]}`).Expect(200, noErrors)
	if isAdmin(t, s, "usrEmuAdmin000002") {
		t.Error("admin2 is still an admin after the second revoke")
	}
}

func TestGrant_DocumentedBodies(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"member becomes admin", `{"users":[{"id":"usrEmuMember00001"}]}`, 200, noErrors},
		{"super admin gets a direct assignment", `{"users":[{"email":"super@example.com"}]}`, 200, noErrors},
		{"unknown email is NOT_FOUND", `{"users":[{"email":"bam@bam.com"}]}`, 200,
			`{"errors":[{"email":"bam@bam.com","message":"User not found","type":"NOT_FOUND"}]}`},
		{"unknown id is USER_ID_NOT_FOUND", `{"users":[{"id":"usrsOEchC9xuwRgKk"}]}`, 200,
			`{"errors":[{"id":"usrsOEchC9xuwRgKk","message":"User not found","type":"USER_ID_NOT_FOUND"}]}`},
		{"direct admin is USER_ALREADY_ADMIN", `{"users":[{"email":"admin2@example.com"}]}`, 200,
			`{"errors":[{"email":"admin2@example.com","message":"User is already an admin","type":"USER_ALREADY_ADMIN"}]}`},
		{"external user is USER_NOT_MEMBER_OF_ENTERPRISE_ACCOUNT", `{"users":[{"id":"usrGcrteE5fUMqq0R"}]}`, 200,
			`{"errors":[{"id":"usrGcrteE5fUMqq0R","message":"User is not a member of this enterprise account or has an email not associated with this enterprise account","type":"USER_NOT_MEMBER_OF_ENTERPRISE_ACCOUNT"}]}`},
		{"same user twice is granted once", `{"users":[{"id":"usrEmuMember00001"},{"email":"member@example.com"}]}`, 200, noErrors},
		{"malformed JSON", `{`, 422, cannotParse},
		{"users missing", `{"user":[]}`, 422, badShape},
		{"empty users", `{"users":[]}`, 422, idOrEmail},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := apitest.StartAlone(t, airtable.New())
			grant(s, tc.body).Expect(tc.status, tc.want)
		})
	}
}

// TestGrant_DocsExample replays the grant example of Airtable's docs against the default world:
// foo@bam.com is made an admin first, so that it answers USER_ALREADY_ADMIN as documented.
func TestGrant_DocsExample(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	revoke(s, `{"users":[{"id":"usrL2PNC5o3H4lBEi"}]}`).Expect(200, noErrors)
	grant(s, `{"users":[{"email":"foo@bam.com"}]}`).Expect(200, noErrors)
	grant(s, `{"users":[{"id":"usrL2PNC5o3H4lBEi"},{"email":"foo@bar.com"},{"email":"bam@bam.com"},{"id":"usrsOEchC9xuwRgKk"},{"email":"foo@bam.com"},{"id":"usrGcrteE5fUMqq0R"}]}`).Expect(200, `{
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
      "message": "User is already an admin",
      "type": "USER_ALREADY_ADMIN"
    },
    {
      "id": "usrGcrteE5fUMqq0R",
      "message": "User is not a member of this enterprise account or has an email not associated with this enterprise account",
      "type": "USER_NOT_MEMBER_OF_ENTERPRISE_ACCOUNT"
    }
  ]
}`)
}

func TestGrant_StateIsReadBack(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	grant(s, `{"users":[{"id":"usrEmuMember00001"},{"id":"usrEmuSuper000001"}]}`).Expect(200, noErrors)
	if !isAdmin(t, s, "usrEmuMember00001") || !isAdmin(t, s, "usrEmuSuper000001") {
		t.Error("granted users are not admins")
	}
	// The member is now an admin and may call the API with its own token.
	want := getUsers(s, "?id=usrEmuMember00001").Body
	s.Do("GET", base+"?id=usrEmuMember00001", "", "Authorization", memberToken).Expect(200, want)
	revoke(s, `{"users":[{"id":"usrEmuSuper000001"}]}`).Expect(200, noErrors)
	users := usersOf(t, getUsers(s, "?id=usrEmuSuper000001"))
	if *users[0].IsAdmin || !*users[0].IsSuperAdmin {
		t.Errorf("revoking the direct assignment keeps the super admin role: %+v", users[0])
	}
}
