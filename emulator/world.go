package emulator

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/fixture"
)

// world is a loaded fixture file: every provider's state, the template each tenant copies.
type world map[string]provider.State

// parallelFrom is the fixture size from which sections are parsed and loaded in parallel: YAML
// parsing dominates the start-up of a big world, and each provider's section is independent.
// (A variable only so that tests can take the parallel path with a small document.)
var parallelFrom = 1 << 20

// loadWorld builds a world from a fixture file. file names the source in error messages.
func loadWorld(file string, data []byte, providers []provider.Provider, now time.Time) (world, error) {
	if len(data) >= parallelFrom {
		defer raiseGCPercent(400)()
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
	w := world{}
	for _, p := range providers {
		st, err := p.Load(sections[p.Name()], faker(seed, p), now)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, p.Name(), err)
		}
		w[p.Name()] = st
	}
	return w, nil
}

// raiseGCPercent makes the collector run less often while a big world is built, which is nearly
// all live data, so that collecting early frees little and costs a fifth of the load's CPU. It
// never lowers a higher setting, and returns the undo.
func raiseGCPercent(p int) func() {
	old := debug.SetGCPercent(p)
	if old < 0 || old >= p {
		debug.SetGCPercent(old)
		return func() {}
	}
	return func() { debug.SetGCPercent(old) }
}

// faker is a provider's own seeded source, so editing one section never changes the fake data of
// another.
func faker(seed int64, p provider.Provider) *gofakeit.Faker {
	h := fnv.New64a()
	h.Write([]byte(p.Name()))
	return gofakeit.New(seed ^ int64(h.Sum64()>>1))
}

// loadParallel parses and loads each top-level section of a plain block-mapping document in its own
// goroutine. It reports false for any document it is not sure to read as the serial path does
// (directives, flow or anchored roots, repeated or unknown sections) and for any error.
func loadParallel(data []byte, providers []provider.Provider, now time.Time) (world, bool) {
	chunks, ok := topLevelChunks(data)
	if !ok {
		return nil, false
	}
	seed := int64(1)
	if c, ok := chunks["seed"]; ok {
		val, ok := sectionOf(c, "seed")
		if !ok || val.Decode(&seed) != nil {
			return nil, false
		}
		delete(chunks, "seed")
	}
	for name := range chunks {
		if !slices.ContainsFunc(providers, func(p provider.Provider) bool { return p.Name() == name }) {
			return nil, false
		}
	}
	states := make([]provider.State, len(providers))
	var wg sync.WaitGroup
	for i, p := range providers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var section *yaml.Node
			if c, ok := chunks[p.Name()]; ok {
				if section, ok = parseSection(c, p.Name()); !ok {
					return
				}
			}
			if st, err := p.Load(section, faker(seed, p), now); err == nil {
				states[i] = st
			}
		}()
	}
	wg.Wait()
	w := world{}
	for i, p := range providers {
		if states[i] == nil {
			return nil, false
		}
		w[p.Name()] = states[i]
	}
	return w, true
}

// topLevelChunks cuts a document into its top-level "key:" blocks. It refuses (false) any line at
// column 0 that is not blank, a comment or a plain key, and any key given twice.
func topLevelChunks(data []byte) (map[string][]byte, bool) {
	chunks := map[string][]byte{}
	key, start := "", -1
	for pos := 0; pos < len(data); {
		end := bytes.IndexByte(data[pos:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += pos + 1
		}
		line := data[pos:end]
		if len(line) > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '\n' && line[0] != '\r' {
			name, ok := plainKey(line)
			if !ok {
				return nil, false
			}
			if start >= 0 {
				chunks[key] = data[start:pos]
			}
			if _, dup := chunks[name]; dup || name == key {
				return nil, false
			}
			key, start = name, pos
		} else if start < 0 && len(bytes.TrimSpace(line)) > 0 && line[0] != '#' {
			return nil, false // indented content before the first key
		}
		pos = end
	}
	if start >= 0 {
		chunks[key] = data[start:]
	}
	return chunks, true
}

// plainKey reads "name:" (then a space, a comment or the end of the line) at the start of a line.
func plainKey(line []byte) (string, bool) {
	i := 0
	for i < len(line) && (line[i] >= 'a' && line[i] <= 'z' || line[i] >= 'A' && line[i] <= 'Z' || line[i] >= '0' && line[i] <= '9' || line[i] == '_' || line[i] == '-') {
		i++
	}
	if i == 0 || i >= len(line) || line[i] != ':' || line[0] == '-' {
		return "", false
	}
	if rest := line[i+1:]; len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\n' && rest[0] != '\r' {
		return "", false
	}
	return string(line[:i]), true
}

// sectionOf parses one "key: ..." chunk and returns the key's value.
func sectionOf(chunk []byte, key string) (*yaml.Node, bool) {
	var root yaml.Node
	if err := yaml.Unmarshal(chunk, &root); err != nil || len(root.Content) != 1 {
		return nil, false
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode || len(doc.Content) != 2 || doc.Content[0].Value != key {
		return nil, false
	}
	return doc.Content[1], true
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
		if !known {
			return nil, 0, fixture.Errorf(key, "unknown section %q (known: seed, %s)", key.Value, names(providers))
		}
		sections[key.Value] = val
	}
	return sections, seed, nil
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
