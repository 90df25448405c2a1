// Package examples runs the README's Python and Node.js examples against an emulator, and checks
// that the README shows them as they are.
package examples

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
)

// requireEnv makes a missing python3, requests or node fail the test rather than skip it; CI sets it.
const requireEnv = "ACCESSEMU_EXAMPLES"

// runExample runs an example's command against a fresh emulator and fails with its output.
func runExample(t *testing.T, probe []string, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(probe[0], probe[1:]...).CombinedOutput(); err != nil {
		if os.Getenv(requireEnv) == "require" {
			t.Fatalf("%s: %v\n%s", strings.Join(probe, " "), err, out)
		}
		t.Skipf("%s is not available (%v); set %s=require to fail instead", probe[0], err, requireEnv)
	}
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu.Handler())
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "ACCESSEMU_URL="+srv.URL)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	if sent := emu.Journal(emulator.DefaultTenant, journal.Filter{}); len(sent) != 0 {
		t.Fatalf("the example used the default tenant: %d requests", len(sent))
	}
}

func TestPythonExample_RevokesAndAssertsOnTheJournal(t *testing.T) {
	runExample(t, []string{"python3", "-c", "import requests"}, "python3", "examples/python/test_revoke.py")
}

func TestNodeExample_RevokesAndAssertsOnTheJournal(t *testing.T) {
	runExample(t, []string{"node", "-e", "if (typeof fetch !== 'function') process.exit(1)"}, "node", "--test", "examples/node/revoke.test.mjs")
}

// The README shows each example file exactly as it is.
func TestREADME_ShowsTheExampleFilesAsTheyAre(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for file, lang := range map[string]string{"python/test_revoke.py": "python", "node/revoke.test.mjs": "js", "go/revoke_test.go": "go"} {
		body, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if lang == "go" {
			// The README shows the test from its imports on, without the package clause.
			_, body, _ = bytes.Cut(body, []byte("package example_test\n\n"))
		}
		if !strings.Contains(string(readme), "```"+lang+"\n"+string(body)+"```\n") {
			t.Errorf("README.md does not show examples/%s as it is, in a ```%s block", file, lang)
		}
	}
}
