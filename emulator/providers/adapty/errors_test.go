package adapty_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/adapty"
)

func TestCatalogue_EveryErrorHasAUniqueNameAndRendersInTheEnvelope(t *testing.T) {
	p := adapty.New()
	names := map[string]bool{}
	for _, e := range adapty.Catalogue {
		if names[e.Name] {
			t.Errorf("catalogue name %q is used twice", e.Name)
		}
		names[e.Name] = true
		resp := p.Render(e)
		body, err := json.Marshal(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		var env struct {
			Errors []struct {
				Source *string  `json:"source"`
				Errors []string `json:"errors"`
			} `json:"errors"`
			ErrorCode  string `json:"error_code"`
			StatusCode int    `json:"status_code"`
		}
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatal(err)
		}
		if resp.Status != e.Status || env.StatusCode != e.Status || env.ErrorCode != e.Code || len(env.Errors) != 1 || len(env.Errors[0].Errors) != 1 {
			t.Errorf("%s renders as %d %s", e.Name, resp.Status, body)
		}
	}
	for _, want := range []string{"not_authenticated", "profile_not_found", "profile_does_not_exist", "paid_access_level_does_not_exist",
		"profile_paid_access_level_does_not_exist", "revocation_date_more_than_expiration_date", "value_error", "parse_error",
		"not_found", "method_not_allowed", "rate_limited", "server_error"} {
		if !names[want] {
			t.Errorf("the catalogue has no %q", want)
		}
	}
}

func TestRender_UnknownErrorIsTheServerError(t *testing.T) {
	resp := adapty.New().Render(fmt.Errorf("disk on fire"))
	body, _ := json.Marshal(resp.Body)
	if resp.Status != 500 || string(body) != `{"errors":[{"source":null,"errors":["A server error occurred."]}],"error_code":"server_error","status_code":500}` {
		t.Errorf("got %d %s", resp.Status, body)
	}
	// A filled-in message is still its catalogue entry.
	if !errors.Is(adapty.ErrPaidAccessLevelDoesNotExist.With("gold"), adapty.ErrPaidAccessLevelDoesNotExist) {
		t.Error("With loses the catalogue identity")
	}
	resp = adapty.New().Render(adapty.ErrRateLimited)
	body, _ = json.Marshal(resp.Body)
	if resp.Status != 429 || string(body) != `{"errors":[{"source":null,"errors":["Request was throttled."]}],"error_code":"rate_limited","status_code":429}` {
		t.Errorf("got %d %s", resp.Status, body)
	}
}
