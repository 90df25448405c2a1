package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/accessemu/accessemu/openapi"
)

// near draws a JSON value shaped mostly like s, with the mistakes clients make: missing and extra
// keys, wrong types, empty, long and non-ASCII strings, nulls, numbers.
func near(rng *rand.Rand, s *openapi3.Schema, depth int) any {
	strs := []string{"", "a", "roblox", "discord", "é", "😀", "😀😀", "usrEmuAdmin000002", "x y z", "1001", "premium",
		"2024-12-31T23:59:59Z", "2024-12-31T23:59:59.5+0000", "2024-12-31", "2024-13-31T23:59:59Z", "2024-12-31T23:59:59"}
	if s == nil || depth > 6 || rng.IntN(8) == 0 {
		switch rng.IntN(7) {
		case 0:
			return nil
		case 1:
			return rng.IntN(2) == 0
		case 2:
			return json.Number("12")
		case 3:
			return strs[rng.IntN(len(strs))]
		case 4:
			return []any{}
		case 5:
			return map[string]any{}
		default:
			return map[string]any{"id": "a"}
		}
	}
	nums := []any{json.Number("0"), json.Number("12"), json.Number("-3"), json.Number("4.99"), json.Number("-0"),
		json.Number("1e3"), json.Number("2.5e-3"), json.Number("1e400"), json.Number("12.0"), 1.5, 7.0}
	switch {
	case len(s.OneOf) > 0:
		v := near(rng, s.OneOf[rng.IntN(len(s.OneOf))].Value, depth+1)
		if obj, ok := v.(map[string]any); ok && s.Discriminator != nil && rng.IntN(4) > 0 {
			keys := []string{"other"}
			for k := range s.Discriminator.Mapping {
				keys = append(keys, k)
			}
			obj[s.Discriminator.PropertyName] = keys[rng.IntN(len(keys))]
		}
		return v
	case len(s.AllOf) > 0:
		return near(rng, s.AllOf[rng.IntN(len(s.AllOf))].Value, depth+1)
	case s.Type.Is(openapi3.TypeNumber) || s.Type.Is(openapi3.TypeInteger):
		if len(s.Enum) > 0 && rng.IntN(2) == 0 {
			return json.Number(fmt.Sprint(s.Enum[rng.IntN(len(s.Enum))]))
		}
		return nums[rng.IntN(len(nums))]
	case s.Type.Is(openapi3.TypeObject):
		obj := map[string]any{}
		for name, p := range s.Properties {
			if rng.IntN(5) > 0 {
				obj[name] = near(rng, p.Value, depth+1)
			}
		}
		if rng.IntN(6) == 0 {
			obj["extra"] = "x"
		}
		return obj
	case s.Type.Is(openapi3.TypeArray):
		arr := []any{}
		for range rng.IntN(4) {
			var item *openapi3.Schema
			if s.Items != nil {
				item = s.Items.Value
			}
			arr = append(arr, near(rng, item, depth+1))
		}
		return arr
	case len(s.Enum) > 0 && rng.IntN(3) > 0:
		return s.Enum[rng.IntN(len(s.Enum))]
	}
	return strs[rng.IntN(len(strs))]
}

// Every schema of every embedded spec: what the accepter lets through, kin-openapi accepts.
func TestAccepter_NeverAcceptsWhatKinOpenAPIRejects(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	accepted, compiled := 0, 0
	for _, name := range openapi.Names() {
		raw, err := openapi.Spec(name)
		if err != nil {
			t.Fatal(err)
		}
		spec, err := Load(name, raw)
		if err != nil {
			t.Fatal(err)
		}
		var schemas []*openapi3.Schema
		for _, op := range spec.Operations {
			if op.Body != nil {
				schemas = append(schemas, op.Body)
			}
			for _, p := range op.Params {
				schemas = append(schemas, p.Schema.Value)
			}
		}
		if spec.Doc.Components != nil {
			for _, ref := range spec.Doc.Components.Schemas {
				schemas = append(schemas, ref.Value)
			}
		}
		for _, s := range schemas {
			ok := compileAccepter(s)
			if ok == nil {
				continue
			}
			compiled++
			for range 3000 {
				v := near(rng, s, 0)
				if ok(v) {
					accepted++
					if err := s.VisitJSON(v, validateOpts...); err != nil {
						b, _ := json.Marshal(v)
						t.Fatalf("%s: accepted %s, which kin-openapi rejects: %v", name, b, err)
					}
				}
			}
		}
	}
	if compiled < 5 || accepted < 1000 {
		t.Fatalf("only %d schemas compiled and %d values accepted: the test checks too little", compiled, accepted)
	}
}

// Every parameter of every embedded spec, given raw values as a request carries them: what its
// accepter lets through, kin-openapi accepts as CheckParams presents it; and the accepter vouches
// for valid values often enough to matter.
func TestParamAccepter_NeverAcceptsWhatKinOpenAPIRejects(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	strs := []string{"", "a", "roblox", "discord", "é", "😀😀", "usrEmuAdmin000002", "collaborations", "aggregated",
		"1001", "true", "2024-12-31T23:59:59Z", "2024-13-31T23:59:59Z", strings.Repeat("x", 300)}
	accepted, compiled := 0, 0
	for _, name := range openapi.Names() {
		raw, err := openapi.Spec(name)
		if err != nil {
			t.Fatal(err)
		}
		spec, err := Load(name, raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range spec.Operations {
			for i, p := range op.Params {
				a, s := op.paramOK[i], p.Schema.Value
				if a.first == nil && a.all == nil {
					continue
				}
				compiled++
				var enum []string
				for _, e := range s.Enum {
					if str, ok := e.(string); ok {
						enum = append(enum, str)
					}
				}
				if s.Items != nil && s.Items.Value != nil {
					for _, e := range s.Items.Value.Enum {
						if str, ok := e.(string); ok {
							enum = append(enum, str)
						}
					}
				}
				draw := func() string {
					if len(enum) > 0 && rng.IntN(2) == 0 {
						return enum[rng.IntN(len(enum))]
					}
					return strs[rng.IntN(len(strs))]
				}
				for range 2000 {
					var one string
					values := make([]string, 1+rng.IntN(3))
					for j := range values {
						values[j] = draw()
					}
					if p.In == openapi3.ParameterInPath {
						one, values = values[0], nil
						if one == "" {
							continue
						}
					}
					if !a.accepts(one, values) {
						continue
					}
					accepted++
					if one != "" {
						values = []string{one}
					}
					if err := s.VisitJSON(paramValue(s, values), validateOpts...); err != nil {
						t.Fatalf("%s %s %s: accepted %q, which kin-openapi rejects: %v", name, op.ID, p.Name, values, err)
					}
				}
			}
		}
	}
	if compiled < 10 || accepted < 5000 {
		t.Fatalf("only %d parameters compiled and %d values accepted: the test checks too little", compiled, accepted)
	}
}

func TestAccepter_VouchesForTheRevokeBodies(t *testing.T) {
	cases := map[string]string{
		"adapty/revokeAccessLevel":   `{"access_level_id":"premium","revoke_at":null}`,
		"adapty/grantAccessLevel":    `{"access_level_id":"premium","expires_at":"2030-01-01T00:00:00Z"}`,
		"parcel/revokeWhitelist":     `{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`,
		"airtable/revokeAdminAccess": `{"users":[{"id":"usrEmuAdmin000002"},{"email":"foo@bar.com"}]}`,
	}
	for key, body := range cases {
		name, opID, _ := strings.Cut(key, "/")
		raw, _ := openapi.Spec(name)
		spec, err := Load(name, raw)
		if err != nil {
			t.Fatal(err)
		}
		op := spec.Operation(opID)
		v, f := op.ParseBody([]byte(body))
		if f != nil || op.bodyOK == nil || !op.bodyOK(v) {
			t.Errorf("%s: the valid body is not vouched for (accepter %v, failure %v)", key, op.bodyOK != nil, f)
		}
	}
}

func TestAccepter_LeavesOtherKeywordsToKinOpenAPI(t *testing.T) {
	one := uint64(1)
	for name, s := range map[string]*openapi3.Schema{
		"pattern":        {Type: &openapi3.Types{"string"}, Pattern: "^a$"},
		"minimum":        {Type: &openapi3.Types{"number"}, Min: openapi3.Ptr(1.0)},
		"two types":      {Type: &openapi3.Types{"string", "null"}},
		"allOf and type": {Type: &openapi3.Types{"object"}, AllOf: openapi3.SchemaRefs{{Value: &openapi3.Schema{}}}},
		"anyOf":          {AnyOf: openapi3.SchemaRefs{{Value: &openapi3.Schema{}}}},
		"oneOf and enum": {OneOf: openapi3.SchemaRefs{{Value: &openapi3.Schema{}}}, Enum: []any{"a"}},
		"maxProps":       {Type: &openapi3.Types{"object"}, MaxProps: &one},
		"uniqueItems":    {Type: &openapi3.Types{"array"}, UniqueItems: true},
		"read-only property": {Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{
			"id": {Value: &openapi3.Schema{Type: &openapi3.Types{"string"}, ReadOnly: true}}}},
	} {
		if compileAccepter(s) != nil {
			t.Errorf("%s: compiled, want it left to kin-openapi", name)
		}
	}
}

// Lengths of ASCII, multi-byte and invalid UTF-8 strings around every bound are judged as
// kin-openapi judges them.
func TestAccepter_CountsStringLengthLikeKinOpenAPI(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "é", "€", "😀", "\xff", "\xe2\x82", "\"", "\u2028", " "}
	strs := []string{"", "a", "ab", "abc", "é", "éé", "😀", "😀😀"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(14) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		strs = append(strs, b.String())
	}
	for minLen := range uint64(9) {
		for _, maxLen := range []*uint64{nil, new(uint64(0)), new(uint64(1)), new(uint64(2)), new(uint64(5)), new(uint64(12))} {
			s := &openapi3.Schema{Type: &openapi3.Types{"string"}, MinLength: minLen, MaxLength: maxLen}
			ok := compileAccepter(s)
			for _, v := range strs {
				if want := s.VisitJSON(v, validateOpts...) == nil; ok(v) != want {
					t.Fatalf("%q, minLength %d, maxLength %v: accepter %v, kin-openapi %v", v, minLen, maxLen, ok(v), want)
				}
			}
		}
	}
}

func TestDecodeJSON_KeepsNumbersExactAndErrorsAsTheDecoder(t *testing.T) {
	cases := []struct{ raw, want string }{
		{`{"a":"1","b":[true,null,"x\"9"]}`, `map[a:1 b:[true <nil> x"9]]`},
		{`{"n":1.50,"m":-2}`, `map[m:-2 n:1.50]`},
		{` "é" `, `é`},
	}
	for _, c := range cases {
		v, err := DecodeJSON([]byte(c.raw))
		if err != nil || fmt.Sprint(v) != c.want {
			t.Errorf("%s: %v, %v; want %s", c.raw, v, err, c.want)
		}
	}
	if v, _ := DecodeJSON([]byte(`{"n":1.50}`)); fmt.Sprintf("%T", v.(map[string]any)["n"]) != "json.Number" {
		t.Error("a number is not a json.Number")
	}
	for _, raw := range []string{`{"a":"b"} x`, `{"a":"b"`, `{"a":"b"}{}`, `tru`, `{"a":"b"} 1`} {
		_, err := DecodeJSON([]byte(raw))
		if want := decodeWithDecoder(raw); err == nil || err.Error() != want.Error() {
			t.Errorf("%s: error %v, want the decoder's %v", raw, err, want)
		}
	}
}

// decodeWithDecoder is DecodeJSON without its fast path: the reference for errors.
func decodeWithDecoder(raw string) error {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &json.SyntaxError{Offset: dec.InputOffset()}
	}
	return nil
}

// An object is judged member by member or property by property depending on their numbers; either
// way the verdict is kin-openapi's, an unknown member of a closed object included.
func TestAccepter_JudgesObjectsOfEverySizeAsKinOpenAPI(t *testing.T) {
	closed, open := false, true
	for _, has := range []*bool{&closed, &open} {
		for _, required := range [][]string{nil, {"a"}, {"a", "a"}, {"a", "b"}, {"b", "a", "b"}, {"c"}, {"a", "c", "extra0"}} {
			s := openapi3.NewObjectSchema().WithProperty("a", openapi3.NewStringSchema()).
				WithProperty("b", openapi3.NewBoolSchema())
			s.Required = required
			s.AdditionalProperties = openapi3.AdditionalProperties{Has: has}
			judgeObjectsOfEverySize(t, s)
		}
	}
}

func judgeObjectsOfEverySize(t *testing.T, s *openapi3.Schema) {
	t.Helper()
	for members := range 12 {
		for _, base := range []map[string]any{{"a": "x"}, {"a": "x", "b": true}, {"a": 1}, {"a": "x", "b": "no"}, {"b": true},
			{}, {"c": 1}, {"a": "x", "c": 1}, {"a": "x", "b": false, "c": nil}} {
			obj := map[string]any{}
			for k, v := range base {
				obj[k] = v
			}
			for i := range members {
				obj[fmt.Sprint("extra", i)] = i
			}
			want := s.VisitJSON(obj, validateOpts...) == nil
			if got := compileAccepter(s)(obj); got != want {
				t.Errorf("additionalProperties %v, required %v, %v: accepter says %v, kin-openapi %v",
					*s.AdditionalProperties.Has, s.Required, obj, got, want)
			}
		}
	}
}
