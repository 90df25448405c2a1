// Package airtable is a placeholder until the provider lands.
package airtable

import (
	"net/http"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/contract"
	"github.com/accessemu/accessemu/emulator/provider"
)

// Airtable is the provider.
type Airtable struct{}

type world struct{}

func (w *world) Clone() provider.State { return &world{} }

// New returns the provider.
func New() *Airtable { return &Airtable{} }

func (p *Airtable) Name() string             { return "airtable" }
func (p *Airtable) Owns(string) bool         { return false }
func (p *Airtable) WriteHeaders(http.Header) {}
func (p *Airtable) Load(*yaml.Node, *gofakeit.Faker, time.Time) (provider.State, error) {
	return &world{}, nil
}
func (p *Airtable) Authenticate(provider.State, *provider.Request) error                    { return nil }
func (p *Airtable) Reject(_ provider.State, _ *provider.Request, f *contract.Failure) error { return f }
func (p *Airtable) Handle(provider.State, *provider.Request) (provider.Response, error) {
	return provider.Response{}, nil
}
func (p *Airtable) Unrouted(string, string, bool) error { return nil }
func (p *Airtable) Render(err error) provider.Response  { return provider.Response{Status: 500} }
func (p *Airtable) ErrorNames() []string                { return nil }
func (p *Airtable) NamedError(string, provider.State, *provider.Request) (error, bool) {
	return nil, false
}
func (p *Airtable) RateLimit() (int, time.Duration, time.Duration) { return 1, time.Second, 0 }
