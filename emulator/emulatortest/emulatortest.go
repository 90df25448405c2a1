// Package emulatortest starts an in-process accessemu for Go tests: one call gives a base URL to
// point a real client at, the default world's credentials, and helpers to read the journal, move the clock
// and reset state. The emulator stops when the test ends.
package emulatortest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/provider"
)

const readHeaderTimeout = 5 * time.Second

// Emulator is a running in-process emulator seen through one tenant.
type Emulator struct {
	// URL is the base URL to give a client instead of the real API's host. It carries the tenant
	// prefix (/t/<tenant>) when a tenant was chosen.
	URL string
	// RootURL is the server's root, where the admin API lives (RootURL + "/__emulator/...").
	RootURL string
	// Tenant is the tenant this view's requests and helpers act on.
	Tenant    string
	emu       *emulator.Emulator
	providers []provider.Provider
	admin     *Client
	// fail reports a helper's failed admin call: the test's Errorf under New, a panic under Start.
	fail func(error)
}

type settings struct {
	opts   emulator.Options
	tenant string
}

// Option configures New and Start.
type Option func(*settings)

// WithFixtures serves a fixture document instead of the default world.
func WithFixtures(yaml string) Option { return func(s *settings) { s.opts.Fixtures = []byte(yaml) } }

// WithFixturesFile serves a fixture file instead of the default world.
func WithFixturesFile(path string) Option { return func(s *settings) { s.opts.FixturesFile = path } }

// WithTenant makes URL and the helpers use a tenant other than "default". Any name is accepted,
// a subtest's t.Name() included: it is mapped onto the tenant-name rule by TenantName.
func WithTenant(name string) Option { return func(s *settings) { s.tenant = name } }

// WithJournalSize bounds each tenant's journal.
func WithJournalSize(n int) Option { return func(s *settings) { s.opts.JournalSize = n } }

// New starts an emulator for the test and stops it in t.Cleanup; a start-up error fails the test.
func New(t testing.TB, options ...Option) *Emulator {
	t.Helper()
	e, stop, err := Start(options...)
	if err != nil {
		t.Fatalf("emulatortest: %v", err)
	}
	t.Cleanup(stop)
	e.fail = func(err error) { t.Helper(); t.Errorf("emulatortest: %v", err) }
	return e
}

// Start starts an emulator on a free loopback port; call stop to shut it down. New is the usual
// entry point in tests; Start serves programs and examples without a testing.TB.
func Start(options ...Option) (e *Emulator, stop func(), err error) {
	s := settings{tenant: emulator.DefaultTenant}
	for _, o := range options {
		o(&s)
	}
	emu, err := emulator.New(s.opts)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	srv := &http.Server{Handler: emu.Handler(), ReadHeaderTimeout: readHeaderTimeout}
	go srv.Serve(ln)
	root := "http://" + ln.Addr().String()
	providers := s.opts.Providers
	if providers == nil {
		providers = emulator.Registry()
	}
	fail := func(err error) { panic(fmt.Sprintf("emulatortest: %v", err)) }
	e = (&Emulator{RootURL: root, emu: emu, providers: providers, admin: NewClient(root), fail: fail}).ForTenant(s.tenant)
	return e, func() { srv.Close(); emu.Close() }, nil
}

// ForTenant is a view of the same emulator through another tenant, e.g. one per parallel subtest.
// Any name is accepted, a subtest's t.Name() included: the view's Tenant is TenantName(name).
func (e *Emulator) ForTenant(name string) *Emulator {
	name = TenantName(name)
	v := &Emulator{RootURL: e.RootURL, Tenant: name, emu: e.emu, providers: e.providers, URL: e.RootURL, admin: e.admin.ForTenant(name), fail: e.fail}
	if name != emulator.DefaultTenant {
		v.URL = e.RootURL + "/t/" + name
	}
	return v
}

// Authorization is the value of the default world's credential header for a provider (its
// Authorization header for the shipped ones), e.g. Authorization("parcel"); "" for a provider the
// emulator does not serve. It holds for the embedded default world, not for WithFixtures worlds.
func (e *Emulator) Authorization(provider string) string {
	for _, p := range e.providers {
		if p.Name() == provider {
			return p.Describe().Credential.Value
		}
	}
	return ""
}

// The helpers below go through the admin API with Client, exactly as against a container.

// Admin is the typed admin API client acting on this view's tenant.
func (e *Emulator) Admin() *Client { return e.admin }

// check reports a failed admin call.
func (e *Emulator) check(err error) {
	if err != nil {
		e.fail(err)
	}
}

// Journal returns the tenant's recorded requests that match f, oldest first.
func (e *Emulator) Journal(f journal.Filter) []journal.Entry {
	entries, err := e.admin.Journal(context.Background(), f)
	e.check(err)
	return entries
}

// ClearJournal drops the tenant's recorded requests.
func (e *Emulator) ClearJournal() { e.check(e.admin.ClearJournal(context.Background())) }

// SetClock freezes the tenant's clock at t.
func (e *Emulator) SetClock(t time.Time) {
	_, err := e.admin.SetClock(context.Background(), t)
	e.check(err)
}

// AdvanceClock moves the tenant's clock by d without sleeping.
func (e *Emulator) AdvanceClock(d time.Duration) {
	_, err := e.admin.AdvanceClock(context.Background(), d)
	e.check(err)
}

// Now is the tenant's current time.
func (e *Emulator) Now() time.Time {
	r, err := e.admin.Clock(context.Background())
	e.check(err)
	return r.Now
}

// Scenario activates a scenario in the tenant: a shipped one by name (accessemu scenarios lists
// them) or a scenario document; a bad one fails the test.
func (e *Emulator) Scenario(t testing.TB, nameOrDoc string) {
	t.Helper()
	if err := e.admin.ActivateScenario(context.Background(), nameOrDoc); err != nil {
		t.Fatalf("emulatortest: %v", err)
	}
}

// ClearScenarios deactivates every scenario of the tenant.
func (e *Emulator) ClearScenarios() { e.check(e.admin.ClearScenarios(context.Background())) }

// Reset returns the tenant to the loaded world: state, clock, journal and start-up scenarios.
func (e *Emulator) Reset() { e.check(e.admin.Reset(context.Background())) }

// State is the tenant's state in the fixture format (YAML).
func (e *Emulator) State() (string, error) { return e.admin.State(context.Background()) }

// Core is the underlying emulator, for what the helpers do not cover.
func (e *Emulator) Core() *emulator.Emulator { return e.emu }
