package statelog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// crashCopy appends records and copies the state file and its log while the store is still open,
// as a crash would leave them (each append is synced before it returns).
func crashCopy(t *testing.T, n int) (dir string, walBytes []byte) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range n {
		if _, err := s.Append("t", []byte(fmt.Sprintf("change-%02d", i))); err != nil {
			t.Fatal(err)
		}
	}
	dir = t.TempDir()
	db, _ := os.ReadFile(src)
	walBytes, _ = os.ReadFile(WALPath(src))
	if err := os.WriteFile(filepath.Join(dir, "state.db"), db, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, walBytes
}

func reopen(t *testing.T, dir string, wal []byte) (*Store, error) {
	t.Helper()
	if wal != nil {
		if err := os.WriteFile(WALPath(filepath.Join(dir, "state.db")), wal, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return Open(filepath.Join(dir, "state.db"), Options{})
}

// After a crash, the records in the log file are replayed; a record cut off at the end (a write
// the crash interrupted, never acknowledged) is left out.
func TestWAL_CrashKeepsEveryRecordAndDropsATornTail(t *testing.T) {
	dir, wal := crashCopy(t, 5)
	last := strings.LastIndex(string(wal), "change-04")
	torn := append([]byte(nil), wal...)
	torn[last+3] ^= 0xff
	s, err := reopen(t, dir, torn)
	if err != nil {
		t.Fatal(err)
	}
	r := replay(t, s)
	if got := fmt.Sprint(r.records); got != "[t/change-00 t/change-01 t/change-02 t/change-03]" {
		t.Fatalf("replayed %s", got)
	}
	// Appending goes on after the last good record, and survives a clean close and reopen.
	if _, err := s.Append("t", []byte("after")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = reopen(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := fmt.Sprint(replay(t, s).records); got != "[t/change-00 t/change-01 t/change-02 t/change-03 t/after]" {
		t.Fatalf("after reopening: %s", got)
	}
}

func TestWAL_DamagedMissingOrForeignLogIsRefused(t *testing.T) {
	dir, wal := crashCopy(t, 5)
	middle := append([]byte(nil), wal...)
	middle[strings.Index(string(wal), "change-01")+3] ^= 0xff
	other, otherWAL := crashCopy(t, 1)
	_ = other
	for name, c := range map[string]struct {
		wal  []byte
		want string
	}{
		"damaged in the middle": {middle, "is damaged at byte"},
		"missing":               {nil, "is missing: changes made since the last checkpoint would be lost"},
		"foreign":               {otherWAL, "belongs to another state file"},
		"not a log":             {[]byte(strings.Repeat("x", 5000)), "is not a state file's log"},
	} {
		t.Run(name, func(t *testing.T) {
			d := t.TempDir()
			db, _ := os.ReadFile(filepath.Join(dir, "state.db"))
			os.WriteFile(filepath.Join(d, "state.db"), db, 0o600)
			_, err := reopen(t, d, c.wal)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want %q", err, c.want)
			}
		})
	}
}
