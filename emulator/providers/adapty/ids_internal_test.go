package adapty

import (
	"encoding/hex"
	"fmt"
	"testing"
)

// The ids as first written with fmt, the reference for the forms written by hand.
func uuidWithFmt(hi, lo uint64) string {
	var b [16]byte
	for i := range 8 {
		b[i], b[8+i] = byte(hi>>(56-8*i)), byte(lo>>(56-8*i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
}

func TestIDs_AreWhatTheFmtFormsWrote(t *testing.T) {
	for seed := range uint64(2000) {
		s, ref := idSource{State: seed * 0x51ed27}, idSource{State: seed * 0x51ed27}
		if got, want := s.uuid(), uuidWithFmt(ref.next(), ref.next()); got != want {
			t.Fatalf("seed %d: uuid %s, want %s", seed, got, want)
		}
		if got, want := s.segmentHash(), fmt.Sprintf("%016x", ref.next()); got != want {
			t.Fatalf("seed %d: segment hash %s, want %s", seed, got, want)
		}
	}
}
