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
	if err := generate.Write(&buf, Registry(), generate.Options{Seed: 9, Counts: map[string]int{"airtable": 200, "parcel": 200}, Expand: true}); err != nil {
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
	if err := generate.Write(&buf, Registry(), generate.Options{Seed: 1, Counts: map[string]int{"parcel": 200}, Expand: true}); err != nil {
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

// A generated world written with its directives and written out item by item is one world, on
// either path, with identities in every provider and across the loader's batches.
func TestLoadWorld_DirectivesLoadTheWorldTheirExpansionLoads(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 123456000, time.UTC)
	write := func(o generate.Options) []byte {
		var buf bytes.Buffer
		if err := generate.Write(&buf, Registry(), o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	chunk, batch := generate.Chunk, generate.Batch
	generate.Chunk, generate.Batch = 64, 500
	t.Cleanup(func() { generate.Chunk, generate.Batch = chunk, batch })
	for _, n := range []int{1, 700, 1600} {
		o := generate.Options{Seed: 5, Counts: map[string]int{"adapty": n, "airtable": n, "parcel": n}}
		compact := write(o)
		o.Expand = true
		expanded := write(o)
		if len(compact) > 64<<10 { // the default world and one Parcel product per 1,000 licences
			t.Fatalf("%d identities: the directives' file is %d bytes", n, len(compact))
		}
		c, err := loadWorld("compact.yaml", compact, Registry(), now)
		if err != nil {
			t.Fatal(err)
		}
		e, err := loadWorld("expanded.yaml", expanded, Registry(), now)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := dumpWorld(t, c), dumpWorld(t, e); a != b {
			t.Fatalf("%d identities: the directives and their expansion loaded different worlds:\n%s", n, firstDifference(a, b))
		}
	}
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n%s\n%s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
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

func TestLoadWorld_DirectiveErrorsNameTheirLine(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{"adapty:\n  apps:\n    - access_levels: [premium]\n      generated_profiles: {count: -1, seed: 1}\n",
			"w.yaml: adapty: line 4: generated_profiles: count must be between 0 and 10000000, not -1"},
		{"adapty:\n  apps:\n    - profiles:\n        - customer_user_id: gen-user-1\n      generated_profiles: {count: 3, seed: 1}\n",
			`w.yaml: adapty: line 5: generated_profiles: customer_user_id "gen-user-1" belongs to another profile already`},
		{"airtable:\n  enterprise_accounts:\n    - id: entA\n      email_domains: [a.example]\n      generated_users: {count: 60000000}\n",
			"w.yaml: airtable: line 5: generated_users: count must be between 0 and 10000000, not 60000000"},
		{"parcel:\n  hubs:\n    - id: h1\n      generated_licenses: {count: 2, seed: 1}\n",
			"w.yaml: parcel: line 4: generated_licenses: the hub has no products to license"},
		{"parcel:\n  hubs:\n    - id: h1\n      generated_licenses: {count: 2, sed: 1}\n",
			`w.yaml: parcel: line 4: unknown field "sed"`},
	} {
		_, err := loadWorld("w.yaml", []byte(c.doc), Registry(), time.Now())
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("error = %v, want %s", err, c.want)
		}
	}
}

// A token may name a generated user, who is known only once the account's directive is expanded.
func TestLoadWorld_ATokenMayNameAGeneratedUser(t *testing.T) {
	var buf bytes.Buffer
	if err := generate.Write(&buf, Registry(), generate.Options{Seed: 3, Counts: map[string]int{"airtable": 2}, Expand: true}); err != nil {
		t.Fatal(err)
	}
	id := buf.String()[strings.Index(buf.String(), "- {id: usr")+len("- {id: "):]
	id = id[:strings.IndexByte(id, ',')]
	var compact bytes.Buffer
	if err := generate.Write(&compact, Registry(), generate.Options{Seed: 3, Counts: map[string]int{"airtable": 2}}); err != nil {
		t.Fatal(err)
	}
	doc := compact.String()
	doc = strings.Replace(doc, "  tokens:\n", "  tokens:\n    - {token: patGenerated00001.x, user: "+id+", scopes: [enterprise.user:read]}\n", 1)
	if _, err := loadWorld("w.yaml", []byte(doc), Registry(), time.Now()); err != nil {
		t.Fatal(err)
	}
	doc = strings.Replace(doc, "user: "+id, "user: usrNobody000000001", 1)
	if _, err := loadWorld("w.yaml", []byte(doc), Registry(), time.Now()); err == nil || !strings.Contains(err.Error(), "is not a user of any enterprise account") {
		t.Fatalf("a token of an unknown user: %v", err)
	}
}
