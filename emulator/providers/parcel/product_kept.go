package parcel

import (
	"hash/maphash"
	"sync/atomic"
)

// keptProductAnswer is get product's answer, kept with the product value it was written from: a
// client reads the same products again and again, and writing one was most of the read. An answer
// is given again only for an equal product value (its optional fields the same pointers, which
// nothing changes in place and the kept value keeps alive), so no change has to find and drop it,
// and tenants and clones may share it.
type keptProductAnswer struct {
	product product
	body    any // []byte, boxed once for every answer given
}

// keptProductAnswers holds the answers of the products read last, one per slot of the product's id
// hash.
var (
	keptProductAnswers [256]atomic.Pointer[keptProductAnswer]
	keptProductSeed    = maphash.MakeSeed()
)

// keptProduct gives get product's answer for pr, written by write unless kept.
func keptProduct(pr *product, write func() []byte) any {
	slot := &keptProductAnswers[maphash.String(keptProductSeed, pr.ID)%uint64(len(keptProductAnswers))]
	if kept := slot.Load(); kept != nil && kept.product == *pr {
		return kept.body
	}
	kept := &keptProductAnswer{product: *pr, body: write()}
	slot.Store(kept)
	return kept.body
}
