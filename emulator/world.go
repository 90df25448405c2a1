package emulator

import (
	"fmt"
	"hash/fnv"
	"slices"
	"sync"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/collector"
	"github.com/accessemu/accessemu/internal/fixture"
	"github.com/accessemu/accessemu/internal/worldfile"
)

// world is a loaded fixture file: every provider's state, the template each tenant copies.
type world map[string]provider.State

// loadWorld builds a world from a fixture file. file names the source in error messages.
func loadWorld(file string, data []byte, providers []provider.Provider, now time.Time) (world, error) {
	if len(data) >= worldfile.ParallelFrom {
		defer collector.Raise(400)()
		if w, ok := loadParallel(data, providers, now); ok {
			return w, nil
		}
		// A document the fast path does not take, or one with an error: the serial path gives
		// the exact error with its line.
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return loadWorldNode(file, &root, providers, now)
}

// loadWorldNode builds a world from a parsed fixture document, keeping its line numbers.
func loadWorldNode(file string, root *yaml.Node, providers []provider.Provider, now time.Time) (world, error) {
	sections, seed, err := splitSections(root, providers)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	// Each provider's section is independent: they load side by side (a generated section builds
	// millions of identities), and the first provider's error in order is the one reported.
	states, errs := make([]provider.State, len(providers)), make([]error, len(providers))
	var wg sync.WaitGroup
	for i, p := range providers {
		wg.Go(func() { states[i], errs[i] = p.Load(sections[p.Name()], faker(seed, p), now) })
	}
	wg.Wait()
	w := world{}
	for i, p := range providers {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, p.Name(), errs[i])
		}
		w[p.Name()] = states[i]
	}
	return w, nil
}

// faker is a provider's own seeded source, so editing one section never changes the fake data of
// another.
func faker(seed int64, p provider.Provider) *gofakeit.Faker {
	h := fnv.New64a()
	h.Write([]byte(p.Name()))
	return gofakeit.New(seed ^ int64(h.Sum64()>>1))
}

// loadParallel parses and loads each provider's section in its own goroutine; it reports false
// for a document the parallel path does not take and for any error (see worldfile.Parallel).
func loadParallel(data []byte, providers []provider.Provider, now time.Time) (world, bool) {
	names := make([]string, len(providers))
	for i, p := range providers {
		names[i] = p.Name()
	}
	states := make([]provider.State, len(providers))
	ok := worldfile.Parallel(data, names, func(i int, section *yaml.Node, seed int64) bool {
		st, err := providers[i].Load(section, faker(seed, providers[i]), now)
		states[i] = st
		return err == nil
	})
	if !ok {
		return nil, false
	}
	w := world{}
	for i, p := range providers {
		w[p.Name()] = states[i]
	}
	return w, true
}

func splitSections(root *yaml.Node, providers []provider.Provider) (map[string]*yaml.Node, int64, error) {
	sections := map[string]*yaml.Node{}
	seed := int64(1)
	doc := root
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return sections, seed, nil
		}
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		return nil, 0, fixture.Errorf(doc, "a fixture file is a mapping with the sections seed, %s", names(providers))
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		key, val := doc.Content[i], doc.Content[i+1]
		if key.Value == "seed" {
			if err := val.Decode(&seed); err != nil {
				return nil, 0, fixture.Errorf(val, "seed must be an integer")
			}
			continue
		}
		known := false
		for _, p := range providers {
			known = known || p.Name() == key.Value
		}
		if !known && registered(key.Value) {
			// A world written for every provider also serves an emulator that mounts some of them.
			continue
		}
		if !known {
			return nil, 0, fixture.Errorf(key, "unknown section %q (known: seed, %s)", key.Value, names(providers))
		}
		sections[key.Value] = val
	}
	return sections, seed, nil
}

// registered reports whether name is a provider of the registry.
func registered(name string) bool {
	return slices.ContainsFunc(Registry(), func(p provider.Provider) bool { return p.Name() == name })
}

func names(providers []provider.Provider) string {
	s := ""
	for i, p := range providers {
		if i > 0 {
			s += ", "
		}
		s += p.Name()
	}
	return s
}

// clone copies every provider's state for a new tenant.
func (w world) clone() world {
	c := make(world, len(w))
	for name, st := range w {
		c[name] = st.Clone()
	}
	return c
}
