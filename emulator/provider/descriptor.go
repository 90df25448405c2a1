package provider

import (
	"io"
	"net/http"

	"github.com/brianvoe/gofakeit/v6"
)

// Descriptor is what the emulator's tools and tests know of a provider beyond serving it, so that
// none of them names a provider: the start-up banner, generated worlds, the load generator, the
// fuzzer, emulatortest's credential helpers and the conformance suite (providertest) all read it.
type Descriptor struct {
	// Paths is the path family its operations live under, for the banner, e.g. "/whitelist/...".
	Paths string
	// Credential is the default world's credential, good for every operation of Load. The default
	// world is fixtures/default.yaml's section for the provider, or what Load builds from no
	// section for a provider that has none there.
	Credential Credential
	// Load is a state-changing request and the one that undoes it, on the default world's
	// identities: load tests alternate them and the conformance suite contends on them.
	Load LoadPair
	// Generate writes the provider's section of a generated world.
	Generate Generator
	// CheckEnvelope reports whether an answer (any status) is in the provider's envelope.
	CheckEnvelope func(status int, body []byte) error
	// BadFixture is a fixture document with a mistake in the provider's section, which its loader
	// refuses at line BadFixtureLine (counted from 1 in BadFixture).
	BadFixture     string
	BadFixtureLine int
}

// Credential is a request header that authenticates a caller.
type Credential struct {
	Header string
	Value  string
	// Note says whose credential it is, for the banner (e.g. "enterprise entEmulator000001").
	Note string
}

// LoadPair is a request that changes state and the request that changes it back. The identity they
// act on starts with what Do takes away: Do succeeds only while it holds it, and after Undo it
// holds it again. Neither carries the credential; callers add Descriptor.Credential.
type LoadPair struct {
	// Operation is Do's operationId, e.g. "revokeWhitelist".
	Operation string
	Do, Undo  LoadRequest
}

// LoadRequest is one request of a load loop, relative to a tenant's base URL.
type LoadRequest struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
	// OK reports whether a 200 answer's body is the expected success.
	OK func(body []byte) bool
}

// Generator writes a provider's section of a generated world: the default world's credentials and
// named identities, then n generated ones drawn from fake, so that a client written for the default
// world works against it unchanged. The same fake and n give the same bytes.
type Generator struct {
	// Flag is the "accessemu fixtures generate" flag that sets n, e.g. "parcel-licenses"; Usage
	// describes it.
	Flag, Usage string
	Write       func(w io.Writer, fake *gofakeit.Faker, n int) error
}

// Describer is the part of every provider that describes it to the emulator's tools.
type Describer interface {
	Describe() Descriptor
}
