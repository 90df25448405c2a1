package accessemu_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/accessemu/accessemu/testcontainers/accessemu"
)

// docker stop while clients keep assigning licences: in-flight requests are answered, the container
// exits 0 well inside the 10 s grace period, and every assignment a client saw answered 200 is in
// the state a new container on the same volume starts with.
func TestImage_DockerStopUnderLoadExitsZeroAndLosesNoAcceptedRequest(t *testing.T) {
	t.Parallel()
	volume := stateVolume(t)
	c := run(t, accessemu.WithStateVolume(volume))
	base, admin := endpoints(t, c)
	// Slow assignments keep requests in flight when SIGTERM arrives.
	slow := "name: slow-assign\ndescription: assign answers after 200ms\nrules:\n  - match: {provider: parcel, operation: assignWhitelist}\n    delay: 200ms\n"
	if err := admin.ActivateScenario(context.Background(), slow); err != nil {
		t.Fatal(err)
	}

	type accepted struct {
		user string
		at   time.Time
	}
	var (
		mu       sync.Mutex
		answered []accepted
		wg       sync.WaitGroup
	)
	const workers = 8
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 15 * time.Second}
			for i := 0; ; i++ {
				user := fmt.Sprint(100000 + w*1000 + i)
				status, body, err := parcelErr(client, http.MethodPost, base+"/whitelist/assign", licenceBody(shield, user))
				if err != nil {
					return // the emulator is gone: this request was never accepted
				}
				if status != 200 {
					t.Errorf("assign %s: %d %s", user, status, body)
					return
				}
				mu.Lock()
				answered = append(answered, accepted{user, time.Now()})
				mu.Unlock()
			}
		}()
	}
	eventually(t, 30*time.Second, "load running", func() (bool, string) {
		mu.Lock()
		defer mu.Unlock()
		return len(answered) >= 2*workers, fmt.Sprint(len(answered), " answered")
	})

	stopAt := time.Now()
	docker(t, "stop", "--time", "10", c.GetContainerID())
	took := time.Since(stopAt)
	wg.Wait()
	if code := docker(t, "inspect", "--format", "{{.State.ExitCode}}", c.GetContainerID()); code != "0" {
		t.Fatalf("exit code %s after docker stop, want 0", code)
	}
	if took > 5*time.Second {
		t.Errorf("docker stop took %v: too close to the 10 s grace period", took)
	}
	drained := 0
	for _, a := range answered {
		if a.at.After(stopAt) {
			drained++
		}
	}
	if drained == 0 {
		t.Fatal("no request in flight at docker stop was answered: nothing was drained")
	}
	t.Logf("docker stop took %v; %d assignments answered, %d of them after docker stop began", took, len(answered), drained)

	after := run(t, accessemu.WithStateVolume(volume))
	base, _ = endpoints(t, after)
	for _, a := range answered {
		if !owns(t, base, shield, a.user) {
			t.Errorf("user %s was answered 200 but does not own the licence after the restart", a.user)
		}
	}
}
