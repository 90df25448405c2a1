// Package flowline reads the one-line items of a generated world fast, and keeps each as a line
// node rather than a tree of nodes.
package flowline

import (
	"gopkg.in/yaml.v3"
)

// A generated world's items are one line each, a flow mapping of plain and double-quoted scalars
// ("- {email: ada.1@example.com, admin: true}"). ParseLines reads a piece of such lines straight
// into the nodes yaml.v3 would build, from a few large blocks rather than one allocation per node,
// and without yaml.v3's scanner, which is most of a big world's start-up. It takes only a subset it
// is sure of and reports false for anything else, which yaml.v3 then parses.

// arena hands out nodes and Content slices from blocks; a checking arena hands out one scratch
// node, for a parse that only checks a line.
type arena struct {
	nodes    []yaml.Node
	ptrs     []*yaml.Node
	checking bool
	scratch  yaml.Node
}

func (a *arena) node(kind yaml.Kind, tag, value string, style yaml.Style, line, column int) *yaml.Node {
	if a.checking {
		return &a.scratch
	}
	if len(a.nodes) == cap(a.nodes) {
		a.nodes = make([]yaml.Node, 0, 4096)
	}
	a.nodes = append(a.nodes, yaml.Node{Kind: kind, Tag: tag, Value: value, Style: style, Line: line, Column: column})
	return &a.nodes[len(a.nodes)-1]
}

// content copies children into a slice of its own.
func (a *arena) content(children []*yaml.Node) []*yaml.Node {
	if len(children) == 0 || a.checking {
		return nil
	}
	if cap(a.ptrs)-len(a.ptrs) < len(children) {
		a.ptrs = make([]*yaml.Node, 0, max(8192, len(children)))
	}
	start := len(a.ptrs)
	a.ptrs = append(a.ptrs, children...)
	return a.ptrs[start:len(a.ptrs):len(a.ptrs)]
}

// flowParser reads one line at a time.
type flowParser struct {
	a       *arena
	line    []byte
	pos     int
	lineNo  int
	column0 int // the line's indentation, cut off before parsing
	// stack holds the children of the collections being read, reused across lines.
	stack []*yaml.Node
}

// ParseLines parses lines, each "- " and a flow mapping, dedented by indent, the first at
// lineNo, into the items of a sequence.
func ParseLines(lines [][]byte, indent, lineNo int) ([]*yaml.Node, bool) {
	return (&flowParser{a: &arena{}, column0: indent}).items(lines, lineNo)
}

// items parses lines into the items of a sequence, or, checking, only checks them (the items are
// then the scratch node).
func (p *flowParser) items(lines [][]byte, lineNo int) ([]*yaml.Node, bool) {
	indent := p.column0
	items := make([]*yaml.Node, 0, len(lines))
	for i, l := range lines {
		p.line, p.pos, p.lineNo = l[indent:], 0, lineNo+i
		if len(p.line) < 3 || p.line[0] != '-' || p.line[1] != ' ' {
			return nil, false
		}
		p.pos = 2
		p.spaces()
		if p.pos >= len(p.line) || p.line[p.pos] != '{' {
			return nil, false
		}
		n, ok := p.value()
		if !ok {
			return nil, false
		}
		p.spaces()
		if !p.atEnd() {
			return nil, false
		}
		items = append(items, n)
	}
	return items, true
}

func (p *flowParser) spaces() {
	for p.pos < len(p.line) && p.line[p.pos] == ' ' {
		p.pos++
	}
}

// atEnd reports whether only the line break is left.
func (p *flowParser) atEnd() bool {
	rest := p.line[p.pos:]
	return len(rest) == 0 || string(rest) == "\n" || string(rest) == "\r\n"
}

func (p *flowParser) column() int { return p.column0 + p.pos + 1 }

func (p *flowParser) value() (*yaml.Node, bool) {
	if p.pos >= len(p.line) {
		return nil, false
	}
	switch p.line[p.pos] {
	case '{':
		return p.collection(yaml.MappingNode, '}')
	case '[':
		return p.collection(yaml.SequenceNode, ']')
	case '"':
		return p.quoted()
	}
	return p.plain()
}

// collection reads a flow mapping (each entry "key: value") or sequence up to its closing byte.
func (p *flowParser) collection(kind yaml.Kind, closing byte) (*yaml.Node, bool) {
	tag := "!!seq"
	if kind == yaml.MappingNode {
		tag = "!!map"
	}
	n := p.a.node(kind, tag, "", yaml.FlowStyle, p.lineNo, p.column())
	p.pos++
	base := len(p.stack)
	defer func() { p.stack = p.stack[:base] }()
	p.spaces()
	if p.pos < len(p.line) && p.line[p.pos] == closing {
		p.pos++
		return n, true
	}
	for {
		if kind == yaml.MappingNode {
			key, ok := p.plain()
			if !ok || p.pos+1 >= len(p.line) || p.line[p.pos] != ':' || p.line[p.pos+1] != ' ' {
				return nil, false
			}
			p.pos += 2
			p.spaces()
			p.stack = append(p.stack, key)
		}
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, v)
		p.spaces()
		if p.pos >= len(p.line) {
			return nil, false
		}
		switch p.line[p.pos] {
		case ',':
			p.pos++
			p.spaces()
			continue
		case closing:
			p.pos++
			n.Content = p.a.content(p.stack[base:])
			return n, true
		}
		return nil, false
	}
}

// plainByte reports the bytes a plain scalar of this subset is made of: none of them is a flow
// indicator, a comment or a mapping value indicator.
func plainByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '+' || c == '@' || c == '/'
}

// plain reads a plain scalar and tags it as yaml.v3 resolves it.
func (p *flowParser) plain() (*yaml.Node, bool) {
	start := p.pos
	for p.pos < len(p.line) && plainByte(p.line[p.pos]) {
		p.pos++
	}
	// "@" cannot start a plain scalar, nor "-" followed by what is not part of the scalar.
	if p.pos == start || p.line[start] == '@' || p.line[start] == '-' && p.pos == start+1 {
		return nil, false
	}
	if p.a.checking {
		return &p.a.scratch, true
	}
	n := p.a.node(yaml.ScalarNode, "", string(p.line[start:p.pos]), 0, p.lineNo, p.column0+start+1)
	n.Tag = n.ShortTag()
	return n, true
}

// quoted reads a double-quoted scalar without escapes.
func (p *flowParser) quoted() (*yaml.Node, bool) {
	start := p.pos
	p.pos++
	for p.pos < len(p.line) && p.line[p.pos] != '"' {
		if c := p.line[p.pos]; c == '\\' || c < ' ' || c == 0x7f {
			return nil, false
		}
		p.pos++
	}
	if p.pos >= len(p.line) {
		return nil, false
	}
	p.pos++
	if p.a.checking {
		return &p.a.scratch, true
	}
	return p.a.node(yaml.ScalarNode, "!!str", string(p.line[start+1:p.pos-1]), yaml.DoubleQuotedStyle, p.lineNo, p.column0+start+1), true
}
