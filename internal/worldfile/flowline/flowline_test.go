package flowline

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// describe writes every field of a node tree that a decoder or an error message reads.
func describe(b *strings.Builder, n *yaml.Node) {
	fmt.Fprintf(b, "(%d %s %q %d %d:%d", n.Kind, n.Tag, n.Value, n.Style, n.Line, n.Column)
	for _, c := range n.Content {
		describe(b, c)
	}
	b.WriteString(")")
}

// The one-line items a generated world holds give exactly the nodes yaml.v3 gives, lines and
// columns included.
func TestParseFlowLines_GivesYAMLv3sNodes(t *testing.T) {
	doc := strings.Join([]string{
		`    - {customer_user_id: gen-user-0, access_levels: [{access_level_id: premium, expires_at: now+12d}]}`,
		`    - {email: ada.lovelace.1@example.com, admin: true}`,
		`    - {email: x.2@partner.example.org, member: false}`,
		`    - {product_id: 65a1b2c3d4e5f60718293a4b, roblox_id: "3000000001"}`,
		`    - {id: 0af3, name: "Ergonomic Steel Chair", n: 12, f: 1.5, z: null, t: ~x, e: [], m: {}, neg: -3, d: 2024-01-02}`,
		`    - { spaced :x, a: b }`,
	}, "\n") + "\n"
	lines := bytes.SplitAfter([]byte(doc), []byte("\n"))
	lines = lines[:len(lines)-1]
	for i, l := range lines {
		var want yaml.Node
		if err := yaml.Unmarshal(append(bytes.Repeat([]byte("\n"), i), l...), &want); err != nil {
			t.Fatal(err)
		}
		got, ok := ParseLines([][]byte{l}, 4, i+1)
		if strings.Contains(string(l), "spaced") || strings.Contains(string(l), "~x") {
			if ok {
				t.Errorf("line %d: taken, want it left to yaml.v3", i+1)
			}
			continue
		}
		if !ok {
			t.Fatalf("line %d refused: %s", i+1, l)
		}
		var g, w strings.Builder
		describe(&g, got[0])
		describe(&w, want.Content[0].Content[0])
		if g.String() != w.String() {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, g.String(), w.String())
		}
	}
}

func TestParseFlowLines_LeavesWhatItIsNotSureOfToYAMLv3(t *testing.T) {
	for _, l := range []string{
		"- {a: b} # comment\n", "- {a: \"es\\\"c\"}\n", "- {a: 'single'}\n", "- {a: b\n", "- {a: b}}\n",
		"- {a: @x}\n", "- {a: b, a: c, : d}\n", "- plain\n", "- {a: &x b}\n", "- {a: *x}\n", "- {a: !!str b}\n",
		"- {a: b c}\n", "- {a: [b, ]}\n", "- {a: -}\n",
	} {
		if _, ok := ParseLines([][]byte{[]byte(l)}, 0, 1); ok {
			t.Errorf("%q was taken", l)
		}
	}
}
