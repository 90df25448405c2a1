package generate

import (
	"testing"

	"github.com/brianvoe/gofakeit/v6"
)

// A world loaded with Chars is the world the same seed gave with gofakeit's Regex.
func TestChars_DrawsWhatGofakeitsRegexDraws(t *testing.T) {
	for _, c := range []struct {
		class, pattern string
		n              int
	}{
		{Alphanumeric, "[A-Za-z0-9]{14}", 14},
		{Alphanumeric, "[A-Za-z0-9]{25}", 25},
		{LowerHex, "[0-9a-f]{16}", 16},
		{LowerHex, "[0-9a-f]{24}", 24},
	} {
		for seed := int64(1); seed < 50; seed++ {
			mine, theirs := gofakeit.New(seed), gofakeit.New(seed)
			for i := range 20 {
				if got, want := Chars(mine, c.class, c.n), theirs.Regex(c.pattern); got != want {
					t.Fatalf("%s, seed %d, draw %d: %q, want %q", c.pattern, seed, i, got, want)
				}
			}
			if mine.Int64() != theirs.Int64() {
				t.Fatalf("%s, seed %d: the sources drifted apart", c.pattern, seed)
			}
		}
	}
}
