package uitest

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"github.com/chromedp/chromedp"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/provider"
)

// ledger is a provider the inspector knows nothing about, standing for state added later: its
// section must still be shown, as tables.
type ledger struct{}

type ledgerState struct{}

func (ledgerState) Clone() provider.State { return ledgerState{} }

const ledgerSpec = `openapi: 3.0.3
info: {title: ledger, version: "1"}
paths:
  /ledger/entries:
    get:
      operationId: listEntries
      responses:
        "200": {description: the entries}
`

func (ledger) Name() string          { return "ledger" }
func (ledger) Spec() []byte          { return []byte(ledgerSpec) }
func (ledger) Owns(path string) bool { return strings.HasPrefix(path, "/ledger/") }
func (ledger) Load(*yaml.Node, *gofakeit.Faker, time.Time) (provider.State, error) {
	return ledgerState{}, nil
}
func (ledger) Authenticate(provider.State, *provider.Request) error { return nil }
func (ledger) Reject(_ provider.State, _ *provider.Request, f *provider.Failure) error {
	return errors.New("rejected")
}
func (ledger) Handle(provider.State, *provider.Request) (provider.Response, error) {
	return provider.Response{Status: http.StatusOK, Body: map[string]any{}}, nil
}
func (ledger) Unrouted(string, string, bool) error { return errors.New("not found") }
func (ledger) Render(error) provider.Response {
	return provider.Response{Status: http.StatusInternalServerError, Body: map[string]any{}}
}
func (ledger) WriteHeaders(h http.Header) { h.Set("Content-Type", "application/json") }

// Describe has nothing for the inspector to read: the page shows state through the dump alone.
func (ledger) Describe() provider.Descriptor { return provider.Descriptor{Paths: "/ledger/..."} }
func (ledger) ErrorNames() []string {
	return []string{"internal_server_error", "not_found", "rate_limited"}
}
func (ledger) NamedError(string, provider.State, *provider.Request) (error, bool) {
	return errors.New("ledger error"), true
}
func (ledger) RateLimit() (int, time.Duration, time.Duration) { return 0, 0, 0 }
func (ledger) Dump(provider.State) any {
	return map[string]any{
		"options":  map[string]any{"currency": "EUR"},
		"accounts": []map[string]any{{"id": "acc-1", "balance": 12.5, "tags": []string{"gold"}}, {"id": "acc-2", "frozen": true}},
		"owner":    "Ledger Ltd",
	}
}

func TestInspector_ShowsStateItDoesNotKnowAsTables(t *testing.T) {
	base := serve(t, emulator.Options{Providers: append(emulator.Registry(), ledger{})})
	ctx := tab(t)
	do(t, ctx, "see the unknown section",
		chromedp.Navigate(base+"/__emulator/ui"),
		waitText(premiumRow, "active"), // the known ones still render
		waitText("#state-ledger", "ledger"),
		waitText("#state", "currency EUR"),
		waitText("#state", "Ledger Ltd"),
	)
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('section[aria-labelledby="state-ledger"] table tr')].map(r => r.innerText.replaceAll("\t", "|")).join("\n")`))
	if err != nil {
		t.Fatal(err)
	}
	// Columns are the keys in the order they first appear; a missing one is an empty cell.
	want := "balance|id|tags|frozen\n12.5|acc-1|[\"gold\"]|\n|acc-2||true"
	if rows != want {
		t.Errorf("ledger accounts table:\n%s\nwant:\n%s", rows, want)
	}
}
