package emulator

import (
	"fmt"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/openapi"
)

// Registry lists the emulated providers, in the order they are served and listed. Adding a provider
// is one line here, its room under emulator/providers/ (with describe.go, and conformance_test.go
// running providertest), its spec in openapi/ and its section in fixtures/default.yaml.
func Registry() []provider.Provider {
	return []provider.Provider{adapty.New(), airtable.New(), parcel.New()}
}

// SpecOf is a provider's OpenAPI document: its own (provider.SpecSource), or the one embedded under
// its name in the openapi package.
func SpecOf(p provider.Provider) ([]byte, error) {
	if s, ok := p.(provider.SpecSource); ok {
		return s.Spec(), nil
	}
	raw, err := openapi.Spec(p.Name())
	if err != nil {
		return nil, fmt.Errorf("no embedded spec for %s: %w", p.Name(), err)
	}
	return raw, nil
}
