package parcel

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
	"github.com/accessemu/accessemu/internal/worldtest"
)

// defaultWorld is the default world's Parcel section, loaded.
func defaultWorld(t *testing.T) *world {
	t.Helper()
	return worldtest.Default(t, New()).(*world)
}

// send runs one operation on the world with the default hub's key, as the pipeline does once the
// request is admitted, and fails the test on an error answer.
func send(t *testing.T, w *world, op, productID, body string) {
	t.Helper()
	r := &provider.Request{
		Op:     &contract.Operation{ID: op},
		Header: http.Header{"Authorization": {defaultKey}},
		Path:   map[string]string{"product_id": productID},
		Body:   []byte(body),
	}
	p := New()
	if err := p.Authenticate(w, r); err != nil {
		t.Fatalf("%s %s: %v", op, productID, err)
	}
	v, err := contract.DecodeJSON(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	r.Value = v
	if _, err := p.Handle(w, r); err != nil {
		t.Fatalf("%s %s: %v", op, productID, err)
	}
}

// checkProductAnswers compares every hub's kept list products and get hub answers, and every
// product's kept get product answer, with answers written afresh from the world, and leaves them
// kept.
func checkProductAnswers(t *testing.T, w *world, after string) {
	t.Helper()
	for id, pr := range w.products.All() {
		want, _ := productFetched{Status: "200", Message: "OK", Data: pr}.AppendJSON(nil)
		for range 2 {
			got, err := w.getProduct(pr.HubID, id)
			if err != nil || !bytes.Equal(got.Body.([]byte), want) {
				t.Fatalf("after %s, product %s:\nkept  %s (%v)\nfresh %s", after, id, got.Body, err, want)
			}
		}
	}
	for id := range w.hubs {
		list, _ := w.listProducts(id)
		if want := w.productListBody(id); !bytes.Equal(list.Body.([]byte), want) {
			t.Fatalf("after %s, hub %s's list:\nkept  %s\nfresh %s", after, id, list.Body, want)
		}
		hub, _ := w.getHub(id)
		if want := w.hubBody(id); !bytes.Equal(hub.Body.([]byte), want) {
			t.Fatalf("after %s, hub %s:\nkept  %s\nfresh %s", after, id, hub.Body, want)
		}
	}
}

const newProduct = `{"name":"Emulator Bow","description":"A bow","developer_product_id":"1700000003","file":"f","onsale":true,` +
	`"role_id":"1180000000000000003","decal_id":null,"stock":"unlimited","category":null,"instructions":null}`

func TestProductAnswers_FollowEveryChangeOfTheProducts(t *testing.T) {
	w := defaultWorld(t)
	checkProductAnswers(t, w, "loading")
	send(t, w, "createProduct", "", newProduct)
	checkProductAnswers(t, w, "a creation")
	send(t, w, "updateProduct", updatedProduct, `{"onsale":false,"name":"Renamed Shield"}`)
	checkProductAnswers(t, w, "an update")
	send(t, w, "deleteProduct", "", `{"product_id":"`+updatedProduct+`"}`)
	checkProductAnswers(t, w, "a deletion")
}

// Products of a few ids and random fields, read from concurrent readers, get the answer written
// for their own value, however the kept answers' slots are shared.
func TestKeptProduct_GivesTheAnswerOfTheProductValueItIsGiven(t *testing.T) {
	var readers sync.WaitGroup
	for r := range 4 {
		readers.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(r), 31))
			for range 20000 {
				pr := randomProduct(rng)
				pr.ID = fmt.Sprintf("p%03d", rng.IntN(600))
				write := func() []byte {
					b, _ := productFetched{Status: "200", Message: "OK", Data: pr}.AppendJSON(nil)
					return b
				}
				want := write()
				if got := keptProduct(&pr, write).([]byte); !bytes.Equal(got, want) {
					t.Errorf("%+v:\ngot  %s\nwant %s", pr, got, want)
					return
				}
			}
		})
	}
	readers.Wait()
}

func TestProductAnswers_OfAClonePartFromTheOriginalsOnTheirFirstChange(t *testing.T) {
	original := defaultWorld(t)
	checkProductAnswers(t, original, "loading")
	clone := original.Clone().(*world)
	send(t, clone, "updateProduct", updatedProduct, `{"name":"Renamed Shield"}`)
	checkProductAnswers(t, clone, "an update in the clone")
	checkProductAnswers(t, original, "an update in its clone")
	again := original.Clone().(*world)
	send(t, original, "deleteProduct", "", `{"product_id":"`+licensedProduct+`"}`)
	checkProductAnswers(t, original, "a deletion in the original")
	checkProductAnswers(t, again, "a deletion in its original")
}

func TestProductAnswers_AreWrittenOnceByConcurrentReaders(t *testing.T) {
	w := defaultWorld(t)
	hubID := w.hubOfKeyOrFail(t)
	want := w.productListBody(hubID)
	var readers sync.WaitGroup
	for range 8 {
		readers.Go(func() { // as readers sharing the tenant's read lock
			got, _ := w.listProducts(hubID)
			if !bytes.Equal(got.Body.([]byte), want) {
				t.Errorf("got %s, want %s", got.Body, want)
			}
			w.getHub(hubID)
		})
	}
	readers.Wait()
}

func (w *world) hubOfKeyOrFail(t *testing.T) string {
	hubID, ok := w.hubOfKey.Get(defaultKey)
	if !ok {
		t.Fatal("the default key has no hub")
	}
	return hubID
}

// Each answer is its bytes, written where they fit at once, and the interface that holds them.
func TestProductAndLicenceAnswers_AreWrittenInTwoAllocations(t *testing.T) {
	w := defaultWorld(t)
	hubID := w.hubOfKeyOrFail(t)
	if n := testing.AllocsPerRun(100, func() { w.getProduct(hubID, licensedProduct) }); n > 2 {
		t.Errorf("get product: %v allocations", n)
	}
	if n := testing.AllocsPerRun(100, func() { w.check(hubID, "roblox", "1001", licensedProduct) }); n > 2 {
		t.Errorf("check: %v allocations", n)
	}
	req := licenseRequest{ProductID: licensedProduct, UserID: "1001", UserIDType: "roblox"}
	if n := testing.AllocsPerRun(100, func() { changed(req, "License has been revoked") }); n > 2 {
		t.Errorf("revoke: %v allocations", n)
	}
}
