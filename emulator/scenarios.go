package emulator

import (
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/accessemu/accessemu/emulator/scenario"
	"github.com/accessemu/accessemu/scenarios"
)

// library is every scenario that can be activated by name: the shipped ones and those loaded at
// start-up (--scenario). It is complete once New returns and never changes afterwards, so a
// document one tenant posts can never redefine a name for another tenant or for the scenario header.
type library struct {
	byName map[string]*scenario.Scenario
	sorted []*scenario.Scenario
}

func (l *library) get(name string) (*scenario.Scenario, bool) {
	s, ok := l.byName[name]
	return s, ok
}

// put adds a scenario while the emulator is being built.
func (l *library) put(s *scenario.Scenario) {
	if _, dup := l.byName[s.Name]; !dup {
		l.sorted = append(l.sorted, s)
	}
	l.byName[s.Name] = s
	slices.SortFunc(l.sorted, func(a, b *scenario.Scenario) int { return strings.Compare(a.Name, b.Name) })
}

func (l *library) list() []*scenario.Scenario { return l.sorted }

// loadLibrary parses the shipped scenarios; one that does not fit the catalogue fails start-up.
func (e *Emulator) loadLibrary() error {
	e.library = &library{byName: map[string]*scenario.Scenario{}}
	files, err := fs.Glob(scenarios.Library, "*.yaml")
	if err != nil {
		return err
	}
	for _, f := range files {
		data, err := fs.ReadFile(scenarios.Library, f)
		if err != nil {
			return err
		}
		if !e.forMounted(data) {
			continue
		}
		s, err := scenario.Parse("scenarios/"+f, data, catalogue{e})
		if err != nil {
			return err
		}
		if want := strings.TrimSuffix(f, ".yaml"); s.Name != want {
			return fmt.Errorf("scenarios/%s: the scenario is named %q; name it after its file, %q", f, s.Name, want)
		}
		e.library.put(s)
	}
	return nil
}

// startupScenarios resolves --scenario values: a library name, or a file to parse.
func (e *Emulator) startupScenarios(refs []string) ([]*scenario.Scenario, error) {
	var out []*scenario.Scenario
	for _, ref := range refs {
		if s, ok := e.library.get(ref); ok {
			out = append(out, s)
			continue
		}
		data, err := os.ReadFile(ref)
		if err != nil {
			return nil, fmt.Errorf("--scenario %q is neither a shipped scenario (accessemu scenarios lists them) nor a readable file: %w", ref, err)
		}
		s, err := scenario.Parse(ref, data, catalogue{e})
		if err != nil {
			return nil, err
		}
		e.library.put(s)
		out = append(out, s)
	}
	return out, nil
}

// catalogue is what scenario documents are checked against: the mounted providers' operations
// and named errors.
type catalogue struct{ e *Emulator }

// Providers is part of scenario.Catalogue.
func (c catalogue) Providers() []string { return c.e.Providers() }

// HasOperation is part of scenario.Catalogue.
func (c catalogue) HasOperation(prov, op string) bool {
	e := c.e
	m := e.mounted(prov)
	return m != nil && m.spec.Operation(op) != nil
}

// HasError is part of scenario.Catalogue.
func (c catalogue) HasError(prov, name string) bool {
	e := c.e
	m := e.mounted(prov)
	if m == nil {
		return false
	}
	_, ok := m.NamedError(name, nil, nil)
	return ok
}

func (e *Emulator) mounted(name string) *mounted {
	for _, m := range e.providers {
		if m.Name() == name {
			return m
		}
	}
	return nil
}

// rateRule is each provider's real rate-limit rule.
func (e *Emulator) rateRule(prov string) (int, time.Duration, time.Duration) {
	if m := e.mounted(prov); m != nil {
		return m.RateLimit()
	}
	return 0, time.Second, 0
}
