package emulator_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
)

// Each provider's descriptor names the default world's credential and a load pair on its
// identities: against fixtures/default.yaml the credential authenticates both requests, which
// succeed, and the same request without it is refused.
func TestDescriptors_DefaultCredentialsAuthenticateInTheDefaultWorld(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range emulator.Registry() {
		d := p.Describe()
		send := func(r provider.LoadRequest, credential string) (int, []byte) {
			req := httptest.NewRequest(r.Method, "/t/credentials"+r.Path, bytes.NewReader(r.Body))
			for name, values := range r.Header {
				req.Header[name] = values
			}
			if credential != "" {
				req.Header.Set(d.Credential.Header, credential)
			}
			rec := httptest.NewRecorder()
			emu.Handler().ServeHTTP(rec, req)
			return rec.Code, rec.Body.Bytes()
		}
		if code, body := send(d.Load.Do, ""); code != http.StatusUnauthorized {
			t.Errorf("%s: %s %s without a credential answered %d %s, want 401", p.Name(), d.Load.Do.Method, d.Load.Do.Path, code, body)
		}
		for _, r := range []provider.LoadRequest{d.Load.Do, d.Load.Undo} {
			if code, body := send(r, d.Credential.Value); code != http.StatusOK || !r.OK(body) {
				t.Errorf("%s: %s %s with %s: %s answered %d %s", p.Name(), r.Method, r.Path, d.Credential.Header, d.Credential.Value, code, body)
			}
		}
	}
}
