// Package emulator is accessemu's core: one echo server that serves every provider's operations from
// its OpenAPI document, with per-tenant state. The binary (cmd/accessemu) and in-process tests
// (emulator/emulatortest) both use it.
package emulator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/clock"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/scenario"
	"github.com/accessemu/accessemu/openapi"
)

// Options configure an emulator. The zero value serves the embedded default world.
type Options struct {
	// Providers are the APIs to serve; nil serves every provider of the registry (Registry). Each
	// one's OpenAPI document comes from the embedded openapi package unless it provides its own
	// (provider.SpecSource).
	Providers []provider.Provider
	// FixturesFile is a fixture file to load instead of the embedded default world.
	FixturesFile string
	// Fixtures is a fixture document to load; it wins over FixturesFile.
	Fixtures []byte
	// Logger receives the emulator's logs; nil discards them.
	Logger *slog.Logger
	// JournalSize is how many requests each tenant's journal keeps (default 1000).
	JournalSize int
	// AdminToken, when set, is required as "Authorization: Bearer <token>" on every admin route.
	AdminToken string
	// Scenarios are active in every tenant from the start: shipped scenario names or file paths.
	Scenarios []string
	// MaxBodyBytes caps a request body (default 10 MiB); a larger one gets the provider's
	// request_too_large error.
	MaxBodyBytes int64
	// StateFile, when set, keeps every tenant's state across restarts in this file: each change is
	// on disk before it is applied and answered; Close closes it.
	StateFile string
	// StateSyncByOS leaves syncing the state file to the operating system: a change is written
	// before it is answered, so it survives the emulator's crash, but not the machine's (after a
	// power cut the file may be refused as damaged). Faster, since no answer waits for the disk.
	StateSyncByOS bool
	// MaxTenants caps how many tenants requests may create (default 1000).
	MaxTenants int
	// ReadTimeout bounds reading a whole request, headers and body (default 30 s), so a slow or
	// stalled client cannot hold a connection open (Serve only).
	ReadTimeout time.Duration
}

// AdminPrefix is the reserved path prefix of the emulator's own API; no provider path starts with it.
const AdminPrefix = "/__emulator"

// TenantHeader names the tenant of a request, as an alternative to the /t/{tenant} path prefix.
const TenantHeader = "Accessemu-Tenant"

// DefaultTenant is the tenant of requests that name none.
const DefaultTenant = "default"

// ScenarioHeader activates a scenario for one request, like Prism's Prefer header.
const ScenarioHeader = "Accessemu-Scenario"

// FaultHeader marks an answer on a provider path that is not the emulated API's: a scenario's
// literal, empty or malformed answer, or the emulator's own usage error. Its value says which.
const FaultHeader = "Accessemu-Fault"

// DefaultReadTimeout is the request read limit when Options.ReadTimeout is zero.
const DefaultReadTimeout = 30 * time.Second

// DefaultMaxTenants is the tenant cap when Options.MaxTenants is zero.
const DefaultMaxTenants = 1000

// DefaultMaxBodyBytes is the body cap when Options.MaxBodyBytes is zero.
const DefaultMaxBodyBytes = 10 << 20

// DefaultJournalSize is the journal bound per tenant when Options.JournalSize is zero.
const DefaultJournalSize = 1000

// Emulator serves the emulated APIs.
type Emulator struct {
	opts      Options
	log       *slog.Logger
	echo      *echo.Echo
	providers []*mounted
	// plain is the provider list in registry order, for loading worlds.
	plain   []provider.Provider
	tenants *tenants
	library *library
	// startup are the scenarios every tenant starts with (--scenario).
	startup []*scenario.Scenario
	persist *persister
	metrics *metricsSet
	streams *streams
}

// New loads the specs and the fixture world and builds the HTTP handler. A broken spec or fixture
// file is an error here, never at request time.
func New(opts Options) (*Emulator, error) { return build(opts) }

// Handler is the emulator as an http.Handler, for httptest or an existing server.
func (e *Emulator) Handler() http.Handler { return e.echo }

// Providers lists the emulated providers with the base path of their operations.
func (e *Emulator) Providers() []string {
	var names []string
	for _, m := range e.providers {
		names = append(names, m.Name())
	}
	return names
}

// Serve answers requests on ln until ctx is cancelled, then drains in-flight requests.
func (e *Emulator) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           e.echo,
		ReadHeaderTimeout: min(10*time.Second, e.opts.ReadTimeout),
		ReadTimeout:       e.opts.ReadTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(e.log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(e.streams.end)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Reset returns a tenant to the loaded world: state, clock, journal and the start-up scenarios.
// With a state file that cannot be written, nothing changes (the log says why).
func (e *Emulator) Reset(tenantName string) { _ = e.reset(e.tenants.get(tenantName)) }

// Journal returns a tenant's recorded requests that match f, oldest first.
func (e *Emulator) Journal(tenantName string, f journal.Filter) []journal.Entry {
	return e.tenants.get(tenantName).journal.List(f)
}

// ClearJournal drops a tenant's recorded requests.
func (e *Emulator) ClearJournal(tenantName string) { e.tenants.get(tenantName).journal.Clear() }

// Clock is a tenant's clock, to set or advance from Go tests. Changes made through it are not
// saved in the state file; the admin API's are.
func (e *Emulator) Clock(tenantName string) *clock.Clock { return &e.tenants.get(tenantName).clock }

// ParseScenario checks a scenario document against this emulator's specs and catalogues.
func (e *Emulator) ParseScenario(file string, data []byte) (*scenario.Scenario, error) {
	return scenario.Parse(file, data, catalogue{e})
}

// Scenarios lists the scenarios that can be activated by name.
func (e *Emulator) Scenarios() []*scenario.Scenario { return e.library.list() }

// CatalogueEntry is one named error as the provider answers it.
type CatalogueEntry struct {
	Provider string `json:"provider"`
	Name     string `json:"name"`
	Status   int    `json:"status"`
	Body     string `json:"body"`
}

// Catalogue lists every provider's named errors with the bodies they are answered with (the docs'
// example ids filled in).
func (e *Emulator) Catalogue() []CatalogueEntry {
	var out []CatalogueEntry
	for _, m := range e.providers {
		for _, name := range m.ErrorNames() {
			err, _ := m.NamedError(name, nil, nil)
			resp := m.Render(err)
			body, enc := encode(resp.Body)
			out = append(out, CatalogueEntry{Provider: m.Name(), Name: name, Status: resp.Status, Body: string(body)})
			enc.release()
		}
	}
	return out
}

// ActivateScenario activates a scenario in a tenant: one of the library by name, or a scenario
// document (YAML or JSON), which lives in that tenant only.
func (e *Emulator) ActivateScenario(tenantName, nameOrDoc string) error {
	s, ok := e.library.get(nameOrDoc)
	if !ok {
		var err error
		if s, err = e.ParseScenario("scenario", []byte(nameOrDoc)); err != nil {
			return err
		}
	}
	return e.tenants.get(tenantName).scenarios.Add(s)
}

// DeactivateScenarios removes every active scenario from a tenant.
func (e *Emulator) DeactivateScenarios(tenantName string) {
	e.tenants.get(tenantName).scenarios.Replace(nil)
}

// DumpState writes a tenant's state in the fixture format: loading the result gives the same world.
func (e *Emulator) DumpState(tenantName string) ([]byte, error) {
	doc, err := e.dumpNode(e.tenants.get(tenantName))
	if err != nil {
		return nil, err
	}
	return yaml.Marshal(doc)
}

// CheckFixtures loads a fixture document without serving it, reporting its first error with the
// file and line.
func (e *Emulator) CheckFixtures(file string, data []byte) error {
	_, err := loadWorld(file, data, e.plain, time.Now().UTC())
	return err
}

// Close stops background work and closes the state file, once what was saved is on disk. Call it
// after the server has drained.
func (e *Emulator) Close() error {
	p := e.persist
	if p == nil {
		return nil
	}
	p.compactor.close()
	return p.store.Close()
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
