package emulatortest_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/accessemu/accessemu/emulator/emulatortest"
	"github.com/accessemu/accessemu/emulator/journal"
)

// A Go test revokes a Parcel licence with plain net/http and then asserts, through the journal,
// what its client sent. In a real test, use emulatortest.New(t), which also stops the emulator.
func Example() {
	emu, stop, err := emulatortest.Start(emulatortest.WithTenant("example"))
	if err != nil {
		panic(err)
	}
	defer stop()

	req, _ := http.NewRequest(http.MethodDelete, emu.URL+"/whitelist/revoke",
		strings.NewReader(`{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`))
	req.Header.Set("Authorization", emu.Authorization("parcel"))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println("status:", resp.StatusCode)

	for _, e := range emu.Journal(journal.Filter{Provider: "parcel", Operation: "revokeWhitelist"}) {
		fmt.Println(e.Method, e.Path, e.Status)
		fmt.Println("sent:", e.Body)
		fmt.Println("key:", e.Headers["Authorization"])
	}
	// Output:
	// status: 200
	// DELETE /t/example/whitelist/revoke 200
	// sent: {"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}
	// key: prod_Emu…(30 chars)
}
