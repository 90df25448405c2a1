// Package scenario reads scenario files — named sets of rules that force a provider's documented
// errors and faults — and decides, request by request, which rule fires.
package scenario

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/internal/fixture"
)

// Scenario is a named set of rules.
type Scenario struct {
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description"`
	Rules       []Rule `yaml:"rules" json:"rules"`
}

// Rule matches requests and acts on them.
type Rule struct {
	Match Match `yaml:"match" json:"match"`

	// The action: exactly one of Error, Respond, Drop, Empty, Malformed, RateLimit — or only Delay.
	Error     string     `yaml:"error,omitempty" json:"error,omitempty"`
	Respond   *Literal   `yaml:"respond,omitempty" json:"respond,omitempty"`
	Drop      bool       `yaml:"drop,omitempty" json:"drop,omitempty"`
	Empty     bool       `yaml:"empty,omitempty" json:"empty,omitempty"`
	Malformed bool       `yaml:"malformed,omitempty" json:"malformed,omitempty"`
	RateLimit *RateLimit `yaml:"rate_limit,omitempty" json:"rate_limit,omitempty"`
	// Delay is a fixed duration ("300ms") or a range ("100ms-2s"), applied before the action.
	Delay string `yaml:"delay,omitempty" json:"delay,omitempty"`

	// Times bounds how often the rule fires (0: always).
	Times int `yaml:"times,omitempty" json:"times,omitempty"`
	// Probability makes the rule fire at random (0 or 1: every time), repeatably for a Seed.
	Probability float64 `yaml:"probability,omitempty" json:"probability,omitempty"`
	Seed        uint64  `yaml:"seed,omitempty" json:"seed,omitempty"`
	// When is "before" (default: instead of the real handling) or "after" (the real change is
	// applied first, then the client sees the action).
	When string `yaml:"when,omitempty" json:"when,omitempty"`

	delay     [2]time.Duration
	matchers  []matcher
	errorName string
}

// Literal is a response written as is.
type Literal struct {
	Status  int               `yaml:"status" json:"status"`
	Headers map[string]string `yaml:"headers,omitempty" json:"headers,omitempty"`
	Body    string            `yaml:"body,omitempty" json:"body,omitempty"`
}

// RateLimit answers the provider's rate_limited error once a credential exceeds Limit requests in
// Window, and keeps answering it for Lockout. Zero fields take the provider's real rule.
type RateLimit struct {
	Limit   int    `yaml:"limit,omitempty" json:"limit,omitempty"`
	Window  string `yaml:"window,omitempty" json:"window,omitempty"`
	Lockout string `yaml:"lockout,omitempty" json:"lockout,omitempty"`
}

// Match selects requests; empty fields match everything. Values are exact, or a regular expression
// when written between slashes (/^usr/).
type Match struct {
	Provider  string            `yaml:"provider,omitempty" json:"provider,omitempty"`
	Operation string            `yaml:"operation,omitempty" json:"operation,omitempty"`
	Tenant    string            `yaml:"tenant,omitempty" json:"tenant,omitempty"`
	Path      map[string]string `yaml:"path,omitempty" json:"path,omitempty"`
	Header    map[string]string `yaml:"header,omitempty" json:"header,omitempty"`
	Query     map[string]string `yaml:"query,omitempty" json:"query,omitempty"`
	// Body fields are dotted paths into the JSON body: access_level_id, users.0.email.
	Body map[string]string `yaml:"body,omitempty" json:"body,omitempty"`
}

// Catalogue is what validation needs to know about the providers.
type Catalogue interface {
	// HasOperation reports whether provider serves the operationId.
	HasOperation(provider, operation string) bool
	// HasError reports whether the provider's catalogue names the error.
	HasError(provider, name string) bool
	// Providers lists the provider names.
	Providers() []string
}

// Parse reads a scenario document (YAML or JSON) and checks it against the catalogue. file names the
// source in errors, which carry the line.
func Parse(file string, data []byte, cat Catalogue) (*Scenario, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var s Scenario
	if err := fixture.Decode(&root, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if err := s.prepare(&root, cat); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &s, nil
}

func (s *Scenario) prepare(root *yaml.Node, cat Catalogue) error {
	if strings.TrimSpace(s.Name) == "" {
		return fixture.Errorf(fixture.Find(root), "a scenario needs a name")
	}
	if len(s.Rules) == 0 {
		return fixture.Errorf(fixture.Find(root, "rules"), "scenario %q has no rules", s.Name)
	}
	for i := range s.Rules {
		if err := s.Rules[i].prepare(fixture.Find(root, "rules", i), cat); err != nil {
			return err
		}
	}
	return nil
}

func (r *Rule) prepare(node *yaml.Node, cat Catalogue) error {
	at := func(path ...any) *yaml.Node { return fixture.Find(node, path...) }
	if r.Error != "" {
		prov, name, qualified := strings.Cut(r.Error, ".")
		if !qualified {
			prov, name = r.Match.Provider, r.Error
		}
		if r.Match.Provider == "" {
			r.Match.Provider = prov
		}
		if prov != r.Match.Provider {
			return fixture.Errorf(at("error"), "error %q belongs to %s but the rule matches provider %s", r.Error, prov, r.Match.Provider)
		}
		if !cat.HasError(prov, name) {
			return fixture.Errorf(at("error"), "%q is not in the error catalogue (see accessemu errors)", r.Error)
		}
		r.errorName = name
	}
	if p := r.Match.Provider; p != "" && !slices.Contains(cat.Providers(), p) {
		return fixture.Errorf(at("match", "provider"), "unknown provider %q (known: %s)", p, strings.Join(cat.Providers(), ", "))
	}
	if op := r.Match.Operation; op != "" {
		if r.Match.Provider == "" {
			return fixture.Errorf(at("match", "operation"), "match.operation needs match.provider")
		}
		if !cat.HasOperation(r.Match.Provider, op) {
			return fixture.Errorf(at("match", "operation"), "%s has no operation %q (operationIds are in GET /__emulator/openapi/%s.yaml)", r.Match.Provider, op, r.Match.Provider)
		}
	}
	if r.RateLimit != nil && r.Match.Provider == "" {
		return fixture.Errorf(at("rate_limit"), "rate_limit needs match.provider, whose real rule and 429 it uses")
	}
	actions := 0
	for _, set := range []bool{r.Error != "", r.Respond != nil, r.Drop, r.Empty, r.Malformed, r.RateLimit != nil} {
		if set {
			actions++
		}
	}
	if actions > 1 || (actions == 0 && r.Delay == "") {
		return fixture.Errorf(node, "a rule takes exactly one action: error, respond, drop, empty, malformed or rate_limit (a delay may come with it, or stand alone)")
	}
	if r.Respond != nil && (r.Respond.Status < 100 || r.Respond.Status > 599) {
		return fixture.Errorf(at("respond", "status"), "respond.status %d is not an HTTP status", r.Respond.Status)
	}
	switch r.When {
	case "", "before", "after":
	default:
		return fixture.Errorf(at("when"), "when must be before or after, not %q", r.When)
	}
	if r.When == "after" && r.RateLimit != nil {
		return fixture.Errorf(at("when"), "a rate limit acts before the request is handled; drop when: after")
	}
	if r.Probability < 0 || r.Probability > 1 {
		return fixture.Errorf(at("probability"), "probability must be between 0 and 1")
	}
	if r.Times < 0 {
		return fixture.Errorf(at("times"), "times must not be negative")
	}
	if r.Delay != "" {
		d, err := parseDelay(r.Delay)
		if err != nil {
			return fixture.Errorf(at("delay"), "delay %q: want a duration (300ms) or a range (100ms-2s)", r.Delay)
		}
		r.delay = d
	}
	if rl := r.RateLimit; rl != nil {
		for name, v := range map[string]string{"window": rl.Window, "lockout": rl.Lockout} {
			if v == "" {
				continue
			}
			if d, err := time.ParseDuration(v); err != nil || d <= 0 {
				return fixture.Errorf(at("rate_limit", name), "rate_limit.%s %q: want a duration such as 1s or 30s", name, v)
			}
		}
	}
	for _, group := range []struct {
		kind   string
		fields map[string]string
	}{{"path", r.Match.Path}, {"header", r.Match.Header}, {"query", r.Match.Query}, {"body", r.Match.Body}} {
		for field, want := range group.fields {
			m, err := newMatcher(group.kind, field, want)
			if err != nil {
				return fixture.Errorf(at("match", group.kind, field), "%v", err)
			}
			r.matchers = append(r.matchers, m)
		}
	}
	return nil
}

func parseDelay(s string) ([2]time.Duration, error) {
	lo, hi, isRange := strings.Cut(s, "-")
	a, err := time.ParseDuration(strings.TrimSpace(lo))
	if err != nil || a < 0 {
		return [2]time.Duration{}, fmt.Errorf("bad delay")
	}
	b := a
	if isRange {
		if b, err = time.ParseDuration(strings.TrimSpace(hi)); err != nil || b < a {
			return [2]time.Duration{}, fmt.Errorf("bad delay range")
		}
	}
	return [2]time.Duration{a, b}, nil
}

// DelayOnly reports whether the rule only delays the real answer.
func (r *Rule) DelayOnly() bool {
	return r.Error == "" && r.Respond == nil && !r.Drop && !r.Empty && !r.Malformed && r.RateLimit == nil
}

// After reports whether the rule acts once the real change is made.
func (r *Rule) After() bool { return r.When == "after" }

// ErrorName is the rule's catalogue error without its provider prefix.
func (r *Rule) ErrorName() string { return r.errorName }

// DelayFor picks the rule's delay, uniformly within its range.
func (r *Rule) DelayFor(rng *rand.Rand) time.Duration {
	lo, hi := r.delay[0], r.delay[1]
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(rng.Int64N(int64(hi-lo)+1))
}

// RateRule resolves the rule's rate limit against the provider's real rule.
func (r *Rule) RateRule(limit int, window, lockout time.Duration) (int, time.Duration, time.Duration) {
	if r.RateLimit.Limit > 0 {
		limit = r.RateLimit.Limit
	}
	if d, err := time.ParseDuration(r.RateLimit.Window); err == nil {
		window = d
	}
	if d, err := time.ParseDuration(r.RateLimit.Lockout); err == nil {
		lockout = d
	}
	return limit, window, lockout
}

// matcher checks one request field.
type matcher struct {
	kind, field string
	exact       string
	re          *regexp.Regexp
}

func newMatcher(kind, field, want string) (matcher, error) {
	m := matcher{kind: kind, field: field, exact: want}
	if len(want) >= 2 && strings.HasPrefix(want, "/") && strings.HasSuffix(want, "/") {
		re, err := regexp.Compile(want[1 : len(want)-1])
		if err != nil {
			return m, fmt.Errorf("match.%s.%s: bad regular expression: %v", kind, field, err)
		}
		m.re = re
	}
	return m, nil
}

func (m matcher) matches(v string, present bool) bool {
	if !present {
		return false
	}
	if m.re != nil {
		return m.re.MatchString(v)
	}
	return v == m.exact
}

// bodyField walks a dotted path through a decoded JSON value and renders the scalar it reaches.
func bodyField(body any, path string) (string, bool) {
	cur := body
	for _, step := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[step]
			if !ok {
				return "", false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(v) {
				return "", false
			}
			cur = v[i]
		default:
			return "", false
		}
	}
	switch v := cur.(type) {
	case string:
		return v, true
	case nil:
		return "null", true
	case map[string]any, []any:
		return "", false
	default:
		return fmt.Sprint(v), true
	}
}
