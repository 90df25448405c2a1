package parcel

import (
	"encoding/json"
	"testing"
)

// The strings are what Node prints for String(JSON.parse(literal)) (checked with Node 20).
func TestJSNumberString_MatchesJavaScript(t *testing.T) {
	for lit, want := range map[string]string{
		"1001": "1001", "1001.0": "1001", "1.001e3": "1001", "-5": "-5", "0.5": "0.5", "-0.25": "-0.25",
		"18446744073709551616": "18446744073709552000", "9007199254740993": "9007199254740992",
		"1e20": "100000000000000000000", "1e21": "1e+21", "123456789012345678901234": "1.2345678901234569e+23",
		"0.000001": "0.000001", "0.0000001": "1e-7", "1.5e-10": "1.5e-10", "-1e-7": "-1e-7",
		"1e400": "Infinity", "-1e400": "-Infinity", "-0": "0", "1e-400": "0",
	} {
		if got := jsNumberString(jsNumber(json.Number(lit))); got != want {
			t.Errorf("%s: got %q, want %q", lit, got, want)
		}
	}
}
