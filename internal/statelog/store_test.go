package statelog

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

type replayed struct {
	snapshots map[string]string
	records   []string // tenant/payload in replay order
}

func replay(t *testing.T, s *Store) replayed {
	t.Helper()
	r := replayed{snapshots: map[string]string{}}
	err := s.Replay(func(tenant string, upto uint64, payload []byte) error {
		r.snapshots[tenant] = fmt.Sprintf("%d:%s", upto, payload)
		return nil
	}, func(seq uint64, tenant string, payload []byte) error {
		r.records = append(r.records, tenant+"/"+string(payload))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Concurrent appends share commits; after a reopen every one is there, each writer's in its order.
func TestStore_ConcurrentAppendsAreAllKeptInTheirOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 20, 50
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, err := s.Append(fmt.Sprintf("t%d", w%3), []byte(fmt.Sprintf("w%d-%03d", w, i))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append("t0", []byte("late")); err != ErrClosed {
		t.Fatalf("append after close: %v", err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := replay(t, s)
	if len(r.records) != writers*each {
		t.Fatalf("%d records, want %d", len(r.records), writers*each)
	}
	next := map[string]int{}
	for _, rec := range r.records {
		tenant, payload, _ := strings.Cut(rec, "/")
		var w, i int
		fmt.Sscanf(payload, "w%d-%d", &w, &i)
		if tenant != fmt.Sprintf("t%d", w%3) || i != next[payload[:strings.Index(payload, "-")]] {
			t.Fatalf("record %s out of order", rec)
		}
		next[payload[:strings.Index(payload, "-")]]++
	}
}

// Compaction replaces a tenant's records up to a point by its snapshot and leaves the others';
// dropping a deleted tenant forgets its snapshot and records, but not a later snapshot.
func TestStore_CompactReplacesRecordsBySnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s.Append("a", []byte(fmt.Sprint("a", i)))
		s.Append("b", []byte(fmt.Sprint("b", i)))
	}
	upto := s.LastSeq("a")
	s.Append("a", []byte("a-after"))
	if err := s.Compact("a", []byte("A"), upto); err != nil {
		t.Fatal(err)
	}
	if err := s.Compact("b", nil, s.LastSeq("b")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := replay(t, s)
	if got := fmt.Sprint(r.snapshots, r.records); got != fmt.Sprintf("map[a:%d:A] [a/a-after]", upto) {
		t.Fatalf("after compaction: %s", got)
	}
	if err := s.Compact("a", nil, upto-1); err != nil {
		t.Fatal(err)
	}
	if r := replay(t, s); r.snapshots["a"] == "" {
		t.Fatal("a drop older than the snapshot removed it")
	}
	if s.Empty() {
		t.Fatal("the store says it is empty")
	}
}

// A record appended after a restart that follows a compaction of every record is numbered after
// the snapshot, so replaying never takes it for one the snapshot holds.
func TestStore_NumbersFollowASnapshotAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s.Append("a", []byte(fmt.Sprint(i)))
	}
	upto := s.LastSeq("a")
	if err := s.Compact("a", []byte("A"), upto); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	seq, err := s.Append("a", []byte("after"))
	if err != nil || seq <= upto {
		t.Fatalf("appended as %d (%v), after a snapshot up to %d", seq, err, upto)
	}
	s.Close()
	if s, err = Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := fmt.Sprint(replay(t, s).records); got != "[a/after]" {
		t.Fatalf("replayed %s", got)
	}
}
