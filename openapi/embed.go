// Package openapi embeds the emulator's contract: one OpenAPI 3 document per provider.
package openapi

import "embed"

//go:embed *.yaml
var files embed.FS

// Spec returns the embedded document of a provider (openapi/<name>.yaml).
func Spec(name string) ([]byte, error) { return files.ReadFile(name + ".yaml") }
