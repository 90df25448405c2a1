package airtable

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator/provider"
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

// Get users' parameters are read in one walk over the query as reading each one reads them.
func TestUsersQuery_ReadsWhatQueryListReads(t *testing.T) {
	names := []string{"id", "id[]", "email", "email[]", "include", "include[]", "other", "ids"}
	values := []string{"", "usr1", "a@b.com", "aggregated", "collaborations"}
	rng := rand.New(rand.NewPCG(43, 44))
	for range 20000 {
		q := url.Values{}
		for range rng.IntN(5) {
			name := names[rng.IntN(len(names))]
			for range rng.IntN(3) + 1 {
				q[name] = append(q[name], values[rng.IntN(len(values))])
			}
		}
		r := &provider.Request{Query: q}
		ids, emails, include := usersQuery(q)
		for _, c := range []struct {
			got         []string
			name, brack string
		}{{ids, "id", "id[]"}, {emails, "email", "email[]"}, {include, "include", "include[]"}} {
			if want := queryList(r, c.name, c.brack); !slices.Equal(c.got, want) {
				t.Fatalf("%v: %s read %q, queryList %q", q, c.name, c.got, want)
			}
		}
	}
}
