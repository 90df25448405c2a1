package statelog

import "os"

// zeroAhead and zeroChunk: bbolt extends its file sparsely, so a commit that writes past the last
// written block makes the file system allocate blocks, and the commit's sync then waits for the
// file system's journal too: several times the cost of overwriting blocks already there. The
// committer keeps zeroes written ahead of the data instead, a chunk at a time.
const (
	zeroAheadBytes = 1 << 20
	zeroChunk      = 4 << 20
)

// zeroAhead writes zeroes past the end of the data (size bytes) when fewer than zeroAheadBytes
// remain; the caller holds the write transaction, so bbolt writes nothing meanwhile, and nothing
// at those offsets is in use.
func (s *Store) zeroAhead(size int64) error {
	if s.zeroed >= size+zeroAheadBytes {
		return nil
	}
	f, err := os.OpenFile(s.path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	from := max(s.zeroed, size)
	if _, err := f.WriteAt(make([]byte, zeroChunk), from); err != nil {
		return err
	}
	if !s.noSync {
		if err := f.Sync(); err != nil {
			return err
		}
	}
	s.zeroed = from + zeroChunk
	return nil
}
