package airtable

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// bearerToken reads every header as trimming it, cutting the scheme at the first space, folding
// its case and trimming the token does.
func TestBearerToken_ReadsWhatTrimmingAndFoldingRead(t *testing.T) {
	pieces := []string{"Bearer", "bearer", "BEARER", "Basic", " ", "  ", "\t", "\n", "\u0085", "\u00a0", "\u2028", "tok", "patEmu.1", "x y", "\xff", "é", "\x7f", ""}
	rng := rand.New(rand.NewPCG(41, 42))
	headers := []string{"", "Bearer", "Bearer ", "Bearer x", "Bearer  x", "Bearer x ", "Bearer \u00a0x", "Bearer x\u0085", " Bearer x", "bearer x", "Bearer\tx"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		headers = append(headers, b.String(), "Bearer "+b.String())
	}
	for _, h := range headers {
		scheme, value, _ := strings.Cut(strings.TrimSpace(h), " ")
		wantBearer := strings.EqualFold(scheme, "Bearer")
		got, bearer := bearerToken(h)
		if bearer != wantBearer || bearer && got != strings.TrimSpace(value) {
			t.Fatalf("%q: read %q, %v; want %q, %v", h, got, bearer, strings.TrimSpace(value), wantBearer)
		}
	}
}
