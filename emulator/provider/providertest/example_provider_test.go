package providertest_test

// A provider written outside the registry, as a fourth API would be: its own OpenAPI document, one
// operation that changes state, its own envelope and catalogue, and its descriptor. It is mounted
// with emulator.Options.Providers and passes the whole conformance suite; ARCHITECTURE.md's "add a
// provider" follows the same steps.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/provider/providertest"
)

func TestRun_AProviderFromOutsideTheRegistryPassesTheSuite(t *testing.T) {
	providertest.Run(t, &switchboard{})
}

// Mounted beside the registry's providers, the fourth one serves its default world (it has no
// section in fixtures/default.yaml) while the others serve theirs.
func TestOptionsProviders_MountsAFourthProviderBesideTheRegistry(t *testing.T) {
	sb := &switchboard{}
	emu, err := emulator.New(emulator.Options{Providers: append(emulator.Registry(), sb)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range emulator.Registry() {
		if body := do(t, emu, p.Describe()); !p.Describe().Load.Do.OK(body) {
			t.Errorf("%s's load request answered %s", p.Name(), body)
		}
	}
	if body := do(t, emu, sb.Describe()); string(body) != `{"switch":{"name":"lamp","on":false}}` {
		t.Errorf("switchboard answered %s", body)
	}
}

func do(t *testing.T, emu *emulator.Emulator, d provider.Descriptor) []byte {
	t.Helper()
	req := httptest.NewRequest(d.Load.Do.Method, d.Load.Do.Path, bytes.NewReader(d.Load.Do.Body))
	for name, values := range d.Load.Do.Header {
		req.Header[name] = values
	}
	req.Header.Set(d.Credential.Header, d.Credential.Value)
	rec := httptest.NewRecorder()
	emu.Handler().ServeHTTP(rec, req)
	return rec.Body.Bytes()
}

// switchboardSpec is the provider's OpenAPI document.
const switchboardSpec = `openapi: 3.0.3
info: {title: Switchboard, version: "1"}
security:
  - key: []
paths:
  /switches/{name}:
    put:
      operationId: setSwitch
      parameters:
        - {name: name, in: path, required: true, schema: {type: string, minLength: 1}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [on]
              additionalProperties: false
              properties:
                on: {type: boolean}
      responses:
        "200":
          description: The switch as it is now.
          content:
            application/json:
              schema:
                type: object
                required: [switch]
                additionalProperties: false
                properties:
                  switch:
                    type: object
                    required: [name, on]
                    additionalProperties: false
                    properties:
                      name: {type: string}
                      on: {type: boolean}
        "400": {$ref: "#/components/responses/Fault"}
        "401": {$ref: "#/components/responses/Fault"}
        "404": {$ref: "#/components/responses/Fault"}
        "409": {$ref: "#/components/responses/Fault"}
        "413": {$ref: "#/components/responses/Fault"}
        "429": {$ref: "#/components/responses/Fault"}
        "500": {$ref: "#/components/responses/Fault"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: Authorization}
  responses:
    Fault:
      description: A failure.
      content:
        application/json:
          schema:
            type: object
            required: [fault]
            additionalProperties: false
            properties:
              fault:
                type: object
                required: [code, text]
                additionalProperties: false
                properties:
                  code: {type: string}
                  text: {type: string}
`

// switchboard is the provider: switches that a key holder turns on and off.
type switchboard struct{}

// board is one tenant's switches and the keys that may set them.
type board struct {
	Keys     []string        `yaml:"keys"`
	Switches map[string]bool `yaml:"switches"`
}

func (b *board) Clone() provider.State {
	return &board{Keys: slices.Clone(b.Keys), Switches: maps.Clone(b.Switches)}
}

const defaultKey = "sb-key-0001"

// fault is a catalogue error, rendered as {"fault":{"code","text"}} with its status.
type fault struct {
	status     int
	code, text string
}

func (f *fault) Error() string { return f.code }

var catalogue = []*fault{
	{400, "bad_request", "The request does not match the API."},
	{401, "unauthorized", "Unknown or missing key."},
	{404, "not_found", "No such switch or path."},
	{409, "already_set", "The switch is already in that position."},
	{413, "request_too_large", "The body is too large."},
	{429, "rate_limited", "Too many requests."},
	{500, "internal_error", "Something went wrong."},
}

func named(code string) *fault {
	for _, f := range catalogue {
		if f.code == code {
			return f
		}
	}
	return nil
}

func (*switchboard) Name() string               { return "switchboard" }
func (*switchboard) Spec() []byte               { return []byte(switchboardSpec) }
func (*switchboard) Owns(path string) bool      { return strings.HasPrefix(path, "/switches/") }
func (*switchboard) WriteHeaders(h http.Header) { h.Set("Content-Type", "application/json") }

func (*switchboard) Load(section *yaml.Node, _ *gofakeit.Faker, _ time.Time) (provider.State, error) {
	b := &board{Keys: []string{defaultKey}, Switches: map[string]bool{"lamp": true}}
	if section == nil {
		return b, nil
	}
	b = &board{}
	if err := section.Decode(b); err != nil {
		return nil, err
	}
	if len(b.Keys) == 0 {
		return nil, fmt.Errorf("line %d: a switchboard needs at least one key", section.Line)
	}
	return b, nil
}

func (*switchboard) Dump(st provider.State) any { return st.(*board) }

func (*switchboard) Authenticate(st provider.State, r *provider.Request) error {
	if !slices.Contains(st.(*board).Keys, r.Header.Get("Authorization")) {
		return named("unauthorized")
	}
	return nil
}

func (*switchboard) Reject(provider.State, *provider.Request, *provider.Failure) error {
	return named("bad_request")
}

func (*switchboard) Handle(st provider.State, r *provider.Request) (provider.Response, error) {
	b, name := st.(*board), r.Path["name"]
	on := r.Value.(map[string]any)["on"].(bool)
	current, ok := b.Switches[name]
	switch {
	case !ok:
		return provider.Response{}, named("not_found")
	case current == on:
		return provider.Response{}, named("already_set")
	}
	b.Switches[name] = on
	return provider.Response{Status: http.StatusOK, Body: map[string]any{"switch": map[string]any{"name": name, "on": on}}}, nil
}

func (*switchboard) Unrouted(string, string, bool) error { return named("not_found") }

func (*switchboard) Render(err error) provider.Response {
	f, ok := err.(*fault)
	if !ok {
		f = named("internal_error")
	}
	type body struct {
		Code string `json:"code"`
		Text string `json:"text"`
	}
	return provider.Response{Status: f.status, Body: map[string]body{"fault": {f.code, f.text}}}
}

func (*switchboard) ErrorNames() []string {
	var names []string
	for _, f := range catalogue {
		names = append(names, f.code)
	}
	return names
}

func (*switchboard) NamedError(name string, _ provider.State, _ *provider.Request) (error, bool) {
	if f := named(name); f != nil {
		return f, true
	}
	return nil, false
}

func (*switchboard) RateLimit() (int, time.Duration, time.Duration) { return 10, time.Second, 0 }

func (*switchboard) Describe() provider.Descriptor {
	set := func(on bool) provider.LoadRequest {
		answer := fmt.Sprintf(`{"switch":{"name":"lamp","on":%t}}`, on)
		return provider.LoadRequest{
			Method: http.MethodPut, Path: "/switches/lamp", Body: []byte(fmt.Sprintf(`{"on":%t}`, on)),
			Header: http.Header{"Content-Type": {"application/json"}},
			OK:     func(body []byte) bool { return string(body) == answer },
		}
	}
	return provider.Descriptor{
		Paths:      "/switches/...",
		Credential: provider.Credential{Header: "Authorization", Value: defaultKey},
		Load:       provider.LoadPair{Operation: "setSwitch", Do: set(false), Undo: set(true)},
		Generate: provider.Generator{Flag: "switches", Usage: "switches to add", Write: func(w io.Writer, g provider.Generation) error {
			b := bufio.NewWriter(w)
			fmt.Fprintf(b, "switchboard:\n  keys: [%s]\n  switches:\n    lamp: true\n", defaultKey)
			for i := range g.N {
				fmt.Fprintf(b, "    switch-%d: %t\n", i, g.Fake.Bool())
			}
			return b.Flush()
		}},
		CheckEnvelope: func(status int, body []byte) error {
			key := `{"fault":{"code":"`
			if status < 300 {
				key = `{"switch":{"name":"`
			}
			if !bytes.HasPrefix(body, []byte(key)) {
				return fmt.Errorf("%d answer %s does not start %s", status, body, key)
			}
			return nil
		},
		BadFixture:     "switchboard:\n  keys: [k]\n  switches:\n    lamp: maybe\n",
		BadFixtureLine: 4,
	}
}
