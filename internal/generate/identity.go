package generate

import (
	"fmt"
	"hash/fnv"
	"math/bits"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/accessemu/accessemu/internal/collector"
)

// A generated identity is a pure function of the file's seed, its container (an app, an account,
// a hub) and its index: the loader builds a million of them on every core and in any order, and
// `fixtures generate --expand` writes the same identities out as fixture items.

// Key is the key of one container's generated identities: the seed, the provider and the
// container's id.
func Key(seed int64, provider, container string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(provider))
	h.Write([]byte{0})
	h.Write([]byte(container))
	return h.Sum64() ^ mix(uint64(seed))
}

// Source is the random source of one generated identity (splitmix64): a few nanoseconds a draw
// and nothing allocated, against a seeded gofakeit Faker's allocation and mutex.
type Source struct{ s uint64 }

// At is the source of identity i of key.
func At(key uint64, i int) Source { return Source{s: mix(key + uint64(i)*0x9e3779b97f4a7c15)} }

// Uint64 draws 64 bits.
func (r *Source) Uint64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix(r.s)
}

// Intn draws from [0, n).
func (r *Source) Intn(n int) int {
	hi, _ := bits.Mul64(r.Uint64(), uint64(n))
	return int(hi)
}

// Between draws from [lo, hi].
func (r *Source) Between(lo, hi int) int { return lo + r.Intn(hi-lo+1) }

// Pick draws one of items.
func Pick[T any](r *Source, items []T) T { return items[r.Intn(len(items))] }

// AppendChars appends n characters of class.
func (r *Source) AppendChars(b []byte, class string, n int) []byte {
	for range n {
		b = append(b, class[r.Intn(len(class))])
	}
	return b
}

// AppendHex16 appends 64 bits as 16 lowercase hex digits.
func (r *Source) AppendHex16(b []byte) []byte {
	const digits = "0123456789abcdef"
	v := r.Uint64()
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, digits[v>>uint(shift)&15])
	}
	return b
}

// AppendUUID appends a random (version 4) UUID in lowercase.
func (r *Source) AppendUUID(b []byte) []byte {
	const digits = "0123456789abcdef"
	hi, lo := r.Uint64(), r.Uint64()
	hi = hi&^0xf000 | 0x4000     // version 4
	lo = lo&^(0xc<<60) | 0x8<<60 // variant 10
	var u [16]byte
	for i := range 8 {
		u[i], u[8+i] = byte(hi>>(56-8*i)), byte(lo>>(56-8*i))
	}
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, digits[c>>4], digits[c&15])
	}
	return b
}

// AppendDigits appends n decimal digits.
func (r *Source) AppendDigits(b []byte, n int) []byte {
	for range n {
		b = append(b, byte('0'+r.Intn(10)))
	}
	return b
}

func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Chunk is how many identities one worker builds at a time, and Batch how many are built before
// they are added to the world, a bounded buffer whatever the count. (Variables only so that a test
// crosses both with a small world.)
var Chunk, Batch = 1 << 14, 1 << 17

// Build builds n identities: fill stores identity first+k in part[k], on every core, a batch at a
// time; add then takes each of the batch in order, on the caller's goroutine, and stops the build
// at its first error.
func Build[T any](n int, fill func(part []T, first int), add func(T) error) error {
	defer collector.Hold()(n >= bigBuild)
	batch := make([]T, min(n, Batch))
	for first := 0; first < n; first += len(batch) {
		part := batch[:min(len(batch), n-first)]
		InParallel(len(part), func(lo, hi int) { fill(part[lo:hi], first+lo) })
		for _, it := range part {
			if err := add(it); err != nil {
				return err
			}
		}
	}
	return nil
}

// bigBuild is the count from which a build's world is collected and handed back to the OS as soon
// as the builds end (collector.Hold).
const bigBuild = 1 << 16

// InParallel calls build for consecutive ranges [lo, hi) covering [0, n), on every core. Each call
// owns its range: what it builds there is written only by it.
func InParallel(n int, build func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+Chunk-1)/Chunk)
	if workers <= 1 {
		if n > 0 {
			build(0, n)
		}
		return
	}
	var next atomic.Int64
	take := func() (int, int, bool) {
		lo := int(next.Add(int64(Chunk))) - Chunk
		if lo >= n {
			return 0, 0, false
		}
		return lo, min(lo+Chunk, n), true
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for lo, hi, ok := take(); ok; lo, hi, ok = take() {
				build(lo, hi)
			}
		})
	}
	wg.Wait()
}

// AppendIndex appends i in decimal.
func AppendIndex(b []byte, i int) []byte { return strconv.AppendInt(b, int64(i), 10) }

// MaxCount is the most identities a directive may ask for: a typo of a few digits more fails with
// an error naming the line rather than exhausting memory.
const MaxCount = 10_000_000

// Directive is a fixture's "generated_<identities>: {count: N, seed: S}": N identities, each a
// pure function of S, the container it is under and its index, built by the loader without a line
// of fixture text each. `fixtures generate --expand` writes the same identities out as items.
type Directive struct {
	Count int   `yaml:"count"`
	Seed  int64 `yaml:"seed"`
}

// Check reports a count out of range.
func (d Directive) Check() error {
	if d.Count < 0 || d.Count > MaxCount {
		return fmt.Errorf("count must be between 0 and %d, not %d", MaxCount, d.Count)
	}
	return nil
}

// String is the directive as a fixture writes it.
func (d Directive) String() string { return fmt.Sprintf("{count: %d, seed: %d}", d.Count, d.Seed) }

// Arena packs the strings of a chunk of identities into few allocations: each string is a slice of
// the arena's buffer, which is only ever appended to.
type Arena struct {
	b     strings.Builder
	start int
	// tmp is the scratch space of Scratch, reused for every string.
	tmp [128]byte
}

// NewArena is an arena for about n bytes.
func NewArena(n int) *Arena {
	a := &Arena{}
	a.b.Grow(n)
	return a
}

// Write appends p to the string being built.
func (a *Arena) Write(p []byte) { a.b.Write(p) }

// Take ends the string being built and returns it.
func (a *Arena) Take() string {
	s := a.b.String()[a.start:]
	a.start = a.b.Len()
	return s
}

// Scratch is an empty buffer to build a string in before Put: reused, so drawing an identity
// allocates nothing but the arena itself.
func (a *Arena) Scratch() []byte { return a.tmp[:0] }

// Put is p as an arena string.
func (a *Arena) Put(p []byte) string {
	a.Write(p)
	return a.Take()
}
