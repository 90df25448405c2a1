package adapty

import (
	"math"
	"sync/atomic"
	"unsafe"
)

// profileVersion is a profile as a change (or the load) stored it, and where its answer is kept
// once written: getting a profile answers the same bytes until it changes, but for the timestamp.
// A change stores a new one (store), so a kept answer is never stale; tenants cloned from one world
// share the profile and what it keeps, which they write alike (the date style is the world's, and
// clones share it). It is also the principal of a request for the profile: Authenticate finds it,
// and Handle takes the profile from it without looking it up again.
type profileVersion struct {
	ref profileRef
	// p is the profile stored; never changed.
	p profile
	// head is the answer up to the timestamp's value, carried over from the profile's last version
	// when the fields it holds did not change (or nil); it is never written once shared.
	head []byte
	kept atomic.Pointer[keptAnswer]
}

// newVersion makes pr's version, which pr then holds.
func newVersion(ref profileRef, pr *profile) *profileVersion {
	v := &profileVersion{ref: ref}
	pr.version = v
	v.p = *pr
	return v
}

// keptAnswer is a profile's answer but for the timestamp's value, which goes at split.
type keptAnswer struct {
	text  []byte
	split int
	err   error
}

// written is the kept answer, or nil before it is written (or without a place to keep it).
func (a *profileVersion) written() *keptAnswer {
	if a == nil {
		return nil
	}
	return a.kept.Load()
}

// answerTailSize is room for the usual answer's tail, so that a kept answer is written in one go.
const answerTailSize = 1024

// keep writes the profile's answer and keeps it. Readers holding the tenant's read lock may do so
// at once; they write the same bytes.
func (a *profileVersion) keep(style printer) *keptAnswer {
	b, err := append(make([]byte, 0, len(a.head)+answerTailSize), a.head...), error(nil)
	if a.head == nil {
		b, err = appendProfileHead(nil, a.ref.App, &a.p)
	}
	k := &keptAnswer{split: len(b), err: err}
	if err == nil {
		k.text, k.err = appendProfileTail(b, &a.p, style)
	}
	a.kept.Store(k)
	return k
}

// headBytes is the answer up to the timestamp's value, if written.
func (a *profileVersion) headBytes() []byte {
	if a == nil {
		return nil
	}
	if a.head != nil {
		return a.head
	}
	if k := a.kept.Load(); k != nil && k.err == nil {
		return k.text[:k.split:k.split]
	}
	return nil
}

// store keeps a changed profile, with a new place for its answer. The head of the last version's
// answer is carried over when the fields it holds are the same, or written now for a profile that
// changed before (changes tend to follow one another: revoke, grant, set transaction).
func (w *world) store(ref profileRef, old, pr *profile) {
	var head []byte
	if old != nil && old.version != nil {
		if sameHead(old, pr) {
			head = old.version.headBytes()
		}
		if head == nil {
			head, _ = appendProfileHead(nil, ref.App, pr) // nil when it cannot be written
		}
	}
	newVersion(ref, pr).head = head
	w.profiles.Set(ref, *pr)
}

// sameHead reports whether two versions of a profile write the same answer up to the timestamp.
func sameHead(a, b *profile) bool {
	return a.ProfileID == b.ProfileID && a.CustomerUserID == b.CustomerUserID &&
		a.SegmentHash == b.SegmentHash && math.Float64bits(a.TotalRevenueUSD) == math.Float64bits(b.TotalRevenueUSD)
}

// unchanged reports whether pr is old itself: the same values and the same lists (a change copies
// the list it changes, lists.go), so that the stored profile and its kept answer stay.
func unchanged(old, pr *profile) bool {
	return sameHead(old, pr) && sameList(old.CustomAttributes, pr.CustomAttributes) &&
		sameList(old.AccessLevels, pr.AccessLevels) && sameList(old.Subscriptions, pr.Subscriptions) &&
		sameList(old.NonSubscriptions, pr.NonSubscriptions)
}

func sameList[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || unsafe.SliceData(a) == unsafe.SliceData(b))
}

// versionResponse is a stored profile's answer written for one request, at its time (Unix
// milliseconds): the version holds the profile, so the answer need not copy it.
type versionResponse struct {
	v     *profileVersion
	now   int64
	style printer
}

// keptResponse is a profile answer from its kept bytes, at the request's time (Unix milliseconds).
type keptResponse struct {
	k   *keptAnswer
	now int64
}
