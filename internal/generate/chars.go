package generate

import (
	"strings"

	"github.com/brianvoe/gofakeit/v6"
)

// The character classes the loaders draw ids from, in the order gofakeit's Regex numbers them
// (its parser sorts a class's ranges).
const (
	Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" // [A-Za-z0-9]
	LowerHex     = "0123456789abcdef"                                               // [0-9a-f]
)

// Chars draws what fake.Regex("[class]{n}") draws for one of the classes above, character for
// character from the same source, without parsing the pattern on every call: a loader draws one
// for each of a big world's identities.
func Chars(fake *gofakeit.Faker, class string, n int) string {
	var b strings.Builder
	b.Grow(n)
	for range n {
		b.WriteByte(class[fake.Rand.Intn(len(class))])
	}
	return b.String()
}
