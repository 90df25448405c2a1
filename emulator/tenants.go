package emulator

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/accessemu/accessemu/emulator/clock"
	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/scenario"
)

// tenant is one isolated copy of the world with its own clock.
type tenant struct {
	name      string
	clock     clock.Clock
	journal   *journal.Journal
	scenarios scenario.Set
	states    map[string]*guarded
	// removed is set, under every state's lock, when the tenant is deleted: a request that held
	// it from before then changes nothing anyone sees again, and is not saved.
	removed atomic.Bool
}

// guarded is a provider's state in one tenant with the lock every request on it takes.
type guarded struct {
	mu sync.RWMutex
	st provider.State
}

// tenants creates each tenant from the loaded world on first use.
type tenants struct {
	mu          sync.RWMutex
	world       world
	journalSize int
	// max caps how many tenants requests may create, so random tenant names cannot exhaust memory.
	max int
	// startup are the scenarios each tenant starts with.
	startup []*scenario.Scenario
	byName  map[string]*tenant
}

func newTenants(w world, journalSize, max int, startup []*scenario.Scenario) *tenants {
	return &tenants{world: w, journalSize: journalSize, max: max, startup: startup, byName: map[string]*tenant{}}
}

// lookup returns a tenant, creating it from the loaded world unless the cap is reached.
func (ts *tenants) lookup(name string) (*tenant, error) {
	ts.mu.RLock()
	t := ts.byName[name]
	ts.mu.RUnlock()
	if t != nil { // the common case: one look, under the lock once
		return t, nil
	}
	if err := ts.room(name); err != nil {
		return nil, err
	}
	return ts.get(name), nil
}

// room refuses a tenant that does not exist yet when the cap is reached.
func (ts *tenants) room(name string) error {
	ts.mu.RLock()
	t, n := ts.byName[name], len(ts.byName)
	ts.mu.RUnlock()
	if t == nil && n >= ts.max {
		return fmt.Errorf("tenant %q cannot be created: the emulator holds its limit of %d tenants; delete unused ones (DELETE /__emulator/tenants/{tenant}) or raise --max-tenants", name, ts.max)
	}
	return nil
}

// get returns a tenant, creating it from the loaded world on first use whatever the cap (for the
// Go API and internal use; requests go through lookup).
func (ts *tenants) get(name string) *tenant {
	ts.mu.RLock()
	t := ts.byName[name]
	ts.mu.RUnlock()
	if t != nil {
		return t
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if t = ts.byName[name]; t != nil {
		return t
	}
	t = ts.newTenant(name, ts.world.clone())
	ts.byName[name] = t
	return t
}

func (ts *tenants) newTenant(name string, w world) *tenant {
	t := &tenant{name: name, journal: journal.New(ts.journalSize), states: map[string]*guarded{}}
	t.scenarios.Replace(ts.startup)
	for p, st := range w {
		t.states[p] = &guarded{st: st}
	}
	return t
}

// existing returns a tenant without creating it.
func (ts *tenants) existing(name string) *tenant {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	return ts.byName[name]
}

// install creates a tenant from a given world (a saved state) before serving starts.
func (ts *tenants) install(name string, w world) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.byName[name] = ts.newTenant(name, w)
}

// names lists the tenants created so far, sorted.
func (ts *tenants) names() []string {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	names := make([]string, 0, len(ts.byName))
	for n := range ts.byName {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// remove forgets a tenant; its next use starts from the loaded world again.
func (ts *tenants) remove(name string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	_, ok := ts.byName[name]
	delete(ts.byName, name)
	return ok
}

// lockAll takes every state's lock, in a fixed order, for a change of the whole tenant.
func (t *tenant) lockAll() {
	for _, name := range t.order() {
		t.states[name].mu.Lock()
	}
}

func (t *tenant) unlockAll() {
	for _, g := range t.states {
		g.mu.Unlock()
	}
}

// find returns a tenant that exists, or nil; the default tenant always exists.
func (ts *tenants) find(name string) *tenant {
	if name == DefaultTenant {
		return ts.get(name)
	}
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	return ts.byName[name]
}

// order lists the tenant's providers sorted: the order in which all their locks are taken.
func (t *tenant) order() []string {
	names := make([]string, 0, len(t.states))
	for name := range t.states {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// replaceLocked swaps a tenant's state for w (a copy of the loaded world on reset, a loaded
// document on a state upload); the caller holds every state's lock.
func (t *tenant) replaceLocked(w world) {
	for name, g := range t.states {
		g.st = w[name]
	}
}
