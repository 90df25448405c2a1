package accessemu_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/accessemu/accessemu/emulator/emulatortest"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/testcontainers/accessemu"
)

const revoked = `{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"65a1b2c3d4e5f60718293a4b","state":"License has been revoked"}}`

// run starts a container for the test and terminates it (and its anonymous volume) at the end.
func run(t *testing.T, opts ...testcontainers.ContainerCustomizer) *accessemu.Container {
	t.Helper()
	opts = append([]testcontainers.ContainerCustomizer{testcontainers.WithLogger(tclog.TestLogger(t))}, opts...)
	c, err := accessemu.Run(context.Background(), image, opts...)
	testcontainers.CleanupContainer(t, c, testcontainers.RemoveVolumes())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func endpoints(t *testing.T, c *accessemu.Container) (string, *emulatortest.Client) {
	t.Helper()
	base, err := c.BaseURL(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := c.Admin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return base, admin
}

// A revoke sent with plain HTTP to the mapped port shows in the journal and the state that the
// module's admin client reads, in the tenant it was sent to.
func TestRun_RevokeThroughTheMappedPortShowsInJournalAndState(t *testing.T) {
	t.Parallel()
	c := run(t)
	ctx := context.Background()
	base, admin := endpoints(t, c)
	if status, body := parcel(t, http.MethodDelete, base+"/whitelist/revoke", licenceBody(sword, "1001")); status != 200 || body != revoked {
		t.Fatalf("revoke: %d %s", status, body)
	}
	entries, err := admin.Journal(ctx, journal.Filter{Provider: "parcel", Operation: "revokeWhitelist"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("journal: %+v, %v", entries, err)
	}
	if e := entries[0]; e.Status != 200 || e.Body != licenceBody(sword, "1001") || e.ResponseBody != revoked || e.Headers["Authorization"] != "prod_Emu…(30 chars)" {
		t.Fatalf("journal entry: %+v", e)
	}
	state, err := admin.State(ctx)
	if err != nil || !strings.Contains(state, "Emulator Hub") || strings.Contains(state, `roblox_id: "1001"`) {
		t.Fatalf("state still holds the revoked licence (%v):\n%s", err, state)
	}

	tenantURL, err := c.TenantURL(ctx, "ci-42")
	if err != nil || tenantURL != base+"/t/ci-42" {
		t.Fatalf("TenantURL = %q, %v", tenantURL, err)
	}
	if status, body := parcel(t, http.MethodDelete, tenantURL+"/whitelist/revoke", licenceBody(sword, "1001")); status != 200 || body != revoked {
		t.Fatalf("revoke in a fresh tenant: %d %s", status, body)
	}
	if entries, err := admin.ForTenant("ci-42").Journal(ctx, journal.Filter{}); err != nil || len(entries) != 1 || entries[0].Tenant != "ci-42" {
		t.Fatalf("tenant journal: %+v, %v", entries, err)
	}
	if h, err := admin.Health(ctx); err != nil || h.Status != "ok" || h.Version == "" {
		t.Fatalf("health: %+v, %v", h, err)
	}
}

// Two containers started at once are two emulators: a change in one is not seen in the other.
func TestRun_TwoContainersInParallelDoNotInterfere(t *testing.T) {
	t.Parallel()
	var (
		ctrs [2]*accessemu.Container
		errs [2]error
		wg   sync.WaitGroup
	)
	for i := range ctrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctrs[i], errs[i] = accessemu.Run(context.Background(), image, testcontainers.WithLogger(tclog.TestLogger(t)))
		}()
	}
	wg.Wait()
	for i := range ctrs {
		testcontainers.CleanupContainer(t, ctrs[i], testcontainers.RemoveVolumes())
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
	}
	a, b := ctrs[0], ctrs[1]
	baseA, adminA := endpoints(t, a)
	baseB, adminB := endpoints(t, b)
	if baseA == baseB {
		t.Fatalf("both containers answer at %s", baseA)
	}
	if status, body := parcel(t, http.MethodDelete, baseA+"/whitelist/revoke", licenceBody(sword, "1001")); status != 200 || body != revoked {
		t.Fatalf("revoke in A: %d %s", status, body)
	}
	if !owns(t, baseB, sword, "1001") {
		t.Fatal("B lost the licence revoked in A")
	}
	if owns(t, baseA, sword, "1001") {
		t.Fatal("A still holds the licence it revoked")
	}
	ctx := context.Background()
	inA, errA := adminA.Journal(ctx, journal.Filter{Operation: "revokeWhitelist"})
	inB, errB := adminB.Journal(ctx, journal.Filter{Operation: "revokeWhitelist"})
	if errA != nil || errB != nil || len(inA) != 1 || len(inB) != 0 {
		t.Fatalf("revokes journaled: A %d (%v), B %d (%v)", len(inA), errA, len(inB), errB)
	}
}

// The options reach the emulator: a fixture document replaces the default world, a shipped scenario
// is active from the start, and the admin token guards the admin API (the module's client sends it).
func TestRun_FixturesScenariosAndAdminTokenOptions(t *testing.T) {
	t.Parallel()
	const world = "parcel:\n  hubs:\n    - name: Container Hub\n      keys: [prod_ContainerKey000000000001]\n"
	c := run(t, accessemu.WithFixtures(world), accessemu.WithScenarios("parcel-internal-server-error"), accessemu.WithAdminToken("s3cret"))
	ctx := context.Background()
	base, admin := endpoints(t, c)
	if status, body := parcel(t, http.MethodDelete, base+"/whitelist/revoke", licenceBody(sword, "1001")); status != 500 || body != `{"status":"500","message":"Internal Server Error"}` {
		t.Fatalf("revoke under parcel-internal-server-error: %d %s", status, body)
	}
	active, err := admin.Scenarios(ctx)
	if err != nil || len(active) != 1 || active[0].Name != "parcel-internal-server-error" {
		t.Fatalf("scenarios: %+v, %v", active, err)
	}
	state, err := admin.State(ctx)
	if err != nil || !strings.Contains(state, "Container Hub") || strings.Contains(state, "Emulator Hub") {
		t.Fatalf("state is not the given world (%v):\n%s", err, state)
	}
	resp, err := http.Get(base + "/__emulator/tenants/default/journal")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("admin API without the token: %d, want 401", resp.StatusCode)
	}
}

// Fixture and scenario files from the host are copied in and used.
func TestRun_FixtureAndScenarioFileOptions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	world := filepath.Join(dir, "world.yaml")
	scenario := filepath.Join(dir, "teapot.yaml")
	write(t, world, "parcel:\n  hubs:\n    - name: File Hub\n      keys: [prod_EmulatorDefaultHubKey0001]\n      products:\n        - {id: "+shield+", name: File Shield}\n")
	write(t, scenario, "name: parcel-teapot\ndescription: assign answers 418\nrules:\n  - match: {provider: parcel, operation: assignWhitelist}\n    respond: {status: 418, body: tea}\n")
	c := run(t, accessemu.WithFixturesFile(world), accessemu.WithScenarioFiles(scenario), accessemu.WithScenarios("parcel-slow"))
	base, admin := endpoints(t, c)
	if status, body := parcel(t, http.MethodPost, base+"/whitelist/assign", licenceBody(shield, "1002")); status != 418 || body != "tea" {
		t.Fatalf("assign under the scenario file: %d %s", status, body)
	}
	active, err := admin.Scenarios(context.Background())
	if err != nil || len(active) != 2 || active[0].Name != "parcel-teapot" || active[1].Name != "parcel-slow" {
		t.Fatalf("scenarios: %+v, %v", active, err)
	}
	if state, err := admin.State(context.Background()); err != nil || !strings.Contains(state, "File Shield") {
		t.Fatalf("state is not the file's world (%v):\n%s", err, state)
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
