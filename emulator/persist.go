package emulator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"gopkg.in/yaml.v3"
)

// saveEvery is how soon a change reaches the state file; Close writes what is left.
const saveEvery = 100 * time.Millisecond

// persister keeps every tenant's state in one file (--state-file), written atomically: a temporary
// file in the same directory, synced, then renamed over the old one.
type persister struct {
	path  string
	dirty atomic.Bool
	stop  chan struct{}
	done  chan struct{}
}

// changed notes that some tenant's state changed and must be saved.
func (e *Emulator) changed() {
	if e.persist != nil {
		e.persist.dirty.Store(true)
	}
}

// restoreState loads the tenants of an existing state file. A file that cannot be read as one is
// an error: it is never replaced silently.
func (e *Emulator) restoreState(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // created on the first save
	}
	if err != nil {
		return fmt.Errorf("--state-file: %w", err)
	}
	corrupt := func(err error) error {
		return fmt.Errorf("state file %s is not a saved state (%v); fix it or move it away: it is never replaced silently", path, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return corrupt(err)
	}
	if len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return corrupt(errors.New("want a mapping with a tenants key"))
	}
	var tenantsNode *yaml.Node
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "tenants" {
			tenantsNode = top.Content[i+1]
		}
	}
	if tenantsNode == nil || tenantsNode.Kind != yaml.MappingNode {
		return corrupt(errors.New("want a mapping with a tenants key"))
	}
	now := time.Now().UTC()
	for i := 0; i+1 < len(tenantsNode.Content); i += 2 {
		name := tenantsNode.Content[i].Value
		w, err := loadWorldNode(path+": tenant "+name, tenantsNode.Content[i+1], e.plain, now)
		if err != nil {
			return corrupt(err)
		}
		e.tenants.install(name, w)
	}
	return nil
}

// startSaving saves changed state in the background until Close.
func (e *Emulator) startSaving(path string) {
	p := &persister{path: path, stop: make(chan struct{}), done: make(chan struct{})}
	e.persist = p
	go func() {
		defer close(p.done)
		tick := time.NewTicker(saveEvery)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-tick.C:
				if p.dirty.Swap(false) {
					if err := e.saveState(); err != nil {
						p.dirty.Store(true)
						e.log.Error("saving state", "file", path, "err", err)
					}
				}
			}
		}
	}()
}

// saveState writes every tenant's state to the state file atomically.
func (e *Emulator) saveState() error {
	tenantsNode := &yaml.Node{Kind: yaml.MappingNode}
	for _, name := range e.tenants.names() {
		doc, err := e.dumpNode(e.tenants.get(name))
		if err != nil {
			return err
		}
		tenantsNode.Content = append(tenantsNode.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: name}, doc)
	}
	root := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "tenants"}, tenantsNode}}
	data, err := yaml.Marshal(root)
	if err != nil {
		return err
	}
	path := e.persist.path
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Close stops background work and writes the state file one last time. Call it after the server
// has drained, so no accepted change is lost.
func (e *Emulator) Close() error {
	p := e.persist
	if p == nil {
		return nil
	}
	select {
	case <-p.stop:
		return nil // closed already
	default:
	}
	close(p.stop)
	<-p.done
	return e.saveState()
}
