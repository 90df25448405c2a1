package cow_test

import (
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/accessemu/accessemu/internal/cow"
)

func contents(m *cow.Map[string, int]) map[string]int { return maps.Collect(m.All()) }

func TestMap_CloneAndOriginalChangeIndependently(t *testing.T) {
	orig := cow.Of(map[string]int{"a": 1, "b": 2, "c": 3})
	clone := orig.Clone()
	clone.Set("a", 10)
	clone.Delete("b")
	clone.Set("d", 4)
	orig.Delete("c")
	orig.Set("e", 5)

	if got, want := contents(clone), map[string]int{"a": 10, "c": 3, "d": 4}; !maps.Equal(got, want) {
		t.Errorf("clone = %v, want %v", got, want)
	}
	if got, want := contents(orig), map[string]int{"a": 1, "b": 2, "e": 5}; !maps.Equal(got, want) {
		t.Errorf("original = %v, want %v", got, want)
	}
	if clone.Len() != 3 || orig.Len() != 3 {
		t.Errorf("lengths %d and %d, want 3 and 3", clone.Len(), orig.Len())
	}
	// A clone of a clone keeps its parent's changes and adds its own.
	grand := clone.Clone()
	grand.Set("b", 20)
	if got, want := contents(grand), map[string]int{"a": 10, "b": 20, "c": 3, "d": 4}; !maps.Equal(got, want) {
		t.Errorf("clone of clone = %v, want %v", got, want)
	}
	if clone.Has("b") {
		t.Error("setting b in the clone's clone restored it in the clone")
	}
}

func TestMap_DeleteThenSetRestoresAKey(t *testing.T) {
	m := cow.Of(map[string]int{"a": 1}).Clone()
	m.Delete("a")
	m.Delete("a")
	m.Delete("missing")
	if m.Has("a") || m.Len() != 0 {
		t.Fatalf("after delete: has a = %v, len %d", m.Has("a"), m.Len())
	}
	m.Set("a", 2)
	if v, ok := m.Get("a"); !ok || v != 2 || m.Len() != 1 {
		t.Fatalf("after set: %d %v, len %d", v, ok, m.Len())
	}
}

func TestMap_AllStopsWhenAsked(t *testing.T) {
	m := cow.Of(map[string]int{"a": 1, "b": 2, "c": 3})
	m.Set("d", 4)
	n := 0
	for range m.All() {
		n++
		break
	}
	if n != 1 {
		t.Fatalf("yielded %d entries after break", n)
	}
}

func TestMap_FreezeKeepsTheEntriesAndLeavesClonesNothingToCopy(t *testing.T) {
	m := cow.Of(map[string]int{"a": 1, "b": 2})
	m.Set("c", 3)
	m.Delete("a")
	m.Freeze()
	if got, want := contents(m), map[string]int{"b": 2, "c": 3}; !maps.Equal(got, want) || m.Len() != 2 {
		t.Fatalf("after freeze = %v (len %d), want %v", got, m.Len(), want)
	}
	c := m.Clone()
	c.Delete("b")
	if !m.Has("b") || c.Has("b") {
		t.Fatal("a change to a clone of a frozen map reached the original")
	}
	empty := cow.Of[string, int](nil)
	empty.Set("x", 1)
	empty.Freeze()
	if v, ok := empty.Get("x"); !ok || v != 1 {
		t.Fatal("freezing a map built from nothing lost its entry")
	}
}

// Random sets, deletes and clones leave every map with the entries and length of a plain map
// given the same changes.
func TestMap_RandomChangesMatchAPlainMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := map[int]int{}
	for k := range 20 {
		base[k] = k
	}
	type pair struct {
		m     *cow.Map[int, int]
		model map[int]int
	}
	pairs := []pair{{cow.Of(maps.Clone(base)), maps.Clone(base)}}
	for range 5000 {
		p := &pairs[rng.IntN(len(pairs))]
		k := rng.IntN(40)
		switch rng.IntN(5) {
		case 0:
			p.m.Delete(k)
			delete(p.model, k)
		case 1:
			pairs = append(pairs, pair{p.m.Clone(), maps.Clone(p.model)})
			continue
		default:
			v := rng.Int()
			p.m.Set(k, v)
			p.model[k] = v
		}
		if p.m.Len() != len(p.model) {
			t.Fatalf("Len %d, want %d", p.m.Len(), len(p.model))
		}
		for k := range 40 {
			got, ok := p.m.Get(k)
			if want, has := p.model[k]; ok != has || got != want {
				t.Fatalf("Get(%d) = %d, %v; want %d, %v", k, got, ok, want, has)
			}
		}
		all := map[int]int{}
		for k, v := range p.m.All() {
			all[k] = v
		}
		if !maps.Equal(all, p.model) {
			t.Fatalf("All gives %v, want %v", all, p.model)
		}
	}
}
