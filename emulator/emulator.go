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
	"os"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/scenario"
	"github.com/accessemu/accessemu/fixtures"
	"github.com/accessemu/accessemu/internal/contract"
	"github.com/accessemu/accessemu/internal/worldfile"
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

// mounted is a provider with its loaded spec.
type mounted struct {
	provider.Provider
	spec *contract.Spec
}

// New loads the specs and the fixture world and builds the HTTP handler. A broken spec or fixture
// file is an error here, never at request time.
func New(opts Options) (_ *Emulator, err error) {
	e := &Emulator{opts: opts, log: opts.Logger}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	var plain []provider.Provider
	provs := opts.Providers
	if provs == nil {
		provs = Registry()
	}
	for _, p := range provs {
		raw, err := SpecOf(p)
		if err != nil {
			return nil, err
		}
		spec, err := contract.Load(p.Name(), raw)
		if err != nil {
			return nil, err
		}
		e.providers = append(e.providers, &mounted{Provider: p, spec: spec})
		plain = append(plain, p)
	}
	if err := e.loadLibrary(); err != nil {
		return nil, err
	}
	startup, err := e.startupScenarios(opts.Scenarios)
	if err != nil {
		return nil, err
	}
	e.startup = startup
	file, data := "fixtures/default.yaml (embedded)", fixtures.Default
	switch {
	case opts.Fixtures != nil:
		file, data = "fixtures (in memory)", opts.Fixtures
	case opts.FixturesFile != "":
		var err error
		if data, err = os.ReadFile(opts.FixturesFile); err != nil {
			return nil, fmt.Errorf("fixtures: %w", err)
		}
		file = opts.FixturesFile
	}
	e.plain = plain
	now := time.Now().UTC()
	if opts.StateFile != "" {
		// Opened first: the world is loaded at the time the saved tenants started from it.
		if now, err = e.openState(opts.StateFile, data); err != nil {
			return nil, err
		}
		defer func() {
			if err != nil {
				e.Close()
			}
		}()
	}
	w, err := loadWorld(file, data, plain, now)
	if err != nil {
		return nil, err
	}
	if len(data) >= worldfile.ParallelFrom {
		// Parsing a big world leaves hundreds of MB of garbage; hand it back to the OS now rather
		// than over minutes, so an idle emulator's RSS is about its live state.
		go debug.FreeOSMemory()
	}
	if opts.JournalSize == 0 {
		opts.JournalSize = DefaultJournalSize
	}
	if opts.ReadTimeout == 0 {
		opts.ReadTimeout = DefaultReadTimeout
	}
	if opts.MaxTenants == 0 {
		opts.MaxTenants = DefaultMaxTenants
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	e.opts = opts
	e.tenants = newTenants(w, opts.JournalSize, opts.MaxTenants, e.startup)
	e.metrics, e.streams = newMetrics(e.tenants), newStreams()
	if e.persist != nil {
		if err = e.restoreState(); err != nil {
			return nil, err
		}
		e.persist.store.Each(e.persist.compactor.consider)
	}
	e.echo = e.routes()
	return e, nil
}

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
