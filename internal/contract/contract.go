// Package contract turns an embedded OpenAPI document into the emulator's routing table and request
// validators. Everything is prepared once at start-up; a document the emulator cannot use fails loudly.
package contract

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Spec is one provider's loaded and validated OpenAPI document.
type Spec struct {
	Name       string
	Doc        *openapi3.T
	Raw        []byte
	Operations []*Operation
}

// Operation is one spec operation with everything its requests are checked against.
type Operation struct {
	ID     string
	Method string
	// Path is the OpenAPI path template, e.g. /whitelist/check/{userid_type}/{user_id}.
	Path   string
	Params []*openapi3.Parameter
	// Body is the JSON schema of the request body; nil when the operation takes none.
	Body         *openapi3.Schema
	BodyRequired bool
	// Responses is the documented response set, used by the spec-conformance checks in tests.
	Responses *openapi3.Responses

	// bodyOK and paramOK (one per Params entry) vouch for valid values without kin-openapi; nil
	// (zero) where the schema is beyond them.
	bodyOK  accepter
	paramOK []paramAccepter
	// paramKey (one per Params entry) is where a request holds the parameter besides its name: a
	// header's canonical form, a query parameter's bracket form (id[]); worked out once, not per request.
	paramKey []string
	// shadows are the document's concrete paths this operation's template also matches
	// (/users/{userId} matches /users/claim): OpenAPI matches a concrete path before a template,
	// whatever the method, so such a request is not this operation's. A document whose server
	// matches routes method by method (MatchPerMethod) lists only concrete paths of the same method.
	shadows [][]string
	// segments is Path split at its slashes, once, for Shadowed (set when shadows is not empty).
	segments []string
}

// MatchPerMethod is the document extension (true) of an API whose server, like Express, matches a
// request against the routes of its method only: there GET /products/create is GET
// /products/{product_id} even though POST /products/create exists.
const MatchPerMethod = "x-accessemu-match-per-method"

// Load parses and validates an OpenAPI 3 document and indexes its operations by operationId.
func Load(name string, raw []byte) (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("openapi/%s.yaml: %w", name, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi/%s.yaml is not a valid OpenAPI document: %w", name, err)
	}
	spec := &Spec{Name: name, Doc: doc, Raw: raw}
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, path := range paths {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				return nil, fmt.Errorf("openapi/%s.yaml: %s %s has no operationId", name, method, path)
			}
			o := &Operation{ID: op.OperationID, Method: method, Path: path, Responses: op.Responses}
			for _, ref := range append(item.Parameters, op.Parameters...) {
				o.Params = append(o.Params, ref.Value)
				o.paramOK = append(o.paramOK, compileParamAccepter(ref.Value.Schema.Value))
				key := ""
				switch ref.Value.In {
				case openapi3.ParameterInHeader:
					key = http.CanonicalHeaderKey(ref.Value.Name)
				case openapi3.ParameterInQuery:
					key = ref.Value.Name + "[]"
				}
				o.paramKey = append(o.paramKey, key)
			}
			if rb := op.RequestBody; rb != nil {
				media := rb.Value.Content.Get("application/json")
				if media == nil || media.Schema == nil {
					return nil, fmt.Errorf("openapi/%s.yaml: %s has a request body without an application/json schema", name, op.OperationID)
				}
				o.Body = media.Schema.Value
				o.BodyRequired = rb.Value.Required
				o.bodyOK = compileAccepter(o.Body)
			}
			spec.Operations = append(spec.Operations, o)
		}
	}
	sort.Slice(spec.Operations, func(i, j int) bool { return spec.Operations[i].ID < spec.Operations[j].ID })
	perMethod, _ := doc.Extensions[MatchPerMethod].(bool)
	for _, o := range spec.Operations {
		for _, q := range spec.Operations {
			if (q.Method == o.Method || !perMethod) && q.Path != o.Path && shadows(o.Path, q.Path) {
				o.shadows = append(o.shadows, strings.Split(q.Path, "/"))
				o.segments = strings.Split(o.Path, "/")
			}
		}
	}
	return spec, nil
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") }

// shadows reports whether path is more concrete than template where they differ: the same
// segments, except that some parameters of the template are literal segments of path.
func shadows(template, path string) bool {
	ts, ps := strings.Split(template, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	concrete := false
	for i := range ts {
		switch {
		case isParam(ts[i]) && !isParam(ps[i]):
			concrete = true
		case ts[i] != ps[i] && !(isParam(ts[i]) && isParam(ps[i])):
			return false
		}
	}
	return concrete
}

// Shadowed reports whether a request with these path parameters is for a more concrete path of the
// document that the operation's template also matches: it belongs to that path, not to this
// operation.
func (o *Operation) Shadowed(param func(name string) string) bool {
	if len(o.shadows) == 0 {
		return false
	}
	for _, q := range o.shadows {
		match := true
		for i, seg := range o.segments {
			if isParam(seg) && !isParam(q[i]) && param(strings.Trim(seg, "{}")) != q[i] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// Operation returns the operation with the given operationId, or nil.
func (s *Spec) Operation(id string) *Operation {
	for _, op := range s.Operations {
		if op.ID == id {
			return op
		}
	}
	return nil
}

// EchoPath converts the OpenAPI path template into echo's route syntax ({x} becomes :x).
func (o *Operation) EchoPath() string {
	var b strings.Builder
	for _, seg := range strings.SplitAfter(o.Path, "/") {
		if strings.HasPrefix(seg, "{") {
			name, rest, _ := strings.Cut(strings.TrimPrefix(seg, "{"), "}")
			b.WriteString(":" + name + rest)
			continue
		}
		b.WriteString(seg)
	}
	return b.String()
}

// ReadsOnly reports whether the operation never changes state, so it may run under a shared lock.
func (o *Operation) ReadsOnly() bool {
	return o.Method == http.MethodGet || o.Method == http.MethodHead
}
