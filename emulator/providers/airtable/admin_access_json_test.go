package airtable

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func TestManageUsersResponseAppendJSON_WritesWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	texts := []string{"", "usrABC", "user@example.com", "NOT_FOUND", "User not found", `q"uote`, "<b>&</b>", "é😀", "\xff", "\u2028", "tab\t"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	for range 2000 {
		var m manageUsersResponse
		if rng.IntN(6) > 0 {
			m.Errors = []userErrorItem{}
			for range rng.IntN(4) {
				m.Errors = append(m.Errors, userErrorItem{Email: text(), ID: text(), Message: text(), Type: text()})
			}
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		got, err := m.AppendJSON(nil)
		if err != nil || !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("AppendJSON wrote %s (%v), encoding/json %s", got, err, want.Bytes())
		}
	}
}
