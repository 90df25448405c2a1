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

// In a document matched method by method, only a concrete path of the same method shadows: GET
// /products/create is get product "create", GET /products/all is the list.
func TestShadowed_PerMethodDocumentShadowsOnlyTheSameMethod(t *testing.T) {
	raw, err := openapi.Spec("parcel")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := Load("parcel", raw)
	if err != nil {
		t.Fatal(err)
	}
	op := spec.Operation("getProduct")
	for id, want := range map[string]bool{"all": true, "create": false, "delete": false, "65a1b2c3d4e5f60718293a4b": false} {
		if got := op.Shadowed(func(string) string { return id }); got != want {
			t.Errorf("getProduct with product_id %q: Shadowed = %t, want %t", id, got, want)
		}
	}
}
