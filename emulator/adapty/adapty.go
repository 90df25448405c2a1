// Package adapty is a placeholder until the provider lands.
package adapty

import (
	"net/http"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/contract"
	"github.com/accessemu/accessemu/emulator/provider"
)

// Adapty is the provider.
type Adapty struct{}

type world struct{}

func (w *world) Clone() provider.State { return &world{} }

// New returns the provider.
func New() *Adapty { return &Adapty{} }

func (p *Adapty) Name() string             { return "adapty" }
func (p *Adapty) Owns(string) bool         { return false }
func (p *Adapty) WriteHeaders(http.Header) {}
func (p *Adapty) Load(*yaml.Node, *gofakeit.Faker, time.Time) (provider.State, error) {
	return &world{}, nil
}
func (p *Adapty) Authenticate(provider.State, *provider.Request) error                    { return nil }
func (p *Adapty) Reject(_ provider.State, _ *provider.Request, f *contract.Failure) error { return f }
func (p *Adapty) Handle(provider.State, *provider.Request) (provider.Response, error) {
	return provider.Response{}, nil
}
func (p *Adapty) Unrouted(string, string, bool) error { return nil }
func (p *Adapty) Render(err error) provider.Response  { return provider.Response{Status: 500} }
func (p *Adapty) ErrorNames() []string                { return nil }
func (p *Adapty) NamedError(string, provider.State, *provider.Request) (error, bool) {
	return nil, false
}
func (p *Adapty) RateLimit() (int, time.Duration, time.Duration) { return 1, time.Second, 0 }
