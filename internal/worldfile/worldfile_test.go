package worldfile

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/fixture"
	"github.com/accessemu/accessemu/internal/generate"
	"github.com/accessemu/accessemu/internal/worldfile/flowline"
)

var sections = []string{"adapty", "airtable", "parcel"}

// splitSmall lets the test's small documents be parsed in pieces.
func splitSmall(t *testing.T) {
	old, oldRun, oldPiece := ParallelFrom, runFrom, pieceItems
	ParallelFrom, runFrom, pieceItems = 0, 3, 7
	t.Cleanup(func() { ParallelFrom, runFrom, pieceItems = old, oldRun, oldPiece })
}

// parsed is each section of doc as the parallel path hands it over, written back out.
func parsed(t *testing.T, doc []byte) (map[string]string, int64) {
	t.Helper()
	out := make([]string, len(sections))
	seeds := make([]int64, len(sections))
	ok := Parallel(doc, sections, func(i int, section *yaml.Node, s int64) bool {
		seeds[i] = s
		if section != nil {
			expandLines(section)
			b, err := yaml.Marshal(section)
			out[i] = string(b)
			return err == nil
		}
		return true
	})
	if !ok {
		t.Fatal("the parallel path refused the document")
	}
	m := map[string]string{}
	for i, name := range sections {
		m[name] = out[i]
	}
	return m, seeds[0]
}

// expandLines replaces every line node under n with its nodes.
func expandLines(n *yaml.Node) {
	for i, c := range n.Content {
		n.Content[i] = flowline.Expand(c)
		expandLines(n.Content[i])
	}
}

// serial is each section of doc as yaml.v3 parses the whole document, written back out.
func serial(t *testing.T, doc []byte) map[string]string {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if name := top.Content[i].Value; name != "seed" {
			b, err := yaml.Marshal(top.Content[i+1])
			if err != nil {
				t.Fatal(err)
			}
			m[name] = string(b)
		}
	}
	return m
}

// Runs of one-line items parse in pieces; items that continue on more lines, comments and blank
// lines inside a run, and runs in several sections give what parsing the whole document gives.
func TestParallel_SplitRunsGiveTheWholeDocumentsSections(t *testing.T) {
	splitSmall(t)
	var buf bytes.Buffer
	providers := []provider.Provider{adapty.New(), airtable.New(), parcel.New()}
	if err := generate.Write(&buf, providers, generate.Options{Seed: 4, Counts: map[string]int{"adapty": 60, "airtable": 61, "parcel": 62}, Expand: true}); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	// An item on two lines in the middle of a run, one at its end, a comment and a blank line.
	doc = strings.Replace(doc, "        - {id: usr", "        - email: two.lines@example.com\n          admin: true\n        # a comment\n\n        - {id: usr", 1)
	doc = strings.Replace(doc, "  tokens:\n", "        - email: last@example.com\n          name: Last One\n  tokens:\n", 1)
	got, seed := parsed(t, []byte(doc))
	want := serial(t, []byte(doc))
	for _, name := range sections {
		if got[name] != want[name] {
			t.Errorf("split parsing gave another %s section than the whole document", name)
		}
	}
	if seed != 4 {
		t.Errorf("seed = %d, want 4", seed)
	}
	if !strings.Contains(got["airtable"], "two.lines@example.com") || !strings.Contains(got["airtable"], "Last One") {
		t.Fatal("the multi-line items are missing")
	}
}

func TestParallel_ASectionNobodyKnowsIsLeftToTheSerialPath(t *testing.T) {
	if Parallel([]byte("seed: 1\nparcle: {}\n"), sections, func(int, *yaml.Node, int64) bool { return true }) {
		t.Fatal("a document with an unknown section was taken")
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

// loaded is each provider's state loaded from doc, dumped back to YAML: through the parallel
// path (line nodes and all) when parallel is set, else from yaml.v3's tree of the whole document.
func loaded(t *testing.T, doc []byte, parallel bool) map[string]string {
	t.Helper()
	providers := []provider.Provider{adapty.New(), airtable.New(), parcel.New()}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	faker := func(seed int64, i int) *gofakeit.Faker { return gofakeit.New(seed + int64(i)) }
	out := map[string]string{}
	dump := func(i int, st provider.State) {
		b, err := yaml.Marshal(providers[i].(provider.Dumper).Dump(st))
		if err != nil {
			t.Fatal(err)
		}
		out[sections[i]] = string(b)
	}
	if parallel {
		states := make([]provider.State, len(providers))
		ok := Parallel(doc, sections, func(i int, section *yaml.Node, seed int64) bool {
			st, err := providers[i].Load(section, faker(seed, i), now)
			states[i] = st
			return err == nil
		})
		if !ok {
			t.Fatal("the parallel path refused the document")
		}
		for i, st := range states {
			dump(i, st)
		}
		return out
	}
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		t.Fatal(err)
	}
	for i, p := range providers {
		st, err := p.Load(fixture.Find(&root, sections[i]), faker(4, i), now)
		if err != nil {
			t.Fatal(err)
		}
		dump(i, st)
	}
	return out
}

// A generated world whose one-line items the providers read straight from their lines loads into
// the same state as the world parsed whole by yaml.v3, with the items the line readers leave to
// yaml.v3 (a null, a field they do not read, a custom attribute) among them.
func TestParallel_LineNodesLoadTheSameWorldAsTheWholeDocument(t *testing.T) {
	splitSmall(t)
	var buf bytes.Buffer
	providers := []provider.Provider{adapty.New(), airtable.New(), parcel.New()}
	if err := generate.Write(&buf, providers, generate.Options{Seed: 4, Counts: map[string]int{"adapty": 60, "airtable": 61, "parcel": 62}, Expand: true}); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	for _, edit := range []struct{ old, new string }{
		{`(gen-user-3, .*expires_at: )now\+`, "${1}null, x: now+"},
		{`(gen-user-5, )`, "${1}custom_attributes: [{key: k, value: 3}], "},
		{`(gen-user-6, .*total_revenue_usd: )[0-9.]+`, "${1}12.5"},
		{`(gen-user-7, segment_hash: )"[0-9a-f]+"(.*access_levels: \[\{)`, `${1}"00aa"${2}store: play_store, `},
		{`customer_user_id: gen-user-9,`, "customer_user_id: null,"},
		{`(email: [a-z.0-9]+@example\.com, )name: "[^"]*",( created_time)`, `${1}name: "Quoted Name", member: true,${2}`},
		{` admin: true,`, " admin: true, state: deactivated,"},
		{`roblox_id: "3000000004"\}`, "roblox_id: 3000000004}"},
	} {
		re := regexp.MustCompile(edit.old)
		at := re.FindStringIndex(doc)
		if at == nil {
			t.Fatalf("the generated world has no %s", edit.old)
		}
		doc = doc[:at[0]] + re.ReplaceAllString(doc[at[0]:at[1]], edit.new) + doc[at[1]:]
	}
	doc = strings.Replace(doc, ", x: now+", ", starts_at: now-", 1)
	got, want := loaded(t, []byte(doc), true), loaded(t, []byte(doc), false)
	for _, name := range sections {
		if got[name] != want[name] {
			t.Errorf("%s: the line readers loaded another world than yaml.v3's tree", name)
		}
	}
	for _, s := range []string{"Quoted Name", "deactivated", "play_store", "\"3000000004\"", "12.5"} {
		if !strings.Contains(got["adapty"]+got["airtable"]+got["parcel"], s) {
			t.Errorf("the world lacks %s", s)
		}
	}
}
