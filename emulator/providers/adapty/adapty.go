// Package adapty emulates Adapty's server-side API v2 around access levels: revoke access level (the
// mission), grant access level, set transaction, and create, get, update and delete profile, for
// profiles of apps identified by secret API keys.
package adapty

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/http"
	"strings"
	"unsafe"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// Adapty is the provider.
type Adapty struct{}

// New returns the Adapty provider.
func New() *Adapty { return &Adapty{} }

// Name is the provider's name in specs, fixtures and scenarios.
func (p *Adapty) Name() string { return "adapty" }

// Owns claims Adapty's /api/ tree for its 404 and 405 envelopes.
func (p *Adapty) Owns(path string) bool { return path == "/api" || strings.HasPrefix(path, "/api/") }

// WriteHeaders sets the JSON content type and the Request-Id Adapty documents on its responses
// (32 lowercase hex characters, as in the docs' example 758f01dfd9e74ccfbabb4934241c4966).
func (p *Adapty) WriteHeaders(h http.Header) {
	// An id tells answers apart and guards nothing: the runtime's generator, not the OS's, draws it.
	var raw [16]byte
	binary.LittleEndian.PutUint64(raw[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(raw[8:], rand.Uint64())
	id := new(requestID)
	hex.Encode(id.text[:], raw[:])
	id.value[0] = unsafe.String(&id.text[0], len(id.text)) // the text is never written again
	// Assigned under their canonical names rather than with Set: this runs for every answer.
	h["Content-Type"] = contentType
	h["Request-Id"] = id.value[:]
}

// requestID is a Request-Id header's value and the text it holds, in one allocation: every answer
// carries one.
type requestID struct {
	value [1]string
	text  [32]byte
}

// contentType is shared by every answer's header; net/http only reads it.
var contentType = []string{"application/json"}

// Unrouted answers an unknown path under /api/ with a 404, and a wrong method on a known path with
// a 405, both in Adapty's envelope with Django REST framework's wording (assumed; undocumented).
func (p *Adapty) Unrouted(method, _ string, methodNotAllowed bool) error {
	if methodNotAllowed {
		return ErrMethodNotAllowed.With(method)
	}
	return ErrNotFound
}

// A request for a profile acts for its version (profile_version.go), or for a generated profile
// never changed, its reference.

// creator is who a create profile request acts for: the key's app. The identity headers are read
// under the tenant's lock, since the request may make the profile they name.
type creator struct{ App string }

// Authenticate resolves "Authorization: Api-Key <secret>" to its app and the identity headers to a
// profile of that app, so that an unknown profile answers before the body is read. A body Python
// cannot decode as UTF-8 is refused here too, since Adapty's parser decodes before it parses.
func (p *Adapty) Authenticate(st provider.State, r *provider.Request) error {
	w := st.(*world)
	appID, ok := w.appOfKey.Get(apiKey(header(r.Header, "Authorization")))
	if !ok {
		return ErrNotAuthenticated
	}
	if r.Op.ID == "createProfile" {
		r.Principal = creator{App: appID}
	} else {
		ref, pr, ok := w.identify(appID, r.Header)
		if !ok {
			return w.unknownProfile(r.Op.ID)
		}
		if pr.version != nil {
			r.Principal = pr.version // a pointer: boxed without allocating
		} else {
			r.Principal = ref
		}
	}
	if r.Op.Body != nil {
		if msg := utf8Error(r.Body); msg != "" {
			return ErrParseError.With(msg)
		}
	}
	return nil
}

// header is a request header as Django reads it: a header sent more than once is one value, its
// values joined with commas (so a duplicated Authorization is no longer "Api-Key <secret>"). name
// is in canonical form, as net/http keys the map.
func header(h http.Header, name string) string {
	values := h[name]
	if len(values) == 1 {
		return values[0]
	}
	return strings.Join(values, ",")
}

// apiKey is the secret of an "Api-Key <secret>" header value (keyword case-insensitive, as DRF's
// keyword authentication compares it), or "" for any other form.
func apiKey(header string) string {
	// The form every client sends, one space between two runs of visible ASCII, is cut there; any
	// other header is split into fields as strings.Fields splits it.
	if keyword, secret, ok := strings.Cut(header, " "); ok && visibleASCII(keyword) && visibleASCII(secret) {
		if !strings.EqualFold(keyword, "Api-Key") {
			return ""
		}
		return secret
	}
	var parts [2]string
	n := 0
	for field := range strings.FieldsSeq(header) {
		if n == len(parts) {
			return ""
		}
		parts[n] = field
		n++
	}
	if n != 2 || !strings.EqualFold(parts[0], "Api-Key") {
		return ""
	}
	return parts[1]
}

// visibleASCII reports whether s is one or more printable ASCII characters other than space.
func visibleASCII(s string) bool {
	i := 0
	// Eight bytes at a time: every request's key runs through this.
	for ; i+8 <= len(s); i += 8 {
		if !visibleASCII8(binary.LittleEndian.Uint64([]byte(s[i : i+8]))) {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return s != ""
}

// visibleASCII8 reports whether each of the eight bytes of w is above space and below DEL.
// (x - n·0x01…) & ^x & 0x80… is not zero exactly when some byte of x is below n (n ≤ 0x80).
func visibleASCII8(w uint64) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	return (w&tops | (w-0x21*ones)&^w&tops | (w^0x7f*ones-ones)&^(w^0x7f*ones)&tops) == 0
}

// Handle runs one operation on the profile Authenticate found.
func (p *Adapty) Handle(st provider.State, r *provider.Request) (provider.Response, error) {
	w := st.(*world)
	if c, ok := r.Principal.(creator); ok {
		req, err := w.readProfileRequest(r.Op, r.Value)
		if err != nil {
			return provider.Response{}, err
		}
		return w.createProfile(c.App, r.Header, req, r.Now)
	}
	// The profile as Authenticate found it, under the same lock.
	var ref profileRef
	var pr profile
	switch p := r.Principal.(type) {
	case *profileVersion:
		ref, pr = p.ref, p.p
	case profileRef:
		var ok bool
		if pr, ok = w.profiles.Get(p); !ok {
			return provider.Response{}, w.unknownProfile(r.Op.ID)
		}
		ref = p
	}
	switch r.Op.ID {
	case "getProfile":
		return w.profileOK(ref.App, &pr, r.Now, false), nil
	case "updateProfile":
		req, err := w.readProfileRequest(r.Op, r.Value)
		if err != nil {
			return provider.Response{}, err
		}
		return w.updateProfile(ref, pr, req, r.Now)
	case "deleteProfile":
		return w.deleteProfile(ref, pr)
	case "setTransaction":
		req, err := w.readTransaction(r.Op, r.Value)
		if err != nil {
			return provider.Response{}, err
		}
		return w.setTransaction(ref, pr, req, r.Now)
	case "revokeAccessLevel":
		req, err := readRevoke(r.Op, r.Value)
		if err != nil {
			return provider.Response{}, err
		}
		return w.revoke(ref, pr, req, r.Now)
	case "grantAccessLevel":
		req, err := readGrant(r.Op, r.Value)
		if err != nil {
			return provider.Response{}, err
		}
		return w.grant(ref, pr, req, r.Now)
	}
	return provider.Response{}, ErrNotFound
}

// Reject maps a contract failure onto Adapty's answer: a body that is not JSON is DRF's parse_error
// with Python's message; a body that breaks the schema gets pydantic v1's errors (assumed).
func (p *Adapty) Reject(st provider.State, r *provider.Request, f *contract.Failure) error {
	w := st.(*world)
	switch f.Kind {
	case contract.BodyMissing:
		if w.opts.EmptyBody == "empty_object" && len(r.Body) == 0 {
			return ErrFieldRequired.At("access_level_id")
		}
		return ErrParseError.With(pyJSONError(r.Body))
	case contract.BodyMalformed:
		if msg := pyJSONError(r.Body); msg != "" {
			return ErrParseError.With(msg)
		}
		// Go refused what Python accepts (deeper nesting than Go allows): point at Go's offset.
		offset := int64(len(r.Body))
		var se *json.SyntaxError
		if errors.As(f.Syntax, &se) {
			offset = se.Offset
		}
		return ErrParseError.With(pyErrorAt(r.Body, "Expecting value", offset))
	case contract.BodyInvalid:
		value, err := contract.DecodeJSON(r.Body)
		if err != nil {
			return ErrParseError.With(pyErrorAt(r.Body, "Expecting value", 0))
		}
		value = p.NormalizeBody(st, r.Op, value)
		if err := w.checkBody(r.Op, value); err != nil {
			return err
		}
		return validationError(r.Op, value, f)
	}
	// Only the identity headers are parameters, and both are optional strings.
	return w.unknownProfile(r.Op.ID)
}
