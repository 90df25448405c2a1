package emulator

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/fixtures"
	"github.com/accessemu/accessemu/internal/generate"
	"github.com/accessemu/accessemu/internal/worldfile"
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

// smallParallelFrom lets the test's small documents take the parallel path.
func smallParallelFrom(t *testing.T) {
	old := worldfile.ParallelFrom
	worldfile.ParallelFrom = 0
	t.Cleanup(func() { worldfile.ParallelFrom = old })
}

// loadSerialForTest is loadWorld without its parallel path.
func loadSerialForTest(doc []byte, now time.Time) (world, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, err
	}
	return loadWorldNode("doc", &root, Registry(), now)
}

func TestLoadWorld_SkipsSectionsOfRegisteredProvidersNotMounted(t *testing.T) {
	parcelOnly := []provider.Provider{parcel.New()}
	w, err := loadWorld("default.yaml", fixtures.Default, parcelOnly, time.Now())
	if err != nil {
		t.Fatalf("the default world with only parcel mounted: %v", err)
	}
	if len(w) != 1 || w["parcel"] == nil {
		t.Fatalf("world holds %v, want parcel alone", w)
	}
	_, err = loadWorld("typo.yaml", []byte("parcle: {}\n"), parcelOnly, time.Now())
	if err == nil || err.Error() != `typo.yaml: line 1: unknown section "parcle" (known: seed, parcel)` {
		t.Fatalf("a section no provider has: %v", err)
	}
}
