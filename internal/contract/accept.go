package contract

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// accepter is a schema compiled at start-up into a check that only ever accepts values that
// kin-openapi's validation accepts too. It answers false for anything it cannot vouch for, and the
// caller then runs kin-openapi, which also names the issues. A valid request, the common case, so
// skips kin-openapi's per-call set-up and walk; an invalid one is judged exactly as before.
type accepter func(v any) bool

// compileAccepter returns nil when the schema uses anything beyond the subset handled here: one
// type of string, number, integer, boolean, array or object, nullable or not; string or number
// enum, minLength, maxLength, format; minItems, maxItems, items; properties, required,
// additionalProperties true or false; and a schema of no type made of oneOf (with or without a
// discriminator) and allOf over such schemas.
func compileAccepter(s *openapi3.Schema) accepter {
	return compile(s, 0)
}

func compile(s *openapi3.Schema, depth int) accepter {
	if s == nil || depth > 16 {
		return nil
	}
	if len(s.OneOf) > 0 || len(s.AllOf) > 0 {
		return compileComposite(s, depth)
	}
	if !onlyPlainKeywords(s) {
		return nil
	}
	if s.Nullable {
		// kin-openapi lets null through a nullable schema before any other check.
		c := *s
		c.Nullable = false
		inner := compile(&c, depth)
		if inner == nil {
			return nil
		}
		return func(v any) bool { return v == nil || inner(v) }
	}
	if s.Type == nil {
		if reflect.ValueOf(stripAnnotations(*s)).IsZero() {
			return anyButNull
		}
		return nil
	}
	if len(*s.Type) != 1 {
		return nil
	}
	switch (*s.Type)[0] {
	case openapi3.TypeString:
		return compileString(s)
	case openapi3.TypeNumber, openapi3.TypeInteger:
		return compileNumber(s)
	case openapi3.TypeBoolean:
		if len(s.Enum) > 0 {
			return nil
		}
		return func(v any) bool { _, ok := v.(bool); return ok }
	case openapi3.TypeArray:
		return compileArray(s, depth)
	case openapi3.TypeObject:
		return compileObject(s, depth)
	}
	return nil
}

func compileString(s *openapi3.Schema) accepter {
	check := compileStringCheck(s)
	if check == nil {
		return nil
	}
	return func(v any) bool {
		str, ok := v.(string)
		return ok && check(str)
	}
}

// compileStringCheck is a string schema's check on the string itself (the schema's type is
// string, and its keywords plain).
func compileStringCheck(s *openapi3.Schema) func(string) bool {
	enum := make([]string, 0, len(s.Enum))
	for _, e := range s.Enum {
		str, ok := e.(string)
		if !ok {
			return nil
		}
		enum = append(enum, str)
	}
	minLen, maxLen, format := s.MinLength, s.MaxLength, s.Format
	return func(str string) bool {
		// The documents' enums are short: comparing costs less than hashing.
		if len(enum) > 0 && !slices.Contains(enum, str) {
			return false
		}
		if format != "" && !stringFormatHolds(format, str) {
			return false
		}
		return lengthHolds(str, minLen, maxLen)
	}
}

// lengthHolds checks minLength and maxLength as kin-openapi does: it means to count UTF-16 units
// but counts a rune (an invalid byte as one) once, since ranging over a string never yields a
// surrogate. A string of b bytes holds between b/4 and b runes, which settles most strings
// without counting.
func lengthHolds(str string, minLen uint64, maxLen *uint64) bool {
	b := uint64(len(str))
	if minLen <= b/4 && (maxLen == nil || b <= *maxLen) {
		return true
	}
	n := uint64(utf8.RuneCountInString(str))
	return n >= minLen && (maxLen == nil || n <= *maxLen)
}

// stringFormatHolds checks a string format as validateOpts has kin-openapi check it: date-time
// with the validator validateOpts gives, any other format with the global validator of that name,
// read at the call as kin-openapi reads it; a format without one is not checked.
func stringFormatHolds(format, str string) bool {
	if format == "date-time" {
		_, err := ParseDateTime(str)
		return err == nil
	}
	f, ok := openapi3.SchemaStringFormats[format]
	return !ok || f.Validate(str) == nil
}

// anyButNull is the empty schema's accepter: kin-openapi lets any value but null through it.
func anyButNull(v any) bool {
	switch v.(type) {
	case string, bool, []any, map[string]any:
		return true
	}
	_, ok := number(v)
	return ok
}

// number is a JSON number as kin-openapi checks it against a schema with keywords: a json.Number
// that converts to a float64, or a finite float64 (a provider's normalizer may have coerced one).
func number(v any) (float64, bool) {
	var f float64
	switch n := v.(type) {
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			return 0, false
		}
	case float64:
		f = n
	default:
		return 0, false
	}
	return f, !math.IsNaN(f) && !math.IsInf(f, 0)
}

// compileNumber accepts a JSON number of the schema (an integer one for type integer) and its
// enum. A format with a validator (int32, int64, ...) is left to kin-openapi.
func compileNumber(s *openapi3.Schema) accepter {
	integer := s.Type.Is(openapi3.TypeInteger)
	var enum map[float64]bool
	for _, e := range s.Enum {
		f, ok := enumNumber(e)
		if !ok {
			return nil
		}
		if enum == nil {
			enum = map[float64]bool{}
		}
		enum[f] = true
	}
	format := s.Format
	return func(v any) bool {
		f, ok := number(v)
		if !ok || integer && f != math.Trunc(f) || enum != nil && !enum[f] {
			return false
		}
		return format == "" || !numberFormatChecked(format, integer)
	}
}

// enumNumber is a numeric enum entry as kin-openapi compares it with a value: as a float64.
func enumNumber(e any) (float64, bool) {
	switch e := e.(type) {
	case int:
		return float64(e), true
	case int64:
		return float64(e), true
	case float64:
		return e, true
	}
	return 0, false
}

// numberFormatChecked reports whether kin-openapi has a validator for a number (or integer) format.
func numberFormatChecked(format string, integer bool) bool {
	if integer {
		_, ok := openapi3.SchemaIntegerFormats[format]
		return ok
	}
	_, ok := openapi3.SchemaNumberFormats[format]
	return ok
}

func compileArray(s *openapi3.Schema, depth int) accepter {
	if len(s.Enum) > 0 || s.UniqueItems {
		return nil
	}
	item := func(any) bool { return true }
	if s.Items != nil {
		if item = compile(s.Items.Value, depth+1); item == nil {
			return nil
		}
	}
	minItems, maxItems := s.MinItems, s.MaxItems
	return func(v any) bool {
		arr, ok := v.([]any)
		if !ok || uint64(len(arr)) < minItems || maxItems != nil && uint64(len(arr)) > *maxItems {
			return false
		}
		for _, it := range arr {
			if !item(it) {
				return false
			}
		}
		return true
	}
}

func compileObject(s *openapi3.Schema, depth int) accepter {
	if len(s.Enum) > 0 || s.AdditionalProperties.Schema != nil || s.MinProps != 0 || s.MaxProps != nil {
		return nil
	}
	props := make(map[string]accepter, len(s.Properties))
	var list []property
	for name, ref := range s.Properties {
		if ref == nil || ref.Value == nil || ref.Value.ReadOnly || ref.Value.WriteOnly {
			return nil
		}
		if props[name] = compile(ref.Value, depth+1); props[name] == nil {
			return nil
		}
		list = append(list, property{name: name, check: props[name], required: slices.Contains(s.Required, name)})
	}
	// A required name that is also a property is told present by the walk over the properties;
	// only the others are looked up on their own there.
	var otherRequired []string
	for _, name := range s.Required {
		if _, ok := props[name]; !ok {
			otherRequired = append(otherRequired, name)
		}
	}
	requiredProps := 0
	for _, p := range list {
		if p.required {
			requiredProps++
		}
	}
	allRequired := s.Required
	closed := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
	return func(v any) bool {
		obj, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if len(list) <= 4+2*len(obj) {
			for _, name := range otherRequired {
				if _, ok := obj[name]; !ok {
					return false
				}
			}
			// Few properties for the members: looking each property up costs less than walking
			// the object. A member that is none of them is then told by the count.
			found, foundRequired := 0, 0
			for _, p := range list {
				if val, ok := obj[p.name]; ok {
					found++
					if p.required {
						foundRequired++
					}
					if !p.check(val) {
						return false
					}
				}
			}
			return foundRequired == requiredProps && (!closed || found == len(obj))
		}
		for _, name := range allRequired {
			if _, ok := obj[name]; !ok {
				return false
			}
		}
		for name, val := range obj {
			check, known := props[name]
			if !known {
				if closed {
					return false
				}
				continue
			}
			if !check(val) {
				return false
			}
		}
		return true
	}
}

// property is an object schema's property and its accepter.
type property struct {
	name     string
	check    accepter
	required bool
}

// onlyPlainKeywords reports whether every keyword the schema sets, besides annotations, is one the
// accepters handle; any other (pattern, minimum, allOf, 3.1 keywords, ...) rules it out.
func onlyPlainKeywords(s *openapi3.Schema) bool {
	c := stripAnnotations(*s)
	if c.Type != nil && len(*c.Type) == 1 && (*c.Type)[0] != openapi3.TypeBoolean {
		c.Format = "" // checked by the string and number accepters
	}
	c.Type, c.Enum, c.Nullable = nil, nil, false
	c.MinLength, c.MaxLength = 0, nil
	c.MinItems, c.MaxItems, c.Items, c.UniqueItems = 0, nil, nil, false
	c.Required, c.Properties, c.AdditionalProperties = nil, nil, openapi3.AdditionalProperties{}
	c.MinProps, c.MaxProps = 0, nil
	return reflect.ValueOf(c).IsZero()
}

// stripAnnotations clears the fields kin-openapi's validation never reads.
func stripAnnotations(s openapi3.Schema) openapi3.Schema {
	s.Extensions, s.Origin = nil, nil
	s.Title, s.Description, s.Comment = "", "", ""
	s.Default, s.Example, s.Examples = nil, nil, nil
	s.ExternalDocs, s.XML, s.Deprecated = nil, nil, false
	return s
}

// paramAccepter vouches for a parameter's raw values as paramValue presents them to kin-openapi
// (the first value for a string schema, every value for an array of strings) without boxing them
// into the values kin-openapi takes. A path parameter comes as its one value (one), a query or
// header parameter as the request's list of values (raw).
type paramAccepter struct {
	first func(string) bool
	all   func([]string) bool
}

func (a paramAccepter) accepts(one string, raw []string) bool {
	switch {
	case a.first != nil && one != "":
		return a.first(one)
	case a.first != nil:
		return a.first(raw[0])
	case a.all != nil && one == "":
		return a.all(raw)
	}
	return false
}

// compileParamAccepter covers a parameter whose schema is a plain string, or a plain array of
// plain strings (or of anything); the zero paramAccepter, which vouches for nothing, otherwise.
func compileParamAccepter(s *openapi3.Schema) paramAccepter {
	if !isPlain(s, openapi3.TypeString, openapi3.TypeArray) {
		return paramAccepter{}
	}
	c := *s
	c.Nullable = false // a parameter's raw value is never null
	if c.Type.Is(openapi3.TypeString) {
		return paramAccepter{first: compileStringCheck(&c)}
	}
	if len(c.Enum) > 0 || c.UniqueItems {
		return paramAccepter{}
	}
	item := func(string) bool { return true }
	if c.Items != nil {
		if !isPlain(c.Items.Value, openapi3.TypeString) || c.Items.Value.Nullable {
			return paramAccepter{}
		}
		if item = compileStringCheck(c.Items.Value); item == nil {
			return paramAccepter{}
		}
	}
	minItems, maxItems := c.MinItems, c.MaxItems
	return paramAccepter{all: func(raw []string) bool {
		if uint64(len(raw)) < minItems || maxItems != nil && uint64(len(raw)) > *maxItems {
			return false
		}
		for _, it := range raw {
			if !item(it) {
				return false
			}
		}
		return true
	}}
}

// isPlain reports whether s has exactly one type, one of types, and only the keywords the
// accepters handle.
func isPlain(s *openapi3.Schema, types ...string) bool {
	return s != nil && s.Type != nil && len(*s.Type) == 1 && slices.Contains(types, (*s.Type)[0]) && onlyPlainKeywords(s)
}
