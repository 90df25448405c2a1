package adapty

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accessemu/accessemu/internal/contract"
)

// The profile and transaction bodies are checked field by field as their pydantic v1 models would
// check them: every failing field is reported, in the model's field order, with pydantic's message,
// and the first one's code is the error_code. The answers are assumed (Adapty documents none), and
// the spec's schema agrees with these models on what is valid.

type kind int

const (
	kindString kind = iota
	kindDateTime
	kindDate
	kindBool
	kindNumber
	kindIntEnum
	kindObject
	kindList
	// kindAttrValue is a custom attribute's value: a string of at most 50 characters or a number.
	kindAttrValue
)

type spec struct {
	name     string
	kind     kind
	required bool
	nullable bool
	enum     []string
	maxLen   int
	// format is "email" or "uuid" for strings, checked after the type.
	format  string
	pattern *regexp.Regexp
	// fields are an object's fields, or those of each item of a list.
	fields []spec
}

var attrKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

var customAttributeFields = []spec{
	{name: "key", kind: kindString, required: true, maxLen: 30, pattern: attrKeyPattern},
	{name: "value", kind: kindAttrValue, required: true, nullable: true},
}

var installationMetaFields = func() []spec {
	f := []spec{{name: "device_id", kind: kindString, required: true, format: "uuid"}}
	for _, name := range []string{"device", "locale", "os", "platform", "timezone", "user_agent", "app_build",
		"app_version", "adapty_sdk_version", "idfa", "idfv", "advertising_id", "android_id", "android_app_set_id"} {
		s := spec{name: name, kind: kindString, nullable: true}
		if name == "platform" {
			s.enum = []string{"iOS", "macOS", "iPadOS", "Android", "visionOS", "web"}
		}
		f = append(f, s)
	}
	return f
}()

// profileFields is ProfileRequest. installation_meta is required only with
// options.require_installation_meta (see checkProfile).
var profileFields = []spec{
	{name: "first_name", kind: kindString, nullable: true},
	{name: "last_name", kind: kindString, nullable: true},
	{name: "gender", kind: kindString, nullable: true, enum: []string{"f", "m", "o"}},
	{name: "email", kind: kindString, nullable: true, format: "email"},
	{name: "phone_number", kind: kindString, nullable: true},
	{name: "birthday", kind: kindDate, nullable: true},
	{name: "ip_country", kind: kindString, nullable: true},
	{name: "ip_v4_address", kind: kindString, nullable: true},
	{name: "store_country", kind: kindString, nullable: true},
	{name: "store", kind: kindString, nullable: true, enum: []string{"app_store", "play_store", "stripe", "adapty", "paddle"}},
	{name: "store_account_token", kind: kindString, nullable: true, format: "uuid"},
	{name: "att_status", kind: kindIntEnum, nullable: true, enum: []string{"0", "1", "2", "3"}},
	{name: "analytics_disabled", kind: kindBool, nullable: true},
	{name: "custom_attributes", kind: kindList, fields: customAttributeFields},
	{name: "installation_meta", kind: kindObject, fields: installationMetaFields},
}

var (
	priceFields = []spec{
		{name: "country", kind: kindString, required: true},
		{name: "currency", kind: kindString, required: true},
		{name: "value", kind: kindNumber, required: true},
	}
	offerFields = []spec{
		{name: "category", kind: kindString, required: true, enum: offerCategories},
		{name: "type", kind: kindString, required: true, enum: offerTypes},
		{name: "id", kind: kindString, nullable: true},
	}
	cancellationReasons = []string{"billing_error", "cancelled_by_developer", "new_subscription_replace", "price_increase",
		"product_was_not_available", "refund", "unknown", "upgraded", "voluntarily_cancelled", "adapty_revoked"}
)

// oneTimePurchaseFields is OneTimePurchaseDTO; subscriptionFields adds SubscriptionDTO's own.
var oneTimePurchaseFields = []spec{
	{name: "purchase_type", kind: kindString, required: true},
	{name: "store", kind: kindString, required: true},
	{name: "environment", kind: kindString, enum: []string{"Production", "Sandbox"}},
	{name: "store_product_id", kind: kindString, required: true},
	{name: "store_transaction_id", kind: kindString, required: true, maxLen: 50},
	{name: "store_original_transaction_id", kind: kindString, required: true},
	{name: "is_family_shared", kind: kindBool},
	{name: "price", kind: kindObject, required: true, fields: priceFields},
	{name: "purchased_at", kind: kindDateTime, required: true},
	{name: "variation_id", kind: kindString, nullable: true},
	{name: "offer", kind: kindObject, nullable: true, fields: offerFields},
	{name: "refunded_at", kind: kindDateTime, nullable: true},
	{name: "cancellation_reason", kind: kindString, nullable: true, enum: cancellationReasons},
}

var subscriptionFields = append(append([]spec(nil), oneTimePurchaseFields...),
	spec{name: "originally_purchased_at", kind: kindDateTime, required: true},
	spec{name: "expires_at", kind: kindDateTime, required: true},
	spec{name: "renew_status", kind: kindBool}, // required with options.require_renew_status
	spec{name: "renew_status_changed_at", kind: kindDateTime, nullable: true},
	spec{name: "billing_issue_detected_at", kind: kindDateTime, nullable: true},
	spec{name: "grace_period_expires_at", kind: kindDateTime, nullable: true},
)

// checker validates and coerces (in place) one body against its fields.
type checker struct {
	strict bool
	// coerceOnly leaves out the checks that never change a value (enums, lengths, patterns, date
	// text), for the pass that coerces a body before its schema is checked: the body is checked
	// in full once it is read.
	coerceOnly bool
	errs       []*Error
}

// path is where a value sits in the body, from the body down: field names, and a list item's index
// (custom_attributes.0.key). It is a value, joined as pydantic names it only when a check fails, so a
// valid body costs nothing for it. The deepest field of the models is three parts down.
type path struct {
	parts [4]string
	n     int
}

func (p path) to(part string) path {
	p.parts[p.n] = part
	p.n++
	return p
}

func (p path) String() string { return strings.Join(p.parts[:p.n], ".") }

func (c *checker) fail(e *Error, source string) { c.errs = append(c.errs, e.At(source)) }

func (c *checker) failAt(e *Error, at path) { c.fail(e, at.String()) }

// result is nil when every field passed, else all failures in one envelope, coded as the first.
func (c *checker) result() error {
	if len(c.errs) == 0 {
		return nil
	}
	out := *c.errs[0]
	out.Items = nil
	for _, e := range c.errs {
		out.Items = append(out.Items, e.Items...)
	}
	return &out
}

// object checks obj's fields; up is where obj sits (path{} for the body itself). A value is written
// back only when coercion changed it: a body that needs none is left as it is.
func (c *checker) object(fields []spec, obj map[string]any, up path) {
	for i := range fields {
		f := &fields[i]
		v, present := obj[f.name]
		at := up.to(f.name)
		switch {
		case !present:
			if f.required {
				c.failAt(ErrFieldRequired, at)
			}
			continue
		case v == nil:
			if !f.nullable {
				c.failAt(ErrNoneNotAllowed, at)
			}
			continue
		}
		if nv, changed := c.value(f, v, at); changed {
			obj[f.name] = nv
		}
	}
}

// value checks one present, non-null value. When pydantic would store it coerced, it returns that
// value and true; a value that fails, or needs no coercion, is left as it is.
func (c *checker) value(f *spec, v any, at path) (any, bool) {
	switch f.kind {
	case kindString:
		s, ok := c.str(v)
		if !ok {
			c.failAt(ErrStrTypeExpected, at)
			return nil, false
		}
		switch {
		case c.coerceOnly:
		case len(f.enum) > 0 && !contains(f.enum, s):
			c.failAt(ErrEnum.With(permitted(f.enum, true)), at)
		case f.maxLen > 0 && utf8.RuneCountInString(s) > f.maxLen:
			c.failAt(ErrMaxLength.With(f.maxLen), at)
		case f.pattern != nil && !f.pattern.MatchString(s):
			c.failAt(ErrRegex.With(f.pattern.String()), at)
		case f.format == "email" && !emailPattern.MatchString(s):
			c.failAt(ErrEmail, at)
		case f.format == "uuid" && !uuidPattern.MatchString(s):
			c.failAt(ErrUUID, at)
		}
		return coerced(v, s)
	case kindDateTime:
		switch x := v.(type) {
		case string:
			if c.coerceOnly {
				return nil, false
			}
			if _, err := contract.ParseDateTime(x); err != nil {
				c.failAt(ErrInvalidDatetime, at)
			}
			return nil, false
		case []any, map[string]any:
			c.failAt(ErrDatetimeType, at)
			return nil, false
		}
		if t, ok := unixTime(v); ok && !c.strict {
			return t.Format(time.RFC3339Nano), true
		}
		c.failAt(ErrInvalidDatetime, at)
		return nil, false
	case kindDate:
		if c.coerceOnly {
			return nil, false
		}
		s, ok := v.(string)
		if _, err := time.Parse(time.DateOnly, s); !ok || err != nil {
			c.failAt(ErrInvalidDate, at)
		}
		return nil, false
	case kindBool:
		if b, ok := c.boolean(v); ok {
			return coerced(v, b)
		}
		c.failAt(ErrBool, at)
		return nil, false
	case kindNumber:
		if n, ok := c.number(v); ok {
			return coerced(v, n)
		}
		c.failAt(ErrFloat, at)
		return nil, false
	case kindIntEnum:
		n, ok := v.(json.Number)
		if !ok || !contains(f.enum, n.String()) {
			c.failAt(ErrEnum.With(permitted(f.enum, false)), at)
			return nil, false
		}
		return nil, false
	case kindObject:
		obj, ok := v.(map[string]any)
		if !ok {
			c.failAt(ErrDict, at)
			return nil, false
		}
		c.object(f.fields, obj, at)
		return nil, false
	case kindList:
		list, ok := v.([]any)
		if !ok {
			c.failAt(ErrList, at)
			return nil, false
		}
		for i, item := range list {
			itemAt := at.to(strconv.Itoa(i))
			obj, ok := item.(map[string]any)
			if !ok {
				c.failAt(ErrDict, itemAt)
				continue
			}
			c.object(f.fields, obj, itemAt)
		}
		return nil, false
	case kindAttrValue:
		switch x := v.(type) {
		case string:
			if utf8.RuneCountInString(x) > 50 {
				c.failAt(ErrMaxLength.With(50), at)
			}
			return nil, false
		case json.Number, bool, float64:
			if n, ok := c.number(x); ok {
				return coerced(v, n)
			}
			c.failAt(ErrFloat, at)
			return nil, false
		}
		c.failAt(ErrStrTypeExpected, at)
		return nil, false
	}
	return nil, false
}

// coerced is (to, true) unless v already is to: a value given in the right type is left as it is,
// not boxed again.
func coerced[T comparable](v any, to T) (any, bool) {
	if x, same := v.(T); same && x == to {
		return nil, false
	}
	return to, true
}

// str is a string field's value; unless strict, a number or boolean becomes its str().
func (c *checker) str(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return pyNumberString(x.String()), !c.strict
	case bool:
		return map[bool]string{true: "True", false: "False"}[x], !c.strict
	}
	return "", false
}

// boolean is pydantic v1's bool: true and false, and unless strict 0, 1 and its yes/no words.
func (c *checker) boolean(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case json.Number:
		switch x.String() {
		case "0":
			return false, !c.strict
		case "1":
			return true, !c.strict
		}
	case string:
		switch strings.ToLower(x) {
		case "0", "off", "f", "false", "n", "no":
			return false, !c.strict
		case "1", "on", "t", "true", "y", "yes":
			return true, !c.strict
		}
	}
	return false, false
}

// number is pydantic v1's float: a JSON number, and unless strict a numeric string or a boolean.
// Infinities and NaN (1e400, "inf", "nan") are refused: no revenue or price can be one, and JSON
// cannot carry them back.
func (c *checker) number(v any) (float64, bool) {
	f, ok := 0.0, false
	switch x := v.(type) {
	case float64:
		f, ok = x, true
	case json.Number:
		var err error
		f, err = strconv.ParseFloat(x.String(), 64)
		ok = err == nil
	case string:
		var err error
		f, err = strconv.ParseFloat(strings.TrimSpace(x), 64)
		ok = err == nil && !c.strict
	case bool:
		if x {
			f = 1
		}
		ok = !c.strict
	}
	return f, ok && !math.IsInf(f, 0) && !math.IsNaN(f)
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// permitted lists an enum's values as pydantic v1's message does: 'a', 'b' (numbers bare).
func permitted(values []string, quoted bool) string {
	parts := make([]string, len(values))
	for i, v := range values {
		if quoted {
			v = "'" + v + "'"
		}
		parts[i] = v
	}
	return strings.Join(parts, ", ")
}
