package contract

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
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
