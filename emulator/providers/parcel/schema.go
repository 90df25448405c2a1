package parcel

// Transfer and the product create and update check their bodies with a schema (Node's Joi, going
// by the answer's "error" string) rather than the whitelist endpoints' presence check. The fields
// below are those bodies in the docs' order: Joi stops at the first failure, in key order, and
// names it by its dotted path. The types agree with openapi/parcel.yaml, which also holds the
// userid_type enum that is checked after the schema ("Invalid type").

type fieldKind int

const (
	text fieldKind = iota
	flag
	object
)

type field struct {
	name     string
	kind     fieldKind
	nullable bool
	nonEmpty bool
	fields   []field // of an object
}

var userFields = []field{{name: "userid", kind: text, nonEmpty: true}, {name: "userid_type", kind: text, nonEmpty: true}}

var transferFields = []field{
	{name: "product_id", kind: text, nonEmpty: true},
	{name: "sender", kind: object, fields: userFields},
	{name: "recipient", kind: object, fields: userFields},
}

var productFields = []field{
	{name: "name", kind: text, nonEmpty: true},
	{name: "description", kind: text},
	{name: "developer_product_id", kind: text, nonEmpty: true},
	{name: "file", kind: text},
	{name: "onsale", kind: flag},
	{name: "role_id", kind: text, nullable: true},
	{name: "decal_id", kind: text, nullable: true},
	{name: "stock", kind: text},
	{name: "category", kind: text, nullable: true},
	{name: "instructions", kind: text, nullable: true},
}

// schemaProblem is Joi's message for the first field of body that breaks fields, or "" when none
// does. required says whether every field must be present (create, transfer) or none (update).
func schemaProblem(body any, fields []field, required bool) string {
	obj, ok := body.(map[string]any)
	if !ok {
		return `"value" must be of type object`
	}
	return objectProblem(obj, fields, required, "")
}

func objectProblem(obj map[string]any, fields []field, required bool, prefix string) string {
	for _, f := range fields {
		label := `"` + prefix + f.name + `"`
		v, present := obj[f.name]
		if !present {
			if required {
				return label + " is required"
			}
			continue
		}
		if v == nil && f.nullable {
			continue
		}
		switch f.kind {
		case text:
			s, ok := v.(string)
			if !ok {
				return label + " must be a string"
			}
			if s == "" && f.nonEmpty {
				return label + " is not allowed to be empty"
			}
		case flag:
			if _, ok := v.(bool); !ok {
				return label + " must be a boolean"
			}
		case object:
			inner, ok := v.(map[string]any)
			if !ok {
				return label + " must be of type object"
			}
			if p := objectProblem(inner, f.fields, true, prefix+f.name+"."); p != "" {
				return p
			}
		}
	}
	return ""
}
