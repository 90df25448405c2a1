package adapty

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// Adapty validates bodies with pydantic v1 models (its error vocabulary is pydantic's: "field
// required", "invalid datetime format", error codes that are the last segment of the error type).
// NormalizeBody applies pydantic's coercions before the spec's schema is checked, and
// validationError words the schema's failures the way pydantic reports them. All of it is assumed:
// Adapty documents none of these answers for this endpoint.

// NormalizeBody reads the body as pydantic v1's parse_obj would: a list of pairs is made a dict,
// and unless options.strict_types is set, a number or boolean in a string field becomes its str()
// and a number or boolean in a date field is a Unix timestamp.
func (p *Adapty) NormalizeBody(st provider.State, op *contract.Operation, body any) any {
	m := models[op.ID]
	if m == nil {
		return body
	}
	if list, ok := body.([]any); ok {
		obj, ok := pyDict(list)
		if !ok {
			return body
		}
		body = obj
	}
	obj, ok := body.(map[string]any)
	if !ok {
		return body
	}
	if fields := nestedModel(op.ID, obj); fields != nil {
		// The checker only coerces here: the body is checked in full once the schema passed it.
		c := checker{strict: st.(*world).opts.StrictTypes, coerceOnly: true}
		c.object(fields, obj, path{})
		return obj
	}
	if st.(*world).opts.StrictTypes {
		return body
	}
	for _, f := range m.fields {
		v, present := obj[f.name]
		if !present {
			continue
		}
		if f.date {
			if t, ok := unixTime(v); ok {
				obj[f.name] = t.Format(time.RFC3339Nano)
			}
			continue
		}
		switch x := v.(type) {
		case json.Number:
			obj[f.name] = pyNumberString(x.String())
		case bool:
			obj[f.name] = map[bool]string{true: "True", false: "False"}[x]
		}
	}
	return obj
}

// pyDict is Python's dict(list): every element a pair (a two-item list, or a two-character string)
// with a hashable first item. Keys that are not strings cannot name a field and are dropped. An
// element that is an object is refused, although Python would pair its first two keys.
func pyDict(list []any) (map[string]any, bool) {
	obj := make(map[string]any, len(list))
	for _, el := range list {
		var k, v any
		switch e := el.(type) {
		case []any:
			if len(e) != 2 {
				return nil, false
			}
			k, v = e[0], e[1]
		case string:
			rs := []rune(e)
			if len(rs) != 2 {
				return nil, false
			}
			k, v = string(rs[0]), string(rs[1])
		default:
			return nil, false
		}
		switch key := k.(type) {
		case []any, map[string]any:
			return nil, false
		case string:
			obj[key] = v
		}
	}
	return obj, true
}

// unixTime is pydantic v1's from_unix_seconds: numbers beyond 2e10 are read as milliseconds (or
// finer), and the result is UTC. Values pydantic maps to the naive datetime.max or min are left
// alone (Adapty could not compare them with the current time). The arithmetic is Python's: an
// integer literal is divided exactly before it becomes a float, and timedelta rounds the fraction
// of a second to microseconds half to even.
func unixTime(v any) (time.Time, bool) {
	var f float64
	switch x := v.(type) {
	case json.Number:
		var err error
		if f, err = x.Float64(); err != nil {
			return time.Time{}, false
		}
		if math.Abs(f) > 3e20 {
			return time.Time{}, false
		}
		if n, ok := new(big.Int).SetString(x.String(), 10); ok && math.Abs(f) > 2e10 {
			// Python's int / 1000 is the exact quotient, rounded once.
			f, _ = new(big.Rat).SetFrac(n, big.NewInt(1000)).Float64()
		}
	case bool:
		if x {
			f = 1
		}
	default:
		return time.Time{}, false
	}
	for math.Abs(f) > 2e10 {
		f /= 1000
	}
	whole, frac := math.Modf(f)
	us := int64(whole)*1_000_000 + int64(math.RoundToEven(frac*1e6))
	return time.UnixMicro(us).UTC(), true
}

// validationError words schema failures as pydantic v1 does, one item per failing field in the
// model's field order; error_code is the first error's.
func validationError(op *contract.Operation, value any, f *contract.Failure) error {
	m := models[op.ID]
	obj, ok := value.(map[string]any)
	if !ok {
		return ErrNotAnObject.With(m.name, pyTypeName(value))
	}
	var errs []*Error
	known := map[string]bool{}
	for _, fd := range m.fields {
		known["/"+fd.name] = true
		for _, is := range f.Issues {
			if is.Pointer == "/"+fd.name {
				errs = append(errs, fieldError(fd, obj, is))
				break
			}
		}
	}
	for _, is := range f.Issues {
		if !known[is.Pointer] {
			// Not reachable with Adapty's schemas (unknown keys are allowed); kept visible if they change.
			errs = append(errs, &Error{Name: "validation_error", Status: 400, Code: is.Keyword,
				Items: []Item{{Source: src(strings.TrimPrefix(is.Pointer, "/")), Errors: []string{is.Reason}}}})
		}
	}
	if len(errs) == 0 {
		return ErrFieldRequired.At("access_level_id")
	}
	out := *errs[0]
	out.Items = nil
	for _, e := range errs {
		out.Items = append(out.Items, e.Items...)
	}
	return &out
}

func fieldError(fd field, obj map[string]any, is contract.Issue) *Error {
	v, present := obj[fd.name]
	switch {
	case is.Keyword == "required" || !present:
		return ErrFieldRequired.At(fd.name)
	case v == nil:
		return ErrNoneNotAllowed.At(fd.name)
	case fd.date:
		switch v.(type) {
		case []any, map[string]any:
			return ErrDatetimeType.At(fd.name)
		}
		return ErrInvalidDatetime.At(fd.name)
	}
	return ErrStrTypeExpected.At(fd.name)
}

// nestedModel is the fields of an operation whose body schema.go's checker reads, nil for others.
func nestedModel(opID string, obj map[string]any) []spec {
	switch opID {
	case "createProfile", "updateProfile":
		return profileFields
	case "setTransaction":
		switch obj["purchase_type"] {
		case "one_time_purchase":
			return oneTimePurchaseFields
		case "subscription":
			return subscriptionFields
		}
	}
	return nil
}
