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
	// Bench is a load loop for every other operation of the provider's OpenAPI document, for the
	// benchmark program's per-operation measurements: each pair leaves the identity it acts on as
	// it found it, so that it runs forever on the default world with every answer its success. A
	// read-only operation's pair is one request twice.
	Bench []LoadPair
	// Unbenched names each operation of the document no loop can measure, with the reason (e.g.
	// nothing undoes it); the conformance suite checks that Load, Bench and Unbenched cover the
	// document.
	Unbenched map[string]string
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
	// Operation is Do's operationId, e.g. "revokeWhitelist"; UndoOperation is Undo's, when it is
	// another one.
	Operation, UndoOperation string
	// Variant tells apart pairs of one operation, e.g. "by profile id".
	Variant  string
	Do, Undo LoadRequest
}

// Name is the pair's operations and variant, e.g. "createProfile+deleteProfile" or
// "getProfile by profile id".
func (p LoadPair) Name() string {
	name := p.Operation
	if p.UndoOperation != "" && p.UndoOperation != p.Operation {
		name += "+" + p.UndoOperation
	}
	if p.Variant != "" {
		name += " " + p.Variant
	}
	return name
}

// LoadRequest is one request of a load loop, relative to a tenant's base URL.
type LoadRequest struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
	// Status is the success's status; 0 is 200.
	Status int
	// OK reports whether the body of an answer with the success's status is the expected success.
	OK func(body []byte) bool
}

// Succeeded reports whether an answer is the request's expected success.
func (r LoadRequest) Succeeded(status int, body []byte) bool {
	want := r.Status
	if want == 0 {
		want = http.StatusOK
	}
	return status == want && r.OK(body)
}

// Generator writes a provider's section of a generated world: the default world's credentials and
// named identities, then N generated ones, so that a client written for the default world works
// against it unchanged. The same Generation gives the same bytes.
type Generator struct {
	// Flag is the "accessemu fixtures generate" flag that sets N, e.g. "parcel-licenses"; Usage
	// describes it.
	Flag, Usage string
	Write       func(w io.Writer, g Generation) error
}

// Generation is what a generated section holds.
type Generation struct {
	// Fake is the section's own seeded source, for whatever the section writes out in full.
	Fake *gofakeit.Faker
	// Seed is the file's seed and N the number of identities to generate.
	Seed int64
	N    int
	// Expand writes every generated identity as a fixture item, where a provider would otherwise
	// write one directive its loader expands into the same identities.
	Expand bool
}

// Describer is the part of every provider that describes it to the emulator's tools.
type Describer interface {
	Describe() Descriptor
}
