package main

import (
	"fmt"
	"io"

	"github.com/accessemu/accessemu/emulator"
)

// printVersion answers `accessemu version` with the version the binary was built as (the same one
// the health route reports), so an image can be checked without starting it.
func printVersion(stdout io.Writer) int {
	fmt.Fprintln(stdout, "accessemu", emulator.Version)
	return 0
}
