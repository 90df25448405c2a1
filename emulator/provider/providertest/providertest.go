// Package providertest is the conformance suite every provider passes, the shipped ones and one
// written outside this module alike. A provider's tests run it with one line:
//
//	func TestConformance(t *testing.T) { providertest.Run(t, parcel.New()) }
//
// The suite mounts the provider alone (emulator.Options.Providers) on the world its descriptor
// generates (provider.Descriptor.Generate with no extra identities) and checks what every provider
// must do: its descriptor's load pair changes state and undoes it; its bench pairs (with the
// operations it leaves unbenched) cover every operation of its OpenAPI document and each runs
// turn after turn with every answer its success; every catalogue error forced by a
// scenario is answered exactly as Render(NamedError(...)) says; an unknown error renders as its 500;
// an oversized body gets its request_too_large; an unrouted path it owns gets its 404; concurrent
// changes lose no update; fixture errors name the file and line; dump, load and dump again gives
// the same document; two tenants never see each other's changes. Every answer must be in the
// provider's envelope (Descriptor.CheckEnvelope) and valid against its OpenAPI document wherever
// the document lists the answer's status (a scenario may force an error an operation never gives).
package providertest

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v6"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/apitest"
	"github.com/accessemu/accessemu/internal/jsonout"
)

// Run checks p against the contract every provider meets, each check a subtest.
func Run(t *testing.T, p provider.Provider) {
	t.Helper()
	d := p.Describe()
	if !describes(t, p, d) {
		return
	}
	world := defaultWorld(t, d)
	t.Run("LoadPairChangesStateAndUndoesIt", func(t *testing.T) { loadPair(t, mount(t, p, world)) })
	t.Run("BenchPairsSucceedTurnAfterTurn", func(t *testing.T) { benchPairs(t, mountWith(t, p, emulator.Options{})) })
	t.Run("LoadAndBenchPairsCoverEveryOperation", func(t *testing.T) { benchCoverage(t, p, d) })
	t.Run("EveryCatalogueErrorForcedByAScenarioIsAnsweredAsRendered", func(t *testing.T) { catalogue(t, p, world) })
	t.Run("UnknownErrorRendersAsItsServerError", func(t *testing.T) { unknownError(t, p) })
	t.Run("OversizedBodyGetsRequestTooLargeAndChangesNothing", func(t *testing.T) { oversized(t, p, world) })
	t.Run("UnroutedPathItOwnsGetsItsNotFound", func(t *testing.T) { unrouted(t, mount(t, p, world)) })
	t.Run("ConcurrentChangesLoseNoUpdate", func(t *testing.T) { concurrent(t, mount(t, p, world)) })
	t.Run("FixtureErrorsNameFileAndLine", func(t *testing.T) { badFixture(t, p, d) })
	t.Run("DumpLoadDumpIsIdentical", func(t *testing.T) { roundTrip(t, p, mount(t, p, world)) })
	t.Run("TenantsNeverSeeEachOthersChanges", func(t *testing.T) { tenants(t, mount(t, p, world)) })
}

// describes checks that the descriptor gives the suite what it needs.
func describes(t *testing.T, p provider.Provider, d provider.Descriptor) bool {
	t.Helper()
	var missing []string
	for field, absent := range map[string]bool{
		"Paths": d.Paths == "", "Credential": d.Credential.Header == "" || d.Credential.Value == "",
		"Load.Operation": d.Load.Operation == "", "Load.Do": d.Load.Do.Path == "" || d.Load.Do.OK == nil,
		"Load.Undo": d.Load.Undo.Path == "" || d.Load.Undo.OK == nil, "Generate": d.Generate.Flag == "" || d.Generate.Write == nil,
		"CheckEnvelope": d.CheckEnvelope == nil, "BadFixture": d.BadFixture == "" || d.BadFixtureLine <= 0,
	} {
		if absent {
			missing = append(missing, field)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("%s's descriptor lacks %s", p.Name(), strings.Join(missing, ", "))
		return false
	}
	return true
}

// defaultWorld is the fixture document of the provider's default world, from its generator.
func defaultWorld(t *testing.T, d provider.Descriptor) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("seed: 1\n")
	if err := d.Generate.Write(&b, provider.Generation{Fake: gofakeit.New(1), Seed: 1}); err != nil {
		t.Fatalf("generating the default world: %v", err)
	}
	return b.Bytes()
}

// server is an emulator serving the provider alone, driven in process, checking every answer.
type server struct {
	p        provider.Provider
	d        provider.Descriptor
	emu      *emulator.Emulator
	contract *apitest.Contract
}

func mount(t *testing.T, p provider.Provider, world []byte) *server {
	t.Helper()
	return mountWith(t, p, emulator.Options{Fixtures: world})
}

func mountWith(t *testing.T, p provider.Provider, opts emulator.Options) *server {
	t.Helper()
	opts.Providers = []provider.Provider{p}
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("mounting %s alone: %v", p.Name(), err)
	}
	t.Cleanup(func() { emu.Close() })
	contract, err := apitest.LoadContract(opts.Providers)
	if err != nil {
		t.Fatal(err)
	}
	return &server{p: p, d: p.Describe(), emu: emu, contract: contract}
}

// answer is one response.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// send sends a load request in a tenant, with the default credential, and checks the answer is in
// the provider's envelope and, where the operation documents the status, valid against its spec.
func (s *server) send(t *testing.T, tenant string, r provider.LoadRequest) answer {
	t.Helper()
	req := httptest.NewRequest(r.Method, "/t/"+tenant+r.Path, bytes.NewReader(r.Body))
	for name, values := range r.Header {
		req.Header[name] = values
	}
	req.Header.Set(s.d.Credential.Header, s.d.Credential.Value)
	rec := httptest.NewRecorder()
	s.emu.Handler().ServeHTTP(rec, req)
	a := answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if err := s.d.CheckEnvelope(a.status, a.body); err != nil {
		t.Errorf("%s %s: %d answer is not in %s's envelope: %v\nbody: %s", r.Method, r.Path, a.status, s.p.Name(), err, a.body)
	}
	if s.contract.Declares(req, a.status) || a.status < 300 {
		if err := s.contract.Check(req, a.status, a.header, a.body); err != nil {
			t.Error(err)
		}
	}
	return a
}

// succeeds reports whether an answer is the load request's success.
func succeeds(r provider.LoadRequest, a answer) bool {
	return r.Succeeded(a.status, a.body)
}

func (s *server) dump(t *testing.T, tenant string) []byte {
	t.Helper()
	b, err := s.emu.DumpState(tenant)
	if err != nil {
		t.Fatalf("dumping tenant %s: %v", tenant, err)
	}
	return b
}

// freeze holds tenants' clocks at one instant (now: the default world's dates are relative to
// its start), so that their dumps compare.
func (s *server) freeze(tenants ...string) {
	at := time.Now().UTC().Truncate(time.Second)
	for _, name := range tenants {
		s.emu.Clock(name).Set(at)
	}
}

func loadPair(t *testing.T, s *server) {
	s.freeze("pair")
	before := s.dump(t, "pair")
	if a := s.send(t, "pair", s.d.Load.Do); !succeeds(s.d.Load.Do, a) {
		t.Fatalf("Load.Do answered %d %s, want its success", a.status, a.body)
	}
	if entries := s.emu.Journal("pair", journal.Filter{}); len(entries) != 1 || entries[0].Operation != s.d.Load.Operation {
		t.Errorf("Load.Do was served as %+v, want operation %s", entries, s.d.Load.Operation)
	}
	if bytes.Equal(before, s.dump(t, "pair")) {
		t.Error("Load.Do succeeded but the state dumps the same")
	}
	if a := s.send(t, "pair", s.d.Load.Do); succeeds(s.d.Load.Do, a) || a.status >= 500 {
		t.Errorf("Load.Do repeated answered %d %s, want the provider's refusal (the identity no longer holds it)", a.status, a.body)
	}
	if a := s.send(t, "pair", s.d.Load.Undo); !succeeds(s.d.Load.Undo, a) {
		t.Fatalf("Load.Undo answered %d %s, want its success", a.status, a.body)
	}
	if a := s.send(t, "pair", s.d.Load.Do); !succeeds(s.d.Load.Do, a) {
		t.Errorf("Load.Do after Load.Undo answered %d %s, want its success", a.status, a.body)
	}
}

func unknownError(t *testing.T, p provider.Provider) {
	got := p.Render(errors.New("providertest: an error no catalogue knows"))
	if got.Status != http.StatusInternalServerError {
		t.Fatalf("an unknown error renders with status %d, want 500", got.Status)
	}
	body := encode(t, got.Body)
	if err := p.Describe().CheckEnvelope(got.Status, body); err != nil {
		t.Errorf("the unknown error's answer is not in the envelope: %v\nbody: %s", err, body)
	}
	for _, name := range p.ErrorNames() {
		err, _ := p.NamedError(name, nil, nil)
		if named := p.Render(err); named.Status == got.Status && bytes.Equal(encode(t, named.Body), body) {
			return
		}
	}
	t.Errorf("an unknown error renders as %s, which no 500 of the catalogue answers", body)
}

func oversized(t *testing.T, p provider.Provider, world []byte) {
	s := mountWith(t, p, emulator.Options{Fixtures: world, MaxBodyBytes: 64})
	tooLarge, ok := p.NamedError("request_too_large", nil, nil)
	if !ok {
		t.Fatal("the catalogue has no request_too_large")
	}
	want := p.Render(tooLarge)
	before := s.dump(t, "big")
	do := s.d.Load.Do
	do.Body = append(bytes.Clone(do.Body), bytes.Repeat([]byte(" "), 100)...)
	a := s.send(t, "big", do)
	if a.status != want.Status || !bytes.Equal(a.body, encode(t, want.Body)) {
		t.Errorf("a body over the cap answered %d %s, want request_too_large: %d %s", a.status, a.body, want.Status, encode(t, want.Body))
	}
	if !bytes.Equal(before, s.dump(t, "big")) {
		t.Error("a refused oversized body changed the state")
	}
}

func unrouted(t *testing.T, s *server) {
	path := strings.TrimSuffix(s.d.Load.Do.Path, "/") + "/providertest-no-such-operation"
	if !s.p.Owns(path) {
		t.Fatalf("Owns(%q) is false: a provider owns the paths under its operations", path)
	}
	want := s.p.Render(s.p.Unrouted(http.MethodGet, path, false))
	for _, target := range []string{path, "/t/elsewhere" + path} {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set(s.d.Credential.Header, s.d.Credential.Value)
		rec := httptest.NewRecorder()
		s.emu.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusNotFound || want.Status != http.StatusNotFound {
			t.Errorf("GET %s answered %d %s and Unrouted renders %d, want 404", target, rec.Code, rec.Body, want.Status)
		} else if !bytes.Equal(rec.Body.Bytes(), encode(t, want.Body)) {
			t.Errorf("GET %s answered %s, want what Unrouted renders: %s", target, rec.Body, encode(t, want.Body))
		}
		if err := s.d.CheckEnvelope(rec.Code, rec.Body.Bytes()); err != nil {
			t.Errorf("GET %s: not in the envelope: %v", target, err)
		}
	}
}

// concurrent has workers change and undo the same identity in one tenant at once. Whatever order
// the tenant's lock gave them, the successes form a history that a single client can replay in a
// fresh tenant: Do succeeds only while the identity holds what it takes, so there were at least as
// many successful Undos, and every worker ends with an Undo. The replayed tenant's state must be the
// contended one's exactly; a lost update shows as a difference, or as a replay that fails.
func concurrent(t *testing.T, s *server) {
	const workers, rounds = 8, 12
	s.freeze("contended", "replayed")
	var mu sync.Mutex
	var dos, undos int
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				for step, r := range []provider.LoadRequest{s.d.Load.Do, s.d.Load.Undo} {
					a := s.send(t, "contended", r)
					switch {
					case succeeds(r, a):
						mu.Lock()
						if step == 0 {
							dos++
						} else {
							undos++
						}
						mu.Unlock()
					case a.status >= 500:
						t.Errorf("%s %s under contention: %d %s", r.Method, r.Path, a.status, a.body)
					}
				}
			}
		}()
	}
	wg.Wait()
	if dos == 0 || undos < dos {
		t.Fatalf("%d successful Dos and %d successful Undos: not a history of one identity", dos, undos)
	}
	for i := range undos {
		if i < dos {
			if a := s.send(t, "replayed", s.d.Load.Do); !succeeds(s.d.Load.Do, a) {
				t.Fatalf("replaying Do %d of %d: %d %s", i+1, dos, a.status, a.body)
			}
		}
		if a := s.send(t, "replayed", s.d.Load.Undo); !succeeds(s.d.Load.Undo, a) {
			t.Fatalf("replaying Undo %d of %d: %d %s", i+1, undos, a.status, a.body)
		}
	}
	if got, want := s.dump(t, "contended"), s.dump(t, "replayed"); !bytes.Equal(got, want) {
		t.Errorf("after %d Dos and %d Undos the contended state differs from their replay:\n%s", dos, undos, lineDiff(want, got))
	}
}

func badFixture(t *testing.T, p provider.Provider, d provider.Descriptor) {
	file := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(file, []byte(d.BadFixture), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := emulator.New(emulator.Options{Providers: []provider.Provider{p}, FixturesFile: file})
	if err == nil {
		t.Fatalf("the bad fixture loaded:\n%s", d.BadFixture)
	}
	if want := fmt.Sprintf("line %d:", d.BadFixtureLine); !strings.HasPrefix(err.Error(), file+": ") || !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not start with the file %s and name %q", err, file, want)
	}
}

func roundTrip(t *testing.T, p provider.Provider, s *server) {
	if a := s.send(t, "changed", s.d.Load.Do); !succeeds(s.d.Load.Do, a) {
		t.Fatalf("Load.Do: %d %s", a.status, a.body)
	}
	first := s.dump(t, "changed")
	again := mount(t, p, first)
	if second := again.dump(t, emulator.DefaultTenant); !bytes.Equal(first, second) {
		t.Errorf("the dump loaded back dumps differently:\n%s", lineDiff(first, second))
	}
}

func tenants(t *testing.T, s *server) {
	pristine := s.dump(t, emulator.DefaultTenant)
	if a := s.send(t, "a", s.d.Load.Do); !succeeds(s.d.Load.Do, a) {
		t.Fatalf("Load.Do in tenant a: %d %s", a.status, a.body)
	}
	for _, other := range []string{emulator.DefaultTenant, "b"} {
		if !bytes.Equal(pristine, s.dump(t, other)) {
			t.Errorf("tenant %s sees tenant a's change", other)
		}
	}
	if a := s.send(t, "b", s.d.Load.Do); !succeeds(s.d.Load.Do, a) {
		t.Errorf("Load.Do in tenant b after tenant a's: %d %s, want its success", a.status, a.body)
	}
	s.emu.Reset("a")
	if !bytes.Equal(pristine, s.dump(t, "a")) {
		t.Error("tenant a after a reset differs from the loaded world")
	}
}

// encode writes a response body as the emulator does: raw bytes as they are, anything else as
// compact JSON without HTML escaping.
func encode(t *testing.T, v any) []byte {
	t.Helper()
	if b, ok := v.([]byte); ok {
		return b
	}
	b, err := jsonout.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	return b
}

// lineDiff shows two documents from their first differing line.
func lineDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	end := func(lines []string) string { return strings.Join(lines[i:min(len(lines), i+6)], "\n") }
	return fmt.Sprintf("from line %d, want:\n%s\ngot:\n%s", i+1, end(w), end(g))
}
