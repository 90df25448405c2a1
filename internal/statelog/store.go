// Package statelog is the emulator's state file: a bbolt database that holds, for each tenant, a
// snapshot of its state and the log of changes made since, with a log file beside it (PATH.wal)
// that takes each group of concurrent appends in one write and one sync. What a snapshot or a
// change is stays opaque here: the emulator encodes them.
package statelog

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Format names the layout this package writes; a database without it is not a state file.
const Format = "accessemu state file 2"

var (
	metaBucket     = []byte("accessemu")
	logBucket      = []byte("log")
	snapshotBucket = []byte("snapshots")
	formatKey      = []byte("format")
	walGenKey      = []byte("wal")
	walPrevKey     = []byte("wal-before")
)

// crcTable checksums every value: bbolt checks its meta pages but not the data it holds.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrClosed is the error of an append after Close.
var ErrClosed = errors.New("the state file is closed")

// walCheckpointBytes is how much the log file takes before its records move into the database.
const walCheckpointBytes = 4 << 20

// Store is an open state file. Append is safe for concurrent use; concurrent appends share one
// write and its sync.
type Store struct {
	db     *bolt.DB
	path   string
	noSync bool
	// onCommit hears, after each commit, how large a tenant's log and snapshot are.
	onCommit func(tenant string, logBytes, snapshotBytes int64)

	mu      sync.Mutex
	seq     uint64
	open    *batch
	closed  bool
	tenants map[string]*tenantLog

	wake chan struct{}
	jobs chan func()
	done chan struct{}

	// For the committing goroutine alone: the log file, its records not yet in the database,
	// and how far the database file is written (zeroes past the data).
	wal          *wal
	pending      []entry
	pendingBytes int64
	zeroed       int64
}

// tenantLog is what the store knows of a tenant's part of the file, to compact it.
type tenantLog struct {
	records       []logged // ascending
	logBytes      int64
	snapshotBytes int64
	// compacted is the last record a snapshot replaced: records up to it stay out of the database.
	compacted uint64
}

type logged struct {
	seq  uint64
	size int64
}

// batch is the appends that one write takes.
type batch struct {
	entries []entry
	err     error
	done    chan struct{}
}

type entry struct {
	seq    uint64
	tenant string
	value  []byte
}

// Options configure Open.
type Options struct {
	// OnCommit is called, from the committing goroutine, for each tenant a commit wrote to.
	OnCommit func(tenant string, logBytes, snapshotBytes int64)
	// NoSync leaves syncing to the operating system: what was appended is written to the file
	// before Append returns, but not synced.
	NoSync bool
	// LockTimeout is how long to wait for another process to release the file (default 500 ms).
	LockTimeout time.Duration
}

// WALPath is the log file beside a state file.
func WALPath(path string) string { return path + ".wal" }

// Open opens or creates the state file at path. A file that is not a state file of this format,
// or is damaged, is an error that says why; it is never changed.
func Open(path string, o Options) (_ *Store, err error) {
	if err := precheck(path); err != nil {
		return nil, err
	}
	if o.LockTimeout == 0 {
		o.LockTimeout = 500 * time.Millisecond
	}
	// A damaged file can make bbolt read past the end of its mapping: a fault that must become an
	// error, not a crash.
	defer faultsAsErrors(&err)()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: o.LockTimeout, NoSync: o.NoSync, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, fmt.Errorf("it is locked by another process (another emulator using the same --state-file?)")
		case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
			return nil, fmt.Errorf("not a state file (%v)", err)
		}
		return nil, err
	}
	s := &Store{db: db, path: path, noSync: o.NoSync, onCommit: o.OnCommit, tenants: map[string]*tenantLog{},
		wake: make(chan struct{}, 1), jobs: make(chan func()), done: make(chan struct{})}
	defer func() {
		if err != nil {
			if s.wal != nil {
				s.wal.close()
			}
			db.Close()
		}
	}()
	fresh, err := s.verify()
	if err != nil {
		return nil, err
	}
	if fresh {
		err = s.initialize()
	} else {
		err = s.index()
	}
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); err == nil {
		s.zeroed = fi.Size() // written already, or sparse from bbolt's growth: either way not redone
	}
	s.open = &batch{done: make(chan struct{})}
	go s.commitLoop()
	return s, nil
}

func newGeneration() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.BigEndian.Uint64(b[:]) | 1 // never 0, which means none
}

// verify checks the file's structure and that it is this format's, reporting whether it is new
// (no layout yet). It writes nothing.
func (s *Store) verify() (fresh bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() { // drained whole: the checker stops at the end
			if first == nil {
				first = fmt.Errorf("damaged: %v", err)
			}
		}
		if first != nil {
			return first
		}
		meta := tx.Bucket(metaBucket)
		if meta == nil {
			empty := true
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if !empty {
				return errors.New("a bbolt database, but not an accessemu state file (no accessemu bucket)")
			}
			fresh = true
			return nil
		}
		if got := string(meta.Get(formatKey)); got != Format {
			return fmt.Errorf("written in the format %q, which this version does not read (it reads %q)", got, Format)
		}
		if tx.Bucket(logBucket) == nil || tx.Bucket(snapshotBucket) == nil {
			return errors.New("damaged: a bucket of the layout is missing")
		}
		return nil
	})
	return fresh, err
}

// initialize writes the layout of a new file, after its log file: a crash in between leaves a
// database without a layout, which is new again at the next start.
func (s *Store) initialize() error {
	gen := newGeneration()
	w, err := createWAL(WALPath(s.path), gen, s.noSync)
	if err != nil {
		return err
	}
	s.wal = w
	return s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(metaBucket)
		if err != nil {
			return err
		}
		if err := meta.Put(formatKey, []byte(Format)); err != nil {
			return err
		}
		if err := meta.Put(walGenKey, binary.BigEndian.AppendUint64(nil, gen)); err != nil {
			return err
		}
		for _, name := range [][]byte{logBucket, snapshotBucket} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
}

// index reads which records and snapshots each tenant has, in the database and in its log file,
// checking every checksum. New sequence numbers follow every one in use, a snapshot's included.
func (s *Store) index() error {
	var gen, prev uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(metaBucket)
		if g := meta.Get(walGenKey); len(g) == 8 {
			gen = binary.BigEndian.Uint64(g)
		} else {
			return errors.New("damaged: the generation of its log file is missing")
		}
		if p := meta.Get(walPrevKey); len(p) == 8 {
			prev = binary.BigEndian.Uint64(p)
		}
		if err := tx.Bucket(snapshotBucket).ForEach(func(k, v []byte) error {
			upto, _, err := openSnapshot(v)
			if err != nil {
				return fmt.Errorf("snapshot of tenant %q: %w", k, err)
			}
			s.tenant(string(k)).snapshotBytes = int64(len(v))
			s.seq = max(s.seq, upto)
			return nil
		}); err != nil {
			return err
		}
		return tx.Bucket(logBucket).ForEach(func(k, v []byte) error {
			if len(k) != 8 {
				return fmt.Errorf("log key %x is not a sequence number", k)
			}
			seq := binary.BigEndian.Uint64(k)
			tenant, _, err := openRecord(v)
			if err != nil {
				return fmt.Errorf("log record %d: %w", seq, err)
			}
			s.note(tenant, seq, int64(len(v)))
			return nil
		})
	})
	if err != nil {
		return err
	}
	w, records, err := openWAL(WALPath(s.path), gen, prev, s.noSync)
	if err != nil {
		return err
	}
	s.wal = w
	for _, r := range records {
		tenant, _, err := openRecord(r.value)
		if err != nil {
			return fmt.Errorf("its log %s: record %d: %w", w.path, r.seq, err)
		}
		s.note(tenant, r.seq, int64(len(r.value)))
		s.pending = append(s.pending, entry{seq: r.seq, tenant: tenant, value: r.value})
		s.pendingBytes += walRecordHead + int64(len(r.value))
	}
	return nil
}

// note records that a tenant has a record.
func (s *Store) note(tenant string, seq uint64, size int64) {
	tl := s.tenant(tenant)
	tl.records = append(tl.records, logged{seq, size})
	tl.logBytes += size
	s.seq = max(s.seq, seq)
}

func (s *Store) tenant(name string) *tenantLog {
	tl := s.tenants[name]
	if tl == nil {
		tl = &tenantLog{}
		s.tenants[name] = tl
	}
	return tl
}

// Empty reports whether the file holds no tenant's state.
func (s *Store) Empty() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tenants) == 0
}

// Meta is a value the caller stored under key, nil if none.
func (s *Store) Meta(key string) []byte {
	var v []byte
	_ = s.db.View(func(tx *bolt.Tx) error {
		v = slices.Clone(tx.Bucket(metaBucket).Get([]byte(key)))
		return nil
	})
	return v
}

// SetMeta stores a value under key, durably.
func (s *Store) SetMeta(key string, value []byte) error {
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(metaBucket).Put([]byte(key), value) })
}

// Replay calls snapshot for every tenant's snapshot, then record for every log record in the order
// they were appended. upto is the last record a snapshot includes.
func (s *Store) Replay(snapshot func(tenant string, upto uint64, payload []byte) error, record func(seq uint64, tenant string, payload []byte) error) (err error) {
	defer faultsAsErrors(&err)()
	err = s.db.View(func(tx *bolt.Tx) error {
		if err := tx.Bucket(snapshotBucket).ForEach(func(k, v []byte) error {
			upto, payload, _ := openSnapshot(v) // checked by index
			return snapshot(string(k), upto, payload)
		}); err != nil {
			return err
		}
		return tx.Bucket(logBucket).ForEach(func(k, v []byte) error {
			tenant, payload, _ := openRecord(v)
			return record(binary.BigEndian.Uint64(k), tenant, payload)
		})
	})
	if err != nil {
		return err
	}
	// Then what the log file holds (read by index; nothing was appended since).
	for _, e := range s.pending {
		_, payload, _ := openRecord(e.value)
		if err := record(e.seq, e.tenant, payload); err != nil {
			return err
		}
	}
	return nil
}

// Append adds a tenant's record to the log and returns once it is on disk, with its sequence
// number. Records appended one after another are replayed in that order.
func (s *Store) Append(tenant string, payload []byte) (uint64, error) {
	value := sealRecord(tenant, payload)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return 0, ErrClosed
	}
	s.seq++
	seq, b := s.seq, s.open
	b.entries = append(b.entries, entry{seq: seq, tenant: tenant, value: value})
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	<-b.done
	return seq, b.err
}

// commitLoop writes each batch to the log file in one write and one sync. While one is written,
// the next fills: that is the group commit, with no timer to wait on. Compactions run here too,
// between batches, so that they and checkpoints never interleave.
func (s *Store) commitLoop() {
	defer close(s.done)
	for {
		select {
		case job := <-s.jobs:
			job()
			continue
		case <-s.wake:
		}
		s.mu.Lock()
		b, closed := s.open, s.closed
		s.open = &batch{done: make(chan struct{})}
		s.mu.Unlock()
		if len(b.entries) > 0 {
			s.commit(b)
		}
		close(b.done)
		if s.pendingBytes >= walCheckpointBytes && !closed {
			_ = s.checkpoint() // once the batch is answered; on failure the next batch tries again
		}
		if closed {
			// A clean stop leaves the log file empty: everything is in the database.
			_ = s.checkpoint()
			return
		}
	}
}

func (s *Store) commit(b *batch) {
	var buf []byte
	for _, e := range b.entries {
		buf = s.wal.appendRecord(buf, e.seq, e.value)
	}
	if b.err = s.wal.write(buf); b.err != nil {
		return
	}
	s.pending = append(s.pending, b.entries...)
	s.pendingBytes += int64(len(buf))
	type size struct{ log, snap int64 }
	touched := map[string]size{}
	s.mu.Lock()
	for _, e := range b.entries {
		s.note(e.tenant, e.seq, int64(len(e.value)))
		tl := s.tenants[e.tenant]
		touched[e.tenant] = size{tl.logBytes, tl.snapshotBytes}
	}
	s.mu.Unlock()
	if s.onCommit != nil {
		for t, sz := range touched {
			s.onCommit(t, sz.log, sz.snap)
		}
	}
}

// checkpoint moves the log file's records into the database in one transaction, then starts the
// log file over under a new generation. A crash in between finds the file of the previous
// generation, whose records are in the database already.
func (s *Store) checkpoint() error {
	if len(s.pending) == 0 {
		return nil
	}
	gen := newGeneration()
	var key [8]byte
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := s.zeroAhead(tx.Size()); err != nil {
			return err
		}
		log := tx.Bucket(logBucket)
		log.FillPercent = 0.95 // keys only ever grow: pages split full
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, e := range s.pending {
			if tl := s.tenants[e.tenant]; tl == nil || e.seq <= tl.compacted {
				continue // a snapshot replaced it meanwhile
			}
			binary.BigEndian.PutUint64(key[:], e.seq)
			if err := log.Put(key[:], e.value); err != nil {
				return err
			}
		}
		meta := tx.Bucket(metaBucket)
		if err := meta.Put(walPrevKey, binary.BigEndian.AppendUint64(nil, s.wal.gen)); err != nil {
			return err
		}
		return meta.Put(walGenKey, binary.BigEndian.AppendUint64(nil, gen))
	})
	if err != nil {
		return err
	}
	s.pending, s.pendingBytes = nil, 0
	return s.wal.start(gen)
}

// Each calls fn with the size of every tenant's log and snapshot.
func (s *Store) Each(fn func(tenant string, logBytes, snapshotBytes int64)) {
	s.mu.Lock()
	type size struct{ log, snap int64 }
	sizes := map[string]size{}
	for t, tl := range s.tenants {
		sizes[t] = size{tl.logBytes, tl.snapshotBytes}
	}
	s.mu.Unlock()
	for t, sz := range sizes {
		fn(t, sz.log, sz.snap)
	}
}

// LastSeq is the sequence number of the tenant's last record on disk, 0 if none.
func (s *Store) LastSeq(tenant string) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tl := s.tenants[tenant]; tl != nil && len(tl.records) > 0 {
		return tl.records[len(tl.records)-1].seq
	}
	return 0
}

// Compact replaces a tenant's records up to upto with a snapshot of its state after them, in one
// transaction. A nil payload forgets the tenant's snapshot and records up to upto instead (it was
// deleted at upto).
func (s *Store) Compact(tenant string, payload []byte, upto uint64) error {
	result := make(chan error, 1)
	select {
	case s.jobs <- func() { result <- s.compact(tenant, payload, upto) }:
		return <-result
	case <-s.done:
		return ErrClosed
	}
}

func (s *Store) compact(tenant string, payload []byte, upto uint64) error {
	s.mu.Lock()
	var drop []uint64
	if tl := s.tenants[tenant]; tl != nil {
		for _, r := range tl.records {
			if r.seq <= upto {
				drop = append(drop, r.seq)
			}
		}
	}
	s.mu.Unlock()
	var key [8]byte
	var sealed []byte
	snapshotGone := false
	err := s.db.Update(func(tx *bolt.Tx) error {
		snaps := tx.Bucket(snapshotBucket)
		if payload != nil {
			sealed = sealSnapshot(upto, payload)
			if err := snaps.Put([]byte(tenant), sealed); err != nil {
				return err
			}
		} else if old := snaps.Get([]byte(tenant)); old != nil {
			if was, _, err := openSnapshot(old); err != nil || was <= upto {
				if err := snaps.Delete([]byte(tenant)); err != nil {
					return err
				}
				snapshotGone = true
			}
		}
		log := tx.Bucket(logBucket)
		for _, seq := range drop { // those still in the log file only are not found: no matter
			binary.BigEndian.PutUint64(key[:], seq)
			if err := log.Delete(key[:]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tl := s.tenant(tenant)
	tl.compacted = max(tl.compacted, upto)
	kept := tl.records[:0]
	tl.logBytes = 0
	for _, r := range tl.records {
		if r.seq > upto {
			kept = append(kept, r)
			tl.logBytes += r.size
		}
	}
	tl.records = kept
	switch {
	case payload != nil:
		tl.snapshotBytes = int64(len(sealed))
	case snapshotGone:
		tl.snapshotBytes = 0
	}
	if len(tl.records) == 0 && tl.snapshotBytes == 0 {
		delete(s.tenants, tenant)
	}
	return nil
}

// Close writes what was appended, moves it into the database, and closes both files.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // a wake-up is pending already
	}
	<-s.done
	werr := s.wal.close()
	if err := s.db.Close(); err != nil {
		return err
	}
	return werr
}
