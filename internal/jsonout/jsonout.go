// Package jsonout appends JSON values the way encoding/json writes them without HTML escaping, for
// response bodies written by hand.
package jsonout

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
)

// String appends s as a JSON string, byte for byte as encoding/json writes it with SetEscapeHTML(false).
func String(b []byte, s string) []byte {
	i := 0
	// Eight bytes at a time: a string an answer holds is mostly plain, and this loop runs over
	// every one of them.
	for ; i+8 <= len(s); i += 8 {
		if needsEscape8(binary.LittleEndian.Uint64([]byte(s[i : i+8]))) {
			return escaped(b, s)
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == '"' || c == '\\' || c >= 0x7f {
			return escaped(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// needsEscape8 reports whether any of the eight bytes of w is one String does not copy as it is:
// a control character, '"', '\\', DEL, or a byte of 0x80 or over (part of a multi-byte UTF-8
// sequence). (x - 0x01…) & ^x & 0x80… is not zero exactly when some byte of x is zero, and
// (x - 0x20…) & ^x & 0x80… when some byte of x is below 0x20.
func needsEscape8(w uint64) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	zero := func(x uint64) uint64 { return (x - ones) & ^x & tops }
	return (w&tops |
		(w-0x20*ones)&^w&tops |
		zero(w^'"'*ones) | zero(w^'\\'*ones) | zero(w^0x7f*ones)) != 0
}

// escaped leaves what needs escaping (control characters, quotes, invalid UTF-8, U+2028) to
// encoding/json itself.
func escaped(b []byte, s string) []byte {
	text, _ := Marshal(s) // a string always encodes
	return append(b, text...)
}

// Marshal is v as the emulator writes a body it does not write by hand: encoding/json, compact,
// without HTML escaping; what every appender of this package and every hand-written body must match.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// OptString appends s, or null when s is nil.
func OptString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return String(b, *s)
}

// Key appends "name": for a name that needs no escaping (a literal of the caller's).
func Key(b []byte, name string) []byte {
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// Bool appends true or false.
func Bool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// Strings appends an array of strings, or null for a nil slice, as encoding/json does.
func Strings(b []byte, list []string) []byte { return List(b, list, String) }

// List appends list as a JSON array, each element written by item, or null when list is nil, as
// encoding/json writes a slice.
func List[T any](b []byte, list []T, item func([]byte, T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, v)
	}
	return append(b, ']')
}
