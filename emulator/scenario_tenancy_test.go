package emulator_test

import (
	"fmt"
	"testing"

	"github.com/accessemu/accessemu/emulator/scenario"
	"github.com/accessemu/accessemu/internal/apitest"
)

// teapot is a document that reuses a shipped scenario's name with another answer.
const teapot = `
name: parcel-internal-server-error
description: tenant a's own meaning of a shipped name
rules:
  - match: {provider: parcel, operation: revokeWhitelist}
    respond: {status: 418, body: "teapot"}
`

func TestScenarios_PostedDocumentLivesInItsTenantOnly(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "a", teapot)
	if r := s.Do("DELETE", "/t/a/whitelist/revoke", revoke, "Authorization", parcelKey); r.Status != 418 || r.Body != "teapot" {
		t.Fatalf("tenant a: %d %s, want its own document's 418", r.Status, r.Body)
	}
	// Another tenant activating the name gets the shipped scenario, not a's document.
	addScenario(t, s, "b", `{"name":"parcel-internal-server-error"}`)
	s.Do("DELETE", "/t/b/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(500, parcel500)
	// So does the per-request header, in any tenant.
	s.Do("DELETE", "/t/c/whitelist/revoke", revoke, "Authorization", parcelKey,
		"Accessemu-Scenario", "parcel-internal-server-error").Expect(500, parcel500)
	var lib struct {
		Scenarios []struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		} `json:"scenarios"`
	}
	s.Do("GET", "/__emulator/scenarios/library", "").JSON(&lib)
	for _, sc := range lib.Scenarios {
		if sc.Name == "parcel-internal-server-error" && sc.Description == "tenant a's own meaning of a shipped name" {
			t.Fatal("a tenant's document redefined the shipped scenario in the library")
		}
	}
}

func TestScenarios_PostedNameIsUnknownToOtherTenantsAndTheHeader(t *testing.T) {
	s := apitest.Start(t)
	addScenario(t, s, "a", `
name: mine
description: only in a
rules:
  - match: {provider: parcel}
    error: parcel.internal_server_error
`)
	r := s.Do("POST", "/__emulator/tenants/b/scenarios", `{"name":"mine"}`)
	if r.Status != 400 {
		t.Fatalf("tenant b activating a's document by name: %d %s, want 400", r.Status, r.Body)
	}
	r = s.Do("DELETE", "/t/b/whitelist/revoke", revoke, "Authorization", parcelKey, "Accessemu-Scenario", "mine")
	if r.Status != 400 || r.Header.Get("Accessemu-Fault") != "usage" {
		t.Fatalf("header naming a's document: %d %s, want the 400 usage error", r.Status, r.Body)
	}
	s.Do("DELETE", "/t/b/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
}

func TestScenarios_TenantHoldsAtMostMaxActiveThenGets409(t *testing.T) {
	s := apitest.Start(t)
	doc := func(i int) string {
		return fmt.Sprintf(`{"name":"s%d","rules":[{"match":{"provider":"parcel"},"delay":"1ms"}]}`, i)
	}
	for i := range scenario.MaxActive {
		addScenario(t, s, "full", doc(i))
	}
	s.Do("POST", "/__emulator/tenants/full/scenarios", doc(scenario.MaxActive)).Expect(409,
		`{"error":"scenario \"s64\" not activated in tenant \"full\": a tenant may have at most 64 active scenarios; deactivate one first"}`)
	// Replacing an active one is not growth; deactivating one makes room.
	addScenario(t, s, "full", doc(0))
	s.Do("DELETE", "/__emulator/tenants/full/scenarios/s1", "")
	addScenario(t, s, "full", doc(scenario.MaxActive))
	// Another tenant is not affected by full's bound.
	addScenario(t, s, "other", doc(0))
}

func TestScenarios_GoAPIDocumentLivesInItsTenantOnly(t *testing.T) {
	s := apitest.Start(t)
	if err := s.Emu.ActivateScenario("a", teapot); err != nil {
		t.Fatal(err)
	}
	if r := s.Do("DELETE", "/t/a/whitelist/revoke", revoke, "Authorization", parcelKey); r.Status != 418 {
		t.Fatalf("tenant a: %d %s, want its own document's 418", r.Status, r.Body)
	}
	if err := s.Emu.ActivateScenario("b", "parcel-internal-server-error"); err != nil {
		t.Fatal(err)
	}
	s.Do("DELETE", "/t/b/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(500, parcel500)
}
