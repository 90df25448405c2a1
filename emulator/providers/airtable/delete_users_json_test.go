package airtable

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/accessemu/accessemu/internal/jsonout"
)

func TestDeleteUsersResponseAppendJSON_WritesWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	texts := []string{"", "usrABC", "user@example.com", "NOT_FOUND", "User not found", `q"uote`, "<b>&</b>", "é😀", "\xff", "\u2028", "tab\t"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	for range 2000 {
		var r deleteUsersResponse
		if rng.IntN(6) > 0 {
			r.DeletedUsers = []deletedUser{}
			for range rng.IntN(4) {
				r.DeletedUsers = append(r.DeletedUsers, deletedUser{Email: text(), ID: text()})
			}
		}
		if rng.IntN(6) > 0 {
			r.Errors = []userErrorItem{}
			for range rng.IntN(4) {
				r.Errors = append(r.Errors, userErrorItem{Email: text(), ID: text(), Message: text(), Type: text()})
			}
		}
		want, err := jsonout.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.AppendJSON(nil)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("AppendJSON wrote %s (%v), encoding/json %s", got, err, want)
		}
	}
}
