package journal

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sample is the entry number i, its parts sized after i so that entries of every size, some
// larger than a chunk, fill and wrap the ring.
func sample(i int) (Entry, http.Header, []byte, []byte) {
	e := Entry{
		Time: time.Unix(1700000000+int64(i), int64(i)).UTC(), Tenant: "t", Provider: "p" + strconv.Itoa(i%3),
		Operation: "op", Method: "POST", Path: "/p/" + strconv.Itoa(i), Query: strings.Repeat("q", i%5),
		Status: 200 + i%7, Scenario: strings.Repeat("s", i%2), DurationMS: float64(i) / 8,
	}
	h := http.Header{"Authorization": {"Bearer secret-" + strconv.Itoa(i)}, "X-N": {strconv.Itoa(i), "x"}}
	if i%11 == 0 {
		h["X-Large"] = []string{strings.Repeat("h", maxChunk+i)} // an entry larger than a chunk
	}
	body := []byte(strings.Repeat(strconv.Itoa(i%10), (i*997)%(MaxBodyBytes+40)))
	response := []byte(strings.Repeat("r", (i*131)%3000))
	return e, h, body, response
}

// want is the entry number i as the journal gives it back under sequence number seq.
func want(i int, seq uint64) Entry {
	e, h, body, response := sample(i)
	e.Seq = seq
	e.Headers = map[string]string{}
	for name, values := range h {
		e.Headers[name] = strings.Join(values, ", ")
	}
	e.Headers["Authorization"] = Mask(e.Headers["Authorization"])
	e.Body, e.ResponseBody = string(body), string(response)
	if len(body) > MaxBodyBytes {
		e.Body = string(body[:MaxBodyBytes]) + "…[cut]"
	}
	return e
}

func addSample(j *Journal, i int) uint64 {
	e, h, body, response := sample(i)
	e.Capture(h, body, response)
	return j.Add(e)
}

func checkEntry(t *testing.T, got, want Entry) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("entry %d: got %.300v\nwant %.300v", want.Seq, got, want)
	}
}

func TestJournal_KeepsTheLastEntriesOfEverySizeWhateverTheRingSize(t *testing.T) {
	for _, size := range []int{1, 2, 3, 7, 64, 333, 1000} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			j := New(size)
			total := 3*size + 50
			for i := 1; i <= total; i++ {
				if seq := addSample(j, i); seq != uint64(i) {
					t.Fatalf("entry %d got sequence number %d", i, seq)
				}
				if i%max(17, size/3) != 0 && i != total {
					continue
				}
				held := min(i, size)
				list := j.List(Filter{})
				if len(list) != held || j.Len() != held {
					t.Fatalf("after %d entries: %d listed, Len %d, want %d", i, len(list), j.Len(), held)
				}
				for k, got := range list {
					n := i - held + 1 + k
					checkEntry(t, got, want(n, uint64(n)))
				}
			}
			for seq := uint64(0); seq <= uint64(total+1); seq++ {
				got, ok := j.Get(seq)
				held := seq > uint64(total-size) && seq <= uint64(total) && seq > 0
				if ok != held {
					t.Fatalf("Get(%d) found %v, want %v", seq, ok, held)
				}
				if held {
					checkEntry(t, got, want(int(seq), seq))
				}
			}
		})
	}
}

func TestJournal_CutsBodiesAtMaxBodyBytesOnly(t *testing.T) {
	j := New(4)
	for _, n := range []int{0, MaxBodyBytes - 1, MaxBodyBytes, MaxBodyBytes + 1, 3 * MaxBodyBytes} {
		b := []byte(strings.Repeat("b", n))
		e := Entry{}
		e.Capture(nil, b, b)
		j.Add(e)
		got := j.List(Filter{})
		last := got[len(got)-1]
		wantBody := string(b)
		if n > MaxBodyBytes {
			wantBody = strings.Repeat("b", MaxBodyBytes) + "…[cut]"
		}
		if last.Body != wantBody || last.ResponseBody != wantBody {
			t.Errorf("a body of %d bytes reads back as %d and %d bytes", n, len(last.Body), len(last.ResponseBody))
		}
	}
}

func TestJournal_KeepsWhatWasSetWithoutCapture(t *testing.T) {
	j := New(2)
	j.Add(Entry{Path: "/bare"})
	j.Add(Entry{Path: "/set", Headers: map[string]string{"X-A": "1"}, Body: "b", ResponseBody: "r"})
	got := j.List(Filter{})
	if got[0].Headers != nil || got[0].Path != "/bare" {
		t.Errorf("bare entry = %+v", got[0])
	}
	if got[1].Headers["X-A"] != "1" || len(got[1].Headers) != 1 || got[1].Body != "b" || got[1].ResponseBody != "r" {
		t.Errorf("entry with its parts set = %+v", got[1])
	}
}

func TestJournal_CopiesTheCallersBuffers(t *testing.T) {
	j := New(3)
	h := http.Header{"X-A": {"1"}}
	body, response := []byte(`{"a":1}`), []byte(`{"ok":true}`)
	e := Entry{Path: "/a"}
	e.Capture(h, body, response)
	j.Add(e)
	copy(body, "XXXXXXX") // the caller reuses its buffers once Add returned
	copy(response, "YYYYYYYYYYY")
	h.Set("X-A", "2")
	if got := j.List(Filter{})[0]; got.Body != `{"a":1}` || got.ResponseBody != `{"ok":true}` || got.Headers["X-A"] != "1" {
		t.Errorf("entry = %+v", got)
	}
}

func TestJournal_ReusesItsChunksAfterAClear(t *testing.T) {
	j := New(50)
	for i := 1; i <= 120; i++ {
		addSample(j, i)
	}
	j.Clear()
	if j.Len() != 0 || len(j.List(Filter{})) != 0 {
		t.Fatalf("after the clear: Len %d", j.Len())
	}
	if _, ok := j.Get(120); ok {
		t.Fatal("Get found a cleared entry")
	}
	for i := 121; i <= 200; i++ {
		addSample(j, i)
	}
	list := j.List(Filter{})
	if len(list) != 50 {
		t.Fatalf("%d entries after the clear and 80 more", len(list))
	}
	for k, got := range list {
		checkEntry(t, got, want(151+k, uint64(151+k)))
	}
}

func TestJournal_KeepsEntriesInTheirZone(t *testing.T) {
	j := New(2)
	zone := time.FixedZone("X", 3600)
	at := time.Date(2026, 1, 2, 3, 4, 5, 6, zone)
	j.Add(Entry{Time: at})
	j.Add(Entry{Time: at.UTC()})
	got := j.List(Filter{})
	if got[0].Time != at || got[1].Time != at.UTC() || got[1].Time.Location() != time.UTC {
		t.Errorf("times = %v, %v", got[0].Time, got[1].Time)
	}
	j.Add(Entry{})
	j.Add(Entry{})
	if len(j.zoned) != 0 {
		t.Errorf("%d zoned times held for entries dropped", len(j.zoned))
	}
	if got := j.List(Filter{}); !got[0].Time.IsZero() {
		t.Errorf("zero time reads back as %v", got[0].Time)
	}
}

func TestSubscribe_EntryStaysTheSameAfterItsChunkIsWrittenAgain(t *testing.T) {
	j := New(3)
	s := j.Subscribe(2000)
	defer s.Close()
	for i := 1; i <= 1000; i++ { // the ring wraps and its chunks are written again many times
		addSample(j, i)
	}
	for i := 1; i <= 1000; i++ {
		ev := recv(t, s)
		w := want(i, uint64(i))
		w.Headers, w.Body, w.ResponseBody = nil, "", ""
		checkEntry(t, ev.Entry, w)
	}
}

func TestJournal_FullRingAddsWithoutAllocating(t *testing.T) {
	j := New(100)
	e, h, body, response := sample(3)
	e.Capture(h, body, response)
	for range 1000 {
		j.Add(e)
	}
	if n := testing.AllocsPerRun(1000, func() { j.Add(e) }); n != 0 {
		t.Errorf("Add allocates %v times on a full journal", n)
	}
	footprint := func() (n int) {
		for _, c := range j.data.held {
			n += len(c.buf)
		}
		for _, b := range j.data.free {
			n += len(b)
		}
		return n
	}
	before := footprint()
	for range 10000 {
		j.Add(e)
	}
	if after := footprint(); after != before {
		t.Errorf("the chunks went from %d to %d bytes for the same entries", before, after)
	}
}

func TestSlot_HasNoPointersForTheCollectorToFollow(t *testing.T) {
	var check func(reflect.Type)
	check = func(ty reflect.Type) {
		switch ty.Kind() {
		case reflect.Struct:
			for i := range ty.NumField() {
				check(ty.Field(i).Type)
			}
		case reflect.Array:
			check(ty.Elem())
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.String, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
			t.Errorf("slot holds a %v", ty)
		}
	}
	check(reflect.TypeFor[slot]())
}

func TestJournal_ConcurrentAddsAndReadsSeeWholeEntries(t *testing.T) {
	j := New(64)
	sub := j.Subscribe(16)
	defer sub.Close()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 500 {
				id := fmt.Sprint(w, "-", i)
				body := []byte(strings.Repeat(id, 1+i%300))
				e := Entry{Path: "/" + id}
				e.Capture(http.Header{"X-Id": {id}}, body, body)
				j.Add(e)
			}
		})
	}
	whole := func(e Entry) bool {
		id := strings.TrimPrefix(e.Path, "/")
		return e.Headers["X-Id"] == id && e.Body == e.ResponseBody && strings.ReplaceAll(e.Body, id, "") == ""
	}
	for range 2 {
		wg.Go(func() {
			for range 200 {
				for _, e := range j.List(Filter{}) {
					if !whole(e) {
						t.Errorf("listed %+.80v", e)
						return
					}
				}
				if e, ok := j.Get(j.Added()); ok && !whole(e) {
					t.Errorf("got %+.80v", e)
					return
				}
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			if _, err := sub.Recv(ctx); err != nil {
				return
			}
		}
	}()
	wg.Wait()
	cancel()
	if j.Added() != 2000 || j.Len() != 64 {
		t.Errorf("Added %d, Len %d", j.Added(), j.Len())
	}
}
