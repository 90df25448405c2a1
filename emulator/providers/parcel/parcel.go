// Package parcel emulates Parcel's public API v2: the licence endpoints (revoke, a DELETE with a
// JSON body; assign; check; transfer) for Roblox product licences of a hub, and the hub's products
// (create, update, delete, fetch one, list) and the hub itself.
package parcel

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// Parcel is the provider.
type Parcel struct{}

// New returns the Parcel provider.
func New() *Parcel { return &Parcel{} }

// Name is the provider's name in specs, fixtures and scenarios.
func (p *Parcel) Name() string { return "parcel" }

// Owns claims the path families of Parcel's API for its 404 envelope.
func (p *Parcel) Owns(path string) bool {
	for _, prefix := range []string{"/whitelist", "/products", "/hub"} {
		if path == prefix || strings.HasPrefix(path, prefix+"/") {
			return true
		}
	}
	return false
}

// WriteHeaders sets the content type Parcel's (Express) server sends.
func (p *Parcel) WriteHeaders(h http.Header) {
	h["Content-Type"] = contentType // its canonical name: this runs for every answer
}

// contentType is shared by every answer's header; net/http only reads it.
var contentType = []string{"application/json; charset=utf-8"}

// Unrouted is Parcel's answer to an unknown path or method (assumed; undocumented).
func (p *Parcel) Unrouted(string, string, bool) error { return ErrNotFound }

// Authenticate resolves the raw API key of the Authorization header to its hub.
func (p *Parcel) Authenticate(st provider.State, r *provider.Request) error {
	key := strings.TrimSpace(authorization(r.Header))
	if key == "" {
		return ErrNoAuthorizationKey
	}
	w := st.(*world)
	hubID, ok := w.hubOfKey.Get(key)
	if !ok {
		return ErrInvalidAuthorizationKey
	}
	r.Principal = w.hubs[hubID].principal
	return nil
}

// authorization is the request's Authorization header, as Header.Get reads it without
// canonicalizing a name that is canonical already.
func authorization(h http.Header) string {
	if v := h["Authorization"]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Reject maps a contract failure onto Parcel's documented 400s. The whitelist endpoints check
// presence first ("Missing Body Parameters", "Missing Query Parameter"), then the type ("Invalid
// type"); transfer and the product bodies go through a schema first, then the type; a product
// delete checks product_id's presence.
func (p *Parcel) Reject(st provider.State, r *provider.Request, f *contract.Failure) error {
	switch r.Op.ID {
	case "deleteProduct":
		return missingProductID(st.(*world))
	case "transferWhitelist", "createProduct", "updateProduct":
		if detail := p.schemaDetail(st, r); detail != "" {
			return schemaError(detail)
		}
		if f.Kind == contract.BodyInvalid && f.OnlyKeyword("enum") {
			return ErrInvalidType
		}
		// The schema above and openapi/parcel.yaml disagree: a defect, answered as Parcel's 500.
		return f
	}
	if f.Kind == contract.ParamInvalid {
		if f.Has("product_id", "") {
			return ErrMissingQueryParameter
		}
		return ErrInvalidType
	}
	if f.Kind == contract.BodyInvalid && f.OnlyKeyword("enum") && f.Has("/userid_type", "enum") {
		return ErrInvalidType
	}
	return ErrMissingBodyParameters
}

// NormalizeBody reads the body as Parcel's (Node) server does. Its presence check is JavaScript's
// truthiness, so a field that is falsy (null, false, 0, -0 or "") is missing. Unless strict_ids is
// set, a JSON number in product_id or userid becomes the string JavaScript's String() makes of the
// number JSON.parse read (Roblox Lua sends player.UserId as a number): 1001.0 is "1001", 2^64 is
// "18446744073709552000" and 1e400 is "Infinity". A product delete's product_id is read the same
// way; so are transfer's ids, but not their falsy values: its schema reports those.
func (p *Parcel) NormalizeBody(st provider.State, op *contract.Operation, body any) any {
	obj, ok := body.(map[string]any)
	if !ok {
		return body
	}
	strict := st.(*world).opts.StrictIDs
	switch op.ID {
	case "revokeWhitelist", "assignWhitelist":
		dropFalsy(obj, "product_id", "userid", "userid_type")
		if !strict {
			numbersAsStrings(obj, "product_id", "userid")
		}
	case "deleteProduct":
		dropFalsy(obj, "product_id")
		if !strict {
			numbersAsStrings(obj, "product_id")
		}
	case "transferWhitelist":
		if !strict {
			numbersAsStrings(obj, "product_id")
			for _, side := range []string{"sender", "recipient"} {
				if m, ok := obj[side].(map[string]any); ok {
					numbersAsStrings(m, "userid")
				}
			}
		}
	}
	return body
}

// dropFalsy removes the fields JavaScript's presence check reads as missing.
func dropFalsy(obj map[string]any, fields ...string) {
	for _, field := range fields {
		if v, present := obj[field]; present && jsFalsy(v) {
			delete(obj, field)
		}
	}
}

// numbersAsStrings replaces JSON numbers in the fields by JavaScript's String() of them.
func numbersAsStrings(obj map[string]any, fields ...string) {
	for _, field := range fields {
		if n, ok := obj[field].(json.Number); ok {
			obj[field] = jsNumberString(jsNumber(n))
		}
	}
}

// schemaDetail is the schema's "error" string for a transfer or product body: no body is an empty
// object (Express's body parser gives {}), a body that is not JSON is no object.
func (p *Parcel) schemaDetail(st provider.State, r *provider.Request) string {
	var value any = map[string]any{}
	if len(strings.TrimSpace(string(r.Body))) > 0 {
		v, err := contract.DecodeJSON(r.Body)
		if err != nil {
			v = nil
		}
		value = p.NormalizeBody(st, r.Op, v)
	}
	switch r.Op.ID {
	case "transferWhitelist":
		return schemaProblem(value, transferFields, true)
	case "createProduct":
		return schemaProblem(value, productFields, true)
	case "updateProduct":
		return schemaProblem(value, productFields, false)
	}
	return ""
}

func missingProductID(w *world) *Error {
	e := *ErrMissingProductID
	if w != nil {
		e.Message = w.opts.MissingProductIDMessage
	}
	return &e
}

// jsFalsy reports whether JavaScript reads a decoded JSON value as false.
func jsFalsy(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		return x == ""
	case json.Number:
		return jsNumber(x) == 0
	}
	return false
}

// jsNumber is the double JSON.parse makes of a number literal (out of range: ±Infinity).
func jsNumber(n json.Number) float64 {
	f, _ := strconv.ParseFloat(n.String(), 64) // a range error still returns ±Inf or ±0
	return f
}

// jsNumberString is JavaScript's Number::toString: the shortest round-tripping digits, written out
// positionally while the decimal exponent is below 21 and above -7, else as 1.5e+21.
func jsNumberString(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	k, n := len(digits), e+1 // value = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	m := digits[:1]
	if k > 1 {
		m += "." + digits[1:]
	}
	esign := "+"
	if e < 0 {
		esign, e = "-", -e
	}
	return sign + m + "e" + esign + strconv.Itoa(e)
}

// Handle runs one operation.
func (p *Parcel) Handle(st provider.State, r *provider.Request) (provider.Response, error) {
	w := st.(*world)
	hubID := r.Principal.(string)
	switch r.Op.ID {
	case "checkWhitelist":
		return w.check(hubID, r.Path["userid_type"], r.Path["user_id"], r.Query.Get("product_id"))
	case "revokeWhitelist", "assignWhitelist":
		body := r.Value.(map[string]any)
		req := licenseRequest{
			ProductID:  body["product_id"].(string),
			UserID:     body["userid"].(string),
			UserIDType: body["userid_type"].(string),
		}
		if r.Op.ID == "revokeWhitelist" {
			return w.revoke(hubID, req)
		}
		return w.assign(hubID, req)
	case "transferWhitelist":
		return w.transfer(hubID, transferOf(r.Value.(map[string]any)))
	case "createProduct":
		return w.createProduct(hubID, r.Value.(map[string]any))
	case "updateProduct":
		body, _ := r.Value.(map[string]any) // nil without a body
		return w.updateProduct(hubID, r.Path["product_id"], body)
	case "deleteProduct":
		return w.deleteProduct(hubID, r.Value.(map[string]any)["product_id"].(string))
	case "getProduct":
		return w.getProduct(hubID, r.Path["product_id"])
	case "listProducts":
		return w.listProducts(hubID)
	case "getHub":
		return w.getHub(hubID)
	}
	return provider.Response{}, ErrNotFound
}

func statusText(status int) string { return strconv.Itoa(status) }
