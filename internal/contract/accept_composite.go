package contract

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// compileComposite covers a schema of no type of its own made of oneOf and allOf (nullable or
// not): after them kin-openapi checks the value against the rest of the schema, which here asks
// nothing of a value but null and, of a number, that it is finite.
func compileComposite(s *openapi3.Schema, depth int) accepter {
	rest := stripAnnotations(*s)
	rest.OneOf, rest.AllOf, rest.Discriminator, rest.Nullable = nil, nil, nil, false
	if !reflect.ValueOf(rest).IsZero() {
		return nil
	}
	var all []accepter
	for _, ref := range s.AllOf {
		a := compile(ref.Value, depth+1)
		if a == nil {
			return nil
		}
		all = append(all, a)
	}
	var one accepter
	if len(s.OneOf) > 0 {
		if one = compileOneOf(s, depth); one == nil {
			return nil
		}
	}
	nullable := s.Nullable
	return func(v any) bool {
		switch v.(type) {
		case nil:
			return nullable // kin-openapi lets null through a nullable schema before anything else
		case json.Number, float64:
			if _, ok := number(v); !ok {
				return false
			}
		}
		for _, a := range all {
			if !a(v) {
				return false
			}
		}
		return one == nil || one(v)
	}
}

// branch is one oneOf alternative: accepts vouches for a match, rejects for a sure mismatch.
type branch struct {
	accepts accepter
	rejects func(v any) bool
}

// compileOneOf accepts a value that exactly one branch matches, as kin-openapi requires: among the
// branches a discriminator's mapping picks when s has one, else among all. The accepter is sure a
// branch matches when that branch's accepter says so, and that one does not when its type rules
// the value out; otherwise it is unsure and answers false.
func compileOneOf(s *openapi3.Schema, depth int) accepter {
	branches := make([]branch, len(s.OneOf))
	for i, ref := range s.OneOf {
		if ref == nil || ref.Value == nil {
			return nil
		}
		branches[i] = branch{accepts: compile(ref.Value, depth+1), rejects: typeRejects(ref.Value)}
		if branches[i].accepts == nil {
			branches[i].accepts = func(any) bool { return false }
		}
	}
	d := s.Discriminator
	if d == nil {
		return func(v any) bool { return exactlyOne(branches, v) }
	}
	// kin-openapi's resolveDiscriminatorRef: the mapping names the one $ref tried.
	picked := map[string][]branch{}
	for value, ref := range d.Mapping {
		target := ref.Ref
		if target != "" && !strings.Contains(target, "/") {
			target = "#/components/schemas/" + target
		}
		picked[value] = []branch{}
		for i, b := range s.OneOf {
			if target == "" || b.Ref == target {
				picked[value] = append(picked[value], branches[i])
			}
		}
	}
	property := d.PropertyName
	return func(v any) bool {
		obj, ok := v.(map[string]any)
		if !ok {
			return exactlyOne(branches, v)
		}
		name, ok := obj[property].(string)
		if !ok {
			return false
		}
		if len(picked) == 0 {
			return exactlyOne(branches, v)
		}
		candidates, ok := picked[name]
		return ok && exactlyOne(candidates, v)
	}
}

// exactlyOne reports whether one of the branches surely matches and every other surely does not.
func exactlyOne(branches []branch, v any) bool {
	matched := false
	for _, b := range branches {
		switch {
		case !matched && b.accepts(v):
			matched = true
		case b.rejects == nil || !b.rejects(v):
			return false
		}
	}
	return matched
}

// typeRejects returns a check that is true only for a non-null value whose JSON type the schema's
// one type rules out; nil for a schema whose type does not settle it. A schema with oneOf, anyOf,
// allOf or not is left out: kin-openapi lets a value through a schema it is already checking that
// same value against, so such a schema may match whatever its type.
func typeRejects(s *openapi3.Schema) func(any) bool {
	if s.Type == nil || len(*s.Type) != 1 || s.OneOf != nil || s.AnyOf != nil || s.AllOf != nil || s.Not != nil {
		return nil
	}
	typ := (*s.Type)[0]
	return func(v any) bool {
		switch v.(type) {
		case bool:
			return typ != openapi3.TypeBoolean
		case string:
			return typ != openapi3.TypeString
		case json.Number, float64:
			return typ != openapi3.TypeNumber && typ != openapi3.TypeInteger
		case []any:
			return typ != openapi3.TypeArray
		case map[string]any:
			return typ != openapi3.TypeObject
		}
		return false
	}
}
