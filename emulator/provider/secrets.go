package provider

import (
	"crypto/sha256"
	"maps"
)

// Secrets maps credentials (API keys, tokens) to their owners by SHA-256 digest, so looking one up
// never compares a presented secret byte by byte with a stored one: the time taken tells nothing
// about how much of a guess was right.
type Secrets[T any] struct {
	byDigest map[[32]byte]secret[T]
}

type secret[T any] struct {
	value string
	owner T
}

// NewSecrets returns an empty set.
func NewSecrets[T any]() Secrets[T] { return Secrets[T]{byDigest: map[[32]byte]secret[T]{}} }

// Put adds a credential; it reports false when the credential is there already.
func (s Secrets[T]) Put(value string, owner T) bool {
	d := sha256.Sum256([]byte(value))
	if _, dup := s.byDigest[d]; dup {
		return false
	}
	s.byDigest[d] = secret[T]{value: value, owner: owner}
	return true
}

// Get returns the owner of a presented credential.
func (s Secrets[T]) Get(value string) (T, bool) {
	e, ok := s.byDigest[sha256.Sum256([]byte(value))]
	return e.owner, ok
}

// Clone copies the set; owners are copied as values.
func (s Secrets[T]) Clone() Secrets[T] { return Secrets[T]{byDigest: maps.Clone(s.byDigest)} }

// Each calls f for every credential and its owner, in no particular order.
func (s Secrets[T]) Each(f func(value string, owner T)) {
	for _, e := range s.byDigest {
		f(e.value, e.owner)
	}
}

// Len is the number of credentials.
func (s Secrets[T]) Len() int { return len(s.byDigest) }
