// Package worldfile reads big fixture files fast: it cuts a plain document into its top-level
// sections and parses them, and long runs of one-line items inside them, on every core. Anything
// it is not sure to read as yaml.v3 reads the whole document is left to the caller's serial path,
// which also gives the exact error with its line.
package worldfile

import (
	"bytes"
	"slices"
	"sync"

	"gopkg.in/yaml.v3"
)

// ParallelFrom is the fixture size from which sections are parsed and loaded in parallel: YAML
// parsing dominates the start-up of a big world, and each provider's section is independent.
// (A variable only so that tests can take the parallel path with a small document.)
var ParallelFrom = 1 << 20

// Parallel parses each top-level section of a plain block-mapping document in its own goroutine
// and hands it to load there, with its index in names (the sections a document may have, in
// order; nil for one the document lacks) and the document's seed (1 when it has none). It reports
// false for any document it is not sure to read as the serial path does (directives, flow or
// anchored roots, repeated or unknown sections), and when any load reports false.
func Parallel(data []byte, names []string, load func(i int, section *yaml.Node, seed int64) bool) bool {
	chunks, ok := topLevelChunks(data)
	if !ok {
		return false
	}
	seed := int64(1)
	if c, ok := chunks["seed"]; ok {
		val, ok := sectionOf(c, "seed")
		if !ok || val.Decode(&seed) != nil {
			return false
		}
		delete(chunks, "seed")
	}
	for name := range chunks {
		if !slices.Contains(names, name) {
			return false
		}
	}
	loaded := make([]bool, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var section *yaml.Node
			if c, ok := chunks[name]; ok {
				if section, ok = parseSection(c, name); !ok {
					return
				}
			}
			loaded[i] = load(i, section, seed)
		}()
	}
	wg.Wait()
	return !slices.Contains(loaded, false)
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
