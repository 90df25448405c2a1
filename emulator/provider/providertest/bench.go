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

// benchPairs drives every bench pair turn after turn on the emulator's default world (the
// provider's section of fixtures/default.yaml, or what Load builds from none), each in a tenant of
// its own: every answer is the request's success, served as the pair's operations, and after the
// first turn each turn leaves the state as the first left it (but for generated ids and counters:
// a profile created again is a new one), so that a load test can run the loop forever.
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
	var ops []string
	for _, op := range spec.Operations {
		ops = append(ops, op.ID)
	}
	for _, problem := range coverageProblems(ops, d) {
		t.Error(problem)
	}
}

// coverageProblems says how the descriptor's loops and unbenched operations fail to cover ops,
// the operations of the provider's document.
func coverageProblems(ops []string, d provider.Descriptor) []string {
	benched := map[string]bool{}
	for _, pair := range append([]provider.LoadPair{d.Load}, d.Bench...) {
		benched[pair.Operation] = true
		if pair.UndoOperation != "" {
			benched[pair.UndoOperation] = true
		}
	}
	var problems, missing []string
	for _, op := range ops {
		why, unbenched := d.Unbenched[op]
		switch {
		case unbenched && strings.TrimSpace(why) == "":
			problems = append(problems, "Unbenched gives no reason for "+op)
		case unbenched && benched[op]:
			problems = append(problems, op+" is both benched and in Unbenched")
		case !unbenched && !benched[op]:
			missing = append(missing, op)
		}
	}
	if len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("no bench pair measures %s: add one to Descriptor.Bench, or say why in Unbenched", strings.Join(missing, ", ")))
	}
	var unknown []string
	for op := range benched {
		if !slices.Contains(ops, op) {
			unknown = append(unknown, op)
		}
	}
	for op := range d.Unbenched {
		if !slices.Contains(ops, op) {
			unknown = append(unknown, op)
		}
	}
	slices.Sort(unknown)
	for _, op := range unknown {
		problems = append(problems, "the descriptor names "+op+", which the OpenAPI document does not have")
	}
	return problems
}
