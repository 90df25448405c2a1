package adapty

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/accessemu/accessemu/internal/contract"
)

// The pass that coerces a body before its schema is checked leaves out the checks that change no
// value: on any body it must coerce exactly as the full check does.
func TestCoercingPass_CoercesAsTheFullCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	values := []any{"", "x", "premium", "app_store", "Production", "2024-01-15T10:30:00Z", "not a date", "1", "yes", "off",
		" 2.5 ", "inf", json.Number("0"), json.Number("1"), json.Number("1705314600"), json.Number("9.99"), json.Number("1e400"),
		true, false, nil, []any{}, map[string]any{}, "00000000-0000-0000-0000-000000000000", "a@b.co", "2024-01-15"}
	var draw func(fields []spec, depth int) map[string]any
	draw = func(fields []spec, depth int) map[string]any {
		obj := map[string]any{}
		for _, f := range fields {
			switch {
			case rng.IntN(4) == 0:
			case f.kind == kindObject && depth < 2 && rng.IntN(2) == 0:
				obj[f.name] = draw(f.fields, depth+1)
			case f.kind == kindList && depth < 2 && rng.IntN(2) == 0:
				obj[f.name] = []any{draw(f.fields, depth+1), values[rng.IntN(len(values))]}
			default:
				obj[f.name] = values[rng.IntN(len(values))]
			}
		}
		return obj
	}
	for _, fields := range [][]spec{profileFields, oneTimePurchaseFields, subscriptionFields} {
		for range 3000 {
			body, err := json.Marshal(draw(fields, 0))
			if err != nil {
				t.Fatal(err)
			}
			coerced, _ := contract.DecodeJSON(body)
			full, _ := contract.DecodeJSON(body)
			strict := rng.IntN(2) == 0
			only := checker{strict: strict, coerceOnly: true}
			only.object(fields, coerced.(map[string]any), path{})
			all := checker{strict: strict}
			all.object(fields, full.(map[string]any), path{})
			if !reflect.DeepEqual(coerced, full) {
				t.Fatalf("%s (strict %v): the coercing pass gave %#v, the full check %#v", body, strict, coerced, full)
			}
		}
	}
}
