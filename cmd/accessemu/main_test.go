package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseConfig_DefaultsEnvAndFlags(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want config
	}{
		{"defaults", nil, nil, config{Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "text", JournalSize: "1000", MaxBodyBytes: "10485760", MaxTenants: "1000", ReadTimeout: "30s"}},
		{"environment", nil, map[string]string{"ACCESSEMU_ADDR": "0.0.0.0:9000", "ACCESSEMU_FIXTURES": "w.yaml", "ACCESSEMU_LOG_FORMAT": "json"},
			config{Addr: "0.0.0.0:9000", Fixtures: "w.yaml", LogLevel: "info", LogFormat: "json", JournalSize: "1000", MaxBodyBytes: "10485760", MaxTenants: "1000", ReadTimeout: "30s"}},
		{"flags win over environment", []string{"--addr", "127.0.0.1:0", "--log-level", "debug"}, map[string]string{"ACCESSEMU_ADDR": "0.0.0.0:9000"},
			config{Addr: "127.0.0.1:0", LogLevel: "debug", LogFormat: "text", JournalSize: "1000", MaxBodyBytes: "10485760", MaxTenants: "1000", ReadTimeout: "30s"}},
		{"scenarios from the environment", nil, map[string]string{"ACCESSEMU_SCENARIOS": "a, b"},
			config{Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "text", JournalSize: "1000", MaxBodyBytes: "10485760", MaxTenants: "1000", ReadTimeout: "30s", Scenarios: []string{"a", "b"}}},
		{"scenario flags replace the environment's", []string{"--scenario", "c", "--scenario", "d.yaml"}, map[string]string{"ACCESSEMU_SCENARIOS": "a"},
			config{Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "text", JournalSize: "1000", MaxBodyBytes: "10485760", MaxTenants: "1000", ReadTimeout: "30s", Scenarios: []string{"c", "d.yaml"}}},
		{"journal size and admin token", []string{"--journal-size", "50"}, map[string]string{"ACCESSEMU_ADMIN_TOKEN": "s3cret"},
			config{Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "text", JournalSize: "50", MaxBodyBytes: "10485760", MaxTenants: "1000", ReadTimeout: "30s", AdminToken: "s3cret"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseConfig("accessemu", c.args, envOf(c.env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestParseConfig_RejectsWhatItCannotUse(t *testing.T) {
	for _, args := range [][]string{{"--log-level", "loud"}, {"--log-format", "xml"}, {"--journal-size", "0"}, {"--max-body-bytes", "-5"}, {"--max-tenants", "0"}, {"--read-timeout", "soon"}, {"--state-sync", "sometimes"}, {"--journal-size", "many"}, {"--nope"}, {"extra"}} {
		if _, err := parseConfig("accessemu", args, envOf(nil), io.Discard); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}

func TestRun_BadFixtureFileExitsWithTheLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(path, []byte("parcel:\n  hubz: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	code := run([]string{"--addr", "127.0.0.1:0", "--fixtures", path}, envOf(nil), io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), path+": parcel: line 2: unknown field \"hubz\"") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// binary builds accessemu once per test run.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "accessemu-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "accessemu")
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// startBinary runs the binary and returns its base URL, read from its first output line.
func startBinary(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "accessemu listening on ")
	if !ok {
		t.Fatalf("first line %q", line)
	}
	go io.Copy(io.Discard, stdout)
	return cmd, base
}

// stop sends SIGTERM and waits for a clean exit.
func stop(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("did not stop after SIGTERM")
	}
}

// The built binary prints its bound address first, answers its health check (also through the
// healthcheck subcommand), and exits 0 on SIGTERM.
func TestBinary_PrintsAddressServesAndStopsOnSIGTERM(t *testing.T) {
	cmd, base := startBinary(t)
	resp, err := http.Get(base + "/__emulator/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("health: %d", resp.StatusCode)
	}
	hc := exec.Command(binary(t), "healthcheck", "--addr", strings.TrimPrefix(base, "http://"))
	if out, err := hc.CombinedOutput(); err != nil {
		t.Fatalf("healthcheck: %v %s", err, out)
	}
	stop(t, cmd)
}

// SIGTERM under load drains in-flight requests and saves the state file: after a restart, every
// change a client saw accepted is there, and nothing else.
func TestBinary_SIGTERMUnderLoadLosesNoAcceptedChange(t *testing.T) {
	stateFile := filepath.Join(t.TempDir(), "state.yaml")
	cmd, base := startBinary(t, "--state-file", stateFile)
	const users = 12
	owns := make([]bool, users) // what the last accepted change says
	var wg sync.WaitGroup
	started := make(chan struct{}, users)
	for u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprint(5000 + u)
			body := `{"product_id":"65a1b2c3d4e5f60718293a4c","userid":"` + id + `","userid_type":"roblox"}`
			for i := 0; ; i++ {
				method, path := "POST", "/whitelist/assign"
				if i%2 == 1 {
					method, path = "DELETE", "/whitelist/revoke"
				}
				req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
				req.Header.Set("Authorization", "prod_EmulatorDefaultHubKey0001")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return // the server is gone: this change was never accepted
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("%s %s for %s: %d", method, path, id, resp.StatusCode)
					return
				}
				owns[u] = method == "POST"
				if i == 3 {
					started <- struct{}{}
				}
			}
		}()
	}
	for range users {
		<-started
	}
	stop(t, cmd)
	wg.Wait()

	_, base = startBinary(t, "--state-file", stateFile)
	for u := range users {
		id := fmt.Sprint(5000 + u)
		resp, err := http.Get(base + "/whitelist/check/roblox/" + id + "?product_id=65a1b2c3d4e5f60718293a4c")
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Data struct {
				OwnsLicense bool `json:"owns_license"`
			}
		}
		req, _ := http.NewRequest("GET", base+"/whitelist/check/roblox/"+id+"?product_id=65a1b2c3d4e5f60718293a4c", nil)
		req.Header.Set("Authorization", "prod_EmulatorDefaultHubKey0001")
		resp.Body.Close()
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if got.Data.OwnsLicense != owns[u] {
			t.Errorf("user %s: owns_license %v after restart, but the last accepted change says %v", id, got.Data.OwnsLicense, owns[u])
		}
	}
}

func TestHealthcheck_FailsWhenNothingListens(t *testing.T) {
	if code := run([]string{"healthcheck", "--addr", "127.0.0.1:1"}, envOf(nil), io.Discard, io.Discard); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
}

func TestValidate_ReportsEachBadFileWithItsLine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", "parcel:\n  hubs:\n    - keys: [k]\n")
	badFixture := write("bad.yaml", "parcel:\n  hubs:\n    - kys: [k]\n")
	badScenario := write("s.yaml", "name: s\nrules:\n  - match: {provider: parcel}\n    error: parcel.nope\n")
	var stdout, stderr strings.Builder
	code := run([]string{"validate", good, badFixture, badScenario}, envOf(nil), &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	if stdout.String() != good+": ok\n" {
		t.Fatalf("stdout %q", stdout.String())
	}
	for _, want := range []string{badFixture + ": parcel: line 3: unknown field \"kys\"", badScenario + ": line 4: \"parcel.nope\" is not in the error catalogue"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestErrors_ListsTheCatalogue(t *testing.T) {
	var stdout strings.Builder
	if code := run([]string{"errors"}, envOf(nil), &stdout, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	want := "parcel.user_does_not_own_license\t400\t{\"status\":\"400\",\"message\":\"User does not own this license.\",\"data\":{}}\n"
	if !strings.Contains(stdout.String(), want) {
		t.Fatalf("no %q in\n%s", want, stdout.String())
	}
}
