package parcel_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/accessemu/accessemu/emulator/journal"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
)

// A product's whole life through only the public API, as an integration runs it: create a product,
// assign it, transfer it, revoke it from the recipient, delete the product; afterwards every
// licence call on it answers "Product does not exist.".
func TestLifecycle_CreateAssignTransferRevokeDelete(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	do := func(method, path, body string) *apitest.Result {
		t.Helper()
		return s.Do(method, path, body, "Authorization", key, "Content-Type", "application/json")
	}
	var created struct {
		Data struct{ Product struct{ ID string } }
	}
	res := do("POST", "/products/create", bowBody)
	res.Expect(200, `{"status":"200","message":"OK","data":{"state":"Product created","product":`+bowJSON+`}}`)
	res.JSON(&created)
	id := created.Data.Product.ID

	do("POST", "/whitelist/assign", licenseBody(q(id), q(linked), q("discord"))).
		Expect(200, changedBody(linked, "discord", id, "License has been assigned"))
	do("PATCH", "/whitelist/transfer", transferBody(q(id), q(linked), q("discord"), q("1002"), q("roblox"))).
		Expect(200, transferred(linked, "1002", id))
	do("DELETE", "/whitelist/revoke", licenseBody(q(id), q("1001"), q("roblox"))).Expect(400, notOwned)
	do("GET", "/whitelist/check/roblox/1002?product_id="+id, "").Expect(200, checkBody("1002", "roblox", id, true))
	do("DELETE", "/whitelist/revoke", licenseBody(q(id), q("1002"), q("roblox"))).
		Expect(200, changedBody("1002", "roblox", id, "License has been revoked"))
	do("GET", "/whitelist/check/roblox/1002?product_id="+id, "").Expect(200, checkBody("1002", "roblox", id, false))
	do("DELETE", "/products/delete", `{"product_id":"`+id+`"}`).
		Expect(200, `{"status":"200","message":"OK","data":{"state":"Product deleted","product":{"id":"`+id+`","name":"Bow"}}}`)

	do("DELETE", "/whitelist/revoke", licenseBody(q(id), q("1002"), q("roblox"))).Expect(404, noProduct)
	do("POST", "/whitelist/assign", licenseBody(q(id), q("1002"), q("roblox"))).Expect(404, noProduct)
	do("GET", "/whitelist/check/roblox/1002?product_id="+id, "").Expect(404, noProduct)
	do("GET", "/products/all", "").Expect(200, `{"status":"200","message":"OK","data":{"amount":2,"products":[`+swordJSON+`,`+shieldJSON+`]}}`)
}

// Concurrent creates, updates, transfers, assigns and revokes on shared products lose no update:
// every create gets its own id and is listed once, and the licences that the successful calls
// account for are exactly the licences left.
func TestConcurrency_ProductsAndTransfersLoseNoUpdate(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	const workers, rounds = 12, 20
	var (
		mu        sync.Mutex
		ids       = map[string]bool{}
		moves     = map[string]int{} // net licences gained per Roblox user on the sword
		wg        sync.WaitGroup
		transfers = [][2]string{{"1001", "1002"}, {"1002", "1001"}, {"1001", "1003"}, {"1003", "1001"}}
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				switch (w + i) % 3 {
				case 0:
					var out struct {
						Data struct{ Product struct{ ID string } }
					}
					res := s.Do("POST", "/products/create", withField("name", q(fmt.Sprintf("P-%d-%d", w, i))), "Authorization", key)
					if res.Status != 200 {
						t.Errorf("create: %d %s", res.Status, res.Body)
						continue
					}
					res.JSON(&out)
					mu.Lock()
					if ids[out.Data.Product.ID] {
						t.Errorf("id %s given twice", out.Data.Product.ID)
					}
					ids[out.Data.Product.ID] = true
					mu.Unlock()
				case 1:
					pair := transfers[(w*rounds+i)%len(transfers)]
					res := s.Do("PATCH", "/whitelist/transfer", transferBody(q(sword), q(pair[0]), q("roblox"), q(pair[1]), q("roblox")), "Authorization", key)
					switch res.Status {
					case 200:
						mu.Lock()
						moves[pair[0]]--
						moves[pair[1]]++
						mu.Unlock()
					case 400:
					default:
						t.Errorf("transfer: %d %s", res.Status, res.Body)
					}
				default:
					res := s.Do("PATCH", "/products/update/"+shield, fmt.Sprintf(`{"stock":"%d"}`, i), "Authorization", key)
					if res.Status != 200 {
						t.Errorf("update: %d %s", res.Status, res.Body)
					}
				}
			}
		}()
	}
	wg.Wait()
	var list struct {
		Data struct {
			Amount   int
			Products []struct{ ID string }
		}
	}
	s.Do("GET", "/products/all", "", "Authorization", key).JSON(&list)
	if list.Data.Amount != 2+len(ids) || len(list.Data.Products) != list.Data.Amount {
		t.Fatalf("listed %d (amount %d), want %d", len(list.Data.Products), list.Data.Amount, 2+len(ids))
	}
	for _, p := range list.Data.Products[2:] {
		if !ids[p.ID] {
			t.Fatalf("listed %s, which no create answered", p.ID)
		}
	}
	// 1001 owned the sword at the start; transfers only move it.
	held := map[string]int{"1001": 1 + moves["1001"], "1002": moves["1002"], "1003": moves["1003"]}
	total := 0
	for user, n := range held {
		if n != 0 && n != 1 {
			t.Fatalf("user %s: net %d licences: not a valid history", user, n)
		}
		total += n
		s.Do("GET", "/whitelist/check/roblox/"+user+"?product_id="+sword, "", "Authorization", key).Expect(200, checkBody(user, "roblox", sword, n == 1))
	}
	if total != 1 {
		t.Fatalf("%d sword licences after transfers, want 1", total)
	}
}

// Products made, changed and deleted through the API survive a dump and a load: the loaded world
// dumps the same, lists the same, and goes on drawing new ids where the first one stopped.
func TestDump_RoundTripsCreatedUpdatedAndDeletedProducts(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	s.Do("POST", "/products/create", bowBody, "Authorization", key).JSON(new(any))
	s.Do("POST", "/products/create", withField("name", q("Crossbow")), "Authorization", key).JSON(new(any))
	s.Do("PATCH", "/products/update/"+firstNewID, `{"onsale":false,"role_id":"5","decal_id":"","instructions":"it's \"fine\"\nreally"}`, "Authorization", key).Expect(200,
		`{"status":"200","message":"OK","data":{"state":"Product updated","changes":{"onsale":false,"role_id":"5","decal_id":"","instructions":"it's \"fine\"\nreally"}}}`)
	s.Do("DELETE", "/products/delete", `{"product_id":"`+shield+`"}`, "Authorization", key).JSON(new(any))
	s.Do("PATCH", "/whitelist/transfer", transferBody(q(sword), q("1001"), q("roblox"), q("777"), q("roblox")), "Authorization", key).JSON(new(any))
	first := dump(t, s)
	for _, want := range []string{"products_created: 2", "plan: pro", "name: Crossbow", "onsale: false", `decal_id: ""`, "roblox_id: \"777\""} {
		if !strings.Contains(first, want) {
			t.Errorf("dump lacks %q:\n%s", want, first)
		}
	}
	list := s.Do("GET", "/products/all", "", "Authorization", key).Body

	again := apitest.StartAlone(t, parcel.New(), first)
	if second := dump(t, again); second != first {
		t.Fatalf("reloaded world dumps differently:\n%s\n---\n%s", first, second)
	}
	again.Do("GET", "/products/all", "", "Authorization", key).Expect(200, list)
	again.Do("GET", "/whitelist/check/roblox/777?product_id="+sword, "", "Authorization", key).Expect(200, checkBody("777", "roblox", sword, true))
	var third struct {
		Data struct{ Product struct{ ID string } }
	}
	again.Do("POST", "/products/create", withField("name", q("Sling")), "Authorization", key).JSON(&third)
	if third.Data.Product.ID != "670000000000000000000003" {
		t.Fatalf("the reloaded world drew id %q, want the third", third.Data.Product.ID)
	}

	// The admin API's state load gives another tenant the same world.
	state := s.Do("GET", "/__emulator/tenants/default/state", "")
	if r := s.Do("PUT", "/__emulator/tenants/copy/state", state.Body); r.Status != 204 {
		t.Fatalf("loading the state: %d %s", r.Status, r.Body)
	}
	s.Do("GET", "/t/copy/products/all", "", "Authorization", key).Expect(200, list)
}

// Tenants share nothing: a product created, and a licence transferred, in one tenant are not seen
// in another, and the journal names the new operations.
func TestTenants_ProductsAndTransfersStayInTheirTenant(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	s.Do("POST", "/t/a/products/create", bowBody, "Authorization", key).Expect(200, `{"status":"200","message":"OK","data":{"state":"Product created","product":`+bowJSON+`}}`)
	s.Do("PATCH", "/t/a/whitelist/transfer", transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("roblox")), "Authorization", key).Expect(200, transferred("1001", "1002", sword))
	s.Do("GET", "/t/b/products/"+firstNewID, "", "Authorization", key).Expect(404, noProduct)
	s.Do("GET", "/t/b/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", key).Expect(200, checkBody("1001", "roblox", sword, true))
	s.Do("POST", "/t/b/products/create", bowBody, "Authorization", key).Expect(200, `{"status":"200","message":"OK","data":{"state":"Product created","product":`+bowJSON+`}}`)
	var ops []string
	for _, e := range s.Emu.Journal("a", journal.Filter{}) {
		ops = append(ops, e.Operation)
	}
	if got := strings.Join(ops, ","); got != "createProduct,transferWhitelist" {
		t.Fatalf("journal of a: %s", got)
	}
}
