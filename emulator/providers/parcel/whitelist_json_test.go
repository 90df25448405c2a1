package parcel

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/jsonout"
)

func TestLicenseAnswersAppendJSON_WriteWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	texts := []string{"", "200", "OK", "user@example.com", "email", `q"uote`, "<b>&</b>", "é😀", "\xff", "\u2028", "line\nbreak"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	for range 2000 {
		var c licenseChanged
		c.Status, c.Message = text(), text()
		c.Data.UserID, c.Data.UserIDType, c.Data.ProductID, c.Data.State = text(), text(), text(), text()
		var k licenseCheck
		k.Status, k.Message = text(), text()
		k.Data.UserID, k.Data.UserIDType, k.Data.ProductID, k.Data.OwnsLicense = text(), text(), text(), rng.IntN(2) == 0
		var x licenseTransferred
		x.Status, x.Message = text(), text()
		x.Data.Sender, x.Data.Recipient, x.Data.ProductID, x.Data.State = text(), text(), text(), text()
		if rng.IntN(2) == 0 { // the status every answer the emulator gives has
			c.Status, c.Message, k.Status, k.Message = "200", "OK", "200", "OK"
		}
		for _, v := range []provider.JSONAppender{c, k, x} {
			want, err := jsonout.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.AppendJSON(nil)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("AppendJSON wrote %s (%v), encoding/json %s", got, err, want)
			}
		}
	}
}
