package providertest

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// catalogue forces each named error with a scenario on the load pair's Do, each in a tenant of its
// own, and expects the answer the provider renders for that error, that request and that state: the
// probe records Render(NamedError(...)) as the pipeline asks for it.
func catalogue(t *testing.T, p provider.Provider, world []byte) {
	spec, err := emulator.SpecOf(p)
	if err != nil {
		t.Fatal(err)
	}
	pr := &probe{Provider: p, spec: spec}
	s := mountWith(t, pr, emulator.Options{Fixtures: world})
	names := p.ErrorNames()
	for _, required := range []string{"not_found", "rate_limited", "request_too_large"} {
		if _, ok := p.NamedError(required, nil, nil); !ok {
			t.Errorf("the catalogue has no %s", required)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			tenant := "force-" + strings.NewReplacer("_", "-", ".", "-").Replace(strings.ToLower(name))
			doc := fmt.Sprintf("name: %s\nrules:\n  - match: {provider: %s}\n    error: %q\n", tenant, p.Name(), name)
			if err := s.emu.ActivateScenario(tenant, doc); err != nil {
				t.Fatalf("forcing %s: %v", name, err)
			}
			pr.forget()
			got := s.send(t, tenant, s.d.Load.Do)
			want, ok := pr.last()
			if !ok {
				t.Fatalf("the scenario fired but the pipeline never asked for %s; answer %d %s", name, got.status, got.body)
			}
			if body := encode(t, want.Body); got.status != want.Status || !bytes.Equal(got.body, body) {
				t.Errorf("forced %s answered %d %s, want %d %s", name, got.status, got.body, want.Status, body)
			}
		})
	}
}

// probe is the provider under test, recording the last named error the pipeline asked it for,
// rendered for the request and state it was asked with.
type probe struct {
	provider.Provider
	spec     []byte
	mu       sync.Mutex
	rendered *provider.Response
}

func (p *probe) NamedError(name string, st provider.State, r *provider.Request) (error, bool) {
	err, ok := p.Provider.NamedError(name, st, r)
	if ok && r != nil {
		resp := p.Provider.Render(err)
		p.mu.Lock()
		p.rendered = &resp
		p.mu.Unlock()
	}
	return err, ok
}

func (p *probe) forget() {
	p.mu.Lock()
	p.rendered = nil
	p.mu.Unlock()
}

func (p *probe) last() (provider.Response, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rendered == nil {
		return provider.Response{}, false
	}
	return *p.rendered, true
}

// Spec serves the provider's own document under the probe.
func (p *probe) Spec() []byte { return p.spec }

// NormalizeBody passes the body to the provider's normalizer, if it has one.
func (p *probe) NormalizeBody(st provider.State, op *contract.Operation, body any) any {
	if n, ok := p.Provider.(provider.BodyNormalizer); ok {
		return n.NormalizeBody(st, op, body)
	}
	return body
}
