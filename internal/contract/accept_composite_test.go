package contract

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/accessemu/accessemu/openapi"
)

func adaptyOperation(t *testing.T, id string) *Operation {
	t.Helper()
	raw, err := openapi.Spec("adapty")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := Load("adapty", raw)
	if err != nil {
		t.Fatal(err)
	}
	op := spec.Operation(id)
	if op == nil || op.bodyOK == nil {
		t.Fatalf("%s: no body accepter compiled", id)
	}
	return op
}

// agree checks one body against an operation: valid bodies must be vouched for, invalid ones
// must not be, and whatever the accepter vouches for kin-openapi accepts.
func agree(t *testing.T, op *Operation, body string, valid bool) {
	t.Helper()
	v, f := op.ParseBody([]byte(body))
	if f != nil {
		t.Fatalf("%s: %v", body, f)
	}
	kin := op.Body.VisitJSON(v, validateOpts...)
	if (kin == nil) != valid {
		t.Fatalf("%s: kin-openapi says %v, the table says valid=%v", body, kin, valid)
	}
	if got := op.bodyOK(v); got != valid {
		t.Errorf("%s: accepter %v, kin-openapi %v", body, got, kin)
	}
}

func TestAccepter_SetTransactionOneOfWithDiscriminator(t *testing.T) {
	op := adaptyOperation(t, "setTransaction")
	const price = `"price":{"country":"US","currency":"USD","value":%s}`
	onePurchase := func(extra, value string) string {
		return `{"purchase_type":"one_time_purchase","store":"app_store","store_product_id":"p","store_transaction_id":"1",` +
			`"store_original_transaction_id":"1",` + strings.Replace(price, "%s", value, 1) + `,"purchased_at":"2024-01-15T10:30:00Z"` + extra + `}`
	}
	subscription := `{"purchase_type":"subscription","store":"app_store","store_product_id":"p","store_transaction_id":"1",` +
		`"store_original_transaction_id":"1","price":{"country":"US","currency":"USD","value":4.99},"purchased_at":"2024-01-15T10:30:00Z",` +
		`"originally_purchased_at":"2024-01-15T10:30:00Z","expires_at":"2024-02-15T10:30:00+0000"`
	for _, c := range []struct {
		body  string
		valid bool
	}{
		{onePurchase("", "9.99"), true},
		{onePurchase("", "10"), true},
		{onePurchase("", "-0"), true},
		{onePurchase("", "1e3"), true},
		{onePurchase(`,"offer":null,"refunded_at":null,"cancellation_reason":null,"variation_id":null`, "1"), true},
		{onePurchase(`,"offer":{"category":"introductory","type":"free_trial","id":null}`, "1"), true},
		{onePurchase(`,"environment":"Sandbox","is_family_shared":true,"cancellation_reason":"refund"`, "1"), true},
		{subscription + `}`, true},
		{subscription + `,"renew_status":false,"grace_period_expires_at":null}`, true},
		{onePurchase("", `"9.99"`), false},
		{onePurchase("", "1e400"), false},
		{onePurchase("", "null"), false},
		{onePurchase(`,"offer":{"category":"introductory"}`, "1"), false},
		{onePurchase(`,"offer":{"category":"nope","type":"free_trial"}`, "1"), false},
		{onePurchase(`,"offer":"free_trial"`, "1"), false},
		{onePurchase(`,"environment":"Staging"`, "1"), false},
		{onePurchase(`,"refunded_at":"2024-01-15"`, "1"), false},
		{strings.Replace(onePurchase("", "1"), "one_time_purchase", "subscription", 1), false},
		{strings.Replace(onePurchase("", "1"), `"one_time_purchase"`, `"gift"`, 1), false},
		{strings.Replace(onePurchase("", "1"), `"one_time_purchase"`, `7`, 1), false},
		{strings.Replace(onePurchase("", "1"), `"purchase_type":"one_time_purchase",`, ``, 1), false},
		{subscription + `,"expires_at":"tomorrow"}`, false},
		{`[]`, false},
		{`"subscription"`, false},
		{`null`, false},
	} {
		agree(t, op, c.body, c.valid)
	}
}

func TestAccepter_ProfileBodiesWithIntegersAndUntypedValues(t *testing.T) {
	for _, id := range []string{"createProfile", "updateProfile"} {
		op := adaptyOperation(t, id)
		for _, c := range []struct {
			body  string
			valid bool
		}{
			{`{}`, true},
			{`{"first_name":"Jane","gender":"f","att_status":3,"analytics_disabled":null,"store":"stripe"}`, true},
			{`{"att_status":-0,"custom_attributes":[{"key":"k","value":12.5},{"key":"a","value":null},{"key":"b","value":"x"},{"key":"c","value":[1]}]}`, true},
			{`{"att_status":2.0,"installation_meta":{"device_id":"d","platform":"iOS","locale":null}}`, true},
			{`{"att_status":1e2}`, true},
			{`{"att_status":null}`, true},
			{`{"att_status":2.5}`, false},
			{`{"att_status":"3"}`, false},
			{`{"att_status":1e400}`, false},
			{`{"custom_attributes":[{"key":"k","value":1e400}]}`, false},
			{`{"custom_attributes":[{"key":"k"}]}`, false},
			{`{"gender":"x"}`, false},
			{`{"installation_meta":{"platform":"iOS"}}`, false},
		} {
			agree(t, op, c.body, c.valid)
		}
	}
}

// The documented request examples of Adapty's operations are vouched for.
func TestAccepter_VouchesForAdaptysDocumentedExamples(t *testing.T) {
	raw, _ := openapi.Spec("adapty")
	spec, err := Load("adapty", raw)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for path, item := range spec.Doc.Paths.Map() {
		for method, o := range item.Operations() {
			if o.RequestBody == nil {
				continue
			}
			media := o.RequestBody.Value.Content.Get("application/json")
			var examples []any
			if media.Example != nil {
				examples = append(examples, media.Example)
			}
			for _, ex := range media.Examples {
				examples = append(examples, ex.Value.Value)
			}
			op := spec.Operation(o.OperationID)
			for _, ex := range examples {
				b, _ := json.Marshal(ex)
				v, f := op.ParseBody(b)
				if f != nil || op.Body.VisitJSON(v, validateOpts...) != nil {
					t.Fatalf("%s %s: the example %s is invalid", method, path, b)
				}
				if op.bodyOK == nil || !op.bodyOK(v) {
					t.Errorf("%s %s: the example %s is not vouched for", method, path, b)
				}
				checked++
			}
		}
	}
	if checked < 3 {
		t.Fatalf("only %d examples checked", checked)
	}
}

func TestAccepter_OneOfNeedsExactlyOneMatch(t *testing.T) {
	str := &openapi3.Schema{Type: &openapi3.Types{"string"}}
	num := &openapi3.Schema{Type: &openapi3.Types{"number"}}
	integer := &openapi3.Schema{Type: &openapi3.Types{"integer"}}
	long := &openapi3.Schema{Type: &openapi3.Types{"string"}, MinLength: 3}
	for name, c := range map[string]struct {
		branches []*openapi3.Schema
		values   []any
	}{
		"string or number":  {[]*openapi3.Schema{str, num}, []any{"a", json.Number("1.5"), json.Number("1e400"), true, nil, []any{}}},
		"number or integer": {[]*openapi3.Schema{num, integer}, []any{json.Number("1.5"), json.Number("2"), "a"}},
		"string or long":    {[]*openapi3.Schema{str, long}, []any{"ab", "abcd", json.Number("1")}},
		"nullable string":   {[]*openapi3.Schema{{Type: &openapi3.Types{"string"}, Nullable: true}, num}, []any{nil, "a", json.Number("3")}},
	} {
		s := &openapi3.Schema{}
		for _, b := range c.branches {
			s.OneOf = append(s.OneOf, &openapi3.SchemaRef{Value: b})
		}
		ok := compileAccepter(s)
		if ok == nil {
			t.Fatalf("%s: not compiled", name)
		}
		for _, v := range c.values {
			if ok(v) && s.VisitJSON(v, validateOpts...) != nil {
				t.Errorf("%s: accepted %v, which kin-openapi rejects", name, v)
			}
		}
		if name == "string or number" && (!ok("a") || !ok(json.Number("1.5")) || !ok(2.5)) {
			t.Errorf("%s: a value of one branch is not vouched for", name)
		}
	}
}

// mutate changes one value somewhere in v (a copy): drops a key, or replaces a value with one drawn
// near the schema, a number of another kind, or another string.
func mutate(rng *rand.Rand, v any, s *openapi3.Schema) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		keys := make([]string, 0, len(v))
		for k, x := range v {
			out[k] = x
			keys = append(keys, k)
		}
		if len(keys) == 0 {
			return out
		}
		slices.Sort(keys)
		k := keys[rng.IntN(len(keys))]
		switch rng.IntN(4) {
		case 0:
			delete(out, k)
		case 1:
			out[k] = near(rng, s, 3)
		default:
			out[k] = mutate(rng, v[k], s)
		}
		return out
	case []any:
		if len(v) == 0 {
			return []any{near(rng, s, 3)}
		}
		out := slices.Clone(v)
		i := rng.IntN(len(out))
		out[i] = mutate(rng, out[i], s)
		return out
	}
	values := []any{nil, true, "", "x", "subscription", "one_time_purchase", "Sandbox", "f", "2024-01-15T10:30:00Z",
		"2024-02-30T10:30:00Z", json.Number("7"), json.Number("2.5"), json.Number("1e400"), 2.5, 7.0, []any{}, map[string]any{}}
	return values[rng.IntN(len(values))]
}

// Bodies one or two changes away from Adapty's documented examples: whatever the accepter vouches
// for, kin-openapi accepts.
func TestAccepter_AgreesOnMutatedAdaptyExamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	raw, _ := openapi.Spec("adapty")
	spec, err := Load("adapty", raw)
	if err != nil {
		t.Fatal(err)
	}
	accepted, rejected := 0, 0
	for _, item := range spec.Doc.Paths.Map() {
		for _, o := range item.Operations() {
			if o.RequestBody == nil {
				continue
			}
			media := o.RequestBody.Value.Content.Get("application/json")
			examples := []any{media.Example}
			for _, ex := range media.Examples {
				examples = append(examples, ex.Value.Value)
			}
			op := spec.Operation(o.OperationID)
			for _, ex := range examples {
				if ex == nil {
					continue
				}
				b, _ := json.Marshal(ex)
				base, _ := DecodeJSON(b)
				for range 3000 {
					v := mutate(rng, base, op.Body)
					if rng.IntN(2) == 0 {
						v = mutate(rng, v, op.Body)
					}
					if !op.bodyOK(v) {
						rejected++
						continue
					}
					accepted++
					if err := op.Body.VisitJSON(v, validateOpts...); err != nil {
						b, _ := json.Marshal(v)
						t.Fatalf("%s: accepted %s, which kin-openapi rejects: %v", op.ID, b, err)
					}
				}
			}
		}
	}
	if accepted < 1000 || rejected < 1000 {
		t.Fatalf("%d accepted and %d rejected: the test checks too little", accepted, rejected)
	}
}

func TestAccepter_NumbersAsKinOpenAPIChecksThem(t *testing.T) {
	for name, s := range map[string]*openapi3.Schema{
		"number":       {Type: &openapi3.Types{"number"}},
		"integer":      {Type: &openapi3.Types{"integer"}, Nullable: true},
		"integer enum": {Type: &openapi3.Types{"integer"}, Enum: []any{0, 1, 2, 3}},
		"number enum":  {Type: &openapi3.Types{"number"}, Enum: []any{0.5, 2}},
		"int64":        {Type: &openapi3.Types{"integer"}, Format: "int64"},
		"float":        {Type: &openapi3.Types{"number"}, Format: "float"},
		"untyped":      {Nullable: true},
		"empty":        {},
	} {
		ok := compileAccepter(s)
		if ok == nil {
			t.Fatalf("%s: not compiled", name)
		}
		vouched := 0
		for _, v := range []any{json.Number("0"), json.Number("-0"), json.Number("2"), json.Number("2.0"), json.Number("2e0"),
			json.Number("0.5"), json.Number("2.5"), json.Number("-7"), json.Number("1e400"), json.Number("9007199254740993"),
			0.0, 2.0, 0.5, 2.5, math.Inf(-1), math.NaN(), "2", true, nil} {
			kin := s.VisitJSON(v, validateOpts...)
			if ok(v) {
				vouched++
				if kin != nil {
					t.Errorf("%s: accepted %v (%T), which kin-openapi rejects: %v", name, v, v, kin)
				}
			}
		}
		if vouched == 0 && name != "int64" {
			t.Errorf("%s: vouched for no value", name)
		}
	}
}
