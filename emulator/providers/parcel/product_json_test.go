package parcel

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/accessemu/accessemu/emulator/provider"
)

// Random product reads, every optional field set or null, are written by AppendJSON exactly as
// encoding/json writes them.
func TestProductReadsAppendJSON_WriteWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	texts := []string{"", "200", "OK", "65a1b2c3d4e5f60718293a4b", "100", `q"uote`, "<b>&</b>", "é😀", "\xff", "\u2028", "line\nbreak"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	opt := func() *string {
		if rng.IntN(2) == 0 {
			return nil
		}
		s := text()
		return &s
	}
	products := func() []product {
		if rng.IntN(5) == 0 {
			return nil
		}
		out := []product{}
		for range rng.IntN(4) {
			out = append(out, product{Seq: rng.Uint64(), HubID: text(), ID: text(), Name: text(), Description: text(),
				DeveloperProductID: text(), File: text(), Onsale: rng.IntN(2) == 0, RoleID: opt(), DecalID: opt(), Stock: text(),
				Category: opt(), Instructions: opt()})
		}
		return out
	}
	for range 2000 {
		f := productFetched{Status: text(), Message: text()}
		if ps := products(); len(ps) > 0 {
			f.Data = ps[0]
		}
		l := productList{Status: text(), Message: text()}
		l.Data.Products = products()
		l.Data.Amount = rng.IntN(1000) - 10
		h := hubFetched{Status: text(), Message: text()}
		h.Data.ID, h.Data.Name, h.Data.Products = text(), text(), products()
		for _, v := range []provider.JSONAppender{f, l, h} {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			got, err := v.AppendJSON(nil)
			if err != nil || !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
				t.Fatalf("AppendJSON wrote\n%s (%v), encoding/json\n%s", got, err, want.Bytes())
			}
		}
	}
}
