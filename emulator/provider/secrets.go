package provider

import "maps"

// Secrets maps credentials (API keys, tokens) to their owners. A Go map hashes its keys with a seed
// drawn at random for each map and compares a presented key with a stored one only once their
// hashes agree, so the time a lookup takes tells nothing about how much of a guess was right,
// without a digest of every presented credential (a microsecond each in a build without assembly
// crypto).
type Secrets[T any] struct {
	byValue map[string]T
}

// NewSecrets returns an empty set.
func NewSecrets[T any]() Secrets[T] { return Secrets[T]{byValue: map[string]T{}} }

// Put adds a credential; it reports false when the credential is there already.
func (s Secrets[T]) Put(value string, owner T) bool {
	if _, dup := s.byValue[value]; dup {
		return false
	}
	s.byValue[value] = owner
	return true
}

// Get returns the owner of a presented credential.
func (s Secrets[T]) Get(value string) (T, bool) {
	owner, ok := s.byValue[value]
	return owner, ok
}

// Clone copies the set; owners are copied as values.
func (s Secrets[T]) Clone() Secrets[T] { return Secrets[T]{byValue: maps.Clone(s.byValue)} }

// Each calls f for every credential and its owner, in no particular order.
func (s Secrets[T]) Each(f func(value string, owner T)) {
	for value, owner := range s.byValue {
		f(value, owner)
	}
}

// Len is the number of credentials.
func (s Secrets[T]) Len() int { return len(s.byValue) }
