package adapty

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Adapty's backend is Python (Django REST framework with pydantic v1 models). The helpers here print
// values the way it does: dates as datetime.isoformat() and str(datetime), floats as repr(float),
// and undecodable bodies with the utf-8 codec's message.

// appendIsoformat appends t as Python's datetime.isoformat() prints an aware datetime:
// 2024-12-24T10:50:23+00:00, with .ffffff only when the microseconds are not zero.
func appendIsoformat(b []byte, t time.Time) []byte { return appendPyDatetime(b, t, 'T') }

// pyStr prints t like Python's str(datetime): isoformat with a space between date and time.
func pyStr(t time.Time) string { return pyDatetime(t, ' ') }

func pyDatetime(t time.Time, sep byte) string {
	return string(appendPyDatetime(make([]byte, 0, len("2006-01-02T15:04:05.000000+00:00:00")), t, sep))
}

func appendPyDatetime(b []byte, t time.Time, sep byte) []byte {
	// Appended by hand rather than with fmt or t.Date: a profile answer prints a dozen dates.
	_, offset := t.Zone()
	days, secs := floorDivmod(t.Unix()+int64(offset), 86400)
	if y, mo, d := civilDate(days); y >= 0 && y <= 9999 {
		// Filled in place and appended once: 2006-01-02T15:04:05.
		s := [19]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', 0, 0, '-', 0, 0,
			sep, 0, 0, ':', 0, 0, ':', 0, 0}
		put2(s[5:], mo)
		put2(s[8:], d)
		put2(s[11:], secs/3600)
		put2(s[14:], secs/60%60)
		put2(s[17:], secs%60)
		b = append(b, s[:]...)
	} else { // as time.Format writes years outside 0..9999
		b = t.AppendFormat(b, "2006-01-02")
		b = append(b, sep)
		b = t.AppendFormat(b, "15:04:05")
	}
	if us := t.Nanosecond() / 1000; us != 0 {
		b = append2(append2(append2(append(b, '.'), us/10000), us/100%100), us%100)
	}
	sign := byte('+')
	if offset < 0 {
		sign, offset = '-', -offset
	}
	b = append2(append(b, sign), offset/3600)
	b = append2(append(b, ':'), offset/60%60)
	if offset%60 != 0 {
		b = append2(append(b, ':'), offset%60)
	}
	return b
}

// put2 writes 0 <= n < 100 as two digits at the start of s.
func put2(s []byte, n int) { s[0], s[1] = byte('0'+n/10), byte('0'+n%10) }

// append2 appends 0 <= n < 100 as two digits.
func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

// floorDivmod is n divided by d (> 0) rounded down, and the remainder, in [0, d).
func floorDivmod(n, d int64) (q int64, r int) {
	q, m := n/d, n%d
	if m < 0 {
		q, m = q-1, m+d
	}
	return q, int(m)
}

// civilDate is the proleptic Gregorian date of the day numbered from 1970-01-01 (Howard Hinnant's
// civil_from_days).
func civilDate(days int64) (year, month, day int) {
	era, doe := floorDivmod(days+719468, 146097) // 400-year eras from 0000-03-01
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153 // months from March
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if month > 12 {
		month -= 12
	}
	y := era*400 + int64(yoe)
	if month <= 2 {
		y++
	}
	if y < math.MinInt32 || y > math.MaxInt32 {
		return -1, month, day
	}
	return int(y), month, day
}

// appendMicrosecondStyle appends t the way Adapty's generic response example prints it:
// 2022-10-12T09:42:50.000000+0000.
func appendMicrosecondStyle(b []byte, t time.Time) []byte {
	return t.AppendFormat(b, "2006-01-02T15:04:05.000000-0700")
}

// appendPyRepr appends pyRepr(f). A magnitude below 1e15 prints positionally: a whole number (zero
// too) as its integer and ".0", any other from 1e-4 up with the same shortest digits strconv finds
// for 'f' (which then hold a dot); the rest, rare in an answer, goes through pyRepr.
func appendPyRepr(b []byte, f float64) []byte {
	switch a := math.Abs(f); {
	case a < 1e15 && a == math.Trunc(a):
		if math.Signbit(f) {
			b = append(b, '-')
		}
		return append(strconv.AppendUint(b, uint64(a), 10), ".0"...)
	case a >= 1e-4 && a < 1e15:
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	return append(b, pyRepr(f)...)
}

// pyRepr is repr(float): the shortest round-tripping digits, positional when the decimal exponent
// is in [-4, 16), scientific with a two-digit exponent otherwise, and always a dot or an exponent.
func pyRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // -1.2345e+02
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		esign := "+"
		if exp < 0 {
			esign, exp = "-", -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, esign, exp)
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}

// pyNumberString is str() of the value Python's json module makes of a JSON number literal: an int
// for a literal without fraction or exponent, else a float. It is what pydantic v1 stores when a
// str field receives a number.
func pyNumberString(lit string) string {
	if !strings.ContainsAny(lit, ".eE") {
		neg := strings.HasPrefix(lit, "-")
		digits := strings.TrimLeft(strings.TrimPrefix(lit, "-"), "0")
		if digits == "" {
			return "0"
		}
		if neg {
			return "-" + digits
		}
		return digits
	}
	f, err := strconv.ParseFloat(lit, 64)
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case err != nil:
		return lit
	}
	return pyRepr(f)
}

// pyTypeName is the name of the Python type json.loads makes of a decoded JSON value.
func pyTypeName(v any) string {
	switch v := v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case string:
		return "str"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	case json.Number:
		if strings.ContainsAny(v.String(), ".eE") {
			return "float"
		}
		return "int"
	}
	return "object"
}

// utf8Error is the message Python's utf-8 codec raises for the first undecodable byte of b, or ""
// when b is valid UTF-8: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte.
func utf8Error(b []byte) string {
	if utf8.Valid(b) { // the common case, checked without decoding rune by rune
		return ""
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			i += size
			continue
		}
		// b[i] starts an invalid sequence: classify it like CPython's decoder.
		lead := b[i]
		need, lo, hi := 0, byte(0x80), byte(0xBF)
		switch {
		case lead >= 0xC2 && lead <= 0xDF:
			need = 1
		case lead == 0xE0:
			need, lo = 2, 0xA0
		case lead >= 0xE1 && lead <= 0xEC, lead == 0xEE, lead == 0xEF:
			need = 2
		case lead == 0xED:
			need, hi = 2, 0x9F
		case lead == 0xF0:
			need, lo = 3, 0x90
		case lead >= 0xF1 && lead <= 0xF3:
			need = 3
		case lead == 0xF4:
			need, hi = 3, 0x8F
		default:
			return codecMessage(b, i, i+1, "invalid start byte")
		}
		valid := 1
		for k := 1; k <= need; k++ {
			if i+k >= len(b) {
				return codecMessage(b, i, len(b), "unexpected end of data")
			}
			c := b[i+k]
			if k == 1 && (c < lo || c > hi) || k > 1 && (c < 0x80 || c > 0xBF) {
				break
			}
			valid++
		}
		return codecMessage(b, i, i+valid, "invalid continuation byte")
	}
	return ""
}

func codecMessage(b []byte, start, end int, reason string) string {
	if end-start == 1 {
		return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: %s", b[start], start, reason)
	}
	return fmt.Sprintf("'utf-8' codec can't decode bytes in position %d-%d: %s", start, end-1, reason)
}
