package contract

import (
	"testing"

	"github.com/accessemu/accessemu/openapi"
)

// A template's request for a concrete path of the document belongs to that path, whatever its
// method: GET /users/claim is not get user by id of a user named "claim".
func TestShadowed_AConcretePathIsNotTheTemplatesOperation(t *testing.T) {
	raw, err := openapi.Spec("airtable")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := Load("airtable", raw)
	if err != nil {
		t.Fatal(err)
	}
	op := spec.Operation("getUserById")
	params := func(user string) func(string) string {
		return func(name string) string {
			return map[string]string{"enterpriseAccountId": "entA", "userId": user}[name]
		}
	}
	for user, want := range map[string]bool{"claim": true, "revokeAdminAccess": true, "grantAdminAccess": true, "usrEmuMember00001": false, "Claim": false, "claim ": false} {
		if got := op.Shadowed(params(user)); got != want {
			t.Errorf("getUserById with userId %q: Shadowed = %t, want %t", user, got, want)
		}
	}
	if spec.Operation("revokeAdminAccess").Shadowed(params("x")) {
		t.Error("a concrete path shadows nothing")
	}
}
