package adapty

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// pyDatetimeWithFmt is pyDatetime as first written, the reference for its faster form.
func pyDatetimeWithFmt(t time.Time, sep byte) string {
	var b strings.Builder
	b.WriteString(t.Format("2006-01-02"))
	b.WriteByte(sep)
	b.WriteString(t.Format("15:04:05"))
	if us := t.Nanosecond() / 1000; us != 0 {
		fmt.Fprintf(&b, ".%06d", us)
	}
	_, offset := t.Zone()
	sign := byte('+')
	if offset < 0 {
		sign, offset = '-', -offset
	}
	fmt.Fprintf(&b, "%c%02d:%02d", sign, offset/3600, offset/60%60)
	if offset%60 != 0 {
		fmt.Fprintf(&b, ":%02d", offset%60)
	}
	return b.String()
}

func TestPyDatetime_PrintsWhatTheFmtFormPrinted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	zones := []*time.Location{time.UTC, time.FixedZone("", -5*3600), time.FixedZone("", 5*3600+30*60), time.FixedZone("", -(9*3600 + 30*60 + 15))}
	for range 5000 {
		at := time.Unix(rng.Int64N(4_000_000_000), rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))])
		if rng.IntN(10) == 0 { // far years, down to before year 0 and past 9999
			at = at.AddDate(rng.IntN(24000)-12000, 0, 0)
		}
		if rng.IntN(4) == 0 {
			at = at.Truncate(time.Second)
		}
		for _, sep := range []byte{'T', ' '} {
			if got, want := pyDatetime(at, sep), pyDatetimeWithFmt(at, sep); got != want {
				t.Fatalf("%v: %q, want %q", at, got, want)
			}
		}
	}
}

func TestAppendPyRepr_PrintsWhatPyReprPrints(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	cases := []float64{0, math.Copysign(0, -1), 1, -1, 9.99, 0.1, 1e-4, 9.999999999999999e-5, 1e15, 999999999999999.9, 1e16, 123456789.125, 0.30000000000000004}
	for range 20000 {
		switch rng.IntN(3) {
		case 0:
			cases = append(cases, float64(rng.IntN(1_000_000))/100)
		case 1:
			cases = append(cases, math.Float64frombits(rng.Uint64()))
		default:
			cases = append(cases, (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(40)-20)))
		}
	}
	for _, f := range cases {
		if got, want := string(appendPyRepr(nil, f)), pyRepr(f); got != want {
			t.Fatalf("%v (%x): appendPyRepr %s, pyRepr %s", f, math.Float64bits(f), got, want)
		}
	}
}
