package flowline

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestLineNodes_ExpandToYAMLv3sNodesAtTheirLine(t *testing.T) {
	lines := [][]byte{
		[]byte("      - {a: b, c: [{d: \"e f\"}, {}], g: 12}\n"),
		[]byte("      - {h: i}\r\n"),
	}
	items, ok := LineNodes(lines, 6, 40)
	if !ok || len(items) != 2 {
		t.Fatalf("taken = %v, %d items", ok, len(items))
	}
	if !IsLine(items[1]) || items[1].Value != "{h: i}" || items[1].Line != 41 || items[1].Column != 9 {
		t.Fatalf("line node = %+v", *items[1])
	}
	want, _ := ParseLines(lines, 6, 40)
	for i := range items {
		var g, w strings.Builder
		describe(&g, Expand(items[i]))
		describe(&w, want[i])
		if g.String() != w.String() {
			t.Errorf("item %d expands to\n %s\nwant %s", i, g.String(), w.String())
		}
	}
	if _, ok := LineNodes([][]byte{[]byte("  - {a: b}\n"), []byte("  - {a: 'c'}\n")}, 2, 1); ok {
		t.Error("a piece with a line outside the subset was taken")
	}
}

func TestFields_GiveEachKeyAndValueInOrder(t *testing.T) {
	var got []string
	all := Fields(`{a: b, q: "x, {y}", s: [{k: v}, 2], m: {n: "]"}, z: null}`, func(k string, v Value) bool {
		got = append(got, fmt.Sprintf("%s=%d:%s:%v", k, v.Kind, v.Text, v.Quoted))
		return true
	})
	want := []string{"a=8:b:false", "q=8:x, {y}:true", "s=2:[{k: v}, 2]:false", "m=4:{n: \"]\"}:false", "z=8:null:false"}
	if !all || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	var items []string
	Items("[{k: v}, 2, \"s\"]", func(v Value) bool { items = append(items, v.Text); return true })
	if fmt.Sprint(items) != "[{k: v} 2 s]" {
		t.Fatalf("items = %q", items)
	}
	if Fields("{a: b, c: d}", func(k string, _ Value) bool { return k != "a" }) {
		t.Fatal("a refused field was not reported")
	}
	if s, ok := (Value{Kind: yaml.ScalarNode, Text: "~"}).String(); ok || s != "" {
		t.Fatal("a plain null read as a string")
	}
	if _, ok := (Value{Kind: yaml.ScalarNode, Text: "True"}).Bool(); ok {
		t.Fatal("True, which the line readers leave to yaml.v3, read as a bool")
	}
}
