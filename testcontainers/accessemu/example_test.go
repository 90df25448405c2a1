package accessemu_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"strings"

	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/testcontainers/accessemu"
)

// A Go test starts the emulator as a container, points its Parcel client at a tenant's base URL,
// revokes a licence, and asserts through the admin client what reached the emulator. Where no
// image can be pulled, run with TESTCONTAINERS_RYUK_DISABLED=true.
func Example() {
	ctx := context.Background()
	ctr, err := accessemu.Run(ctx, accessemu.DefaultImage)
	if err != nil {
		log.Fatal(err)
	}
	defer ctr.Terminate(ctx)

	base, err := ctr.TenantURL(ctx, "example") // instead of Parcel's host
	if err != nil {
		log.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodDelete, base+"/whitelist/revoke",
		strings.NewReader(`{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`))
	req.Header.Set("Authorization", "prod_EmulatorDefaultHubKey0001")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println("status:", resp.StatusCode)

	admin, err := ctr.Admin(ctx)
	if err != nil {
		log.Fatal(err)
	}
	entries, err := admin.ForTenant("example").Journal(ctx, journal.Filter{Provider: "parcel"})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Println(e.Method, e.Path, e.Status, e.Operation)
	}
	// Output:
	// status: 200
	// DELETE /t/example/whitelist/revoke 200 revokeWhitelist
}
