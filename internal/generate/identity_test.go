package generate_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/accessemu/accessemu/internal/generate"
)

// An identity's draws depend on its key and index alone, and differ from one identity to the next.
func TestAt_TheSameKeyAndIndexDrawTheSame(t *testing.T) {
	key := generate.Key(7, "adapty", "app")
	a, b, other := generate.At(key, 41), generate.At(key, 41), generate.At(key, 42)
	for range 10 {
		if x, y := a.Uint64(), b.Uint64(); x != y {
			t.Fatalf("the same identity drew %d and %d", x, y)
		}
	}
	first := generate.At(key, 41)
	if first.Uint64() == other.Uint64() {
		t.Fatal("two identities drew the same first value")
	}
	if generate.Key(7, "adapty", "app") == generate.Key(8, "adapty", "app") || key == generate.Key(7, "adapty", "app2") {
		t.Fatal("another seed or container gave the same key")
	}
}

func TestSource_DrawsInRangeAndWellFormed(t *testing.T) {
	r := generate.At(generate.Key(1, "p", "c"), 0)
	for range 1000 {
		if n := r.Between(3, 5); n < 3 || n > 5 {
			t.Fatalf("Between(3, 5) = %d", n)
		}
	}
	uuid := string(r.AppendUUID(nil))
	if len(uuid) != 36 || uuid[8] != '-' || uuid[14] != '4' || !slices.Contains([]byte("89ab"), uuid[19]) {
		t.Fatalf("%q is not a version 4 UUID", uuid)
	}
	if hex := string(r.AppendHex16(nil)); len(hex) != 16 {
		t.Fatalf("%q is not 16 hex digits", hex)
	}
}

// Build hands every identity to add once, in index order, across batches and chunks, and stops at
// add's first error.
func TestBuild_AddsEveryIdentityInOrder(t *testing.T) {
	chunk, batch := generate.Chunk, generate.Batch
	generate.Chunk, generate.Batch = 7, 50
	t.Cleanup(func() { generate.Chunk, generate.Batch = chunk, batch })
	var got []int
	err := generate.Build(333, func(part []int, first int) {
		for k := range part {
			part[k] = first + k
		}
	}, func(i int) error {
		got = append(got, i)
		return nil
	})
	if err != nil || len(got) != 333 || !slices.IsSorted(got) || got[332] != 332 {
		t.Fatalf("err %v, %d identities added (sorted %t)", err, len(got), slices.IsSorted(got))
	}
	stop := generate.Build(333, func(part []int, first int) {}, func(int) error { return errBuild })
	if stop != errBuild {
		t.Fatalf("Build returned %v, want add's error", stop)
	}
}

var errBuild = errors.New("stop")
