package emulator_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
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

// An emulator mounting one provider starts with that provider's shipped scenarios only, rather than
// refusing the others' as naming an unknown provider.
func TestOptionsProviders_LibraryHoldsTheMountedProvidersScenariosOnly(t *testing.T) {
	emu, err := emulator.New(emulator.Options{Providers: []provider.Provider{parcel.New()}, Fixtures: []byte("seed: 1\n")})
	if err != nil {
		t.Fatal(err)
	}
	all, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, s := range all.Scenarios() {
		if s.Rules[0].Match.Provider == "parcel" {
			want = append(want, s.Name)
		}
	}
	var got []string
	for _, s := range emu.Scenarios() {
		got = append(got, s.Name)
	}
	if len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("mounted alone, Parcel's library is %v, want %v", got, want)
	}
}
