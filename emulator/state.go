package emulator

import (
	"gopkg.in/yaml.v3"
)

// dumpNode is a tenant's state as a fixture document node.
func (e *Emulator) dumpNode(t *tenant) (*yaml.Node, error) {
	return e.docNode(func(m *mounted) any {
		g := t.states[m.Name()]
		g.mu.RLock()
		defer g.mu.RUnlock()
		return m.Dump(g.st)
	})
}

// dumpWorld writes a world nobody else holds in the fixture format.
func (e *Emulator) dumpWorld(w world) ([]byte, error) {
	doc, err := e.docNode(func(m *mounted) any { return m.Dump(w[m.Name()]) })
	if err != nil {
		return nil, err
	}
	return yaml.Marshal(doc)
}

// docNode is a fixture document of each provider's dumped section.
func (e *Emulator) docNode(dump func(*mounted) any) (*yaml.Node, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, m := range e.providers {
		section := dump(m)
		var val yaml.Node
		if err := val.Encode(section); err != nil {
			return nil, err
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: m.Name()}, &val)
	}
	return doc, nil
}
