package emulatortest_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/emulatortest"
	"github.com/accessemu/accessemu/emulator/journal"
)

func TestClient_HealthAndReadinessReportVersionAndProviders(t *testing.T) {
	admin := emulatortest.NewClient(emulatortest.New(t).RootURL)
	ctx := context.Background()
	h, err := admin.Health(ctx)
	if err != nil || h != (emulatortest.Health{Status: "ok", Version: emulator.Version}) {
		t.Fatalf("Health = %+v, %v", h, err)
	}
	r, err := admin.Ready(ctx)
	if err != nil || !r.Ready || !reflect.DeepEqual(r.Providers, []string{"adapty", "airtable", "parcel"}) {
		t.Fatalf("Ready = %+v, %v", r, err)
	}
}

func TestClient_JournalFiltersByProviderStatusAndTime(t *testing.T) {
	emu := emulatortest.New(t, emulatortest.WithTenant("journal"))
	admin, ctx := emu.Admin(), context.Background()
	if code, _ := revoke(t, emu); code != 200 {
		t.Fatal(code)
	}
	if code, _ := revoke(t, emu); code != 400 { // the licence is gone now
		t.Fatalf("second revoke: %d", code)
	}
	all, err := admin.Journal(ctx, journal.Filter{Provider: "parcel", Operation: "revokeWhitelist"})
	if err != nil || len(all) != 2 || all[0].Status != 200 || all[1].Status != 400 || all[0].Tenant != "journal" {
		t.Fatalf("journal = %+v, %v", all, err)
	}
	failed, err := admin.Journal(ctx, journal.Filter{Status: 400})
	if err != nil || len(failed) != 1 || failed[0].Seq != all[1].Seq {
		t.Fatalf("status 400 = %+v, %v", failed, err)
	}
	if last, err := admin.Journal(ctx, journal.Filter{Since: all[1].Time}); err != nil || len(last) != 1 || last[0].Seq != all[1].Seq {
		t.Fatalf("since the last entry = %+v, %v", last, err)
	}
	if later, err := admin.Journal(ctx, journal.Filter{Since: all[1].Time.Add(time.Nanosecond)}); err != nil || len(later) != 0 {
		t.Fatalf("since after the last entry = %+v, %v", later, err)
	}
	if first, err := admin.Journal(ctx, journal.Filter{Until: all[1].Time}); err != nil || len(first) != 1 || first[0].Seq != all[0].Seq {
		t.Fatalf("until the last entry = %+v, %v", first, err)
	}
	if none, err := admin.Journal(ctx, journal.Filter{Provider: "adapty"}); err != nil || len(none) != 0 {
		t.Fatalf("adapty = %+v, %v", none, err)
	}
	if err := admin.ClearJournal(ctx); err != nil {
		t.Fatal(err)
	}
	if left, err := admin.Journal(ctx, journal.Filter{}); err != nil || len(left) != 0 {
		t.Fatalf("after ClearJournal = %+v, %v", left, err)
	}
}

func TestClient_ClockSetsAdvancesBackwardsAndReturnsToRealTime(t *testing.T) {
	admin, ctx := emulatortest.New(t).Admin(), context.Background()
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	r, err := admin.SetClock(ctx, at)
	if err != nil || !r.Now.Equal(at) || !r.Virtual {
		t.Fatalf("SetClock = %+v, %v", r, err)
	}
	if r, err = admin.AdvanceClock(ctx, 36*time.Hour-90*time.Second); err != nil || !r.Now.Equal(at.Add(36*time.Hour-90*time.Second)) {
		t.Fatalf("AdvanceClock = %+v, %v", r, err)
	}
	if r, err = admin.AdvanceClock(ctx, -36*time.Hour); err != nil || !r.Now.Equal(at.Add(-90*time.Second)) {
		t.Fatalf("AdvanceClock back = %+v, %v", r, err)
	}
	if r, err = admin.RealClock(ctx); err != nil || r.Virtual || time.Since(r.Now) > time.Minute {
		t.Fatalf("RealClock = %+v, %v", r, err)
	}
	if got, err := admin.Clock(ctx); err != nil || got.Virtual {
		t.Fatalf("Clock = %+v, %v", got, err)
	}
}

func TestClient_PutStateReplacesStateAndABadDocumentChangesNothing(t *testing.T) {
	emu := emulatortest.New(t)
	admin, ctx := emu.Admin(), context.Background()
	before, err := admin.State(ctx)
	if err != nil || !strings.Contains(before, `roblox_id: "1001"`) {
		t.Fatalf("state before (%v):\n%s", err, before)
	}
	if code, _ := revoke(t, emu); code != 200 {
		t.Fatal(code)
	}
	err = admin.PutState(ctx, "parcel:\n  hubs:\n    - kys: [k]\n")
	var apiErr *emulatortest.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Message, "kys") {
		t.Fatalf("bad document: %v", err)
	}
	if after, _ := admin.State(ctx); strings.Contains(after, `roblox_id: "1001"`) {
		t.Fatalf("a refused document changed the state:\n%s", after)
	}
	if err := admin.PutState(ctx, before); err != nil {
		t.Fatal(err)
	}
	if code, _ := revoke(t, emu); code != 200 {
		t.Fatalf("the restored licence revokes with 200; got %d", code)
	}
}

func TestClient_ScenariosActivateListAndDeactivate(t *testing.T) {
	emu := emulatortest.New(t)
	admin, ctx := emu.Admin(), context.Background()
	if err := admin.ActivateScenario(ctx, "parcel-internal-server-error"); err != nil {
		t.Fatal(err)
	}
	doc := "name: parcel-teapot\ndescription: test\nrules:\n  - match: {provider: parcel, operation: assignWhitelist}\n    respond: {status: 418, body: tea}\n"
	if err := admin.ActivateScenario(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if code, _ := revoke(t, emu); code != 500 {
		t.Fatalf("revoke under parcel-internal-server-error: %d", code)
	}
	list, err := admin.Scenarios(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "parcel-internal-server-error" || !reflect.DeepEqual(list[0].Fired, []int{1}) || list[1].Name != "parcel-teapot" {
		t.Fatalf("Scenarios = %+v, %v", list, err)
	}
	if err := admin.DeactivateScenario(ctx, "parcel-internal-server-error"); err != nil {
		t.Fatal(err)
	}
	err = admin.DeactivateScenario(ctx, "parcel-internal-server-error")
	var apiErr *emulatortest.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Message != `scenario "parcel-internal-server-error" is not active in tenant "default"` {
		t.Fatalf("deactivating twice: %v", err)
	}
	if err := admin.ClearScenarios(ctx); err != nil {
		t.Fatal(err)
	}
	if list, err := admin.Scenarios(ctx); err != nil || len(list) != 0 {
		t.Fatalf("after ClearScenarios = %+v, %v", list, err)
	}
}

func TestClient_TenantsAreListedAndDeleted(t *testing.T) {
	emu := emulatortest.New(t)
	admin, ctx := emu.Admin(), context.Background()
	if code, _ := revoke(t, emu.ForTenant("gone")); code != 200 {
		t.Fatal(code)
	}
	names, err := admin.Tenants(ctx)
	if err != nil || !reflect.DeepEqual(names, []string{"gone"}) {
		t.Fatalf("Tenants = %v, %v", names, err)
	}
	if err := admin.DeleteTenant(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	if code, _ := revoke(t, emu.ForTenant("gone")); code != 200 {
		t.Fatalf("a deleted tenant starts afresh, so its licence revokes again; got %d", code)
	}
}

func TestClient_SendsTheAdminTokenOnlyWhenGivenOne(t *testing.T) {
	emu, err := emulator.New(emulator.Options{AdminToken: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu.Handler())
	t.Cleanup(func() { srv.Close(); emu.Close() })
	ctx := context.Background()
	err = emulatortest.NewClient(srv.URL).Reset(ctx)
	var apiErr *emulatortest.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Message != "the admin API needs the header Authorization: Bearer <admin token> (see --admin-token)" {
		t.Fatalf("without the token: %v", err)
	}
	if err := emulatortest.NewClient(srv.URL).WithToken("s3cret").Reset(ctx); err != nil {
		t.Fatalf("with the token: %v", err)
	}
}

// A helper whose admin call fails says so: under Start (no test to fail) it panics with the cause.
func TestHelpers_ReportAnEmulatorThatStopped(t *testing.T) {
	emu, stop, err := emulatortest.Start()
	if err != nil {
		t.Fatal(err)
	}
	stop()
	defer func() {
		if msg, _ := recover().(string); !strings.HasPrefix(msg, "emulatortest: ") || !strings.Contains(msg, "/__emulator/tenants/default/reset") {
			t.Fatalf("panic %q", msg)
		}
	}()
	emu.Reset()
}
