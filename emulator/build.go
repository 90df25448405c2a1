package emulator

import (
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/fixtures"
	"github.com/accessemu/accessemu/internal/contract"
	"github.com/accessemu/accessemu/internal/worldfile"
)

// mounted is a provider with its loaded spec.
type mounted struct {
	provider.Provider
	spec *contract.Spec
}

// build loads every mounted provider's spec, the scenario library and the fixture world, restores
// the state file if there is one, and registers the routes.
func build(opts Options) (_ *Emulator, err error) {
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
		// than over minutes, so an idle emulator's RSS is about its live state. (A world generated
		// from directives is handed back as it is built: collector.Hold.)
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
