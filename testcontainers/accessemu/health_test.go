package accessemu_test

import (
	"encoding/json"
	"testing"
)

// startDetached runs the image with docker run -d and removes the container and its anonymous
// volume when the test ends.
func startDetached(t *testing.T, args ...string) string {
	t.Helper()
	id := docker(t, append(append([]string{"run", "-d", "--health-interval=500ms"}, args...), image)...)
	t.Cleanup(func() { dockerErr("rm", "-f", "-v", id) })
	return id
}

// The image's HEALTHCHECK follows ACCESSEMU_ADDR and ACCESSEMU_ADMIN_TOKEN: Docker reports healthy
// on the default port, with an admin token, and on a changed port (where 8080 no longer answers).
func TestImage_DockerReportsHealthyOnTheDefaultPortAndOnAChangedOne(t *testing.T) {
	t.Parallel()
	t.Run("default port", func(t *testing.T) {
		t.Parallel()
		waitHealthy(t, startDetached(t))
	})
	t.Run("ACCESSEMU_ADMIN_TOKEN set", func(t *testing.T) {
		t.Parallel()
		id := startDetached(t, "-e", "ACCESSEMU_ADMIN_TOKEN=s3cret")
		waitHealthy(t, id) // the check sends the token from the same environment
		if _, err := dockerErr("exec", "-e", "ACCESSEMU_ADMIN_TOKEN=wrong", id, "/accessemu", "healthcheck"); err == nil {
			t.Fatal("the health check passed with a wrong admin token, so the token is not required")
		}
	})
	t.Run("ACCESSEMU_ADDR=0.0.0.0:9090", func(t *testing.T) {
		t.Parallel()
		id := startDetached(t, "-e", "ACCESSEMU_ADDR=0.0.0.0:9090")
		waitHealthy(t, id)
		if _, err := dockerErr("exec", id, "/accessemu", "healthcheck", "--addr", "127.0.0.1:8080"); err == nil {
			t.Fatal("something answers on 8080, so the changed port was not really used")
		}
		var log struct {
			Log []struct{ ExitCode int }
		}
		if err := json.Unmarshal([]byte(docker(t, "inspect", "--format", "{{json .State.Health}}", id)), &log); err != nil || len(log.Log) == 0 || log.Log[len(log.Log)-1].ExitCode != 0 {
			t.Fatalf("health log %+v (%v)", log, err)
		}
	})
}
