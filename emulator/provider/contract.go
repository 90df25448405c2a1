package provider

import "github.com/accessemu/accessemu/internal/contract"

// The request contract as the pipeline hands it to a provider. The types live in the emulator's
// internal contract package; these names let a provider written outside this module implement
// Provider.
type (
	// Operation is one operation of the provider's OpenAPI document, prepared at start-up.
	Operation = contract.Operation
	// Failure says why a request does not meet its operation's contract.
	Failure = contract.Failure
	// FailureKind classifies a Failure.
	FailureKind = contract.FailureKind
	// Issue is one schema violation inside a Failure.
	Issue = contract.Issue
)

// The kinds of Failure.
const (
	BodyMissing   = contract.BodyMissing
	BodyMalformed = contract.BodyMalformed
	BodyInvalid   = contract.BodyInvalid
	ParamInvalid  = contract.ParamInvalid
)
