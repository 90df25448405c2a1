package emulator

import (
	"sync"
	"time"
)

// compactAfterBytes is the least log a tenant keeps before it is compacted: below it, replaying
// the log at start-up costs less than writing a snapshot. (A variable so tests can compact often.)
var compactAfterBytes int64 = 4 << 20

// compactRetry is how long a tenant whose compaction failed waits before the next try.
const compactRetry = 30 * time.Second

// compactor replaces, one tenant at a time and off the request path, a tenant's log by a snapshot
// once the log outgrows the state it starts from (the loaded world or its last snapshot), so the
// file and the restart time stay proportional to the state, and each change is written about
// twice at most.
type compactor struct {
	e *Emulator
	p *persister

	mu     sync.Mutex
	jobs   map[string]uint64 // tenant → 0 to snapshot it, or the sequence number it was deleted at
	failed map[string]time.Time
	closed bool
	wake   chan struct{}
	done   chan struct{}
}

func newCompactor(e *Emulator, p *persister) *compactor {
	c := &compactor{e: e, p: p, jobs: map[string]uint64{}, failed: map[string]time.Time{}, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go c.run()
	return c
}

// consider queues a tenant whose log outgrew its base (called after each commit).
func (c *compactor) consider(tenant string, logBytes, snapshotBytes int64) {
	base := snapshotBytes
	if base == 0 {
		base = c.p.worldBytes
	}
	if logBytes <= max(compactAfterBytes, base) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, queued := c.jobs[tenant]; queued || c.closed || time.Since(c.failed[tenant]) < compactRetry {
		return
	}
	c.jobs[tenant] = 0
	c.kick()
}

// drop queues forgetting a deleted tenant's snapshot and log.
func (c *compactor) drop(tenant string, seq uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.jobs[tenant] = seq
	c.kick()
}

func (c *compactor) kick() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *compactor) run() {
	defer close(c.done)
	for range c.wake {
		c.mu.Lock()
		jobs, closed := c.jobs, c.closed
		c.jobs = map[string]uint64{}
		c.mu.Unlock()
		if closed {
			return
		}
		for tenant, deletedAt := range jobs {
			var err error
			if deletedAt > 0 {
				err = c.p.store.Compact(tenant, nil, deletedAt)
			} else {
				err = c.snapshot(tenant)
			}
			if err != nil {
				c.e.log.Error("compacting the state file failed; its log is kept", "file", c.p.path, "tenant", tenant, "err", err)
				c.mu.Lock()
				c.failed[tenant] = time.Now()
				c.mu.Unlock()
			}
		}
	}
}

// snapshot writes a tenant's state as a snapshot in place of its log so far. The state is cloned
// under the read locks, when no change of the tenant is being saved, and written outside them.
func (c *compactor) snapshot(name string) error {
	t := c.e.tenants.existing(name)
	if t == nil {
		return nil // deleted meanwhile: its drop is queued
	}
	names := t.order()
	for _, n := range names {
		t.states[n].mu.RLock()
	}
	removed := t.removed.Load()
	w := world{}
	for n, g := range t.states {
		w[n] = g.st.Clone()
	}
	now := t.clock.Now()
	offset, frozen := t.clock.State()
	upto := c.p.store.LastSeq(name)
	for _, n := range names {
		t.states[n].mu.RUnlock()
	}
	if removed || upto == 0 {
		return nil
	}
	doc, err := c.e.dumpWorld(w)
	if err != nil {
		return err
	}
	snap := &record{kind: recordState, now: now, body: doc, offset: offset, frozen: frozen}
	return c.p.store.Compact(name, snap.marshal(), upto)
}

// close stops compacting, after the one under way.
func (c *compactor) close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	c.mu.Unlock()
	c.kick()
	<-c.done
}
