package adapty

import (
	"encoding/binary"
	"encoding/hex"
)

// idSource is a splitmix64 sequence: each draw advances the state by a constant and mixes it. Its
// one word of state is part of the world, so tenants, dumps and replays continue it exactly.
type idSource struct{ State uint64 }

func (s *idSource) next() uint64 {
	s.State += 0x9e3779b97f4a7c15
	z := s.State
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// uuid is a random (version 4) UUID in lower case, as Adapty's profile and purchase ids are.
func (s *idSource) uuid() string {
	var b [16]byte
	hi, lo := s.next(), s.next()
	for i := range 8 {
		b[i], b[8+i] = byte(hi>>(56-8*i)), byte(lo>>(56-8*i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var text [36]byte
	at, from := 0, 0
	for i, group := range [...]int{4, 2, 2, 2, 6} { // bytes per dash-separated group
		if i > 0 {
			text[at] = '-'
			at++
		}
		at += hex.Encode(text[at:], b[from:from+group])
		from += group
	}
	return string(text[:])
}

// segmentHash is 16 lowercase hex characters, the form of Adapty's examples (8f45947bad31ab0c).
func (s *idSource) segmentHash() string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], s.next())
	return hex.EncodeToString(b[:])
}
