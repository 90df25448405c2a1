package adapty

import (
	"strings"
	"testing"
)

// apiKeyByFields is apiKey without its fast path: the header split as strings.Fields splits it.
func apiKeyByFields(header string) string {
	f := strings.Fields(header)
	if len(f) != 2 || !strings.EqualFold(f[0], "Api-Key") {
		return ""
	}
	return f[1]
}

func TestAPIKey_ReadsTheHeaderAsItsFieldsDo(t *testing.T) {
	for _, h := range []string{
		"Api-Key secret_live_x", "api-key secret_live_x", "API-KEY s", "Api-Key", "Api-Key ", " Api-Key s", "Api-Key  s",
		"Api-Key s ", "Api-Key\ts", "Api-Key s\x00", "Api-Key s\u00a0", "Api-Key\u0085s", "Api-Key s t", "Bearer s",
		"Api-Key \x7fs", "Api-Key é", "", " ", "Api-Key\ns", "Api-Key s,Api-Key t",
	} {
		if got, want := apiKey(h), apiKeyByFields(h); got != want {
			t.Errorf("apiKey(%q) = %q, the fields give %q", h, got, want)
		}
	}
}

func TestAPIKey_ReadsEveryByteAsItsFieldsDo(t *testing.T) {
	for c := 0; c < 256; c++ {
		for _, h := range []string{"Api-Key s" + string(rune(c)) + "t", "Api-Key " + string([]byte{byte(c)}), "Api-Key" + string([]byte{byte(c)}) + "s"} {
			if got, want := apiKey(h), apiKeyByFields(h); got != want {
				t.Errorf("apiKey(%q) = %q, the fields give %q", h, got, want)
			}
		}
	}
}

func TestVisibleASCII_JudgesEveryByteAtEveryPlaceAsItsLoopDoes(t *testing.T) {
	byLoop := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c <= ' ' || c >= 0x7f {
				return false
			}
		}
		return s != ""
	}
	for n, fill := 0, "!k~"; n <= 24; n++ { // fillers at both ends of the visible range, and between
		for at := 0; at < max(n, 1); at++ {
			for c := 0; c < 256; c++ {
				b := []byte(strings.Repeat(fill[c%3:c%3+1], n))
				if n > 0 {
					b[at] = byte(c)
				}
				if got, want := visibleASCII(string(b)), byLoop(string(b)); got != want {
					t.Fatalf("visibleASCII(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}
