package airtable_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/internal/apitest"
)

// An integration offboarding an admin, through nothing but Airtable's public API: grant admin,
// revoke admin, remove the user; the user is then gone from get users, get user, get enterprise,
// and revoke and grant answer for it as for a user the account never had.
func TestEndToEnd_GrantRevokeRemoveLeavesNoTrace(t *testing.T) {
	s := apitest.StartAlone(t, airtable.New())
	const id, email = "usrFooBam00000001", "foo@bam.com"

	grant(s, `{"users":[{"email":"foo@bam.com"}]}`).Expect(200, noErrors)
	admin := fooBamUser
	admin.admin = true
	getUsers(s, "?id="+id+"&email="+email).Expect(200, `{"users":[`+admin.json("provisioned", true)+`]}`)

	revoke(s, `{"users":[{"id":"usrFooBam00000001"}]}`).Expect(200, noErrors)
	getUsers(s, "?id="+id).Expect(200, `{"users":[`+fooBamUser.json("provisioned", true)+`]}`)

	call(s, "POST", removePath(id), `{"isDryRun": false}`).Expect(200, removedNothing)

	getUsers(s, "?id="+id).Expect(404, notFound)
	getUsers(s, "?email="+email).Expect(404, notFound)
	call(s, "GET", userPath(id), "").Expect(404, notFound)
	call(s, "GET", entPath, "").Expect(200, enterpriseBody(without(defaultUserIDs, id)))
	revoke(s, `{"users":[{"id":"usrFooBam00000001"},{"email":"foo@bam.com"}]}`).Expect(200, userErrors(
		idError(id, "User not found", "USER_ID_NOT_FOUND"), emailError(email, "User not found", "NOT_FOUND")))
	grant(s, `{"users":[{"id":"usrFooBam00000001"},{"email":"foo@bam.com"}]}`).Expect(200, userErrors(
		idError(id, "User not found", "USER_ID_NOT_FOUND"), emailError(email, "User not found", "NOT_FOUND")))
	call(s, "POST", removePath(id), `{"isDryRun": false}`).Expect(404, notFound)
	// The same flow for an admin removed while still an admin reports the admin access it took.
	call(s, "POST", removePath("usrL2PNC5o3H4lBEi"), `{"isDryRun": false}`).Expect(200,
		`{"shared":{"workspaces":[]},"unshared":{"bases":[],"interfaces":[],"workspaces":[]},"wasUserRemovedAsAdmin":true}`)
}
