//go:build !linux

package statelog

import "os"

func fdatasync(f *os.File) error { return f.Sync() }
