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
