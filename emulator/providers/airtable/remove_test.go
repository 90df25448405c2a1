package airtable_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

func removePath(id string) string { return base + "/" + id + "/remove" }

// removedNothing is remove user's answer for a user with no workspaces and no admin access.
const removedNothing = `{"shared":{"workspaces":[]},"unshared":{"bases":[],"interfaces":[],"workspaces":[]},"wasUserRemovedAsAdmin":false}`

// removedMember is the answer for Mia Member, the sole owner of the default world's workspace,
// handed to Alan Admin.
const removedMember = `{"shared":{"workspaces":[{"deletedTime":null,"permissionLevel":"owner","userId":"usrEmuAdmin000002","workspaceId":"wspEmulator000001","workspaceName":"Emulator Workspace"}]},` +
	`"unshared":{"bases":[],"interfaces":[],"workspaces":[{"deletedTime":null,"formerPermissionLevel":"owner","userId":"usrEmuMember00001","workspaceId":"wspEmulator000001","workspaceName":"Emulator Workspace"}]},` +
	`"wasUserRemovedAsAdmin":false}`

func TestRemove_AnAdminLosesAdminAccessAndLeavesTheEnterprise(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	// pyairtable's body for remove_user(user_id).
	call(s, "POST", removePath("usrEmuAdmin000002"), `{"isDryRun": false}`).Expect(200,
		`{"shared":{"workspaces":[]},"unshared":{"bases":[],"interfaces":[],"workspaces":[{"deletedTime":null,"formerPermissionLevel":"edit","userId":"usrEmuAdmin000002","workspaceId":"wspEmulator000001","workspaceName":"Emulator Workspace"}]},"wasUserRemovedAsAdmin":true}`)
	call(s, "GET", base+"/usrEmuAdmin000002", "").Expect(404, notFound)
	getUsers(s, "?email=admin2@example.com").Expect(404, notFound)
	call(s, "GET", entPath, "").Expect(200, enterpriseBody(without(defaultUserIDs, "usrEmuAdmin000002")))
	call(s, "POST", removePath("usrEmuAdmin000002"), `{"isDryRun": false}`).Expect(404, notFound)
}

// After a removal, revoke, grant and get answer for the user as for one the account never had.
func TestRemove_TheUserIsUnknownToRevokeGrantAndGet(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "POST", removePath("usrL2PNC5o3H4lBEi"), ``).Expect(200, `{"shared":{"workspaces":[]},"unshared":{"bases":[],"interfaces":[],"workspaces":[]},"wasUserRemovedAsAdmin":true}`)
	revoke(s, `{"users":[{"id":"usrL2PNC5o3H4lBEi"},{"email":"FOO@bar.com"}]}`).Expect(200, userErrors(
		idError("usrL2PNC5o3H4lBEi", "User not found", "USER_ID_NOT_FOUND"), emailError("FOO@bar.com", "User not found", "NOT_FOUND")))
	grant(s, `{"users":[{"id":"usrL2PNC5o3H4lBEi"},{"email":"foo@bar.com"}]}`).Expect(200, userErrors(
		idError("usrL2PNC5o3H4lBEi", "User not found", "USER_ID_NOT_FOUND"), emailError("foo@bar.com", "User not found", "NOT_FOUND")))
	getUsers(s, "?id=usrL2PNC5o3H4lBEi").Expect(404, notFound)
	call(s, "GET", base+"/usrL2PNC5o3H4lBEi", "").Expect(404, notFound)
}

func TestRemove_DryRunAnswersTheSameAndChangesNothing(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "POST", removePath("usrEmuMember00001"), `{"isDryRun":true,"replacementOwnerId":"usrEmuAdmin000002"}`).Expect(200, removedMember)
	call(s, "GET", base+"/usrEmuMember00001", "").Expect(200, memberUser.json("provisioned", true))
	call(s, "POST", removePath("usrEmuMember00001"), `{"isDryRun":false,"replacementOwnerId":"usrEmuAdmin000002"}`).Expect(200, removedMember)
	call(s, "GET", base+"/usrEmuMember00001", "").Expect(404, notFound)
}

// The workspace Mia Member owned alone now has Alan Admin as owner: removing him needs a
// replacement in turn, and Mia, gone, cannot be one.
func TestRemove_TheReplacementOwnerTakesTheWorkspaces(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "POST", removePath("usrEmuMember00001"), `{"replacementOwnerId":"usrEmuAdmin000002"}`).Expect(200, removedMember)
	call(s, "POST", removePath("usrEmuAdmin000002"), `{}`).Expect(422, badShape)
	call(s, "POST", removePath("usrEmuAdmin000002"), `{"replacementOwnerId":"usrEmuMember00001"}`).Expect(422, badShape)
	call(s, "POST", removePath("usrEmuAdmin000002"), `{"replacementOwnerId":"usrFooBam00000001","removeFromDescendants":true}`).Expect(200,
		`{"shared":{"workspaces":[{"deletedTime":null,"enterpriseAccountId":"entEmulator000001","permissionLevel":"owner","userId":"usrFooBam00000001","workspaceId":"wspEmulator000001","workspaceName":"Emulator Workspace"}]},`+
			`"unshared":{"bases":[],"interfaces":[],"workspaces":[{"deletedTime":null,"enterpriseAccountId":"entEmulator000001","formerPermissionLevel":"owner","userId":"usrEmuAdmin000002","workspaceId":"wspEmulator000001","workspaceName":"Emulator Workspace"}]},"wasUserRemovedAsAdmin":true}`)
}

func TestRemove_Refusals(t *testing.T) {
	cases := []struct {
		name, id, body string
		status         int
		want           string
	}{
		// The documented 403s.
		{"the caller itself", "usrEmuAdmin000001", `{"isDryRun":false}`, 403, `{"error": {"message": "You are not permitted to perform this operation on yourself","type": "INVALID_PERMISSIONS"}}`},
		{"a replacement owner with an unverified email", "usrEmuMember00001", `{"replacementOwnerId":"usrEmuUnverified1"}`, 403, `{"error": {"message": "Replacement owner must have verified email","type": "INVALID_PERMISSIONS"}}`},
		// A sole owner without a usable replacement.
		{"a sole owner without replacementOwnerId", "usrEmuMember00001", `{"isDryRun":false}`, 422, badShape},
		{"a sole owner, dry run", "usrEmuMember00001", `{"isDryRun":true}`, 422, badShape},
		{"an unknown replacement", "usrEmuMember00001", `{"replacementOwnerId":"usrsOEchC9xuwRgKk"}`, 422, badShape},
		{"the user as its own replacement", "usrEmuMember00001", `{"replacementOwnerId":"usrEmuMember00001"}`, 422, badShape},
		// Unknown users.
		{"an unknown user", "usrsOEchC9xuwRgKk", `{}`, 404, notFound},
		{"an email instead of an id", "member@example.com", `{}`, 404, notFound},
	}
	shared := apitest.StartAlone(t, airtable.New())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			shared.Emu.Reset(emulator.DefaultTenant)
			s := shared.For(t)
			want := tc.want
			if tc.status == 403 {
				want = docError(t, want)
			}
			call(s, "POST", removePath(tc.id), tc.body).Expect(tc.status, want)
			call(s, "GET", entPath, "").Expect(200, enterpriseBody(defaultUserIDs))
		})
	}
}

// A replacement owner is ignored when the user owns no workspace alone, even an unknown one.
func TestRemove_AReplacementIsIgnoredWhenNotNeeded(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	call(s, "POST", removePath("usrFooBam00000001"), `{"replacementOwnerId":"usrNobody"}`).Expect(200, removedNothing)
}

func TestRemove_NeedsEnterpriseUserWrite(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	s.Do("POST", removePath("usrFooBam00000001"), `{}`, "Authorization", readOnlyToken).Expect(403, noPermission)
	s.Do("POST", removePath("usrFooBam00000001"), `{}`, "Authorization", memberToken).Expect(403, noPermission)
	s.Do("POST", removePath("usrFooBam00000001"), `{}`).Expect(401, authRequired)
	call(s, "GET", base+"/usrFooBam00000001", "").Expect(200, fooBamUser.json("provisioned", true))
}

// A removed admin's token no longer reaches the enterprise.
func TestRemove_ARemovedAdminLosesAccessToTheEnterprise(t *testing.T) {
	s := apitest.StartWith(t, withAdmin2Token())
	s.Do("GET", whoamiPath, "", "Authorization", admin2Token).Expect(200, `{"id":"usrEmuAdmin000002"}`)
	call(s, "POST", removePath("usrEmuAdmin000002"), `{}`)
	s.Do("GET", base+"/usrEmuAdmin000001", "", "Authorization", admin2Token).Expect(403, noPermission)
	s.Do("GET", whoamiPath, "", "Authorization", admin2Token).Expect(200, `{"id":"usrEmuAdmin000002"}`)
}

// get user's collaborations list the workspaces; after a removal the replacement owner's shows
// the ownership granted by the caller at the tenant's clock.
func TestRemove_CollaborationsFollowTheWorkspace(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	collabs := func(items string) string {
		return `{"collaborations":{"baseCollaborations":[],"interfaceCollaborations":[],"workspaceCollaborations":[` + items + `]},`
	}
	member := collabs(`{"createdTime":"2019-01-29T05:21:36.428Z","grantedByUserId":"usrEmuMember00001","permissionLevel":"owner","workspaceId":"wspEmulator000001"}`) +
		memberUser.json("provisioned", true)[1:]
	call(s, "GET", userPath("usrEmuMember00001")+"?include=collaborations", "").Expect(200, member)
	edit := `{"createdTime":"2019-01-29T05:21:36.428Z","grantedByUserId":"usrEmuMember00001","permissionLevel":"edit","workspaceId":"wspEmulator000001"}`
	getUsers(s, "?id=usrEmuAdmin000002&include=collaborations").Expect(200, `{"users":[`+collabs(edit)+admin2(true)[1:]+`]}`)

	s.Do("PUT", "/__emulator/tenants/default/clock", `{"now": "2030-01-01T00:00:00Z"}`)
	call(s, "POST", removePath("usrEmuMember00001"), `{"replacementOwnerId":"usrEmuAdmin000002"}`).Expect(200, removedMember)
	owner := `{"createdTime":"2019-01-29T05:21:36.428Z","grantedByUserId":"usrEmuMember00001","permissionLevel":"owner","workspaceId":"wspEmulator000001"}`
	getUsers(s, "?id=usrEmuAdmin000002&include=collaborations").Expect(200, `{"users":[`+collabs(owner)+admin2(true)[1:]+`]}`)

	// A replacement who was not a collaborator joins as owner, granted by the caller now.
	call(s, "POST", removePath("usrEmuAdmin000002"), `{"replacementOwnerId":"usrFooBam00000001"}`)
	granted := `{"createdTime":"2030-01-01T00:00:00.000Z","grantedByUserId":"usrEmuAdmin000001","permissionLevel":"owner","workspaceId":"wspEmulator000001"}`
	call(s, "GET", userPath("usrFooBam00000001")+"?include=collaborations", "").Expect(200, collabs(granted)+fooBamUser.json("provisioned", true)[1:])
}
