package providertest

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// benchTurns is how many times each bench pair's loop is driven: enough to show that it comes
// back to where it was and can go on.
const benchTurns = 3

// benchPairs drives every bench pair turn after turn, each in a tenant of its own: every answer is
// the request's success, served as the pair's operations, and after the first turn each turn
// leaves the state as the first left it (but for generated ids and counters: a profile created
// again is a new one), so that a load test can run the loop forever.
func benchPairs(t *testing.T, s *server) {
	for i, pair := range s.d.Bench {
		t.Run(pair.Name(), func(t *testing.T) {
			if pair.Operation == "" || pair.Do.Path == "" || pair.Do.OK == nil || pair.Undo.Path == "" || pair.Undo.OK == nil {
				t.Fatalf("bench pair %d lacks an operation, a path or an OK: %+v", i, pair)
			}
			tenant := fmt.Sprintf("bench%d", i)
			s.freeze(tenant)
			var settled []byte
			for turn := range benchTurns {
				for step, r := range []provider.LoadRequest{pair.Do, pair.Undo} {
					if a := s.send(t, tenant, r); !succeeds(r, a) {
						t.Fatalf("turn %d step %d (%s %s) answered %d %s, want its success", turn, step, r.Method, r.Path, a.status, a.body)
					}
				}
				if turn == 0 {
					settled = withoutNumbers(s.dump(t, tenant))
				} else if now := withoutNumbers(s.dump(t, tenant)); !bytes.Equal(settled, now) {
					t.Fatalf("turn %d left the state other than the first turn did:\n%s\nthen:\n%s", turn, settled, now)
				}
			}
			undo := pair.UndoOperation
			if undo == "" {
				undo = pair.Operation
			}
			for k, e := range s.emu.Journal(tenant, journal.Filter{}) {
				if want := []string{pair.Operation, undo}[k%2]; e.Operation != want {
					t.Errorf("request %d was served as %s, want %s", k, e.Operation, want)
				}
			}
		})
	}
}

// digits are the runs of digits a dump's generated ids and counters are written with.
var digits = regexp.MustCompile(`[0-9]+`)

func withoutNumbers(dump []byte) []byte { return digits.ReplaceAll(dump, []byte("0")) }

// benchCoverage checks that the load pair, the bench pairs and the unbenched operations together
// name every operation of the provider's OpenAPI document, and nothing else.
func benchCoverage(t *testing.T, p provider.Provider, d provider.Descriptor) {
	raw, err := emulator.SpecOf(p)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := contract.Load(p.Name(), raw)
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, pair := range append([]provider.LoadPair{d.Load}, d.Bench...) {
		named[pair.Operation] = true
		if pair.UndoOperation != "" {
			named[pair.UndoOperation] = true
		}
	}
	var missing []string
	for _, op := range spec.Operations {
		if why, ok := d.Unbenched[op.ID]; ok {
			if strings.TrimSpace(why) == "" {
				t.Errorf("Unbenched gives no reason for %s", op.ID)
			}
			if named[op.ID] {
				t.Errorf("%s is both benched and in Unbenched", op.ID)
			}
			delete(named, op.ID)
			continue
		}
		if !named[op.ID] {
			missing = append(missing, op.ID)
		}
		delete(named, op.ID)
	}
	for op := range d.Unbenched {
		if !slices.ContainsFunc(spec.Operations, func(o *contract.Operation) bool { return o.ID == op }) {
			named[op] = true
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("no bench pair measures %s: add one to Descriptor.Bench, or say why in Unbenched", strings.Join(missing, ", "))
	}
	for op := range named {
		t.Errorf("the descriptor names %s, which the OpenAPI document does not have", op)
	}
}
