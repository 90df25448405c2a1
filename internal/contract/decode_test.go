package contract

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodePlain_GivesTheDecodersValueOrStandsAside: whatever decodePlain accepts, encoding/json
// (with numbers kept, as DecodeJSON decodes them) accepts too, with an identical value.
func FuzzDecodePlain_GivesTheDecodersValueOrStandsAside(f *testing.F) {
	for _, seed := range []string{
		`{"a":"1","b":[true,null,false,"x"]}`, `{"n":1.50,"m":-2,"e":1e+9,"z":0,"f":-0.5E-3}`,
		` "é" `, `{"a":1,"a":2}`, `[]`, `{}`, `[[],[{}]]`, `"\u00e9"`, `"a\"b"`, "\"\xff\"", "\"\t\"",
		`01`, `-`, `1.`, `1e`, `.5`, `+1`, `1x`, `truex`, `nul`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `{,}`,
		`{"a":"b"} x`, `{"a":"b"`, `{"a":"b"}{}`, `{"a":"b"} 1`, "\ufeff{}", `{"users":[{"id":"usr1"}]}`,
		strings.Repeat("[", 70) + strings.Repeat("]", 70), `{"a":{"b":{"c":[1,2,{"d":"😀"}]}}}`,
		`{"product_id":"abcdefghijklmnop\"q"}`, `"abcdefgh\u00e9"`, `"abcdefghé"`, "\"abcdefg\x01\"", "\"abcdefghijklmno\xff\"",
		`"abcdefgh"`, `"abcdefghijklmnop"`, `{"abcdefghijk":"abcdefghijklmnopq"}`, `"abcdefghijklm`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := decodePlain(raw)
		if !ok {
			return
		}
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("%q: decodePlain gave %#v, encoding/json fails: %v", raw, got, err)
		}
		if _, err := dec.Token(); err == nil {
			t.Fatalf("%q: decodePlain accepted trailing data", raw)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: decodePlain gave %#v, encoding/json %#v", raw, got, want)
		}
	})
}

func TestDecodePlain_DecodesARevokeBodyAndLeavesEscapesToTheDecoder(t *testing.T) {
	v, ok := decodePlain([]byte(`{"users":[{"id":"usr1","n":2.50}],"ok":true}`))
	want := map[string]any{"users": []any{map[string]any{"id": "usr1", "n": json.Number("2.50")}}, "ok": true}
	if !ok || !reflect.DeepEqual(v, want) {
		t.Errorf("got %#v, %v; want %#v", v, ok, want)
	}
	for _, raw := range []string{`"a\nb"`, "\"\xff\"", `01`, `{"a":1}x`} {
		if _, ok := decodePlain([]byte(raw)); ok {
			t.Errorf("%q: decoded, want left to encoding/json", raw)
		}
	}
}

// Eight bytes are passed over at once only when none of them is one string reads byte by byte, and
// the first mark is the first such byte.
func TestStopsString_FlagsExactlyTheWordsWithABytePlainStringsLack(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	special := []byte{'"', '\\', 0, 0x1f, ' ', '!', 0x7f, 0x80, 0xff, 'a', '#', '[', ']', 0x21, 0x5b, 0x5d, 0x1e}
	for range 200000 {
		var w [8]byte
		stops := false
		for i := range w {
			if rng.IntN(3) == 0 {
				w[i] = special[rng.IntN(len(special))]
			} else {
				w[i] = byte(rng.IntN(256))
			}
			stops = stops || w[i] == '"' || w[i] == '\\' || w[i] < ' ' || w[i] >= utf8.RuneSelf
		}
		first := bytes.IndexFunc(w[:], func(r rune) bool { return r == '"' || r == '\\' || r < ' ' || r >= utf8.RuneSelf })
		marks := stopsString(binary.LittleEndian.Uint64(w[:]))
		if got := marks != 0; got != stops || stops && bits.TrailingZeros64(marks)/8 != first {
			t.Fatalf("%q: stopsString marks %x, want the first at byte %d", w, marks, first)
		}
	}
}

// The strings of a decoded value share one slab of headers; a collection while the value is held
// and more decoding after it leave every string as decoded.
func TestDecodePlain_StringsSurviveCollectionsAndLaterBodies(t *testing.T) {
	raw := `{"a":"first","b":["x","","yé",{"c":"deep"}],"n":1,"a2":"last"}`
	want := map[string]any{"a": "first", "b": []any{"x", "", "yé", map[string]any{"c": "deep"}}, "n": json.Number("1"), "a2": "last"}
	var held []any
	for range 200 {
		v, ok := decodePlain([]byte(raw))
		if !ok {
			t.Fatal("not decoded")
		}
		held = append(held, v)
		runtime.GC()
	}
	// More numbers than the body has quotes: the slab grows, and what was boxed before stays.
	var numbers []string
	wantNumbers := []any{}
	for i := range 40 {
		numbers = append(numbers, fmt.Sprint(i))
		wantNumbers = append(wantNumbers, json.Number(fmt.Sprint(i)))
	}
	grown, ok := decodePlain([]byte(`[` + strings.Join(numbers, ",") + `,"s"]`))
	runtime.GC()
	if wantNumbers = append(wantNumbers, "s"); !ok || !reflect.DeepEqual(grown, wantNumbers) {
		t.Fatalf("got %#v, want %#v", grown, wantNumbers)
	}
	for _, v := range held {
		if !reflect.DeepEqual(v, want) {
			t.Fatalf("got %#v, want %#v", v, want)
		}
		if s, ok := v.(map[string]any)["a"].(string); !ok || s != "first" {
			t.Fatalf("a string value reads %q as %T", s, v.(map[string]any)["a"])
		}
	}
}
