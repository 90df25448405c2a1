package emulator

import (
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
)

// Registry lists the emulated providers, in the order they are served and listed. Adding a provider
// is one line here, its room under emulator/providers/ (with describe.go, and conformance_test.go
// running providertest), its spec in openapi/ and its section in fixtures/default.yaml.
func Registry() []provider.Provider {
	return []provider.Provider{adapty.New(), airtable.New(), parcel.New()}
}
