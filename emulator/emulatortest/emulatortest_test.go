package emulatortest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/emulatortest"
	"github.com/accessemu/accessemu/emulator/journal"
)

func revoke(t *testing.T, emu *emulatortest.Emulator) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, emu.URL+"/whitelist/revoke",
		strings.NewReader(`{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`))
	req.Header.Set("Authorization", emu.Authorization("parcel"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Views of one emulator through two tenants do not share state, journal or scenarios.
func TestForTenant_ViewsAreIsolated(t *testing.T) {
	a := emulatortest.New(t, emulatortest.WithTenant("a"))
	b := a.ForTenant("b")
	if !strings.HasSuffix(a.URL, "/t/a") || !strings.HasSuffix(b.URL, "/t/b") {
		t.Fatalf("URLs %s, %s", a.URL, b.URL)
	}
	b.Scenario(t, "parcel-internal-server-error")
	if code, _ := revoke(t, a); code != 200 {
		t.Fatalf("tenant a: %d", code)
	}
	if code, body := revoke(t, b); code != 500 || body != `{"status":"500","message":"Internal Server Error"}` {
		t.Fatalf("tenant b: %d %s", code, body)
	}
	b.ClearScenarios()
	if code, _ := revoke(t, b); code != 200 {
		t.Fatalf("tenant b after clearing: %d", code)
	}
	if n := len(a.Journal(journal.Filter{})); n != 1 {
		t.Fatalf("tenant a journal holds %d", n)
	}
	if n := len(b.Journal(journal.Filter{Status: 500})); n != 1 {
		t.Fatalf("tenant b journal holds %d failures", n)
	}
}

func TestHelpers_ClockResetAndState(t *testing.T) {
	emu := emulatortest.New(t)
	at := time.Date(2031, 5, 1, 0, 0, 0, 0, time.UTC)
	emu.SetClock(at)
	emu.AdvanceClock(time.Hour)
	if got := emu.Now(); !got.Equal(at.Add(time.Hour)) {
		t.Fatalf("Now = %v", got)
	}
	if code, _ := revoke(t, emu); code != 200 {
		t.Fatal(code)
	}
	state, err := emu.State()
	if err != nil || strings.Contains(state, `roblox_id: "1001"`) {
		t.Fatalf("state still holds the revoked licence (%v):\n%s", err, state)
	}
	emu.Reset()
	if code, _ := revoke(t, emu); code != 200 {
		t.Fatalf("after Reset the licence is back, so revoking answers 200; got %d", code)
	}
	if n := len(emu.Journal(journal.Filter{})); n != 1 {
		t.Fatalf("journal after Reset holds %d, want the one request since", n)
	}
}

func TestScenario_BadDocumentFailsTheTest(t *testing.T) {
	emu := emulatortest.New(t)
	ft := &fakeT{TB: t}
	func() {
		defer func() { recover() }()
		emu.Scenario(ft, "name: x\nrules: []\n")
	}()
	if !strings.Contains(ft.msg, `scenario "x" has no rules`) {
		t.Fatalf("message %q", ft.msg)
	}
}

// fakeT records Fatalf instead of failing the real test.
type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic("fatal")
}

// Authorization is each provider's default credential, as its Authorization header carries it, and
// nothing for a provider the emulator does not serve.
func TestAuthorization_IsEachProvidersDefaultCredential(t *testing.T) {
	emu := emulatortest.New(t)
	for provider, want := range map[string]string{
		"adapty":   "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv",
		"airtable": "Bearer patEmuAdmin000001.admin",
		"parcel":   "prod_EmulatorDefaultHubKey0001",
		"stripe":   "",
	} {
		if got := emu.ForTenant("other").Authorization(provider); got != want {
			t.Errorf("Authorization(%q) = %q, want %q", provider, got, want)
		}
	}
}
