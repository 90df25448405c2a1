package flowline

import (
	"bytes"
	"strings"
	"unsafe"

	"gopkg.in/yaml.v3"
)

// LineTag tags a line node: a one-line item of a long run, a flow mapping, kept as its text
// rather than as a tree of nodes, which for a big world would take several times the memory of
// the world itself. An item type that reads its fixture through an UnmarshalYAML method receives
// the line node as it is and may read it with Fields; any other reader expands it (Expand) into
// the nodes yaml.v3 would have built. Only text ParseLines takes becomes a line node, so the
// two readings agree.
const LineTag = "!accessemu/line"

// IsLine reports whether n is a line node.
func IsLine(n *yaml.Node) bool { return n != nil && n.Kind == yaml.ScalarNode && n.Tag == LineTag }

// LineNodes makes one line node of each line ("- {...}" dedented by indent), the first at lineNo,
// or reports false when any line is not in the subset ParseLines takes.
func LineNodes(lines [][]byte, indent, lineNo int) ([]*yaml.Node, bool) {
	p := &flowParser{a: &arena{checking: true}, column0: indent}
	if _, ok := p.items(lines, lineNo); !ok {
		return nil, false
	}
	block := make([]yaml.Node, len(lines))
	items := make([]*yaml.Node, len(lines))
	for i, l := range lines {
		// The text shares the file's bytes, which the load holds anyway and nobody changes; what
		// a reader keeps of it, it copies (Value.String).
		text := bytes.TrimRight(l[indent+2:], " \r\n")
		block[i] = yaml.Node{Kind: yaml.ScalarNode, Tag: LineTag, Value: unsafe.String(unsafe.SliceData(text), len(text)), Line: lineNo + i, Column: indent + 3}
		items[i] = &block[i]
	}
	return items, true
}

// Expand is a line node's mapping as yaml.v3 would have built it; any other node is returned as
// it is.
func Expand(n *yaml.Node) *yaml.Node {
	if !IsLine(n) {
		return n
	}
	p := &flowParser{a: &arena{}, column0: n.Column - 3}
	items, ok := p.items([][]byte{[]byte(strings.Repeat(" ", p.column0) + "- " + n.Value)}, n.Line)
	if !ok { // never: only text the parser takes becomes a line node
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column}
	}
	return items[0]
}

// Value is a value of a line node's mapping: a scalar's text (Quoted when double-quoted), or a
// flow sequence or mapping's text, brackets included.
type Value struct {
	Kind   yaml.Kind
	Text   string
	Quoted bool
}

// Null reports whether v is a plain null.
func (v Value) Null() bool {
	return v.Kind == yaml.ScalarNode && !v.Quoted && (v.Text == "null" || v.Text == "Null" || v.Text == "NULL" || v.Text == "~")
}

// Fields calls f with each key and value of a flow mapping's text, a line node's Value or a
// mapping Value's Text, in order, until f reports false; it reports whether f never did.
func Fields(text string, f func(key string, v Value) bool) bool {
	return entries(text, func(k string, v Value) bool { return f(k, v) }, true)
}

// Items calls f with each item of a flow sequence's text, in order, until f reports false; it
// reports whether f never did.
func Items(text string, f func(v Value) bool) bool {
	return entries(text, func(_ string, v Value) bool { return f(v) }, false)
}

// entries walks text the parser has taken already, so it only needs to find where things end.
func entries(text string, f func(key string, v Value) bool, mapping bool) bool {
	pos := 1 // past the opening bracket
	skip := func() {
		for pos < len(text) && text[pos] == ' ' {
			pos++
		}
	}
	for {
		skip()
		if pos >= len(text)-1 {
			return true // the closing bracket
		}
		key := ""
		if mapping {
			end := pos
			for text[end] != ':' {
				end++
			}
			key, pos = text[pos:end], end+2
			skip()
		}
		var v Value
		switch start := pos; text[pos] {
		case '"':
			end := strings.IndexByte(text[pos+1:], '"') + pos + 1
			v, pos = Value{Kind: yaml.ScalarNode, Text: text[start+1 : end], Quoted: true}, end+1
		case '{', '[':
			depth, quoted := 0, false
			for ; ; pos++ {
				switch c := text[pos]; {
				case c == '"':
					quoted = !quoted
				case quoted:
				case c == '{' || c == '[':
					depth++
				case c == '}' || c == ']':
					depth--
				}
				if depth == 0 {
					break
				}
			}
			pos++
			v = Value{Kind: yaml.SequenceNode, Text: text[start:pos]}
			if text[start] == '{' {
				v.Kind = yaml.MappingNode
			}
		default:
			for pos < len(text) && plainByte(text[pos]) {
				pos++
			}
			v = Value{Kind: yaml.ScalarNode, Text: text[start:pos]}
		}
		if !f(key, v) {
			return false
		}
		skip()
		if pos < len(text) && text[pos] == ',' {
			pos++
		}
	}
}

// String is a scalar's value as yaml.v3 decodes it into a string, copied out of the line; it
// reports false for a collection and for a plain null, which a caller leaves to yaml.v3.
func (v Value) String() (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Null() {
		return "", false
	}
	return strings.Clone(v.Text), true
}

// Bool is a plain true or false; it reports false for anything else.
func (v Value) Bool() (bool, bool) {
	if v.Kind != yaml.ScalarNode || v.Quoted || v.Text != "true" && v.Text != "false" {
		return false, false
	}
	return v.Text == "true", true
}
