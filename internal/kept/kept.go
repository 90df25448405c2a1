// Package kept holds answers written from a value, given again while the value is unchanged:
// clients read the same few identities again and again, and writing one was most of the read.
// An answer is given again only for an equal value, so no change to a state has to find and drop
// it, and tenants and clones may share it; a bounded table, so that worlds of many identities keep
// no more than a few.
package kept

import (
	"hash/maphash"
	"sync/atomic"
)

// Answers keeps the answers of the values read last, one per slot of their id's hash.
type Answers[V comparable] struct {
	slots [256]atomic.Pointer[answer[V]]
	seed  maphash.Seed
}

type answer[V comparable] struct {
	value V
	body  any // []byte, boxed once for every answer given
}

// New returns an empty table.
func New[V comparable]() *Answers[V] { return &Answers[V]{seed: maphash.MakeSeed()} }

// For gives the answer written from v, the value of the identity id, written by write unless kept.
func (a *Answers[V]) For(id string, v V, write func() []byte) any {
	slot := &a.slots[maphash.String(a.seed, id)%uint64(len(a.slots))]
	if k := slot.Load(); k != nil && k.value == v {
		return k.body
	}
	k := &answer[V]{value: v, body: write()}
	slot.Store(k)
	return k.body
}
