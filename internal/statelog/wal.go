package statelog

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

// The log beside the database (PATH.wal) takes each group of appends in one write and one sync:
// a bbolt commit syncs twice (its pages, then the page pointing at them) and costs several times
// as much. Now and then (checkpoint) its records move into the database in one transaction, and it
// starts over under a new generation number; a record carries its generation in its checksum, so
// records of an earlier generation left further on in the file read as its end.
//
// Layout: a header (magic, generation, checksum) padded to walHeaderSize, then records of
// length (4 bytes), checksum of generation, sequence number and value (4), sequence number (8), value.
const (
	walHeaderSize = 4096
	walRecordHead = 16
	walMagic      = "accessemu wal 1\n"
)

type wal struct {
	f      *os.File
	path   string
	gen    uint64
	off    int64 // where the next record goes
	zeroed int64 // how far the file is written
	noSync bool
	// broken is set when a new generation could not be started: nothing may be appended until
	// one is, or records would be written under a header they do not belong to.
	broken bool
}

type walRecord struct {
	seq   uint64
	value []byte
}

func walHeader(gen uint64) []byte {
	h := make([]byte, walHeaderSize)
	copy(h, walMagic)
	binary.BigEndian.PutUint64(h[16:], gen)
	binary.BigEndian.PutUint32(h[24:], crc32.Checksum(h[:24], crcTable))
	return h
}

// createWAL starts a log of generation gen at path, replacing a file that holds nothing.
func createWAL(path string, gen uint64, noSync bool) (*wal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	w := &wal{f: f, path: path, noSync: noSync}
	if err := w.start(gen); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// openWAL opens the log of a database whose log is of generation gen (prev: the one before) and
// reads its records. A log of the previous generation was moved into the database already: it
// is started over. A missing, foreign or damaged log is an error.
func openWAL(path string, gen, prev uint64, noSync bool) (*wal, []walRecord, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("its log %s is missing: changes made since the last checkpoint would be lost", path)
	}
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	w := &wal{f: f, path: path, noSync: noSync, zeroed: int64(len(data))}
	fail := func(format string, args ...any) (*wal, []walRecord, error) {
		f.Close()
		return nil, nil, fmt.Errorf("its log %s "+format, append([]any{path}, args...)...)
	}
	if len(data) < walHeaderSize || string(data[:16]) != walMagic || crc32.Checksum(data[:24], crcTable) != binary.BigEndian.Uint32(data[24:]) {
		return fail("is not a state file's log (no valid header)")
	}
	switch binary.BigEndian.Uint64(data[16:]) {
	case gen:
	case prev:
		if err := w.start(gen); err != nil {
			f.Close()
			return nil, nil, err
		}
		return w, nil, nil
	default:
		return fail("belongs to another state file (generation %x, this one's is %x)", binary.BigEndian.Uint64(data[16:]), gen)
	}
	w.gen = gen
	records, end := readWALRecords(data, gen, walHeaderSize)
	// The records end at the first that does not check, or does not follow the one before: the
	// tail of a write cut off by a crash, never acknowledged. A record that checks and follows
	// further on means the damage is in the middle.
	var last uint64
	if len(records) > 0 {
		last = records[len(records)-1].seq
	}
	for at := end + 1; at+walRecordHead <= int64(len(data)); at++ {
		if r, ok := walRecordAt(data, gen, at); ok && r.seq > last {
			return fail("is damaged at byte %d, before records that are intact", end)
		}
	}
	w.off = end
	return w, records, nil
}

func readWALRecords(data []byte, gen uint64, at int64) ([]walRecord, int64) {
	var records []walRecord
	for {
		r, ok := walRecordAt(data, gen, at)
		if !ok || len(records) > 0 && r.seq <= records[len(records)-1].seq {
			return records, at
		}
		records = append(records, r)
		at += walRecordHead + int64(len(r.value))
	}
}

func walRecordAt(data []byte, gen uint64, at int64) (walRecord, bool) {
	if at+walRecordHead > int64(len(data)) {
		return walRecord{}, false
	}
	h := data[at : at+walRecordHead]
	n := int64(binary.BigEndian.Uint32(h))
	if n == 0 || at+walRecordHead+n > int64(len(data)) {
		return walRecord{}, false
	}
	value := data[at+walRecordHead : at+walRecordHead+n]
	if walChecksum(gen, h[8:16], value) != binary.BigEndian.Uint32(h[4:]) {
		return walRecord{}, false
	}
	return walRecord{seq: binary.BigEndian.Uint64(h[8:]), value: bytes.Clone(value)}, true
}

func walChecksum(gen uint64, seq, value []byte) uint32 {
	var g [8]byte
	binary.BigEndian.PutUint64(g[:], gen)
	c := crc32.Update(0, crcTable, g[:])
	c = crc32.Update(c, crcTable, seq)
	return crc32.Update(c, crcTable, value)
}

// appendRecord adds one record to buf.
func (w *wal) appendRecord(buf []byte, seq uint64, value []byte) []byte {
	var h [walRecordHead]byte
	binary.BigEndian.PutUint32(h[:], uint32(len(value)))
	binary.BigEndian.PutUint64(h[8:], seq)
	binary.BigEndian.PutUint32(h[4:], walChecksum(w.gen, h[8:16], value))
	return append(append(buf, h[:]...), value...)
}

// write puts records at the end of the log and syncs them. On an error the end stays where it
// was, and what may have been written is zeroed: records that were refused must not be read back.
func (w *wal) write(buf []byte) error {
	if w.broken {
		return errors.New("the log is unusable after a failed write; restart the emulator")
	}
	if err := w.zeroAhead(w.off + int64(len(buf))); err != nil {
		return err
	}
	n, err := w.f.WriteAt(buf, w.off)
	if err == nil && !w.noSync {
		err = fdatasync(w.f)
	}
	if err != nil {
		if _, zerr := w.f.WriteAt(make([]byte, n), w.off); zerr != nil || fdatasync(w.f) != nil {
			w.broken = true
		}
		return err
	}
	w.off += int64(len(buf))
	return nil
}

// start begins generation gen: a new header; the records after it belong to the old one.
func (w *wal) start(gen uint64) error {
	if _, err := w.f.WriteAt(walHeader(gen), 0); err != nil {
		w.broken = true
		return err
	}
	if err := w.f.Sync(); err != nil {
		w.broken = true
		return err
	}
	w.gen, w.off, w.broken = gen, walHeaderSize, false
	w.zeroed = max(w.zeroed, walHeaderSize)
	return nil
}

// The log is kept written ahead with zeroes, so that a sync after an append is of data only
// (no new blocks, no new length): see zeroAhead of the database.
const (
	walZeroAhead = 256 << 10
	walZeroChunk = 1 << 20
)

func (w *wal) zeroAhead(end int64) error {
	if w.zeroed >= end+walZeroAhead {
		return nil
	}
	from := max(w.zeroed, w.off)
	if _, err := w.f.WriteAt(make([]byte, end+walZeroChunk-from), from); err != nil {
		return err
	}
	if err := w.f.Sync(); err != nil {
		return err
	}
	w.zeroed = end + walZeroChunk
	return nil
}

func (w *wal) close() error { return w.f.Close() }
