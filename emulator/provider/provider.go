// Package provider is the contract between the emulator's request pipeline and each emulated API.
// A provider package implements Provider; the pipeline does routing, validation, locking and
// writing, the provider does authentication, domain logic and its own error envelope.
package provider

import (
	"net/http"
	"net/url"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/internal/contract"
)

// Provider is one emulated API.
type Provider interface {
	// Name is the provider's short name: its spec is openapi/<name>.yaml, its fixture section <name>:.
	Name() string
	// Owns reports whether an unrouted path belongs to this provider, so that a typo in a path still
	// gets this provider's 404 envelope.
	Owns(path string) bool
	// Load builds a world from the provider's fixture section (nil when the file has none). Fields the
	// fixture leaves out are filled from fake, in a fixed order, so the same file gives the same world.
	Load(section *yaml.Node, fake *gofakeit.Faker, now time.Time) (State, error)
	// Authenticate identifies the caller before the request is validated, setting r.Principal.
	Authenticate(st State, r *Request) error
	// Reject turns a contract failure into the provider's documented error for that case.
	Reject(st State, r *Request, f *contract.Failure) error
	// Handle runs an operation on the tenant's state; the pipeline holds the state's lock.
	Handle(st State, r *Request) (Response, error)
	// Unrouted is the error for a path the provider does not serve, or a method it does not allow.
	Unrouted(method, path string, methodNotAllowed bool) error
	// Render is the one place the provider's errors are written: err in the provider's envelope.
	// Errors it does not know are rendered as its 500.
	Render(err error) Response
	// WriteHeaders sets the headers every response of the provider carries (content type, ids).
	WriteHeaders(h http.Header)
	Cataloguer
	Dumper
	Describer
}

// State is one tenant's copy of a provider's world, including the world's options.
type State interface {
	// Clone returns a deep copy that shares nothing mutable with the original.
	Clone() State
}

// Request is one call of an operation, as the pipeline hands it to the provider.
type Request struct {
	Op     *contract.Operation
	Header http.Header
	Path   map[string]string
	Query  url.Values
	// Body is the raw request body; once validation passed it matches the operation's schema.
	Body []byte
	// Value is Body decoded (numbers as json.Number), nil without a body.
	Value any
	// Now is the tenant's clock when the request arrived.
	Now time.Time
	// Principal is whatever Authenticate established (key owner, token, ...).
	Principal any
}

// Response is a status and a value marshalled as JSON (or raw bytes when Body is []byte).
type Response struct {
	Status int
	Body   any
	// Header holds extra headers, set after the provider's own (WriteHeaders).
	Header http.Header
}

// JSONAppender is a response body that writes its own JSON, for the answers a provider gives most:
// the bytes must be exactly those encoding/json writes for the value without HTML escaping, and an
// error stands for a value encoding/json cannot write.
type JSONAppender interface {
	AppendJSON(b []byte) ([]byte, error)
}

// BodyNormalizer is implemented by providers whose real API accepts values the spec's types do not
// (e.g. a JSON number where a string is documented); it rewrites the parsed body before validation.
type BodyNormalizer interface {
	NormalizeBody(st State, op *contract.Operation, body any) any
}

// Dumper writes a provider's state back in its fixture format, so a tenant's state can be saved
// and loaded again.
type Dumper interface {
	// Dump returns the state as the provider's fixture section (marshalled as YAML), in a stable order.
	Dump(st State) any
}

// Cataloguer is the part of every provider that names its errors: its named errors, for scenarios, the admin API and
// tests. Each provider's catalogue holds at least not_found, rate_limited, request_too_large and the
// 500 that Render gives an error it does not know (providertest checks it).
type Cataloguer interface {
	// ErrorNames lists the catalogue in a stable order.
	ErrorNames() []string
	// NamedError builds the named error for a request, filling the request's ids into the message
	// where the docs show them. st and r may be nil (listing the catalogue): the docs' example values
	// are used then. It reports false for a name the catalogue lacks.
	NamedError(name string, st State, r *Request) (error, bool)
	// RateLimit is the provider's real rate-limit rule: requests allowed per window per credential,
	// and how long a client stays locked out once over (0: until the window ends).
	RateLimit() (limit int, window, lockout time.Duration)
}

// SpecSource is implemented by a provider that brings its own OpenAPI document (one written outside
// this module); the others' documents are embedded in the openapi package under their names.
type SpecSource interface {
	Spec() []byte
}
