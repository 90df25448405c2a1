package parcel

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func TestLicenseChangedAppendJSON_WritesWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	texts := []string{"", "200", "OK", "user@example.com", "email", `q"uote`, "<b>&</b>", "é😀", "\xff", "\u2028", "line\nbreak"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	for range 2000 {
		var c licenseChanged
		c.Status, c.Message = text(), text()
		c.Data.UserID, c.Data.UserIDType, c.Data.ProductID, c.Data.State = text(), text(), text(), text()
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
		got, err := c.AppendJSON(nil)
		if err != nil || !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("AppendJSON wrote %s (%v), encoding/json %s", got, err, want.Bytes())
		}
	}
}
