package parcel

import "sync/atomic"

// hubAnswers are list products' and get hub's answers for one hub, once written: each lists the
// hub's products sorted, and listing them anew took most of a request. The world keeps one per hub
// (by the hub's index); they are immutable once written. A change to the products replaces the
// world's whole set (storeProduct, dropProduct), and a clone shares it until either side changes.
type hubAnswers struct {
	list, hub atomic.Value // []byte, boxed once for every answer given
}

// storeProduct stores a product's change.
func (w *world) storeProduct(pr product) {
	w.products.Set(pr.ID, pr)
	w.answers = make([]hubAnswers, len(w.answers))
}

// dropProduct deletes a product.
func (w *world) dropProduct(id string) {
	w.products.Delete(id)
	w.answers = make([]hubAnswers, len(w.answers))
}
