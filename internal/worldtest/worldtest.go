// Package worldtest gives a provider's tests its section of the default world, loaded as the emulator
// loads it, so that a test can drive the provider's state directly.
package worldtest

import (
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/fixtures"
)

// Loaded is the time the default world is loaded at.
var Loaded = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// Default is p's section of the default world, loaded at Loaded with fake data seeded 1.
func Default(t testing.TB, p provider.Provider) provider.State {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(fixtures.Default, &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == p.Name() {
			st, err := p.Load(root.Content[i+1], gofakeit.New(1), Loaded)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
	}
	t.Fatalf("the default world has no %s section", p.Name())
	return nil
}
