// Package cow is a copy-on-write map for tenant state. A clone shares its original's entries and
// keeps only its own changes, so a tenant of a world of any size is created in constant time and
// memory, and a lookup stays two map reads whatever the world's size.
package cow

import (
	"iter"
	"maps"
)

// Map is a map whose Clone is cheap. It is not safe for concurrent writes (the tenant's lock
// guards it); reading the shared base from many clones at once is safe, since nothing writes it.
type Map[K comparable, V any] struct {
	// base is shared with clones and never written once shared.
	base map[K]V
	// own are the entries set since; gone the base keys deleted since (never also in own).
	own  map[K]V
	gone map[K]struct{}
	n    int
}

// Of makes a Map of m, which it takes over: the caller must not use m afterwards.
func Of[K comparable, V any](m map[K]V) *Map[K, V] {
	return &Map[K, V]{base: m, n: len(m)}
}

// Get returns the value of k.
func (m *Map[K, V]) Get(k K) (V, bool) {
	if v, ok := m.own[k]; ok {
		return v, true
	}
	if _, deleted := m.gone[k]; deleted {
		var zero V
		return zero, false
	}
	v, ok := m.base[k]
	return v, ok
}

// Has reports whether k is present.
func (m *Map[K, V]) Has(k K) bool {
	_, ok := m.Get(k)
	return ok
}

// Set stores v under k. Changing a key set before costs one lookup: state changes come back to the
// same entries.
func (m *Map[K, V]) Set(k K, v V) {
	if _, mine := m.own[k]; !mine {
		if _, deleted := m.gone[k]; deleted {
			delete(m.gone, k)
			m.n++
		} else if _, inBase := m.base[k]; !inBase {
			m.n++
		}
		if m.own == nil {
			m.own = map[K]V{}
		}
	}
	m.own[k] = v
}

// Delete removes k.
func (m *Map[K, V]) Delete(k K) {
	if !m.Has(k) {
		return
	}
	m.n--
	delete(m.own, k)
	if _, inBase := m.base[k]; inBase {
		if m.gone == nil {
			m.gone = map[K]struct{}{}
		}
		m.gone[k] = struct{}{}
	}
}

// Len is the number of entries.
func (m *Map[K, V]) Len() int { return m.n }

// All yields every entry once, in no particular order.
func (m *Map[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for k, v := range m.own {
			if !yield(k, v) {
				return
			}
		}
		for k, v := range m.base {
			if _, shadowed := m.own[k]; shadowed {
				continue
			}
			if _, deleted := m.gone[k]; deleted {
				continue
			}
			if !yield(k, v) {
				return
			}
		}
	}
}

// Freeze folds the changes into the base, so that clones made afterwards start with nothing to
// copy; for a map being built (a world being loaded). It must not be called once the map has been
// cloned: the base would change under its clones.
func (m *Map[K, V]) Freeze() {
	if len(m.base) == 0 && len(m.gone) == 0 { // built from nothing: the changes are the base
		m.base, m.own = m.own, nil
		return
	}
	for k := range m.gone {
		delete(m.base, k)
	}
	maps.Copy(m.base, m.own)
	m.own, m.gone = nil, nil
}

// Clone returns an independent copy in time and memory proportional to the changes made since the
// base was shared, not to the map's size.
func (m *Map[K, V]) Clone() *Map[K, V] {
	return &Map[K, V]{base: m.base, own: maps.Clone(m.own), gone: maps.Clone(m.gone), n: m.n}
}
