package statelog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// ErrOldFormat is the error for a state file written by an earlier accessemu as one YAML document.
var ErrOldFormat = errors.New("written by an earlier accessemu in the YAML state format, which this version does not read")

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
	return nil
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

func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
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
