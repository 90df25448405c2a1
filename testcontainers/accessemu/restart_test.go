package accessemu_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"

	"github.com/accessemu/accessemu/testcontainers/accessemu"
)

// stateVolume creates a named volume for the test and removes it at the end.
func stateVolume(t *testing.T) string {
	t.Helper()
	name := "accessemu-test-" + rand.Text()[:10]
	docker(t, "volume", "create", name)
	t.Cleanup(func() { dockerErr("volume", "rm", "-f", name) })
	return name
}

// waitReady waits until the container's readiness route answers, asking for the mapped port anew.
func waitReady(t *testing.T, c *accessemu.Container) string {
	t.Helper()
	var base string
	eventually(t, 30*time.Second, "ready after restart", func() (bool, string) {
		admin, err := c.Admin(context.Background())
		if err != nil {
			return false, err.Error()
		}
		r, err := admin.Ready(context.Background())
		base = admin.RootURL()
		return err == nil && r.Ready, fmt.Sprint(r, err)
	})
	return base
}

// State written through the API is kept in the data volume, even with a read-only root file system:
// it survives docker restart, and a new container on the same volume starts with it.
func TestImage_StateSurvivesARestartAndANewContainerOnTheSameVolume(t *testing.T) {
	t.Parallel()
	volume := stateVolume(t)
	// A read-only root file system is enough: the emulator writes only to its data volume.
	readOnly := testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) { hc.ReadonlyRootfs = true })
	first := run(t, accessemu.WithStateVolume(volume), readOnly)
	if ro := docker(t, "inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", first.GetContainerID()); ro != "true" {
		t.Fatalf("ReadonlyRootfs = %s", ro)
	}
	base, _ := endpoints(t, first)
	if status, body := parcel(t, http.MethodDelete, base+"/whitelist/revoke", licenceBody(sword, "1001")); status != 200 {
		t.Fatalf("revoke: %d %s", status, body)
	}
	if status, body := parcel(t, http.MethodPost, base+"/whitelist/assign", licenceBody(shield, "1002")); status != 200 {
		t.Fatalf("assign: %d %s", status, body)
	}
	assertChanged := func(base, when string) {
		t.Helper()
		if owns(t, base, sword, "1001") || !owns(t, base, shield, "1002") {
			t.Fatalf("%s: the revoke and the assign were lost", when)
		}
	}

	docker(t, "restart", first.GetContainerID())
	assertChanged(waitReady(t, first), "after docker restart")

	if err := first.Terminate(context.Background()); err != nil {
		t.Fatal(err)
	}
	second := run(t, accessemu.WithStateVolume(volume))
	base, _ = endpoints(t, second)
	assertChanged(base, "in a new container on the same volume")
}
