package accessemu_test

import (
	"os"
	"strings"
	"testing"
)

// The README's testcontainers example is the one this package compiles and runs.
func TestReadme_ShowsTheTestedExample(t *testing.T) {
	function := func(path, after string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(b), after)
		_, body, ok := strings.Cut(rest, "\nfunc Example() {\n")
		body, _, closed := strings.Cut(body, "\n}\n")
		if !ok || !closed {
			t.Fatalf("%s has no func Example", path)
		}
		return body
	}
	if readme, tested := function("../../README.md", "## Containers"), function("example_test.go", ""); readme != tested {
		t.Fatalf("README.md's Example differs from example_test.go's:\n%s\n---\n%s", readme, tested)
	}
}
