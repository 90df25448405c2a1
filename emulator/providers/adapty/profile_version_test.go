package adapty

import (
	"bytes"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
	"github.com/accessemu/accessemu/internal/worldtest"
)

// loadDefaultWorld is the default world's Adapty section, loaded.
func loadDefaultWorld(t *testing.T) *world {
	t.Helper()
	return worldtest.Default(t, New()).(*world)
}

const defaultKeyHeader = "Api-Key " + defaultSecretKey

// run runs one operation on the world as the pipeline does once the request is admitted, fails
// the test on an error answer, and checks that a profile answer is the profile now stored.
func run(t *testing.T, w *world, op string, header http.Header, body string) {
	t.Helper()
	h := header.Clone()
	h.Set("Authorization", defaultKeyHeader)
	r := &provider.Request{Op: &contract.Operation{ID: op}, Header: h, Body: []byte(body),
		Now: time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC)}
	if body != "" {
		r.Op.Body = &openapi3.Schema{}
	}
	p := New()
	if err := p.Authenticate(w, r); err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	if body != "" {
		v, err := contract.DecodeJSON(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		r.Value = p.NormalizeBody(w, r.Op, v)
	}
	resp, err := p.Handle(w, r)
	if err != nil {
		t.Fatalf("%s %s: %v", op, body, err)
	}
	if resp.Body == nil {
		return
	}
	got, err := resp.Body.(provider.JSONAppender).AppendJSON(nil)
	ref, pr, _ := w.identify(defaultAppID, h)
	pr.version = nil
	want, wantErr := w.profileBody(ref.App, &pr, r.Now).AppendJSON(nil)
	if !bytes.Equal(got, want) || (err != nil) != (wantErr != nil) {
		t.Fatalf("%s %s answered\n%s (%v)\nthe profile stored is\n%s (%v)", op, body, got, err, want, wantErr)
	}
}

// checkProfileAnswers compares every profile's answer, kept or carried over, with one written
// afresh from the profile, and leaves them kept.
func checkProfileAnswers(t *testing.T, w *world, after string) {
	t.Helper()
	now := time.Date(2025, 2, 3, 4, 5, 6, 789000000, time.UTC)
	for ref, pr := range w.profiles.All() {
		fresh := pr
		fresh.version = nil
		want, wantErr := w.profileBody(ref.App, &fresh, now).AppendJSON(nil)
		// As a change answers it (the head carried over, the rest written), then as a read (kept).
		for _, changed := range []bool{true, false, false} {
			resp := w.profileOK(ref.App, &pr, now, changed)
			got, err := resp.Body.(provider.JSONAppender).AppendJSON(nil)
			if !bytes.Equal(got, want) || (err != nil) != (wantErr != nil) {
				t.Fatalf("after %s, profile %s (changed %v):\ngot   %s (%v)\nfresh %s (%v)", after, ref.Profile, changed, got, err, want, wantErr)
			}
		}
	}
}

var (
	premiumHeader  = http.Header{"Adapty-Customer-User-Id": {toggledCustomer}}
	lifetimeHeader = http.Header{"Adapty-Customer-User-Id": {benchCustomer}}
)

// changes are operations that change profiles, each with what checkProfileAnswers says after it.
var changes = []struct {
	name, op string
	header   http.Header
	body     string
}{
	{"a revoke", "revokeAccessLevel", premiumHeader, toggledLevel},
	{"a grant", "grantAccessLevel", premiumHeader, toggledLevel},
	{"a grant of another level", "grantAccessLevel", premiumHeader, `{"access_level_id":"vip","expires_at":"2030-01-01T00:00:00Z"}`},
	{"a transaction", "setTransaction", lifetimeHeader, benchTransaction},
	{"the same transaction again", "setTransaction", lifetimeHeader, benchTransaction},
	{"a subscription", "setTransaction", lifetimeHeader, `{"purchase_type":"subscription","store":"play_store","environment":"Production",` +
		`"store_product_id":"vip.annual","store_transaction_id":"sub-1","store_original_transaction_id":"sub-1","is_family_shared":false,` +
		`"price":{"country":"US","currency":"USD","value":1.5},"purchased_at":"2024-01-15T10:30:00Z","originally_purchased_at":"2024-01-15T10:30:00Z",` +
		`"expires_at":"2031-01-15T10:30:00Z","renew_status":true}`},
	{"an update of attributes", "updateProfile", lifetimeHeader, `{"custom_attributes":[{"key":"k.1","value":"v\"<\u2028"},{"key":"n","value":-0.0}]}`},
	{"an update of nothing kept", "updateProfile", lifetimeHeader, `{"first_name":"Bench"}`},
	{"a creation", "createProfile", http.Header{"Adapty-Customer-User-Id": {"new-customer"}}, `{"custom_attributes":[{"key":"a","value":1}]}`},
	{"a creation for a taken customer", "createProfile", premiumHeader, `{}`},
	{"an attachment", "createProfile", http.Header{"Adapty-Profile-Id": {"0b6f4b4e-2f7c-4c1a-8e53-1f0a9d6c7e03"}, "Adapty-Customer-User-Id": {"attached"}}, `{}`},
	{"a revoke after the attachment", "revokeAccessLevel", premiumHeader, toggledLevel},
	{"a deletion", "deleteProfile", premiumHeader, ""},
}

func TestProfileAnswers_FollowEveryChangeOfAProfile(t *testing.T) {
	w := loadDefaultWorld(t)
	checkProfileAnswers(t, w, "loading")
	for _, c := range changes {
		run(t, w, c.op, c.header, c.body)
		checkProfileAnswers(t, w, c.name)
	}
}

func TestProfileAnswers_OfAClonePartFromTheOriginalsOnTheirFirstChange(t *testing.T) {
	original := loadDefaultWorld(t)
	checkProfileAnswers(t, original, "loading")
	for _, c := range changes {
		clone := original.Clone().(*world)
		run(t, clone, c.op, c.header, c.body)
		checkProfileAnswers(t, clone, c.name+" in a clone")
		checkProfileAnswers(t, original, c.name+" in its clone")
		again := original.Clone().(*world)
		run(t, original, c.op, c.header, c.body)
		checkProfileAnswers(t, original, c.name+" in the original")
		checkProfileAnswers(t, again, c.name+" in its original")
	}
}

func TestProfileAnswers_AreWrittenAlikeByConcurrentReadersOfClones(t *testing.T) {
	w := loadDefaultWorld(t)
	clone := w.Clone().(*world)
	ref := profileRef{App: defaultAppID, Profile: benchProfileID}
	now := time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)
	pr, _ := w.profiles.Get(ref)
	fresh := pr
	fresh.version = nil
	want, _ := w.profileBody(ref.App, &fresh, now).AppendJSON(nil)
	var readers sync.WaitGroup
	for i := range 8 { // as readers of two tenants, each sharing its tenant's read lock
		readers.Go(func() {
			tenant := []*world{w, clone}[i%2]
			pr, _ := tenant.profiles.Get(ref)
			resp := tenant.profileOK(ref.App, &pr, now, false)
			got, _ := resp.Body.(provider.JSONAppender).AppendJSON(nil)
			if !bytes.Equal(got, want) {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
	readers.Wait()
}

func TestProfileAnswers_OfGeneratedProfilesFollowTheirChanges(t *testing.T) {
	var file bytes.Buffer
	if err := generate(&file, provider.Generation{N: 3, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(file.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	st, err := New().Load(doc.Content[0].Content[1], gofakeit.New(1), time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	w := st.(*world)
	checkProfileAnswers(t, w, "loading")
	generated := http.Header{"Adapty-Customer-User-Id": {GeneratedCustomerPrefix + "1"}}
	run(t, w, "grantAccessLevel", generated, toggledLevel)
	checkProfileAnswers(t, w, "a grant")
	run(t, w, "revokeAccessLevel", generated, toggledLevel)
	checkProfileAnswers(t, w, "a revoke")
}
