// Package scenarios embeds the shipped scenario library: one file per documented error or fault.
package scenarios

import "embed"

// Library holds the shipped scenario files (*.yaml).
//
//go:embed *.yaml
var Library embed.FS
