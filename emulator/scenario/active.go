package scenario

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/accessemu/accessemu/internal/contract"
)

// Request is what rules match against.
type Request struct {
	Provider  string
	Operation string
	Tenant    string
	Path      map[string]string
	Header    http.Header
	Query     url.Values
	// RawBody is decoded for body matchers on first use only.
	RawBody    []byte
	Credential string
	Now        time.Time

	decoded any
	parsed  bool
}

// body is the request's JSON body, nil when absent or not JSON.
func (req *Request) body() any {
	if !req.parsed {
		req.parsed = true
		req.decoded, _ = contract.DecodeJSON(req.RawBody)
	}
	return req.decoded
}

// Decision is a rule that fires for a request.
type Decision struct {
	Scenario string
	Rule     *Rule
	// RateLimited is set when a rate_limit rule fires: answer the provider's rate_limited error.
	RateLimited bool
	Delay       time.Duration
}

// RuleOf gives a provider's real rate-limit rule.
type RuleOf func(provider string) (limit int, window, lockout time.Duration)

// Active is a scenario in use, with the counters its rules keep: how often each fired, its random
// source, and rate-limit windows per credential.
type Active struct {
	*Scenario
	mu     sync.Mutex
	fired  []int
	rngs   []*rand.Rand
	limits map[limitKey]*rateWindow
}

type limitKey struct {
	rule       int
	credential string
}

type rateWindow struct {
	start  time.Time
	count  int
	locked time.Time // answers 429 until then
}

// Activate starts a scenario with fresh counters.
func Activate(s *Scenario) *Active {
	a := &Active{Scenario: s, fired: make([]int, len(s.Rules)), limits: map[limitKey]*rateWindow{}}
	for i, r := range s.Rules {
		a.rngs = append(a.rngs, rand.New(rand.NewPCG(r.Seed, uint64(i))))
	}
	return a
}

// decide returns the first rule of the scenario that fires for req, or nil.
func (a *Active) decide(req *Request, ruleOf RuleOf) *Decision {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range a.Rules {
		r := &a.Rules[i]
		if !r.matches(req) {
			continue
		}
		if r.Probability > 0 && r.Probability < 1 && a.rngs[i].Float64() >= r.Probability {
			continue
		}
		if r.Times > 0 && a.fired[i] >= r.Times {
			continue
		}
		d := &Decision{Scenario: a.Name, Rule: r}
		if r.RateLimit != nil {
			if !a.overLimit(i, r, req, ruleOf) {
				continue
			}
			d.RateLimited = true
		}
		a.fired[i]++
		d.Delay = r.DelayFor(a.rngs[i])
		return d
	}
	return nil
}

// overLimit counts the request in its credential's window and reports whether it is over the limit.
func (a *Active) overLimit(i int, r *Rule, req *Request, ruleOf RuleOf) bool {
	limit, window, lockout := r.RateRule(ruleOf(req.Provider))
	key := limitKey{rule: i, credential: req.Credential}
	w := a.limits[key]
	now := req.Now
	if w == nil {
		w = &rateWindow{start: now}
		a.limits[key] = w
	}
	if now.Before(w.locked) {
		return true
	}
	if !now.Before(w.start.Add(window)) {
		w.start, w.count = now, 0
	}
	w.count++
	if w.count <= limit {
		return false
	}
	if lockout > 0 {
		w.locked = now.Add(lockout)
		w.start, w.count = w.locked, 0
	} else {
		w.locked = w.start.Add(window)
	}
	return true
}

func (r *Rule) matches(req *Request) bool {
	m := r.Match
	if (m.Provider != "" && m.Provider != req.Provider) ||
		(m.Operation != "" && m.Operation != req.Operation) ||
		(m.Tenant != "" && m.Tenant != req.Tenant) {
		return false
	}
	for _, f := range r.matchers {
		var v string
		var ok bool
		switch f.kind {
		case "path":
			v, ok = req.Path[f.field]
		case "header":
			vals := req.Header.Values(f.field)
			if ok = len(vals) > 0; ok {
				v = vals[0]
			}
		case "query":
			vals, present := req.Query[f.field]
			if ok = present && len(vals) > 0; ok {
				v = vals[0]
			}
		case "body":
			v, ok = bodyField(req.body(), f.field)
		}
		if !f.matches(v, ok) {
			return false
		}
	}
	return true
}

// Set is a tenant's active scenarios, consulted in the order they were added.
type Set struct {
	mu   sync.RWMutex
	list []*Active
}

// MaxActive is how many scenarios one tenant may have active at once, so that what tests post to a
// long-lived shared emulator cannot grow its memory without bound.
const MaxActive = 64

// ErrTooMany refuses a scenario that would make a tenant's set larger than MaxActive.
var ErrTooMany = fmt.Errorf("a tenant may have at most %d active scenarios; deactivate one first", MaxActive)

// Add activates a scenario, replacing an active one of the same name. It refuses (ErrTooMany) a new
// name once MaxActive are active.
func (s *Set) Add(sc *Scenario) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, a := range s.list {
		if a.Name == sc.Name {
			s.list[i] = Activate(sc)
			return nil
		}
	}
	if len(s.list) >= MaxActive {
		return ErrTooMany
	}
	s.list = append(s.list, Activate(sc))
	return nil
}

// Remove deactivates the named scenario.
func (s *Set) Remove(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, a := range s.list {
		if a.Name == name {
			s.list = append(s.list[:i], s.list[i+1:]...)
			return true
		}
	}
	return false
}

// Replace swaps the whole set for fresh activations of scenarios.
func (s *Set) Replace(scenarios []*Scenario) {
	list := make([]*Active, 0, len(scenarios))
	for _, sc := range scenarios {
		list = append(list, Activate(sc))
	}
	s.mu.Lock()
	s.list = list
	s.mu.Unlock()
}

// Any reports whether any scenario is active, so a request can skip building what rules match on.
func (s *Set) Any() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.list) > 0
}

// Status is an active scenario with how often each of its rules fired.
type Status struct {
	*Scenario
	Fired []int `json:"fired"`
}

// List describes the active scenarios.
func (s *Set) List() []Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Status, 0, len(s.list))
	for _, a := range s.list {
		a.mu.Lock()
		out = append(out, Status{Scenario: a.Scenario, Fired: append([]int(nil), a.fired...)})
		a.mu.Unlock()
	}
	return out
}

// Decide returns the first rule of the first scenario that fires, or nil. Once (a per-request
// scenario) is consulted first.
func (s *Set) Decide(req *Request, ruleOf RuleOf, once *Active) *Decision {
	if once != nil {
		if d := once.decide(req, ruleOf); d != nil {
			return d
		}
	}
	s.mu.RLock()
	list := s.list
	s.mu.RUnlock()
	for _, a := range list {
		if d := a.decide(req, ruleOf); d != nil {
			return d
		}
	}
	return nil
}
