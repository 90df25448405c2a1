package airtable

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/accessemu/accessemu/internal/jsonout"
)

func TestNoUserErrors_IsWhatEncodingJSONWritesOfNoErrors(t *testing.T) {
	want, err := jsonout.Marshal(manageUsersResponse{Errors: []userErrorItem{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := noUserErrors.Body.([]byte); !bytes.Equal(got, want) {
		t.Fatalf("wrote %s, encoding/json %s", got, want)
	}
}

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
		want, err := jsonout.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.AppendJSON(nil)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("AppendJSON wrote %s (%v), encoding/json %s", got, err, want)
		}
	}
}
