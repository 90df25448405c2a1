package providertest

import (
	"reflect"
	"testing"

	"github.com/accessemu/accessemu/emulator/provider"
)

func TestCoverageProblems_NameEveryOperationLeftOutOrUnknown(t *testing.T) {
	ops := []string{"revoke", "grant", "read", "wipe"}
	d := provider.Descriptor{
		Load:      provider.LoadPair{Operation: "revoke", UndoOperation: "grant"},
		Bench:     []provider.LoadPair{{Operation: "read"}},
		Unbenched: map[string]string{"wipe": "nothing undoes it"},
	}
	if got := coverageProblems(ops, d); len(got) != 0 {
		t.Fatalf("a covering descriptor: %q", got)
	}
	d.Bench = []provider.LoadPair{{Operation: "raed"}}
	d.Unbenched = map[string]string{"wipe": " ", "grant": "why"}
	want := []string{
		"grant is both benched and in Unbenched",
		"Unbenched gives no reason for wipe",
		"no bench pair measures read: add one to Descriptor.Bench, or say why in Unbenched",
		"the descriptor names raed, which the OpenAPI document does not have",
	}
	if got := coverageProblems(ops, d); !reflect.DeepEqual(got, want) {
		t.Fatalf("problems:\n%q\nwant:\n%q", got, want)
	}
}
