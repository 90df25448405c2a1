package adapty

import (
	"encoding/json"
	"testing"
	"time"
)

// The dates are what pydantic v1's from_unix_seconds makes of json.loads(literal), computed with
// CPython 3.
func TestUnixTime_MatchesPydanticToTheMicrosecond(t *testing.T) {
	for lit, want := range map[string]string{
		"18446744073709551616":  "2554-07-21T23:34:33.709549Z",
		"99999999999999":        "1973-03-03T09:46:39.999999Z",
		"123456789012345678901": "1973-11-29T21:33:09.012346Z",
		"1700000000":            "2023-11-14T22:13:20Z",
		"1700000000123":         "2023-11-14T22:13:20.123Z",
		"1700000000.5":          "2023-11-14T22:13:20.5Z",
		"-1700000000123":        "1916-02-18T01:46:39.877Z",
		"1.5e10":                "2445-05-01T02:40:00Z",
		"12345678901.2345678":   "2361-03-21T19:15:01.234568Z",
		"20000000001":           "1970-08-20T11:33:20.001Z",
		"-0":                    "1970-01-01T00:00:00Z",
		"0.0000005":             "1970-01-01T00:00:00Z",
		"0.0000015":             "1970-01-01T00:00:00.000002Z",
		"2e20":                  "1976-05-03T19:33:20Z",
	} {
		got, ok := unixTime(json.Number(lit))
		if !ok || got.Format(time.RFC3339Nano) != want {
			t.Errorf("%s: got %s (%t), want %s", lit, got.Format(time.RFC3339Nano), ok, want)
		}
	}
	if _, ok := unixTime(json.Number("3.1e20")); ok {
		t.Error("3.1e20 is datetime.max to pydantic, which Adapty cannot compare; want it left alone")
	}
}
