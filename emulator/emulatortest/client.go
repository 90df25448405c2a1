package emulatortest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/journal"
)

// Client is a typed client of the admin API (/__emulator/...) of an emulator at a root URL — in
// process, a binary or a container alike — acting on one tenant. It is safe for concurrent use;
// ForTenant, WithToken and WithHTTPClient return changed copies.
type Client struct {
	root   string
	tenant string
	token  string
	http   *http.Client
}

// defaultClientTimeout bounds one admin call made with a context that has no deadline.
const defaultClientTimeout = 30 * time.Second

// NewClient returns a client of the emulator whose root URL (scheme, host and port, no tenant
// prefix) is rootURL, acting on the default tenant.
func NewClient(rootURL string) *Client {
	return &Client{
		root:   strings.TrimSuffix(rootURL, "/"),
		tenant: emulator.DefaultTenant,
		http:   &http.Client{Timeout: defaultClientTimeout},
	}
}

// ForTenant is the same client acting on another tenant.
func (c *Client) ForTenant(name string) *Client { v := *c; v.tenant = name; return &v }

// WithToken is the same client sending Authorization: Bearer token, for an emulator started with
// --admin-token.
func (c *Client) WithToken(token string) *Client { v := *c; v.token = token; return &v }

// WithHTTPClient is the same client making its calls through hc.
func (c *Client) WithHTTPClient(hc *http.Client) *Client { v := *c; v.http = hc; return &v }

// Tenant is the tenant the client acts on.
func (c *Client) Tenant() string { return c.tenant }

// RootURL is the emulator's root URL.
func (c *Client) RootURL() string { return c.root }

// APIError is an admin API answer other than the expected success.
type APIError struct {
	Method, Path string
	StatusCode   int
	// Message is the admin API's {"error": ...} text, or the raw body when it had none.
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("admin API %s %s: %d: %s", e.Method, e.Path, e.StatusCode, e.Message)
}

// Health is the liveness answer.
type Health struct {
	Status  string `json:"status"`
	Version string `json:"version"`
}

// Readiness is the readiness answer: true once every provider is mounted.
type Readiness struct {
	Ready     bool     `json:"ready"`
	Providers []string `json:"providers"`
}

// ClockReading is a tenant's clock: its time, and whether it was set or advanced (virtual) rather
// than following real time.
type ClockReading struct {
	Now     time.Time `json:"now"`
	Virtual bool      `json:"virtual"`
}

// ActiveScenario is a scenario active in a tenant, with how often each of its rules fired.
type ActiveScenario struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Fired       []int  `json:"fired"`
}

// Health asks whether the emulator is alive, and which version it runs.
func (c *Client) Health(ctx context.Context) (Health, error) {
	var h Health
	return h, c.call(ctx, http.MethodGet, "/health", nil, "", http.StatusOK, &h)
}

// Ready asks whether the emulator serves its providers.
func (c *Client) Ready(ctx context.Context) (Readiness, error) {
	var r Readiness
	return r, c.call(ctx, http.MethodGet, "/ready", nil, "", http.StatusOK, &r)
}

// Tenants lists the tenants in use.
func (c *Client) Tenants(ctx context.Context) ([]string, error) {
	var out struct {
		Tenants []string `json:"tenants"`
	}
	return out.Tenants, c.call(ctx, http.MethodGet, "/tenants", nil, "", http.StatusOK, &out)
}

// DeleteTenant forgets a tenant: its next use starts from the loaded world.
func (c *Client) DeleteTenant(ctx context.Context, name string) error {
	return c.call(ctx, http.MethodDelete, "/tenants/"+url.PathEscape(name), nil, "", http.StatusNoContent, nil)
}

// Reset returns the tenant to the loaded world: state, clock, journal and start-up scenarios.
func (c *Client) Reset(ctx context.Context) error {
	return c.call(ctx, http.MethodPost, c.tenantPath("/reset"), nil, "", http.StatusNoContent, nil)
}

// State is the tenant's state in the fixture format (YAML).
func (c *Client) State(ctx context.Context) (string, error) {
	var raw rawBody
	err := c.call(ctx, http.MethodGet, c.tenantPath("/state"), nil, "", http.StatusOK, &raw)
	return string(raw), err
}

// PutState replaces the tenant's state with a fixture document (YAML or JSON); a document with an
// error changes nothing.
func (c *Client) PutState(ctx context.Context, doc string) error {
	return c.call(ctx, http.MethodPut, c.tenantPath("/state"), strings.NewReader(doc), "application/yaml", http.StatusNoContent, nil)
}

// Journal returns the tenant's recorded requests that match f, oldest first.
func (c *Client) Journal(ctx context.Context, f journal.Filter) ([]journal.Entry, error) {
	q := url.Values{}
	for name, v := range map[string]string{"provider": f.Provider, "operation": f.Operation} {
		if v != "" {
			q.Set(name, v)
		}
	}
	if f.Status != 0 {
		q.Set("status", strconv.Itoa(f.Status))
	}
	for name, t := range map[string]time.Time{"since": f.Since, "until": f.Until} {
		if !t.IsZero() {
			q.Set(name, t.UTC().Format(time.RFC3339Nano))
		}
	}
	path := c.tenantPath("/journal")
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out struct {
		Entries []journal.Entry `json:"entries"`
	}
	return out.Entries, c.call(ctx, http.MethodGet, path, nil, "", http.StatusOK, &out)
}

// ClearJournal drops the tenant's recorded requests.
func (c *Client) ClearJournal(ctx context.Context) error {
	return c.call(ctx, http.MethodDelete, c.tenantPath("/journal"), nil, "", http.StatusNoContent, nil)
}

// Clock reads the tenant's clock.
func (c *Client) Clock(ctx context.Context) (ClockReading, error) {
	var r ClockReading
	return r, c.call(ctx, http.MethodGet, c.tenantPath("/clock"), nil, "", http.StatusOK, &r)
}

// SetClock freezes the tenant's clock at t.
func (c *Client) SetClock(ctx context.Context, t time.Time) (ClockReading, error) {
	body, _ := json.Marshal(map[string]string{"now": t.UTC().Format(time.RFC3339Nano)})
	var r ClockReading
	return r, c.call(ctx, http.MethodPut, c.tenantPath("/clock"), bytes.NewReader(body), "application/json", http.StatusOK, &r)
}

// AdvanceClock moves the tenant's clock by d (negative moves it back) without sleeping.
func (c *Client) AdvanceClock(ctx context.Context, d time.Duration) (ClockReading, error) {
	body, _ := json.Marshal(map[string]string{"by": d.String()})
	var r ClockReading
	return r, c.call(ctx, http.MethodPost, c.tenantPath("/clock/advance"), bytes.NewReader(body), "application/json", http.StatusOK, &r)
}

// RealClock puts the tenant's clock back on real time.
func (c *Client) RealClock(ctx context.Context) (ClockReading, error) {
	var r ClockReading
	return r, c.call(ctx, http.MethodDelete, c.tenantPath("/clock"), nil, "", http.StatusOK, &r)
}

// ActivateScenario activates a scenario in the tenant: a shipped one by name (accessemu scenarios
// lists them) or a whole scenario document (YAML or JSON).
func (c *Client) ActivateScenario(ctx context.Context, nameOrDoc string) error {
	body := nameOrDoc
	if !strings.ContainsAny(nameOrDoc, ":{\n") { // a bare name, not a document
		b, _ := json.Marshal(map[string]string{"name": nameOrDoc})
		body = string(b)
	}
	return c.call(ctx, http.MethodPost, c.tenantPath("/scenarios"), strings.NewReader(body), "application/yaml", http.StatusCreated, nil)
}

// Scenarios lists the scenarios active in the tenant.
func (c *Client) Scenarios(ctx context.Context) ([]ActiveScenario, error) {
	var out struct {
		Scenarios []ActiveScenario `json:"scenarios"`
	}
	return out.Scenarios, c.call(ctx, http.MethodGet, c.tenantPath("/scenarios"), nil, "", http.StatusOK, &out)
}

// DeactivateScenario deactivates one scenario of the tenant by name.
func (c *Client) DeactivateScenario(ctx context.Context, name string) error {
	return c.call(ctx, http.MethodDelete, c.tenantPath("/scenarios/"+url.PathEscape(name)), nil, "", http.StatusNoContent, nil)
}

// ClearScenarios deactivates every scenario of the tenant.
func (c *Client) ClearScenarios(ctx context.Context) error {
	return c.call(ctx, http.MethodDelete, c.tenantPath("/scenarios"), nil, "", http.StatusNoContent, nil)
}

func (c *Client) tenantPath(rest string) string { return "/tenants/" + url.PathEscape(c.tenant) + rest }

// rawBody receives an answer that is not JSON (the YAML state dump).
type rawBody []byte

// call makes one admin call and decodes a JSON answer into out (or keeps it raw); any status but
// want is an *APIError.
func (c *Client) call(ctx context.Context, method, path string, body io.Reader, contentType string, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.root+emulator.AdminPrefix+path, body)
	if err != nil {
		return err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("admin API %s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode != want {
		apiErr := &APIError{Method: method, Path: path, StatusCode: resp.StatusCode, Message: string(data)}
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			apiErr.Message = e.Error
		}
		return apiErr
	}
	switch out := out.(type) {
	case nil:
		return nil
	case *rawBody:
		*out = data
		return nil
	default:
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("admin API %s %s: decoding the answer: %w", method, path, err)
		}
		return nil
	}
}
