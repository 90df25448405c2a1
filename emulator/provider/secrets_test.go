package provider_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator/provider"
)

func TestSecrets_FindsOwnersRefusesDuplicatesAndClonesApart(t *testing.T) {
	s := provider.NewSecrets[string]()
	if !s.Put("key-a", "alice") || !s.Put("key-b", "bob") {
		t.Fatal("Put refused a new credential")
	}
	if s.Put("key-a", "mallory") {
		t.Fatal("Put accepted a credential twice")
	}
	if owner, ok := s.Get("key-a"); !ok || owner != "alice" {
		t.Fatalf("Get(key-a) = %q, %v; want alice, true", owner, ok)
	}
	if _, ok := s.Get("key-"); ok {
		t.Fatal("Get found a prefix of a credential")
	}
	c := s.Clone()
	c.Put("key-c", "carol")
	if _, ok := s.Get("key-c"); ok || s.Len() != 2 || c.Len() != 3 {
		t.Fatalf("clone not apart: original has key-c %v, lengths %d and %d", ok, s.Len(), c.Len())
	}
	seen := map[string]string{}
	c.Each(func(v, o string) { seen[v] = o })
	if len(seen) != 3 || seen["key-b"] != "bob" || seen["key-c"] != "carol" {
		t.Fatalf("Each visited %v", seen)
	}
}
