package adapty

import (
	"fmt"
	"strings"
)

// Adapty parses bodies with Django REST framework's JSONParser, which answers a body Python's json
// module refuses with "JSON parse error - " and the module's message, e.g. "Expecting ',' delimiter:
// line 4 column 3 (char 67)". pyJSONError reproduces that message by scanning the body the way
// CPython's _json scanner does (Python 3.12 and earlier: a trailing comma is reported as the missing
// value or property name after it). Positions count characters, not bytes, as Python's do.

// maxDepth bounds the scanner's nesting like Go's decoder does, so no body exhausts the stack.
const maxDepth = 10000

type pyError struct {
	msg string
	pos int
	// bare marks a ValueError raised without a position (DRF's strict NaN/Infinity check).
	bare bool
}

type pyScanner struct {
	s []rune
}

// pyJSONError returns Python's message for doc, or "" when Python parses it.
func pyJSONError(doc []byte) string {
	sc := &pyScanner{s: []rune(string(doc))}
	if err := sc.decode(); err != nil {
		if err.bare {
			return err.msg
		}
		return sc.message(err.msg, err.pos)
	}
	return ""
}

// pyErrorAt is Python's message for msg at a byte offset of doc (used when Go's decoder refuses a
// body Python would accept, such as one nested deeper than Go allows).
func pyErrorAt(doc []byte, msg string, offset int64) string {
	if offset < 0 || offset > int64(len(doc)) {
		offset = int64(len(doc))
	}
	sc := &pyScanner{s: []rune(string(doc))}
	return sc.message(msg, len([]rune(string(doc[:offset]))))
}

// message formats a JSONDecodeError: "<msg>: line L column C (char N)".
func (sc *pyScanner) message(msg string, pos int) string {
	if pos > len(sc.s) {
		pos = len(sc.s)
	}
	line, col := 1, pos+1
	for i := 0; i < pos; i++ {
		if sc.s[i] == '\n' {
			line++
			col = pos - i
		}
	}
	return fmt.Sprintf("%s: line %d column %d (char %d)", msg, line, col, pos)
}

func (sc *pyScanner) decode() *pyError {
	if len(sc.s) > 0 && sc.s[0] == '\ufeff' {
		return &pyError{msg: "Unexpected UTF-8 BOM (decode using utf-8-sig)", pos: 0}
	}
	end, err := sc.value(sc.ws(0), 0)
	if err != nil {
		return err
	}
	if end = sc.ws(end); end != len(sc.s) {
		return &pyError{msg: "Extra data", pos: end}
	}
	return nil
}

func (sc *pyScanner) ws(i int) int {
	for i < len(sc.s) {
		switch sc.s[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (sc *pyScanner) at(i int, lit string) bool {
	if i+len(lit) > len(sc.s) {
		return false
	}
	for k, c := range lit {
		if sc.s[i+k] != c {
			return false
		}
	}
	return true
}

// expectingValue is the StopIteration the scanner raises where no value starts; Python's decoder
// reports it as "Expecting value" at the same index.
func expectingValue(pos int) *pyError { return &pyError{msg: "Expecting value", pos: pos} }

func (sc *pyScanner) value(idx, depth int) (int, *pyError) {
	if idx >= len(sc.s) {
		return 0, expectingValue(idx)
	}
	switch sc.s[idx] {
	case '"':
		return sc.str(idx + 1)
	case '{':
		if depth >= maxDepth {
			return 0, &pyError{msg: "maximum recursion depth exceeded while decoding a JSON object from a unicode string", bare: true}
		}
		return sc.object(idx+1, depth+1)
	case '[':
		if depth >= maxDepth {
			return 0, &pyError{msg: "maximum recursion depth exceeded while decoding a JSON array from a unicode string", bare: true}
		}
		return sc.array(idx+1, depth+1)
	case 'n':
		if sc.at(idx, "null") {
			return idx + 4, nil
		}
	case 't':
		if sc.at(idx, "true") {
			return idx + 4, nil
		}
	case 'f':
		if sc.at(idx, "false") {
			return idx + 5, nil
		}
	case 'N':
		if sc.at(idx, "NaN") {
			return 0, outOfRange("NaN")
		}
	case 'I':
		if sc.at(idx, "Infinity") {
			return 0, outOfRange("Infinity")
		}
	case '-':
		if sc.at(idx, "-Infinity") {
			return 0, outOfRange("-Infinity")
		}
	}
	return sc.number(idx)
}

// outOfRange is DRF's strict_constant error for the constants Python's json accepts.
func outOfRange(constant string) *pyError {
	return &pyError{msg: "Out of range float values are not JSON compliant: '" + constant + "'", bare: true}
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

func (sc *pyScanner) number(start int) (int, *pyError) {
	s, idx, last := sc.s, start, len(sc.s)-1
	if s[idx] == '-' {
		idx++
		if idx > last {
			return 0, expectingValue(start)
		}
	}
	switch {
	case s[idx] >= '1' && s[idx] <= '9':
		idx++
		for idx <= last && isDigit(s[idx]) {
			idx++
		}
	case s[idx] == '0':
		idx++
	default:
		return 0, expectingValue(start)
	}
	if idx < last && s[idx] == '.' && isDigit(s[idx+1]) {
		idx += 2
		for idx <= last && isDigit(s[idx]) {
			idx++
		}
	}
	if idx < last && (s[idx] == 'e' || s[idx] == 'E') {
		eStart := idx
		idx++
		if idx < last && (s[idx] == '-' || s[idx] == '+') {
			idx++
		}
		for idx <= last && isDigit(s[idx]) {
			idx++
		}
		if !isDigit(s[idx-1]) {
			idx = eStart
		}
	}
	return idx, nil
}

// str scans a string whose opening quote is at end-1, as _json.c's scanstring_unicode does.
func (sc *pyScanner) str(end int) (int, *pyError) {
	s, n, begin := sc.s, len(sc.s), end-1
	unterminated := &pyError{msg: "Unterminated string starting at", pos: begin}
	for {
		next := end
		var c rune
		for ; next < n; next++ {
			c = s[next]
			if c == '"' || c == '\\' {
				break
			}
			if c <= 0x1f {
				return 0, &pyError{msg: "Invalid control character at", pos: next}
			}
		}
		if next >= n {
			return 0, unterminated
		}
		next++
		if c == '"' {
			return next, nil
		}
		if next == n {
			return 0, unterminated
		}
		c = s[next]
		if c != 'u' {
			end = next + 1
			if !strings.ContainsRune(`"\/bfnrt`, c) {
				return 0, &pyError{msg: `Invalid \escape`, pos: end - 2}
			}
			continue
		}
		next++
		end = next + 4
		if end >= n {
			return 0, &pyError{msg: `Invalid \uXXXX escape`, pos: next - 1}
		}
		code, ok := hex4(s[next:end])
		if !ok {
			return 0, &pyError{msg: `Invalid \uXXXX escape`, pos: end - 5}
		}
		next = end
		if code >= 0xD800 && code <= 0xDBFF && end+6 < n && s[next] == '\\' && s[next+1] == 'u' {
			end += 6
			low, ok := hex4(s[next+2 : end])
			if !ok {
				return 0, &pyError{msg: `Invalid \uXXXX escape`, pos: end - 5}
			}
			if low < 0xDC00 || low > 0xDFFF {
				end -= 6
			}
		}
	}
}

func hex4(rs []rune) (rune, bool) {
	var v rune
	for _, d := range rs {
		v <<= 4
		switch {
		case d >= '0' && d <= '9':
			v |= d - '0'
		case d >= 'a' && d <= 'f':
			v |= d - 'a' + 10
		case d >= 'A' && d <= 'F':
			v |= d - 'A' + 10
		default:
			return 0, false
		}
	}
	return v, true
}

func (sc *pyScanner) object(idx, depth int) (int, *pyError) {
	s, n := sc.s, len(sc.s)
	idx = sc.ws(idx)
	if idx >= n || s[idx] != '}' {
		for {
			if idx >= n || s[idx] != '"' {
				return 0, &pyError{msg: "Expecting property name enclosed in double quotes", pos: idx}
			}
			next, err := sc.str(idx + 1)
			if err != nil {
				return 0, err
			}
			idx = sc.ws(next)
			if idx >= n || s[idx] != ':' {
				return 0, &pyError{msg: "Expecting ':' delimiter", pos: idx}
			}
			next, err = sc.value(sc.ws(idx+1), depth)
			if err != nil {
				return 0, err
			}
			idx = sc.ws(next)
			if idx < n && s[idx] == '}' {
				break
			}
			if idx >= n || s[idx] != ',' {
				return 0, &pyError{msg: "Expecting ',' delimiter", pos: idx}
			}
			idx = sc.ws(idx + 1)
		}
	}
	return idx + 1, nil
}

func (sc *pyScanner) array(idx, depth int) (int, *pyError) {
	s, n := sc.s, len(sc.s)
	idx = sc.ws(idx)
	if idx >= n || s[idx] != ']' {
		for {
			next, err := sc.value(idx, depth)
			if err != nil {
				return 0, err
			}
			idx = sc.ws(next)
			if idx < n && s[idx] == ']' {
				break
			}
			if idx >= n || s[idx] != ',' {
				return 0, &pyError{msg: "Expecting ',' delimiter", pos: idx}
			}
			idx = sc.ws(idx + 1)
		}
	}
	return idx + 1, nil
}
