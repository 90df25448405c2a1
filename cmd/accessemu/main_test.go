package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseConfig_DefaultsEnvAndFlags(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want config
	}{
		{"defaults", nil, nil, config{Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "text", JournalSize: "1000", MaxBodyBytes: "10485760"}},
		{"environment", nil, map[string]string{"ACCESSEMU_ADDR": "0.0.0.0:9000", "ACCESSEMU_FIXTURES": "w.yaml", "ACCESSEMU_LOG_FORMAT": "json"},
			config{Addr: "0.0.0.0:9000", Fixtures: "w.yaml", LogLevel: "info", LogFormat: "json", JournalSize: "1000", MaxBodyBytes: "10485760"}},
		{"flags win over environment", []string{"--addr", "127.0.0.1:0", "--log-level", "debug"}, map[string]string{"ACCESSEMU_ADDR": "0.0.0.0:9000"},
			config{Addr: "127.0.0.1:0", LogLevel: "debug", LogFormat: "text", JournalSize: "1000", MaxBodyBytes: "10485760"}},
		{"scenarios from the environment", nil, map[string]string{"ACCESSEMU_SCENARIOS": "a, b"},
			config{Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "text", JournalSize: "1000", MaxBodyBytes: "10485760", Scenarios: []string{"a", "b"}}},
		{"scenario flags replace the environment's", []string{"--scenario", "c", "--scenario", "d.yaml"}, map[string]string{"ACCESSEMU_SCENARIOS": "a"},
			config{Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "text", JournalSize: "1000", MaxBodyBytes: "10485760", Scenarios: []string{"c", "d.yaml"}}},
		{"journal size and admin token", []string{"--journal-size", "50"}, map[string]string{"ACCESSEMU_ADMIN_TOKEN": "s3cret"},
			config{Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "text", JournalSize: "50", MaxBodyBytes: "10485760", AdminToken: "s3cret"}},
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
	for _, args := range [][]string{{"--log-level", "loud"}, {"--log-format", "xml"}, {"--journal-size", "0"}, {"--max-body-bytes", "-5"}, {"--journal-size", "many"}, {"--nope"}, {"extra"}} {
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

// The built binary prints its bound address first, answers its health check (also through the
// healthcheck subcommand), and exits 0 on SIGTERM.
func TestBinary_PrintsAddressServesAndStopsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "accessemu")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "accessemu listening on ")
	if !ok {
		t.Fatalf("first line %q", line)
	}
	go io.Copy(io.Discard, stdout)
	resp, err := http.Get(base + "/__emulator/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("health: %d", resp.StatusCode)
	}
	hc := exec.Command(bin, "healthcheck", "--addr", strings.TrimPrefix(base, "http://"))
	if out, err := hc.CombinedOutput(); err != nil {
		t.Fatalf("healthcheck: %v %s", err, out)
	}
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
	case <-time.After(15 * time.Second):
		t.Fatal("did not stop after SIGTERM")
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
