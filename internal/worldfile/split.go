package worldfile

import (
	"bytes"
	"strconv"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/internal/worldfile/flowline"
)

// A generated world is mostly long runs of one-line sequence items (users, licences, profiles).
// parseSection cuts such runs into pieces that parse on every core, then splices their items back
// in order, so a big world's start-up is bounded by the machine rather than one section's parse.
// (Variables only so that tests can split small documents.)
var (
	// runFrom is the number of one-line items from which a run is parsed in pieces.
	runFrom = 4096
	// pieceItems is the size of a piece.
	pieceItems = 8192
)

// placeholder stands for a run in the rest of the section while it parses; a document that
// contains it is parsed whole.
const placeholder = "__accessemu_run_"

// run is lines [from, to) of a section: one-line items of a block sequence at one indentation.
type run struct {
	from, to int
	indent   int
}

// parseSection parses one "key: ..." chunk and returns the key's value, as sectionOf does.
func parseSection(chunk []byte, key string) (*yaml.Node, bool) {
	if len(chunk) < ParallelFrom/4 || bytes.Contains(chunk, []byte(placeholder)) {
		return sectionOf(chunk, key)
	}
	lines := bytes.SplitAfter(chunk, []byte("\n"))
	runs := oneLineRuns(lines)
	if len(runs) == 0 {
		return sectionOf(chunk, key)
	}
	// The rest of the section, each run replaced by one placeholder item.
	var rest bytes.Buffer
	prev := 0
	for i, r := range runs {
		for _, l := range lines[prev:r.from] {
			rest.Write(l)
		}
		rest.Write(bytes.Repeat([]byte(" "), r.indent))
		rest.WriteString("- " + placeholder + strconv.Itoa(i) + "\n")
		prev = r.to
	}
	for _, l := range lines[prev:] {
		rest.Write(l)
	}
	// Each piece is dedented and parsed as a sequence of its own, all at once.
	items := make([][][]*yaml.Node, len(runs))
	ok := true
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, r := range runs {
		items[i] = make([][]*yaml.Node, (r.to-r.from+pieceItems-1)/pieceItems)
		for p := range items[i] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				from := r.from + p*pieceItems
				pieceLines := lines[from:min(r.to, from+pieceItems)]
				if nodes, ok := flowline.LineNodes(pieceLines, r.indent, from+1); ok {
					items[i][p] = nodes
					return
				}
				if nodes, ok := flowline.ParseLines(pieceLines, r.indent, from+1); ok {
					items[i][p] = nodes
					return
				}
				var piece bytes.Buffer
				for _, l := range pieceLines {
					piece.Write(l[r.indent:])
				}
				var doc yaml.Node
				err := yaml.Unmarshal(piece.Bytes(), &doc)
				if err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode {
					mu.Lock()
					ok = false
					mu.Unlock()
					return
				}
				items[i][p] = doc.Content[0].Content
			}()
		}
	}
	section, sok := sectionOf(rest.Bytes(), key)
	wg.Wait()
	if !ok || !sok {
		return nil, false
	}
	spliced := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.SequenceNode {
			var content []*yaml.Node
			for _, c := range n.Content {
				if i, isRun := runIndex(c, len(runs)); isRun {
					for _, piece := range items[i] {
						content = append(content, piece...)
					}
					spliced++
					continue
				}
				content = append(content, c)
			}
			n.Content = content
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(section)
	return section, spliced == len(runs)
}

// runIndex reports whether n is the placeholder of run i.
func runIndex(n *yaml.Node, runs int) (int, bool) {
	if n.Kind != yaml.ScalarNode || len(n.Value) <= len(placeholder) || n.Value[:len(placeholder)] != placeholder {
		return 0, false
	}
	for i := range runs {
		if n.Value == placeholder+strconv.Itoa(i) {
			return i, true
		}
	}
	return 0, false
}

// oneLineRuns finds runs of at least runFrom consecutive lines that are each a whole sequence item
// ("- ..." at one indentation, the next item on the next line). An item whose next line is more
// indented continues there, so it ends the run without being part of it.
func oneLineRuns(lines [][]byte) []run {
	var runs []run
	for i := 0; i < len(lines); {
		indent, isItem := itemIndent(lines[i])
		if !isItem {
			i++
			continue
		}
		j := i + 1
		for j < len(lines) {
			if in, ok := itemIndent(lines[j]); !ok || in != indent {
				break
			}
			j++
		}
		end := j
		if next := nextContent(lines, j); next >= 0 && indentOf(lines[next]) > indent {
			end-- // the last item continues on the following lines
		}
		if end-i >= runFrom {
			runs = append(runs, run{from: i, to: end, indent: indent})
		}
		i = j
	}
	return runs
}

// itemIndent reports a line of the form <spaces>"- "<something> and its indentation.
func itemIndent(line []byte) (int, bool) {
	n := indentOf(line)
	rest := bytes.TrimRight(line[n:], "\r\n")
	return n, len(rest) > 2 && rest[0] == '-' && rest[1] == ' ' && rest[2] != ' ' && rest[2] != '#'
}

func indentOf(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

// nextContent is the index of the first line from i on that is neither blank nor a comment, or -1.
func nextContent(lines [][]byte, i int) int {
	for ; i < len(lines); i++ {
		t := bytes.TrimSpace(lines[i])
		if len(t) > 0 && t[0] != '#' {
			return i
		}
	}
	return -1
}
