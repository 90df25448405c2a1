package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
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
	defaults := func(change func(*config)) config {
		c := config{Addr: "127.0.0.1:8080", LogLevel: slog.LevelInfo, LogFormat: "text", JournalSize: 1000,
			MaxBodyBytes: 10 << 20, StateSync: "always", MaxTenants: 1000, ReadTimeout: 30 * time.Second}
		change(&c)
		return c
	}
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want config
	}{
		{"defaults", nil, nil, defaults(func(*config) {})},
		{"environment", nil, map[string]string{"ACCESSEMU_ADDR": "0.0.0.0:9000", "ACCESSEMU_FIXTURES": "w.yaml", "ACCESSEMU_LOG_FORMAT": "JSON",
			"ACCESSEMU_JOURNAL_SIZE": "5", "ACCESSEMU_READ_TIMEOUT": "2m", "ACCESSEMU_MAX_BODY_BYTES": "2048", "ACCESSEMU_LOG_LEVEL": "debug"},
			defaults(func(c *config) {
				c.Addr, c.Fixtures, c.LogFormat, c.JournalSize, c.ReadTimeout, c.MaxBodyBytes, c.LogLevel = "0.0.0.0:9000", "w.yaml", "json", 5, 2*time.Minute, 2048, slog.LevelDebug
			})},
		{"flags win over environment", []string{"--addr", "127.0.0.1:0", "--log-level", "debug", "--max-tenants", "7"}, map[string]string{"ACCESSEMU_ADDR": "0.0.0.0:9000", "ACCESSEMU_MAX_TENANTS": "3"},
			defaults(func(c *config) { c.Addr, c.LogLevel, c.MaxTenants = "127.0.0.1:0", slog.LevelDebug, 7 })},
		{"scenarios from the environment", nil, map[string]string{"ACCESSEMU_SCENARIOS": "a, b"},
			defaults(func(c *config) { c.Scenarios = []string{"a", "b"} })},
		{"scenario flags replace the environment's", []string{"--scenario", "c", "--scenario", "d.yaml"}, map[string]string{"ACCESSEMU_SCENARIOS": "a"},
			defaults(func(c *config) { c.Scenarios = []string{"c", "d.yaml"} })},
		{"journal size and admin token", []string{"--journal-size", "50"}, map[string]string{"ACCESSEMU_ADMIN_TOKEN": "s3cret"},
			defaults(func(c *config) { c.JournalSize, c.AdminToken = 50, "s3cret" })},
		{"version", []string{"--version"}, nil, defaults(func(c *config) { c.Version = true })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseConfig(c.args, envOf(c.env))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestParseConfig_RejectsWhatItCannotUseSayingWhy(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--log-level", "loud"}, nil, `invalid value "loud" for flag -log-level`},
		{[]string{"--log-format", "xml"}, nil, `--log-format "xml": want text or json`},
		{[]string{"--journal-size", "0"}, nil, `--journal-size 0: want a whole number of at least 1`},
		{[]string{"--max-body-bytes", "-5"}, nil, `--max-body-bytes -5: want a whole number of at least 1`},
		{[]string{"--max-tenants", "0"}, nil, `--max-tenants 0: want a whole number of at least 1`},
		{[]string{"--read-timeout", "soon"}, nil, `invalid value "soon" for flag -read-timeout`},
		{[]string{"--journal-size", "many"}, nil, `invalid value "many" for flag -journal-size: parse error; accessemu --help shows the flags`},
		{[]string{"--nope"}, nil, `flag provided but not defined: -nope; accessemu --help shows the flags`},
		{[]string{"extra"}, nil, `unknown command "extra"; accessemu help lists the commands`},
		{[]string{"--addr", "127.0.0.1:0", "extra"}, nil, `unknown command "extra"`},
		{nil, map[string]string{"ACCESSEMU_JOURNAL_SIZE": "many"}, `ACCESSEMU_JOURNAL_SIZE="many": not a valid --journal-size`},
		{nil, map[string]string{"ACCESSEMU_READ_TIMEOUT": "30"}, `ACCESSEMU_READ_TIMEOUT="30": not a valid --read-timeout`},
		{[]string{"--state-sync", "sometimes"}, nil, `--state-sync "sometimes": want always (the default) or os`},
		{[]string{"--addr", "8081"}, nil, `--addr "8081": want HOST:PORT, such as 127.0.0.1:8081`},
		{[]string{"--addr", "localhost"}, nil, `--addr "localhost": want HOST:PORT, such as 127.0.0.1:8080`},
	}
	for _, c := range cases {
		_, err := parseConfig(c.args, envOf(c.env))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v %v: error %v, want %q", c.args, c.env, err, c.want)
		}
	}
}

// -h, --help and help exit 0 and list every command with its one line, and the flags of serving
// with their types.
func TestRun_HelpExitsZeroAndListsTheCommands(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"help", "help"}} {
		var stdout, stderr strings.Builder
		if code := run(args, envOf(nil), &stdout, &stderr); code != 0 || stderr.Len() > 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
		for _, c := range commands() {
			if line := fmt.Sprintf("  %-12s %s\n", c.name, c.summary); !strings.Contains(stdout.String(), line) {
				t.Errorf("%v: no line %q in\n%s", args, line, stdout.String())
			}
		}
		for _, flag := range []string{"-journal-size int", "-max-tenants int", "-max-body-bytes int", "-read-timeout duration", "-addr HOST:PORT", "-version"} {
			if !strings.Contains(stdout.String(), "  "+flag+"\n") {
				t.Errorf("%v: no flag %q in\n%s", args, flag, stdout.String())
			}
		}
	}
}

// Each command's --help shows its usage and only its own flags, and runs nothing.
func TestRun_EachCommandHasItsOwnHelp(t *testing.T) {
	cases := []struct {
		args          []string
		usage         string
		flags, absent []string
	}{
		{[]string{"healthcheck", "--help"}, "Usage: accessemu healthcheck [--addr HOST:PORT] [--admin-token TOKEN]\n", []string{"-addr", "-admin-token"}, []string{"-fixtures", "-journal-size", "-log-level", "-scenario", "-version"}},
		{[]string{"validate", "--help"}, "Usage: accessemu validate FILE...\n\nCheck fixture and scenario files without serving.\n", nil, []string{"Flags:", "no such file"}},
		{[]string{"errors", "--help"}, "Usage: accessemu errors\n\nList every provider's named errors with their exact bodies.\n", nil, []string{"Flags:", "parcel."}},
		{[]string{"scenarios", "-h"}, "Usage: accessemu scenarios\n", nil, []string{"Flags:", "parcel-slow"}},
		{[]string{"version", "--help"}, "Usage: accessemu version\n\nPrint the version.\n", nil, []string{"devel"}},
		{[]string{"fixtures", "--help"}, "Usage: accessemu fixtures generate [flags]\n", nil, []string{"Flags:"}},
		{[]string{"fixtures", "generate", "--help"}, "Usage: accessemu fixtures generate [flags]\n", []string{"-seed int", "-airtable-users int", "-o string"}, []string{"-addr"}},
		{[]string{"help", "validate"}, "Usage: accessemu validate FILE...\n", nil, nil},
		{[]string{"help", "--help"}, "accessemu devel emulates the Adapty, Airtable and Parcel access-management APIs.\n", nil, nil},
	}
	for _, c := range cases {
		var stdout, stderr strings.Builder
		if code := run(c.args, envOf(nil), &stdout, &stderr); code != 0 || stderr.Len() > 0 {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, stderr.String())
			continue
		}
		out := stdout.String()
		if !strings.HasPrefix(out, c.usage) {
			t.Errorf("%v: help starts %q, want %q", c.args, out, c.usage)
		}
		for _, f := range c.flags {
			if !strings.Contains(out, "  "+f) {
				t.Errorf("%v: no %q in\n%s", c.args, f, out)
			}
		}
		for _, f := range c.absent {
			if strings.Contains(out, f) {
				t.Errorf("%v: %q should not be in\n%s", c.args, f, out)
			}
		}
	}
}

// Arguments a command does not take are refused with a message, never ignored or taken for a file.
func TestRun_StrayArgumentsAreRefused(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, `accessemu: unknown command "serve"; accessemu help lists the commands`},
		{[]string{"errors", "all"}, `accessemu errors: unexpected argument "all"; it takes none`},
		{[]string{"scenarios", "all"}, `accessemu scenarios: unexpected argument "all"; it takes none`},
		{[]string{"version", "now"}, `accessemu version: unexpected argument "now"; it takes none`},
		{[]string{"healthcheck", "127.0.0.1:8080"}, `accessemu healthcheck: unexpected argument "127.0.0.1:8080"; it takes only --addr and --admin-token`},
		{[]string{"healthcheck", "--fixtures", "w.yaml"}, `accessemu healthcheck: flag provided but not defined: -fixtures; accessemu healthcheck --help shows the flags`},
		{[]string{"help", "nope"}, `accessemu help: unknown command "nope"; accessemu help lists the commands`},
		{[]string{"--addr", "127.0.0.1:0", "extra"}, `accessemu: unknown command "extra"; accessemu help lists the commands`},
		{[]string{"fixtures", "generate", "--seed", "1", "extra"}, `accessemu fixtures generate: unexpected argument "extra"`},
	}
	for _, c := range cases {
		var stdout, stderr strings.Builder
		if code := run(c.args, envOf(nil), &stdout, &stderr); code != 2 || !strings.HasPrefix(stderr.String(), c.want) || stdout.Len() > 0 {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 and %q", c.args, code, stderr.String(), stdout.String(), c.want)
		}
	}
}

func TestRun_VersionAndDashDashVersionPrintTheVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var stdout strings.Builder
		if code := run(args, envOf(nil), &stdout, io.Discard); code != 0 || stdout.String() != "accessemu devel\n" {
			t.Errorf("%v: exit %d, stdout %q", args, code, stdout.String())
		}
	}
}

// The version set at build time with -ldflags is what the binary prints.
func TestBinary_VersionIsSetAtBuildTime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "accessemu")
	build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X github.com/accessemu/accessemu/emulator.Version=v1.2.3", ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, arg := range []string{"version", "--version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil || string(out) != "accessemu v1.2.3\n" {
			t.Errorf("%s: %q %v", arg, out, err)
		}
	}
}

func TestRun_AddressWithoutHostSaysHostPortIsWanted(t *testing.T) {
	for _, args := range [][]string{{"--addr", "8081"}, {"healthcheck", "--addr", "8081"}} {
		var stderr strings.Builder
		code := run(args, envOf(nil), io.Discard, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), `--addr "8081": want HOST:PORT, such as 127.0.0.1:8081`) {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}

func TestRun_PortInUseSuggestsAFreePort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stderr strings.Builder
	code := run([]string{"--addr", ln.Addr().String()}, envOf(nil), io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "address already in use") ||
		!strings.Contains(stderr.String(), "pick a free port with --addr 127.0.0.1:0") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
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

// syncBuilder collects what the server's goroutines log while the test reads it.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveForTest runs serve as the command does, with the given flags, until the test ends; it
// returns the base URL from the first output line and the log.
func serveForTest(t *testing.T, args ...string) (string, *syncBuilder) {
	t.Helper()
	cfg, err := parseConfig(append([]string{"--addr", "127.0.0.1:0"}, args...), envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out, in := io.Pipe()
	logs := &syncBuilder{}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, envOf(nil), in, logs) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, out)
	return strings.TrimPrefix(strings.TrimSpace(line), "accessemu listening on "), logs
}

func revokeOver(t *testing.T, base string) {
	t.Helper()
	req, _ := http.NewRequest("DELETE", base+"/t/cli/whitelist/revoke",
		strings.NewReader(`{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`))
	req.Header.Set("Authorization", "prod_EmulatorDefaultHubKey0001")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// --log-level debug writes one line per request; info writes none.
func TestServe_LogLevelDebugLogsEachRequest(t *testing.T) {
	base, logs := serveForTest(t, "--log-level", "debug")
	revokeOver(t, base)
	want := `level=DEBUG msg=request method=DELETE path=/t/cli/whitelist/revoke tenant=cli provider=parcel operation=revokeWhitelist status=200 duration=`
	if n := strings.Count(logs.String(), "msg=request"); n != 1 || !strings.Contains(logs.String(), want) {
		t.Fatalf("%d request lines, want 1 with %q:\n%s", n, want, logs.String())
	}

	base, logs = serveForTest(t)
	revokeOver(t, base)
	if strings.Contains(logs.String(), "msg=request") {
		t.Fatalf("info level logged a request:\n%s", logs.String())
	}
}
