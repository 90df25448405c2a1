package emulator

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/accessemu/accessemu/emulator/clock"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/statelog"
)

// persister keeps every tenant's state in the state file (--state-file): a log of the changes
// each tenant went through, each on disk before it is applied, and from time to time a snapshot
// of a tenant in place of its log (compaction, off the request path).
type persister struct {
	store *statelog.Store
	path  string
	// worldBytes is the loaded fixture's size: a tenant's log is compacted once it outgrows the
	// state it starts from.
	worldBytes int64
	compactor  *compactor
}

// worldKey is where the state file notes which fixture world its tenants started from, and when
// it was loaded: relative dates (now-5d) must mean the same instants after a restart.
const worldKey = "world"

// openState opens the state file before the world is loaded and returns the time to load the
// world at. A file that cannot be used is an error, never replaced.
func (e *Emulator) openState(path string, fixture []byte) (now time.Time, err error) {
	p := &persister{path: path, worldBytes: int64(len(fixture))}
	p.compactor = newCompactor(e, p)
	defer func() {
		if err != nil {
			p.compactor.close()
			if p.store != nil {
				p.store.Close()
			}
		}
	}()
	open := func() (*statelog.Store, error) {
		return statelog.Open(path, statelog.Options{OnCommit: p.compactor.consider, NoSync: e.opts.StateSyncByOS})
	}
	p.store, err = open()
	if errors.Is(err, statelog.ErrOldFormat) {
		if err = e.migrateYAMLState(path); err == nil {
			p.store, err = open()
		}
	}
	if err != nil {
		return now, fmt.Errorf("state file %s cannot be used: %v; fix it or move it away: it is never replaced silently", path, err)
	}
	id := worldID(fixture)
	now = time.Now().UTC()
	saved := p.store.Meta(worldKey)
	switch {
	case len(saved) > len(id) && bytes.Equal(saved[:len(id)], id):
		if err := now.UnmarshalBinary(saved[len(id):]); err != nil {
			return now, fmt.Errorf("state file %s cannot be used: its world record is damaged (%v); fix it or move it away: it is never replaced silently", path, err)
		}
	case saved != nil && !p.store.Empty():
		return now, fmt.Errorf("state file %s holds tenants that started from other fixtures than these; start with the fixtures it was saved with, or move it away: it is never replaced silently", path)
	default:
		stamp, _ := now.MarshalBinary()
		if err := p.store.SetMeta(worldKey, append(id, stamp...)); err != nil {
			return now, fmt.Errorf("state file %s: %w", path, err)
		}
	}
	e.persist = p
	return now, nil
}

// worldID identifies a fixture document: its length and checksum.
func worldID(fixture []byte) []byte {
	id := binary.BigEndian.AppendUint64(nil, uint64(len(fixture)))
	return binary.BigEndian.AppendUint32(id, crc32.Checksum(fixture, crcTable))
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// restoring is a tenant being rebuilt from the state file.
type restoring struct {
	w      world
	offset time.Duration
	frozen time.Time
	upto   uint64
}

// restoreState rebuilds every saved tenant: its snapshot, or the loaded world, then its changes
// since, replayed in order.
func (e *Emulator) restoreState() error {
	p := e.persist
	fail := func(err error) error {
		return fmt.Errorf("state file %s cannot be used: %v; fix it or move it away: it is never replaced silently", p.path, err)
	}
	rs := map[string]*restoring{}
	err := p.store.Replay(func(tenant string, upto uint64, payload []byte) error {
		snap, err := unmarshalRecord(payload)
		if err != nil || snap.kind != recordState {
			return fmt.Errorf("snapshot of tenant %q: %v", tenant, errMalformedRecord)
		}
		w, err := loadWorld(fmt.Sprintf("snapshot of tenant %q", tenant), snap.body, e.plain, snap.now)
		if err != nil {
			return err
		}
		rs[tenant] = &restoring{w: w, offset: snap.offset, frozen: snap.frozen, upto: upto}
		return nil
	}, func(seq uint64, tenant string, payload []byte) error {
		rec, err := unmarshalRecord(payload)
		if err != nil {
			return fmt.Errorf("log record %d of tenant %q: %v", seq, tenant, err)
		}
		rt := rs[tenant]
		if rt != nil && seq <= rt.upto {
			return nil
		}
		if rt == nil {
			rt = &restoring{w: e.tenants.world.clone()}
			rs[tenant] = rt
		}
		switch rec.kind {
		case recordRequest:
			if err := e.replayRequest(rt.w, rec); err != nil {
				return fmt.Errorf("log record %d of tenant %q: %v", seq, tenant, err)
			}
		case recordReset:
			rt.w, rt.offset, rt.frozen = e.tenants.world.clone(), 0, time.Time{}
		case recordState:
			w, err := loadWorld(fmt.Sprintf("log record %d of tenant %q", seq, tenant), rec.body, e.plain, rec.now)
			if err != nil {
				return err
			}
			rt.w = w
		case recordClock:
			rt.offset, rt.frozen = rec.offset, rec.frozen
		case recordDelete:
			delete(rs, tenant)
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	for name, rt := range rs {
		e.tenants.install(name, rt.w)
		e.tenants.get(name).clock.Restore(rt.offset, rt.frozen)
	}
	return nil
}

// replayRequest makes a saved request's change again: admitted and handled as when it ran, at the
// time it ran. A request refused then is refused again and changes nothing.
func (e *Emulator) replayRequest(w world, rec *record) error {
	m := e.mounted(rec.provider)
	var op *provider.Operation
	if m != nil {
		op = m.spec.Operation(rec.operation)
	}
	if op == nil {
		return fmt.Errorf("operation %s of provider %q is not served by this build", rec.operation, rec.provider)
	}
	st := w[rec.provider]
	r := &provider.Request{Op: op, Header: rec.header, Path: rec.path, Query: rec.query, Body: rec.body, Now: rec.now}
	defer func() {
		// It panicked when it ran too, and was answered with a 500 then.
		if v := recover(); v != nil {
			e.log.Warn("replaying a saved request: the provider panicked", "provider", rec.provider, "operation", rec.operation, "panic", v)
		}
	}()
	if e.admit(m, st, r) == nil {
		_, _ = m.Handle(st, r)
	}
	return nil
}

// saveRequest writes a request that may change state to the state file before it runs; the
// caller holds the state's lock. A request that cannot be saved must not run: the error says why.
func (e *Emulator) saveRequest(t *tenant, m *mounted, r *provider.Request) error {
	p := e.persist
	if p == nil || t.removed.Load() {
		return nil
	}
	if _, err := p.store.Append(t.name, requestRecord(m.Name(), r).marshal()); err != nil {
		e.log.Error("a change was refused and not applied: the state file could not be written",
			"file", p.path, "tenant", t.name, "provider", m.Name(), "operation", r.Op.ID, "err", err)
		return fmt.Errorf("state file %s: %w", p.path, err)
	}
	return nil
}

// changeTenant makes a change of a whole tenant (reset, state upload, clock, deletion) under every
// state's lock, saved before it is applied. build describes the change once the locks are held.
func (e *Emulator) changeTenant(t *tenant, build func() *record, apply func()) (uint64, error) {
	t.lockAll()
	defer t.unlockAll()
	rec := build()
	var seq uint64
	if p := e.persist; p != nil && !t.removed.Load() {
		var err error
		if seq, err = p.store.Append(t.name, rec.marshal()); err != nil {
			e.log.Error("a change was refused and not applied: the state file could not be written",
				"file", p.path, "tenant", t.name, "err", err)
			return 0, fmt.Errorf("the state file %s could not be written, so nothing changed: %w", p.path, err)
		}
	}
	apply()
	return seq, nil
}

// changeClock sets a tenant's clock as change does, durably.
func (e *Emulator) changeClock(t *tenant, change func(*clock.Clock)) error {
	var next clock.Clock
	_, err := e.changeTenant(t, func() *record {
		next.Restore(t.clock.State())
		change(&next)
		offset, frozen := next.State()
		return &record{kind: recordClock, offset: offset, frozen: frozen}
	}, func() { t.clock.Restore(next.State()) })
	return err
}

// deleteTenant forgets a tenant, durably; found is false when there was none.
func (e *Emulator) deleteTenant(name string) (found bool, err error) {
	t := e.tenants.existing(name)
	if t == nil {
		return false, nil
	}
	seq, err := e.changeTenant(t, func() *record { return &record{kind: recordDelete} }, func() {
		found = e.tenants.remove(name)
		t.removed.Store(true)
	})
	if err == nil && found && e.persist != nil {
		e.persist.compactor.drop(name, seq)
	}
	return found, err
}
