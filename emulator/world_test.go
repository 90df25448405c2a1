package emulator

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/internal/generate"
)

func dumpWorld(t *testing.T, w world) string {
	t.Helper()
	var out strings.Builder
	for _, p := range Registry() {
		b, err := yaml.Marshal(p.Dump(w[p.Name()]))
		if err != nil {
			t.Fatal(err)
		}
		out.WriteString(p.Name() + ":\n" + string(b))
	}
	return out.String()
}

func TestLoadWorld_ParallelPathGivesTheSerialPathsWorld(t *testing.T) {
	var buf bytes.Buffer
	if err := generate.Write(&buf, Registry(), generate.Options{Seed: 9, Counts: map[string]int{"airtable": 200, "parcel": 200}}); err != nil {
		t.Fatal(err)
	}
	// Sections the generator leaves to the loader's fake data must come out the same, too.
	doc := append(buf.Bytes(), "# trailing comment\n"...)
	doc = bytes.Replace(doc, []byte("parcel:\n  hubs:\n"), []byte("parcel:\n  hubs:\n    - products: [{}]\n"), 1)
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	par, ok := loadParallel(doc, Registry(), now)
	if !ok {
		t.Fatal("the parallel path refused a generated world")
	}
	ser, err := loadSerialForTest(doc, now)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := dumpWorld(t, par), dumpWorld(t, ser); a != b {
		t.Fatal("the parallel and serial paths loaded different worlds")
	}
}

func TestLoadWorld_ErrorOnTheParallelPathReportsItsLine(t *testing.T) {
	var buf bytes.Buffer
	if err := generate.Write(&buf, Registry(), generate.Options{Seed: 1, Counts: map[string]int{"parcel": 200}}); err != nil {
		t.Fatal(err)
	}
	smallParallelFrom(t)
	doc := bytes.Replace(buf.Bytes(), []byte("      name: Emulator Hub\n"), []byte("      name: Emulator Hub\n      keyz: []\n"), 1)
	line := bytes.Count(doc[:bytes.Index(doc, []byte("keyz"))], []byte("\n")) + 1
	_, err := loadWorld("big.yaml", doc, Registry(), time.Now())
	want := fmt.Sprintf(`big.yaml: parcel: line %d: unknown field "keyz"`, line)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error = %v, want prefix %s", err, want)
	}
}

// smallParallelFrom lets the test's small documents take the parallel path and be split.
func smallParallelFrom(t *testing.T) {
	old, oldRun, oldPiece := parallelFrom, runFrom, pieceItems
	parallelFrom, runFrom, pieceItems = 0, 3, 7
	t.Cleanup(func() { parallelFrom, runFrom, pieceItems = old, oldRun, oldPiece })
}

// Runs of one-line items parse in pieces; items that continue on more lines, comments and blank
// lines inside a run, and runs in several sections give the world the serial path gives.
func TestLoadWorld_SplitRunsGiveTheSerialPathsWorld(t *testing.T) {
	smallParallelFrom(t)
	var buf bytes.Buffer
	if err := generate.Write(&buf, Registry(), generate.Options{Seed: 4, Counts: map[string]int{"adapty": 60, "airtable": 61, "parcel": 62}}); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	// An item on two lines in the middle of a run, one at its end, a comment and a blank line.
	doc = strings.Replace(doc, "        - {email: ", "        - email: two.lines@example.com\n          admin: true\n        # a comment\n\n        - {email: ", 1)
	doc = strings.Replace(doc, "  tokens:\n", "        - email: last@example.com\n          name: Last One\n  tokens:\n", 1)
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	par, ok := loadParallel([]byte(doc), Registry(), now)
	if !ok {
		t.Fatal("the parallel path refused the document")
	}
	ser, err := loadSerialForTest([]byte(doc), now)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := dumpWorld(t, par), dumpWorld(t, ser); a != b {
		t.Fatal("split parsing loaded another world than the serial path")
	}
	if !strings.Contains(dumpWorld(t, par), "two.lines@example.com") || !strings.Contains(dumpWorld(t, par), "Last One") {
		t.Fatal("the multi-line items are missing")
	}
}

func TestOneLineRuns_StopBeforeAnItemThatContinues(t *testing.T) {
	old := runFrom
	runFrom = 2
	defer func() { runFrom = old }()
	lines := bytes.SplitAfter([]byte("k:\n  - a\n  - b\n  - c: 1\n    d: 2\n  - e\n  - f\n"), []byte("\n"))
	got := oneLineRuns(lines)
	want := []run{{from: 1, to: 3, indent: 2}, {from: 5, to: 7, indent: 2}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("runs = %v, want %v", got, want)
	}
}

func TestTopLevelChunks_TakesOnlyPlainBlockMappings(t *testing.T) {
	cases := map[string]bool{
		"seed: 1\n# c\nparcel:\n  hubs: []\n": true,
		"---\nseed: 1\n":                      false,
		"{seed: 1}\n":                         false,
		"- a\n":                               false,
		"seed: 1\nseed: 2\n":                  false,
		"  indented: 1\nseed: 1\n":            false,
		"\"parcel\": {}\n":                    false,
		"parcel: &a {}\nairtable: *a\n":       true, // taken apart; the alias then fails and the serial path answers
	}
	for doc, want := range cases {
		if _, got := topLevelChunks([]byte(doc)); got != want {
			t.Errorf("%q: taken = %v, want %v", doc, got, want)
		}
	}
}

// loadSerialForTest is loadWorld without its parallel path.
func loadSerialForTest(doc []byte, now time.Time) (world, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, err
	}
	return loadWorldNode("doc", &root, Registry(), now)
}

func TestRaiseGCPercent_RaisesForTheLoadOnlyAndNeverLowers(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	undo := raiseGCPercent(400)
	if got := debug.SetGCPercent(400); got != 400 {
		t.Fatalf("during the load GOGC = %d, want 400", got)
	}
	undo()
	if got := debug.SetGCPercent(800); got != 100 {
		t.Fatalf("after the load GOGC = %d, want 100 back", got)
	}
	raiseGCPercent(400)()
	if got := debug.SetGCPercent(-1); got != 800 {
		t.Fatalf("a higher setting became %d, want 800 kept", got)
	}
	raiseGCPercent(400)()
	if got := debug.SetGCPercent(100); got != -1 {
		t.Fatalf("GOGC=off became %d", got)
	}
}
