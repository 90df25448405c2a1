package journal

import (
	"context"
	"slices"
	"sync/atomic"
)

// Event is what a subscriber receives: an entry just recorded, or word that the journal was cleared.
type Event struct {
	// Entry is the entry without its headers and bodies, which Get returns: most readers show a
	// line per request, and leaving them out keeps each event cheap however many readers there are.
	Entry   Entry
	Cleared bool
	// Missed counts events dropped since the previous Recv because the subscriber fell behind;
	// when it is not zero the subscriber should read the journal again (List) to catch up.
	Missed uint64
}

// Subscription receives a journal's events from the moment it was made until Close.
type Subscription struct {
	j      *Journal
	events chan Event
	missed atomic.Uint64
}

// Subscribe starts receiving events, buffering up to buffer of them (at least 1). Recording never
// waits for a subscriber: an event that does not fit in its buffer is dropped and counted instead,
// so a slow reader costs the request path one failed channel send and never blocks it.
func (j *Journal) Subscribe(buffer int) *Subscription {
	s := &Subscription{j: j, events: make(chan Event, max(1, buffer))}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.subs = append(j.subs, s)
	return s
}

// publish offers an event to every subscriber without waiting; the journal's lock is held.
func (j *Journal) publish(ev Event) {
	for _, s := range j.subs {
		select {
		case s.events <- ev:
		default:
			s.missed.Add(1)
		}
	}
}

// Recv waits for the next event.
func (s *Subscription) Recv(ctx context.Context) (Event, error) {
	select {
	case <-ctx.Done():
		return Event{}, ctx.Err()
	case ev := <-s.events:
		ev.Missed = s.missed.Swap(0)
		return ev, nil
	}
}

// Pending is how many events wait in the buffer, so a reader can write a batch before flushing.
func (s *Subscription) Pending() int { return len(s.events) }

// Close stops the subscription; events already buffered are discarded.
func (s *Subscription) Close() {
	s.j.mu.Lock()
	defer s.j.mu.Unlock()
	s.j.subs = slices.DeleteFunc(s.j.subs, func(x *Subscription) bool { return x == s })
}
