package journal

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"
)

func recv(t *testing.T, s *Subscription) Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev, err := s.Recv(ctx)
	if err != nil {
		t.Fatalf("Recv: %v", err)
	}
	return ev
}

func TestSubscribe_ReceivesEntriesWithoutHeadersOrBodiesThenTheClear(t *testing.T) {
	j := New(10)
	j.Add(Entry{Path: "/before"}) // recorded before subscribing: not sent
	s := j.Subscribe(8)
	defer s.Close()
	e := Entry{Path: "/after", Status: 500}
	e.Capture(http.Header{"Authorization": {"Bearer patEmuAdmin000001.admin"}}, []byte(`{"a":1}`), []byte(`{"b":2}`))
	j.Add(e)
	j.Clear()

	got := recv(t, s)
	if got.Cleared || got.Missed != 0 || got.Entry.Seq != 2 || got.Entry.Path != "/after" || got.Entry.Status != 500 {
		t.Fatalf("first event = %+v", got)
	}
	if got.Entry.Headers != nil || got.Entry.Body != "" || got.Entry.ResponseBody != "" || got.Entry.header != nil || got.Entry.body != nil || got.Entry.response != nil {
		t.Errorf("event carries headers or bodies: %+v", got.Entry)
	}
	if ev := recv(t, s); !ev.Cleared {
		t.Errorf("second event = %+v, want the clear", ev)
	}
}

func TestSubscribe_SlowSubscriberNeverBlocksAddAndLearnsWhatItMissed(t *testing.T) {
	j := New(100)
	s := j.Subscribe(4)
	defer s.Close()
	done := make(chan struct{})
	go func() {
		for range 10_000 {
			j.Add(Entry{})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Add waited for a subscriber that does not read")
	}
	first := recv(t, s)
	if first.Entry.Seq != 1 || first.Missed != 10_000-4 {
		t.Errorf("first event: seq %d, missed %d; want seq 1, missed %d", first.Entry.Seq, first.Missed, 10_000-4)
	}
	if n := s.Pending(); n != 3 {
		t.Errorf("pending = %d, want 3", n)
	}
	if next := recv(t, s); next.Missed != 0 || next.Entry.Seq != 2 {
		t.Errorf("second event = seq %d missed %d", next.Entry.Seq, next.Missed)
	}
}

func TestSubscribe_ClosedSubscriptionReceivesNothingMore(t *testing.T) {
	j := New(10)
	s := j.Subscribe(8)
	s.Close()
	j.Add(Entry{})
	if n := s.Pending(); n != 0 {
		t.Errorf("closed subscription got %d events", n)
	}
	if len(j.subs) != 0 {
		t.Errorf("journal still holds %d subscriptions", len(j.subs))
	}
}

func TestSubscribe_ConcurrentAddsReachEverySubscriberInOrder(t *testing.T) {
	j := New(10)
	const writers, each = 4, 200
	subs := []*Subscription{j.Subscribe(writers * each), j.Subscribe(writers * each)}
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range each {
				j.Add(Entry{})
			}
		})
	}
	wg.Wait()
	for _, s := range subs {
		for want := uint64(1); want <= writers*each; want++ {
			if ev := recv(t, s); ev.Entry.Seq != want || ev.Missed != 0 {
				t.Fatalf("event seq %d missed %d, want seq %d", ev.Entry.Seq, ev.Missed, want)
			}
		}
		s.Close()
	}
	if got := j.Added(); got != writers*each {
		t.Errorf("Added = %d", got)
	}
}

// What recording costs with subscribers: none, five that keep up, and five that never read (their
// events are dropped).
func BenchmarkAdd(b *testing.B) {
	e := Entry{Method: "DELETE", Path: "/whitelist/revoke"}
	e.Capture(http.Header{"Authorization": {"prod_EmulatorDefaultHubKey0001"}}, []byte(`{"a":1}`), []byte(`{"b":2}`))
	for _, bc := range []struct {
		name    string
		subs    int
		reading bool
	}{{"no subscriber", 0, false}, {"5 reading subscribers", 5, true}, {"5 stalled subscribers", 5, false}} {
		b.Run(bc.name, func(b *testing.B) {
			j := New(1000)
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			for range bc.subs {
				s := j.Subscribe(1024)
				defer s.Close()
				if bc.reading {
					wg.Go(func() {
						for {
							if _, err := s.Recv(ctx); err != nil {
								return
							}
						}
					})
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				j.Add(e)
			}
			cancel()
			wg.Wait()
		})
	}
}
