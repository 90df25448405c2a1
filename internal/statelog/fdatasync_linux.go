package statelog

import (
	"os"
	"syscall"
)

// fdatasync syncs a file's data, not its times.
func fdatasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
