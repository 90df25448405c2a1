package statelog

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"
)

// ErrOldFormat is the error for a state file written by an earlier accessemu as one YAML document
// (the emulator migrates it).
var ErrOldFormat = errors.New("written by an earlier accessemu in the YAML state format")

// precheck refuses, before bbolt sees it, a file that cannot be a state file: empty, shorter than
// bbolt's two header pages, or the earlier YAML format. A missing file is fine: it is created.
func precheck(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 8192)
	n, err := io.ReadFull(f, head)
	head = head[:n]
	if looksLikeOldYAML(head) {
		return ErrOldFormat
	}
	switch {
	case n == 0:
		return errors.New("empty: not a state file")
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		return err
	case n < 8192:
		return fmt.Errorf("truncated or not a state file: %d bytes, shorter than any state file", n)
	}
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if need, ok := highWater(head); ok && fi.Size() < need {
		return fmt.Errorf("truncated: the file is %d bytes, its header says %d", fi.Size(), need)
	}
	return nil
}

// highWater is how long a bbolt file must be, from the newer of its two valid meta pages: its
// page count times its page size. ok is false when neither page is valid (bbolt then says why).
func highWater(head []byte) (size int64, ok bool) {
	var txid uint64
	for _, off := range []int{0, 4096} {
		// A meta page: a 16-byte page header, then magic, version, page size, flags (4 bytes
		// each), root bucket (16), freelist page (8), page count (8), txid (8), checksum (8).
		m := head[off+16 : off+16+64]
		if binary.LittleEndian.Uint32(m) != 0xED0CDAED {
			continue
		}
		h := fnv.New64a()
		h.Write(m[:56])
		if h.Sum64() != binary.LittleEndian.Uint64(m[56:]) {
			continue
		}
		if t := binary.LittleEndian.Uint64(m[48:]); !ok || t > txid {
			pageSize := int64(binary.LittleEndian.Uint32(m[8:]))
			size, txid, ok = int64(binary.LittleEndian.Uint64(m[40:]))*pageSize, t, true
		}
	}
	return size, ok
}

// looksLikeOldYAML reports whether a file starts as the earlier format did: a top-level
// "tenants:" key (after comments or a document marker).
func looksLikeOldYAML(head []byte) bool {
	for _, line := range bytes.Split(head, []byte("\n")) {
		line = bytes.TrimRight(line, "\r")
		switch {
		case len(bytes.TrimSpace(line)) == 0, line[0] == '#', bytes.Equal(line, []byte("---")):
			continue
		}
		return bytes.HasPrefix(line, []byte("tenants:"))
	}
	return false
}

// faultsAsErrors makes a fault reading the mapped file (a damaged file's page numbers point past
// its end), or a panic of the reader, the error of the calling function:
//
//	defer faultsAsErrors(&err)()
func faultsAsErrors(err *error) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		if v := recover(); v != nil {
			*err = fmt.Errorf("damaged: reading it failed (%v)", v)
		}
	}
}
