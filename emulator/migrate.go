package emulator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/internal/statelog"
)

// migrateYAMLState turns a state file of the earlier format (one YAML document, each tenant's
// state under tenants:) into a state database at the same path: each tenant becomes a snapshot.
// The database is built beside the old file and renamed over it once complete, so an interrupted
// migration leaves the old file as it was; the old file is kept as PATH.v1.yaml.
func (e *Emulator) migrateYAMLState(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	docs, err := e.readYAMLState(data)
	if err != nil {
		return fmt.Errorf("written by an earlier accessemu in the YAML state format, and not readable as one (%v)", err)
	}
	now := time.Now().UTC()
	building := path + ".migrating"
	for _, f := range []string{building, statelog.WALPath(building)} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	store, err := statelog.Open(building, statelog.Options{})
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := store.Compact(d.tenant, (&record{kind: recordState, now: now, body: d.doc}).marshal(), 0); err != nil {
			store.Close()
			return err
		}
	}
	if err := store.Close(); err != nil {
		return err
	}
	backup := path + ".v1.yaml"
	if err := os.Link(path, backup); errors.Is(err, os.ErrExist) {
		if kept, rerr := os.ReadFile(backup); rerr != nil || !bytes.Equal(kept, data) {
			return fmt.Errorf("written by an earlier accessemu in the YAML state format; it would be kept as %s, which exists already with other content", backup)
		}
	} else if err != nil {
		return err
	}
	// The log file first: until the database is renamed, the old file is what a start finds.
	if err := os.Rename(statelog.WALPath(building), statelog.WALPath(path)); err != nil {
		return err
	}
	if err := os.Rename(building, path); err != nil {
		return err
	}
	e.log.Info("state file migrated from the earlier YAML format", "file", path, "tenants", len(docs), "kept", backup)
	return nil
}

// tenantDoc is one tenant's state in the earlier format, as a fixture document.
type tenantDoc struct {
	tenant string
	doc    []byte
}

// readYAMLState reads every tenant of the earlier format, checking that each loads.
func (e *Emulator) readYAMLState(data []byte) ([]tenantDoc, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	var tenants *yaml.Node
	if len(root.Content) == 1 && root.Content[0].Kind == yaml.MappingNode {
		top := root.Content[0]
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == "tenants" {
				tenants = top.Content[i+1]
			}
		}
	}
	if tenants == nil || tenants.Kind != yaml.MappingNode {
		return nil, errors.New("want a mapping with a tenants key")
	}
	var docs []tenantDoc
	for i := 0; i+1 < len(tenants.Content); i += 2 {
		name, node := tenants.Content[i].Value, tenants.Content[i+1]
		if _, err := loadWorldNode("tenant "+name, node, e.plain, time.Now().UTC()); err != nil {
			return nil, err
		}
		doc, err := yaml.Marshal(node)
		if err != nil {
			return nil, err
		}
		docs = append(docs, tenantDoc{tenant: name, doc: doc})
	}
	return docs, nil
}
