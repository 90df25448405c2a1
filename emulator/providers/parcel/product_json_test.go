package parcel

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/jsonout"
)

// Random product reads, every optional field set or null, are written by AppendJSON exactly as
// encoding/json writes them.
func TestProductReadsAppendJSON_WriteWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	text := func() string { return randomText(rng) }
	products := func() []product {
		if rng.IntN(5) == 0 {
			return nil
		}
		out := []product{}
		for range rng.IntN(4) {
			out = append(out, randomProduct(rng))
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
			want, err := jsonout.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.AppendJSON(nil)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("AppendJSON wrote\n%s (%v), encoding/json\n%s", got, err, want)
			}
		}
	}
}

// jsonTexts are strings encoding/json writes in every way: plain, escaped, HTML, non-ASCII, invalid
// UTF-8 (written as U+FFFD, as "\uFFFD" itself is) and U+2028.
var jsonTexts = []string{"", "200", "OK", "65a1b2c3d4e5f60718293a4b", "100", `q"uote`, "<b>&</b>", "é😀", "\xff", "\xfe", "\uFFFD", "\u2028", "line\nbreak"}

func randomText(rng *rand.Rand) string { return jsonTexts[rng.IntN(len(jsonTexts))] }

func randomOptText(rng *rand.Rand) *string {
	if rng.IntN(2) == 0 {
		return nil
	}
	s := randomText(rng)
	return &s
}

func randomProduct(rng *rand.Rand) product {
	text := func() string { return randomText(rng) }
	opt := func() *string { return randomOptText(rng) }
	return product{Seq: rng.Uint64(), HubID: text(), ID: text(), Name: text(), Description: text(),
		DeveloperProductID: text(), File: text(), Onsale: rng.IntN(2) == 0, RoleID: opt(), DecalID: opt(), Stock: text(),
		Category: opt(), Instructions: opt()}
}

// An update's answer from random products before and after, most fields kept, holds exactly the
// fields whose encoding/json text changed, written as encoding/json writes them.
func TestProductUpdatedAppendJSON_WritesTheFieldsWhoseJSONChanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	marshal := func(v any) json.RawMessage {
		b, err := jsonout.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	type changes struct {
		Name               json.RawMessage `json:"name,omitempty"`
		Description        json.RawMessage `json:"description,omitempty"`
		DeveloperProductID json.RawMessage `json:"developer_product_id,omitempty"`
		File               json.RawMessage `json:"file,omitempty"`
		Onsale             json.RawMessage `json:"onsale,omitempty"`
		RoleID             json.RawMessage `json:"role_id,omitempty"`
		DecalID            json.RawMessage `json:"decal_id,omitempty"`
		Stock              json.RawMessage `json:"stock,omitempty"`
		Category           json.RawMessage `json:"category,omitempty"`
		Instructions       json.RawMessage `json:"instructions,omitempty"`
	}
	type answer struct {
		Status  string `json:"status"`
		Message string `json:"message"`
		Data    struct {
			State   string  `json:"state"`
			Changes changes `json:"changes"`
		} `json:"data"`
	}
	for range 5000 {
		old, next := randomProduct(rng), randomProduct(rng)
		keep := rng.IntN(2) == 0 // most fields unchanged, as in most updates
		pick := func(dst *string, src string) {
			if keep && rng.IntN(4) > 0 {
				*dst = src
			}
		}
		pickOpt := func(dst **string, src *string) {
			if keep && rng.IntN(4) > 0 {
				*dst = src
			}
		}
		pick(&next.Name, old.Name)
		pick(&next.Description, old.Description)
		pick(&next.DeveloperProductID, old.DeveloperProductID)
		pick(&next.File, old.File)
		pick(&next.Stock, old.Stock)
		pickOpt(&next.RoleID, old.RoleID)
		pickOpt(&next.DecalID, old.DecalID)
		pickOpt(&next.Category, old.Category)
		pickOpt(&next.Instructions, old.Instructions)

		var want answer
		want.Status, want.Message, want.Data.State = randomText(rng), randomText(rng), randomText(rng)
		diff := func(dst *json.RawMessage, a, b any) {
			if ra, rb := marshal(a), marshal(b); !bytes.Equal(ra, rb) {
				*dst = rb
			}
		}
		c := &want.Data.Changes
		diff(&c.Name, old.Name, next.Name)
		diff(&c.Description, old.Description, next.Description)
		diff(&c.DeveloperProductID, old.DeveloperProductID, next.DeveloperProductID)
		diff(&c.File, old.File, next.File)
		diff(&c.Onsale, old.Onsale, next.Onsale)
		diff(&c.RoleID, old.RoleID, next.RoleID)
		diff(&c.DecalID, old.DecalID, next.DecalID)
		diff(&c.Stock, old.Stock, next.Stock)
		diff(&c.Category, old.Category, next.Category)
		diff(&c.Instructions, old.Instructions, next.Instructions)

		var u productUpdated
		u.Status, u.Message, u.Data.State = want.Status, want.Message, want.Data.State
		u.Data.Changes = productChanges{old: old, next: next}
		got, err := u.AppendJSON(nil)
		if w := marshal(want); err != nil || !bytes.Equal(got, w) {
			t.Fatalf("AppendJSON wrote\n%s (%v), encoding/json\n%s", got, err, w)
		}
	}
}

// Update's answer is the same whether it fits the stack buffer updatedAnswer writes it in or not.
func TestUpdatedAnswer_IsProductUpdatedAtAnyLength(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for i := range 2000 {
		old, next := randomProduct(rng), randomProduct(rng)
		next.Description = strings.Repeat(randomText(rng), i%300)
		var u productUpdated
		u.Status, u.Message, u.Data.State = "200", "OK", "Product updated"
		u.Data.Changes = productChanges{old: old, next: next}
		want, _ := u.AppendJSON(nil)
		if got := updatedAnswer(&old, &next); !bytes.Equal(got, want) {
			t.Fatalf("updatedAnswer wrote\n%s, AppendJSON\n%s", got, want)
		}
	}
}
