package parcel

import "github.com/accessemu/accessemu/internal/kept"

// keptProductAnswers are get product's answers, kept with the product value they were written
// from (its optional fields the same pointers, which nothing changes in place and the kept value
// keeps alive).
var keptProductAnswers = kept.New[product]()

// keptProduct gives get product's answer for pr, written by write unless kept.
func keptProduct(pr *product, write func() []byte) any {
	return keptProductAnswers.For(pr.ID, *pr, write)
}
