// Package example_test is the README's Go example, run as a test.
package example_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/emulatortest"
	"github.com/accessemu/accessemu/emulator/journal"
)

func TestMyRevokeJob(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, emulatortest.WithTenant(t.Name())) // stopped in t.Cleanup

	// Your code under test, given emu.URL as the Parcel base URL; here, a plain request.
	req, _ := http.NewRequest(http.MethodDelete, emu.URL+"/whitelist/revoke",
		strings.NewReader(`{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`))
	req.Header.Set("Authorization", emu.Authorization("parcel"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	sent := emu.Journal(journal.Filter{Provider: "parcel", Operation: "revokeWhitelist"})
	if len(sent) != 1 || sent[0].Status != 200 {
		t.Fatalf("journal: %+v", sent)
	}
	emu.AdvanceClock(31 * 24 * time.Hour) // move time without sleeping
	emu.Reset()                           // back to the loaded world
}
