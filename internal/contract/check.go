package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// FailureKind classifies why a request breaks its operation's contract; providers map each kind (and
// the issues inside) onto their own documented error.
type FailureKind int

const (
	// BodyMissing: the operation needs a JSON body and none was sent.
	BodyMissing FailureKind = iota + 1
	// BodyMalformed: the body is not one JSON value.
	BodyMalformed
	// BodyInvalid: the body is JSON but breaks the schema.
	BodyInvalid
	// ParamInvalid: a path, query or header parameter is missing or breaks its schema.
	ParamInvalid
)

// Failure says why a request does not meet its operation's contract.
type Failure struct {
	Kind FailureKind
	// Syntax is the JSON decoder's error for BodyMalformed.
	Syntax error
	// Issues lists every schema violation (BodyInvalid, ParamInvalid), in document order where known.
	Issues []Issue
}

// Issue is one schema violation.
type Issue struct {
	// In is "body", "path", "query" or "header".
	In string
	// Pointer is the JSON pointer of the offending value for the body ("/users/0/id"), or the
	// parameter name.
	Pointer string
	// Keyword is the schema keyword that failed: required, type, enum, minLength, format, ...
	Keyword string
	Reason  string
}

func (f *Failure) Error() string {
	switch f.Kind {
	case BodyMissing:
		return "request body is missing"
	case BodyMalformed:
		return "request body is not valid JSON: " + f.Syntax.Error()
	}
	var parts []string
	for _, is := range f.Issues {
		parts = append(parts, is.In+" "+is.Pointer+": "+is.Reason)
	}
	return strings.Join(parts, "; ")
}

// Has reports whether any issue is at pointer (in the body, or naming a parameter) with the keyword;
// an empty keyword matches any.
func (f *Failure) Has(pointer, keyword string) bool {
	for _, is := range f.Issues {
		if is.Pointer == pointer && (keyword == "" || is.Keyword == keyword) {
			return true
		}
	}
	return false
}

// OnlyKeyword reports whether every issue failed on the given keyword.
func (f *Failure) OnlyKeyword(keyword string) bool {
	for _, is := range f.Issues {
		if is.Keyword != keyword {
			return false
		}
	}
	return len(f.Issues) > 0
}

// dateTimeFormat accepts every date-time form the providers document, in requests and (for
// response checks in tests) in answers.
var dateTimeFormat = openapi3.NewCallbackValidator(func(s string) error {
	_, err := ParseDateTime(s)
	return err
})

func init() {
	// Response validation (openapi3filter, in tests) uses the global format table.
	openapi3.DefineStringFormatValidator("date-time", dateTimeFormat)
}

var validateOpts = []openapi3.SchemaValidationOption{
	openapi3.MultiErrors(),
	openapi3.VisitAsRequest(),
	openapi3.EnableFormatValidation(),
	openapi3.WithStringFormatValidator("date-time", dateTimeFormat),
}

// ParseBody decodes raw as one JSON value, numbers kept exact as json.Number. It returns nil, nil
// when the operation takes no body, or takes an optional one and none was sent.
func (o *Operation) ParseBody(raw []byte) (any, *Failure) {
	if o.Body == nil {
		return nil, nil
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		if o.BodyRequired {
			return nil, &Failure{Kind: BodyMissing}
		}
		return nil, nil
	}
	value, err := DecodeJSON(raw)
	if err != nil {
		return nil, &Failure{Kind: BodyMalformed, Syntax: err}
	}
	return value, nil
}

// ValidateBody checks a parsed body against the operation's schema. A nil value is no body for an
// operation whose body is optional, and JSON null (checked like any other value) for one that
// requires a body, since ParseBody reports a missing required body itself.
func (o *Operation) ValidateBody(value any) *Failure {
	if o.Body == nil || (value == nil && !o.BodyRequired) || o.bodyOK != nil && o.bodyOK(value) {
		return nil
	}
	if err := o.Body.VisitJSON(value, validateOpts...); err != nil {
		return &Failure{Kind: BodyInvalid, Issues: issues("body", err)}
	}
	return nil
}

// DecodeJSON decodes exactly one JSON value, keeping numbers as json.Number.
func DecodeJSON(raw []byte) (any, error) {
	if v, ok := decodePlain(raw); ok {
		return v, nil
	}
	// Without numbers json.Unmarshal gives the same value for less; a failure is decoded again
	// below, so errors are the decoder's as before.
	if !mayHoldNumber(raw) {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			return v, nil
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &json.SyntaxError{Offset: dec.InputOffset()}
	}
	return v, nil
}

// mayHoldNumber reports whether raw has a digit or minus sign outside JSON strings.
func mayHoldNumber(raw []byte) bool {
	inString := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && (c == '-' || c >= '0' && c <= '9'):
			return true
		}
	}
	return false
}

// CheckParams validates the path, query and header parameters of a request. Array query parameters
// are read from both the repeated form (id=a&id=b) and the bracket form (id[]=a&id[]=b).
func (o *Operation) CheckParams(path func(string) string, query url.Values, header http.Header) *Failure {
	// Each query parameter's values under its plain name are looked up first: when they account
	// for every key of the query, it holds no bracket form (id[]) to look up.
	var plain [8][]string
	brackets := len(query) > 0
	if brackets && len(o.Params) <= len(plain) {
		named := 0
		for i, p := range o.Params {
			if p.In == openapi3.ParameterInQuery {
				if plain[i] = query[p.Name]; plain[i] != nil {
					named++
				}
			}
		}
		brackets = named < len(query)
	}
	var found []Issue
	for i, p := range o.Params {
		schema := p.Schema.Value
		var one string // a path parameter's value
		var raw []string
		switch p.In {
		case openapi3.ParameterInPath:
			one = path(p.Name)
		case openapi3.ParameterInQuery:
			raw = plain[i]
			if len(o.Params) > len(plain) {
				raw = query[p.Name]
			}
			if brackets {
				raw = append(raw, query[o.paramKey[i]]...)
			}
		case openapi3.ParameterInHeader:
			raw = header[o.paramKey[i]]
		}
		if one == "" && len(raw) == 0 {
			if p.Required {
				found = append(found, Issue{In: p.In, Pointer: p.Name, Keyword: "required", Reason: "is required"})
			}
			continue
		}
		if o.paramOK[i].accepts(one, raw) {
			continue
		}
		if one != "" {
			raw = []string{one}
		}
		value := paramValue(schema, raw)
		if err := schema.VisitJSON(value, validateOpts...); err != nil {
			for _, is := range issues(p.In, err) {
				is.Pointer = p.Name
				found = append(found, is)
			}
		}
	}
	if len(found) > 0 {
		return &Failure{Kind: ParamInvalid, Issues: found}
	}
	return nil
}

func paramValue(schema *openapi3.Schema, raw []string) any {
	if schema.Type.Is(openapi3.TypeArray) {
		items := make([]any, len(raw))
		for i, r := range raw {
			items[i] = r
		}
		return items
	}
	if schema.Type.Is(openapi3.TypeInteger) || schema.Type.Is(openapi3.TypeNumber) {
		if n, err := strconv.ParseFloat(raw[0], 64); err == nil {
			return n
		}
	}
	return raw[0]
}

// issues flattens kin-openapi's (possibly nested) errors into a flat list.
func issues(in string, err error) []Issue {
	var out []Issue
	var walk func(error)
	walk = func(err error) {
		var multi openapi3.MultiError
		if errors.As(err, &multi) {
			for _, e := range multi {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			if se.Origin != nil {
				var inner openapi3.MultiError
				if errors.As(se.Origin, &inner) {
					walk(inner)
					return
				}
			}
			out = append(out, Issue{In: in, Pointer: pointer(se.JSONPointer()), Keyword: se.SchemaField, Reason: se.Reason})
			return
		}
		out = append(out, Issue{In: in, Keyword: "type", Reason: err.Error()})
	}
	walk(err)
	return out
}

func pointer(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return "/" + strings.Join(parts, "/")
}
