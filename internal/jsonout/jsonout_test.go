package jsonout

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func reference(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func FuzzString_WritesWhatEncodingJSONWrites(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "tab\t", "<a&b>", "é", "\xff", "\u2028", "\x7f", "😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(String(nil, s)), reference(s); got != want {
			t.Fatalf("%q: wrote %s, encoding/json %s", s, got, want)
		}
	})
}

// Every byte value at every place of strings as long as two words and more, so that each byte is
// seen both by the eight-byte check and by the byte-by-byte tail.
func TestString_WritesWhatEncodingJSONWritesForEveryByteAtEveryPlace(t *testing.T) {
	for n := 1; n <= 19; n++ {
		for at := 0; at < n; at++ {
			for c := 0; c < 256; c++ {
				s := []byte(strings.Repeat("a", n))
				s[at] = byte(c)
				if got, want := string(String(nil, string(s))), reference(string(s)); got != want {
					t.Fatalf("%q: wrote %s, encoding/json %s", s, got, want)
				}
			}
		}
	}
}

func TestOptString_WritesNullForNil(t *testing.T) {
	s := "x"
	if got := string(OptString(OptString(nil, nil), &s)); got != `null"x"` {
		t.Errorf("got %s", got)
	}
}

func TestStringsAndBool_WriteWhatEncodingJSONWrites(t *testing.T) {
	for _, list := range [][]string{nil, {}, {"a"}, {"a", `q"`, "<b>"}} {
		if got, want := string(Strings(nil, list)), reference(list); got != want {
			t.Errorf("%q: wrote %s, encoding/json %s", list, got, want)
		}
	}
	if got := string(Bool(Bool(nil, true), false)); got != "truefalse" {
		t.Errorf("got %s", got)
	}
}
