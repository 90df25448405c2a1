package emulator

import (
	"time"

	"gopkg.in/yaml.v3"
)

// DumpState writes a tenant's state in the fixture format: loading the result gives the same world.
func (e *Emulator) DumpState(tenantName string) ([]byte, error) {
	doc, err := e.dumpNode(e.tenants.get(tenantName))
	if err != nil {
		return nil, err
	}
	return yaml.Marshal(doc)
}

// dumpNode is a tenant's state as a fixture document node.
func (e *Emulator) dumpNode(t *tenant) (*yaml.Node, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, m := range e.providers {
		g := t.states[m.Name()]
		g.mu.RLock()
		section := m.Dump(g.st)
		g.mu.RUnlock()
		var val yaml.Node
		if err := val.Encode(section); err != nil {
			return nil, err
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: m.Name()}, &val)
	}
	return doc, nil
}

// CheckFixtures loads a fixture document without serving it, reporting its first error with the
// file and line.
func (e *Emulator) CheckFixtures(file string, data []byte) error {
	_, err := loadWorld(file, data, e.plain, time.Now().UTC())
	return err
}
