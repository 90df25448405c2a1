package accessemu_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/emulatortest"
	"github.com/accessemu/accessemu/emulator/journal"
)

// compose runs Docker Compose on the repository's compose.yaml under a project of its own: the v2
// plugin when there is one, else docker-compose v1.
func compose(t *testing.T, env []string, project string, args ...string) string {
	t.Helper()
	cmd := composeCommand(env, project, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func composeCommand(env []string, project string, args ...string) *exec.Cmd {
	args = append([]string{"-p", project, "-f", "../../compose.yaml"}, args...)
	cmd := exec.Command("docker-compose", args...)
	if composeV2() {
		cmd = exec.Command("docker", append([]string{"compose"}, args...)...)
	}
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

// composeV2 reports whether the docker compose plugin (v2) is installed.
func composeV2() bool { return exec.Command("docker", "compose", "version").Run() == nil }

// freePort is a loopback port nothing listens on right now.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// compose.yaml starts the emulator with its healthcheck, and the dependent service only once Docker
// reports the emulator healthy; the service reaches the emulator by its service name; down removes
// everything.
func TestCompose_DependentServiceStartsOnceTheEmulatorIsHealthy(t *testing.T) {
	t.Parallel()
	appImage := os.Getenv("ACCESSEMU_APP_IMAGE")
	if appImage == "" {
		appImage = "accessemu-example-app:test"
		build := exec.Command("../../scripts/build-image.sh", appImage, "./test/compose/app", "test/compose/app/Dockerfile")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building the example app: %v\n%s", err, out)
		}
	}
	port := freePort(t)
	env := []string{"ACCESSEMU_IMAGE=" + image, "ACCESSEMU_APP_IMAGE=" + appImage, "ACCESSEMU_PORT=" + port}
	project := "accessemu-test-" + strings.ToLower(rand.Text()[:8])
	t.Cleanup(func() { // only when the test failed before its own down
		composeCommand(env, project, "down", "-v", "--timeout", "5").Run()
	})

	began := time.Now()
	up := []string{"up", "-d"}
	if composeV2() {
		up = append(up, "--wait") // v1 has no --wait: the health checks below wait instead
	}
	compose(t, env, project, up...)
	emulatorID := compose(t, env, project, "ps", "-q", "emulator")
	appID := compose(t, env, project, "ps", "-q", "app")
	waitHealthy(t, emulatorID)
	waitHealthy(t, appID)

	// Docker's own event log orders the emulator's first healthy report and the app's start.
	var emulatorHealthy, appStarted int64
	events := docker(t, "events", "--since", began.Format(time.RFC3339Nano), "--until", time.Now().Format(time.RFC3339Nano),
		"--filter", "label=com.docker.compose.project="+project, "--format", "{{json .}}")
	for _, line := range strings.Split(events, "\n") {
		var e struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			TimeNano int64  `json:"timeNano"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("event %q: %v", line, err)
		}
		switch {
		case e.ID == emulatorID && e.Status == "health_status: healthy" && emulatorHealthy == 0:
			emulatorHealthy = e.TimeNano
		case e.ID == appID && e.Status == "start":
			appStarted = e.TimeNano
		}
	}
	if emulatorHealthy == 0 || appStarted == 0 || appStarted < emulatorHealthy {
		t.Fatalf("emulator healthy at %d, app started at %d: the app must start after\n%s", emulatorHealthy, appStarted, events)
	}

	admin := emulatortest.NewClient("http://127.0.0.1:" + port)
	revokes, err := admin.Journal(context.Background(), journal.Filter{Provider: "parcel", Operation: "revokeWhitelist"})
	if err != nil || len(revokes) != 1 || revokes[0].Status != 200 {
		t.Fatalf("the app's revoke in the emulator's journal: %+v, %v", revokes, err)
	}

	compose(t, env, project, "down", "-v", "--timeout", "10")
	if left := docker(t, "ps", "-a", "-q", "--filter", "label=com.docker.compose.project="+project); left != "" {
		t.Fatalf("containers left after down: %s", left)
	}
}
