package contract

import (
	"bytes"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// maxPlainDepth is how deeply plainDecoder nests before it leaves a body to encoding/json.
const maxPlainDepth = 64

// decodePlain decodes the plain JSON that request bodies nearly always are — no escapes in
// strings, valid UTF-8, nesting under maxPlainDepth — into the very value DecodeJSON's decoder
// gives (objects as map[string]any, arrays as []any, numbers as json.Number), in one pass and
// without reflection. ok is false for anything else, valid or not, which the caller then decodes
// with encoding/json: its values and errors stay the reference.
func decodePlain(raw []byte) (v any, ok bool) {
	// One copy of the body backs every string in the value: a string kept in state keeps the
	// (capped) body alive, but a request allocates once rather than per string. A plain string
	// holds no escaped quote, so every quote opens or closes a string: the slab is made for as many
	// headers as the body has strings, keys included, which most often leaves room for the numbers.
	d := plainDecoder{s: string(raw), strs: stringSlab{size: bytes.Count(raw, []byte{'"'}) / 2}}
	v, ok = d.value(0)
	if !ok {
		return nil, false
	}
	d.space()
	return v, d.i == len(d.s)
}

type plainDecoder struct {
	s    string
	i    int
	strs stringSlab // boxes the string and number values
}

func (d *plainDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *plainDecoder) value(depth int) (any, bool) {
	d.space()
	if d.i >= len(d.s) || depth > maxPlainDepth {
		return nil, false
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		s, ok := d.string()
		if !ok {
			return nil, false
		}
		return d.strs.box(s), true
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	}
	return nil, false
}

// literal reads text (true, false or null) if the body has it next.
func (d *plainDecoder) literal(text string) bool {
	if !strings.HasPrefix(d.s[d.i:], text) {
		return false
	}
	d.i += len(text)
	return true
}

func (d *plainDecoder) object(depth int) (any, bool) {
	d.i++ // {
	obj := map[string]any{}
	d.space()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		return obj, true
	}
	for {
		d.space()
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return nil, false
		}
		key, ok := d.string()
		if !ok {
			return nil, false
		}
		d.space()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return nil, false
		}
		d.i++
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		obj[key] = v // a repeated key: the last one wins, as in encoding/json
		d.space()
		if d.i >= len(d.s) {
			return nil, false
		}
		switch d.s[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			return obj, true
		default:
			return nil, false
		}
	}
}

func (d *plainDecoder) array(depth int) (any, bool) {
	d.i++ // [
	arr := []any{}
	d.space()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		return arr, true
	}
	for {
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		arr = append(arr, v)
		d.space()
		if d.i >= len(d.s) {
			return nil, false
		}
		switch d.s[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			return arr, true
		default:
			return nil, false
		}
	}
}

// string reads a string without escapes or control characters, whose bytes are valid UTF-8: what
// encoding/json gives for it is those bytes.
func (d *plainDecoder) string() (string, bool) {
	s := d.s
	start := d.i + 1
	j := start
	for ; j+8 <= len(s); j += 8 {
		w := s[j : j+8]
		stop := stopsString(uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56)
		if stop != 0 {
			j += bits.TrailingZeros64(stop) / 8
			break
		}
	}
	ascii := true
	for ; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			if !ascii && !utf8.ValidString(s[start:j]) {
				return "", false
			}
			d.i = j + 1
			return s[start:j], true
		case c == '\\' || c < ' ':
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// stopsString marks (with its high bit) each of the eight bytes packed in x that is a quote, a
// backslash, a control character or not ASCII, the bytes string looks at one by one; the lowest
// mark is the first such byte, a mark above it may be false. Eight plain bytes pass at once.
func stopsString(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zeroIn := func(v uint64) uint64 { return (v - ones) & ^v }
	return (zeroIn(x^('"'*ones)) | zeroIn(x^('\\'*ones)) | (x-' '*ones)&^x | x) & highs
}

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? as the decoder's json.Number; what
// follows is checked by the caller, so "01" fails there.
func (d *plainDecoder) number() (any, bool) {
	start := d.i
	if d.s[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(d.s) && d.s[d.i] == '0':
		d.i++
	case d.digits() == 0:
		return nil, false
	}
	if d.i < len(d.s) && d.s[d.i] == '.' {
		d.i++
		if d.digits() == 0 {
			return nil, false
		}
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		d.i++
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if d.digits() == 0 {
			return nil, false
		}
	}
	return d.strs.boxNumber(d.s[start:d.i]), true
}

func (d *plainDecoder) digits() int {
	start := d.i
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		d.i++
	}
	return d.i - start
}
