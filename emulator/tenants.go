package emulator

import (
	"sync"

	"github.com/accessemu/accessemu/emulator/clock"
	"github.com/accessemu/accessemu/emulator/provider"
)

// DefaultTenant is the tenant of requests that name none.
const DefaultTenant = "default"

// tenant is one isolated copy of the world with its own clock.
type tenant struct {
	name   string
	clock  clock.Clock
	states map[string]*guarded
}

// guarded is a provider's state in one tenant with the lock every request on it takes.
type guarded struct {
	mu sync.RWMutex
	st provider.State
}

// tenants creates each tenant from the loaded world on first use.
type tenants struct {
	mu     sync.RWMutex
	world  world
	byName map[string]*tenant
}

func newTenants(w world) *tenants {
	return &tenants{world: w, byName: map[string]*tenant{}}
}

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
	t = &tenant{name: name, states: map[string]*guarded{}}
	for p, st := range ts.world.clone() {
		t.states[p] = &guarded{st: st}
	}
	ts.byName[name] = t
	return t
}
