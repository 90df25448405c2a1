package accessemu_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/testcontainers/accessemu"
)

// image is the accessemu image under test: $ACCESSEMU_IMAGE when CI built it already, else built
// here by the same script CI uses.
var image = os.Getenv("ACCESSEMU_IMAGE")

// These tests need a Docker engine; there is no registry, so Ryuk (whose image would be pulled)
// stays off and each test terminates what it starts.
func TestMain(m *testing.M) {
	os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	// Inside a container (a /.dockerenv file), testcontainers looks for published ports on the
	// default gateway. When the engine runs on this very machine (its docker0 bridge is here), they
	// are on localhost instead.
	if _, err := net.InterfaceByName("docker0"); err == nil && os.Getenv("TESTCONTAINERS_HOST_OVERRIDE") == "" {
		os.Setenv("TESTCONTAINERS_HOST_OVERRIDE", "localhost")
	}
	if out, err := exec.Command("docker", "info", "--format", "{{.ServerVersion}}").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "the container tests need a Docker engine, and none answers: %v\n%s", err, out)
		os.Exit(1)
	}
	if image == "" {
		image = accessemu.DefaultImage
		build := exec.Command("../../scripts/build-image.sh", image)
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building the image:", err)
			os.Exit(1)
		}
	}
	if image != accessemu.DefaultImage { // the Example runs the default tag, as a user would
		if out, err := exec.Command("docker", "tag", image, accessemu.DefaultImage).CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "tagging %s: %v\n%s", image, err, out)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// docker runs the docker CLI and returns its trimmed standard output; a failure fails the test.
func docker(t testing.TB, args ...string) string {
	t.Helper()
	out, err := dockerErr(args...)
	if err != nil {
		t.Fatalf("docker %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func dockerErr(args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("docker", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// eventually polls cond every 100 ms until it holds or the timeout passes.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v (last seen: %s)", what, timeout, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitHealthy waits until Docker reports the container healthy.
func waitHealthy(t testing.TB, id string) {
	t.Helper()
	eventually(t, 60*time.Second, "container "+id[:12]+" healthy", func() (bool, string) {
		status, err := dockerErr("inspect", "--format", "{{.State.Health.Status}}", id)
		return status == "healthy", fmt.Sprint(status, err)
	})
}

const (
	parcelKey = "prod_EmulatorDefaultHubKey0001"
	sword     = "65a1b2c3d4e5f60718293a4b" // user 1001 holds its licence in the default world
	shield    = "65a1b2c3d4e5f60718293a4c"
)

// parcel sends one Parcel request with the default world's key and returns status and body.
func parcel(t testing.TB, method, url, body string) (int, string) {
	t.Helper()
	status, answer, err := parcelErr(http.DefaultClient, method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return status, answer
}

func parcelErr(client *http.Client, method, url, body string) (int, string, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", parcelKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func licenceBody(product, user string) string {
	return `{"product_id":"` + product + `","userid":"` + user + `","userid_type":"roblox"}`
}

// owns asks Parcel whether a user holds a product's licence.
func owns(t testing.TB, base, product, user string) bool {
	t.Helper()
	status, body := parcel(t, http.MethodGet, base+"/whitelist/check/roblox/"+user+"?product_id="+product, "")
	if status != 200 {
		t.Fatalf("check %s: %d %s", user, status, body)
	}
	return strings.Contains(body, `"owns_license":true`)
}
