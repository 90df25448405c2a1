// Package openapi embeds the emulator's contract: one OpenAPI 3 document per provider.
package openapi

import (
	"embed"
	"strings"
)

//go:embed *.yaml
var files embed.FS

// Spec returns the embedded document of a provider (openapi/<name>.yaml).
func Spec(name string) ([]byte, error) { return files.ReadFile(name + ".yaml") }

// Names lists the providers with an embedded document, in name order.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}
