package parcel_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
)

const (
	// firstNewID is the id of the first product the API creates in a world.
	firstNewID = "670000000000000000000001"
	swordJSON  = `{"id":"` + sword + `","name":"Emulator Sword","description":"A sword","developer_product_id":"1700000001","file":"https://example.com/sword.rbxm","onsale":true,"role_id":"1180000000000000001","decal_id":null,"stock":"unlimited","category":null,"instructions":null}`
	shieldJSON = `{"id":"` + shield + `","name":"Emulator Shield","description":"A shield","developer_product_id":"1700000002","file":"https://example.com/shield.rbxm","onsale":true,"role_id":"1180000000000000002","decal_id":null,"stock":"25","category":null,"instructions":null}`
	// bowBody is a complete create body, as the docs' field table lists it.
	bowBody = `{"name":"Bow","description":"A bow","developer_product_id":"1700000003","file":"https://example.com/bow.rbxm","onsale":true,"role_id":"1180000000000000003","decal_id":null,"stock":"unlimited","category":"weapons","instructions":null}`
	bowJSON = `{"id":"` + firstNewID + `","name":"Bow","description":"A bow","developer_product_id":"1700000003","file":"https://example.com/bow.rbxm","onsale":true,"role_id":"1180000000000000003","decal_id":null,"stock":"unlimited","category":"weapons","instructions":null}`
)

// withField is bowBody with one field's raw JSON value replaced (or removed, for "").
func withField(name, raw string) string {
	start := strings.Index(bowBody, `"`+name+`":`)
	end := start + len(name) + 3
	for ; end < len(bowBody); end++ {
		c := bowBody[end]
		if c == '"' {
			end = end + 1 + strings.IndexByte(bowBody[end+1:], '"')
			continue
		}
		if c == ',' || c == '}' {
			break
		}
	}
	if raw == "" {
		if bowBody[end] == ',' {
			end++
		} else {
			start-- // the comma before the last field
		}
		return bowBody[:start] + bowBody[end:]
	}
	return bowBody[:start] + `"` + name + `":` + raw + bowBody[end:]
}

func TestWithField_EditsOneField(t *testing.T) {
	if got := withField("onsale", "false"); !strings.Contains(got, `"file":"https://example.com/bow.rbxm","onsale":false,"role_id"`) {
		t.Fatal(got)
	}
	if got := withField("instructions", ""); !strings.HasSuffix(got, `"category":"weapons"}`) {
		t.Fatal(got)
	}
	if got := withField("name", ""); !strings.HasPrefix(got, `{"description":"A bow",`) {
		t.Fatal(got)
	}
}

// Every response documented for the product endpoints, byte for byte; the docs' "object" and
// "string" placeholders are filled with the product.
func TestProducts_DocumentedResponses(t *testing.T) {
	auth := apitest.Header("Authorization", key, "Content-Type", "application/json")
	create := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: "create/" + name, Method: "POST", Path: "/products/create", Header: auth, Body: body, Status: status, Want: want}
	}
	update := func(name, id, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: "update/" + name, Method: "PATCH", Path: "/products/update/" + id, Header: auth, Body: body, Status: status, Want: want}
	}
	del := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: "delete/" + name, Method: "DELETE", Path: "/products/delete", Header: auth, Body: body, Status: status, Want: want}
	}
	cases := []apitest.Case{
		create("created", bowBody, 200, `{ "status": "200", "message": "OK", "data": { "state": "Product created", "product": `+bowJSON+` } }`),
		create("schema not followed", withField("onsale", `"yes"`), 400,
			`{ "status": "400", "message": "Your payload did not pass the Schema validation.", "error": "\"onsale\" must be a boolean", "data": {} }`),
		create("name already in use", withField("name", q("Emulator Sword")), 400,
			`{ "status": "400", "message": "The name 'Emulator Sword' is already in-use.\nPlease use a different product name.", "data": {} }`),
		create("no Discord buyer role on a Pro hub", withField("role_id", "null"), 400,
			`{ "status": "400", "message": "Missing role_id or invalid input.", "data": {} }`),
		create("stock out of range on a Pro hub", withField("stock", q("1000")), 400,
			`{ "status": "400", "message": "Missing stock or invalid input. Please respond with a number between 0-999 or unlimited.", "data": {} }`),
		update("updated", sword, `{"name":"Emulator Blade","onsale":false,"stock":"unlimited"}`, 200,
			`{ "status": "200", "message": "OK", "data": { "state": "Product updated", "changes": {"name":"Emulator Blade","onsale":false} } }`),
		update("unknown product", "000000000000000000000000", `{"name":"x"}`, 404, `{ "status": "404", "message": "Product does not exist.", "data": {} }`),
		del("deleted", `{"product_id":"`+shield+`"}`, 200,
			`{ "status": "200", "message": "OK", "data": { "state": "Product deleted", "product": { "id": "`+shield+`", "name": "Emulator Shield" } } }`),
		{Name: "delete/invalid authorization key", Method: "DELETE", Path: "/products/delete", Header: apitest.Header("Authorization", "prod_Wrong"),
			Body: `{"product_id":"` + shield + `"}`, Status: 401, Want: `{ "status": "401", "message": "Invalid authorization key." }`},
		{Name: "delete/no authorization key", Method: "DELETE", Path: "/products/delete",
			Body: `{"product_id":"` + shield + `"}`, Status: 401, Want: `{ "status": "401", "message": "No authorization key was provided." }`},
		del("unknown product", `{"product_id":"000000000000000000000000"}`, 404, `{ "status": "404", "message": "Product does not exist.", "data": {} }`),
		del("no product id", `{}`, 400, `{ "status": "400", "message": "Missing Body Parameters.\nRequired params: product_id", "data": {} }`),
		{Name: "fetch/one", Method: "GET", Path: "/products/" + sword, Header: auth, Status: 200, Want: `{"status":"200","message":"OK","data":` + swordJSON + `}`},
		{Name: "fetch/unknown", Method: "GET", Path: "/products/nope", Header: auth, Status: 404, Want: noProduct},
		{Name: "list", Method: "GET", Path: "/products/all", Header: auth, Status: 200,
			Want: `{"status":"200","message":"OK","data":{"amount":2,"products":[` + swordJSON + `,` + shieldJSON + `]}}`},
		{Name: "hub", Method: "GET", Path: "/hub", Header: auth, Status: 200,
			Want: `{"status":"200","message":"OK","data":{"id":"65a1b2c3d4e5f60718293a00","name":"Emulator Hub","products":[` + swordJSON + `,` + shieldJSON + `]}}`},
		{Name: "hub/a bad key is refused", Method: "GET", Path: "/hub", Header: apitest.Header("Authorization", "prod_Wrong"), Status: 401, Want: invalidKey},
		{Name: "list/a bad key is refused", Method: "GET", Path: "/products/all", Header: apitest.Header("Authorization", "prod_Wrong"), Status: 401, Want: invalidKey},
	}
	apitest.StartAlone(t, parcel.New()).Run(t, cases, nil)
}

// A created product is listed last, fetched by its id, and can be licensed; ids follow each other.
func TestCreateProduct_IsListedFetchedAndLicensable(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	s.Do("POST", "/products/create", bowBody, "Authorization", key).Expect(200, `{"status":"200","message":"OK","data":{"state":"Product created","product":`+bowJSON+`}}`)
	s.Do("GET", "/products/"+firstNewID, "", "Authorization", key).Expect(200, `{"status":"200","message":"OK","data":`+bowJSON+`}`)
	s.Do("GET", "/products/all", "", "Authorization", key).Expect(200,
		`{"status":"200","message":"OK","data":{"amount":3,"products":[`+swordJSON+`,`+shieldJSON+`,`+bowJSON+`]}}`)
	s.Do("POST", "/whitelist/assign", licenseBody(q(firstNewID), q("1002"), q("roblox")), "Authorization", key).
		Expect(200, changedBody("1002", "roblox", firstNewID, "License has been assigned"))
	s.Do("GET", "/whitelist/check/roblox/1002?product_id="+firstNewID, "", "Authorization", key).Expect(200, checkBody("1002", "roblox", firstNewID, true))
	var second struct {
		Data struct{ Product struct{ ID string } }
	}
	s.Do("POST", "/products/create", withField("name", q("Crossbow")), "Authorization", key).JSON(&second)
	if second.Data.Product.ID != "670000000000000000000002" {
		t.Fatalf("second product id = %q", second.Data.Product.ID)
	}
}

// An update changes the stored product; an empty or absent body changes nothing; a field set to
// null shows as null in changes.
func TestUpdateProduct_ChangesOnlyWhatDiffers(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	upd := func(body string, want string) {
		t.Helper()
		s.Do("PATCH", "/products/update/"+sword, body, "Authorization", key).
			Expect(200, `{"status":"200","message":"OK","data":{"state":"Product updated","changes":`+want+`}}`)
	}
	upd(``, `{}`)
	upd(`{}`, `{}`)
	upd(`{"decal_id":"987","category":"melee","instructions":"<b>Equip</b> & go","role_id":"1180000000000000001"}`,
		`{"decal_id":"987","category":"melee","instructions":"<b>Equip</b> & go"}`)
	upd(`{"decal_id":null,"description":"A sharper sword","file":"f","developer_product_id":"42","stock":"7"}`,
		`{"description":"A sharper sword","developer_product_id":"42","file":"f","decal_id":null,"stock":"7"}`)
	s.Do("GET", "/products/"+sword, "", "Authorization", key).Expect(200,
		`{"status":"200","message":"OK","data":{"id":"`+sword+`","name":"Emulator Sword","description":"A sharper sword","developer_product_id":"42","file":"f","onsale":true,"role_id":"1180000000000000001","decal_id":null,"stock":"7","category":"melee","instructions":"<b>Equip</b> & go"}}`)
	// Keeping its own name is no collision; taking another product's is.
	upd(`{"name":"Emulator Sword"}`, `{}`)
	s.Do("PATCH", "/products/update/"+sword, `{"name":"Emulator Shield"}`, "Authorization", key).
		Expect(400, `{"status":"400","message":"The name 'Emulator Shield' is already in-use.\nPlease use a different product name.","data":{}}`)
}

// Deleting a product makes every licence operation on it answer "Product does not exist.", and
// drops its licences (a product created later never inherits them).
func TestDeleteProduct_LicenceOperationsThenSayProductDoesNotExist(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	s.Do("DELETE", "/products/delete", `{"product_id":"`+sword+`"}`, "Authorization", key).
		Expect(200, `{"status":"200","message":"OK","data":{"state":"Product deleted","product":{"id":"`+sword+`","name":"Emulator Sword"}}}`)
	s.Do("DELETE", "/whitelist/revoke", licenseBody(q(sword), q("1001"), q("roblox")), "Authorization", key).Expect(404, noProduct)
	s.Do("POST", "/whitelist/assign", licenseBody(q(sword), q("1001"), q("roblox")), "Authorization", key).Expect(404, noProduct)
	s.Do("GET", "/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", key).Expect(404, noProduct)
	s.Do("PATCH", "/whitelist/transfer", transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("roblox")), "Authorization", key).Expect(404, noProduct)
	s.Do("GET", "/products/"+sword, "", "Authorization", key).Expect(404, noProduct)
	s.Do("PATCH", "/products/update/"+sword, `{"name":"x"}`, "Authorization", key).Expect(404, noProduct)
	s.Do("DELETE", "/products/delete", `{"product_id":"`+sword+`"}`, "Authorization", key).Expect(404, noProduct)
	s.Do("GET", "/products/all", "", "Authorization", key).Expect(200, `{"status":"200","message":"OK","data":{"amount":1,"products":[`+shieldJSON+`]}}`)
	if d := dump(t, s); strings.Contains(d, sword) {
		t.Fatalf("the deleted product or its licence is still in the state:\n%s", d)
	}
	// Its name is free again.
	s.Do("POST", "/products/create", withField("name", q("Emulator Sword")), "Authorization", key).JSON(new(any))
	s.Do("GET", "/products/all", "", "Authorization", key).Expect(200, `{"status":"200","message":"OK","data":{"amount":2,"products":[`+shieldJSON+`,`+
		strings.Replace(bowJSON, `"Bow"`, `"Emulator Sword"`, 1)+`]}}`)
}

const twoHubs = `
parcel:
  options: {developer_product_ids: ["1700000003"]}
  hubs:
    - {id: aaaaaaaaaaaaaaaaaaaaaaaa, name: Hub A, keys: [prod_HubA00000000000000000000000], products: [{id: a1, name: Same}]}
    - {id: bbbbbbbbbbbbbbbbbbbbbbbb, name: Hub B, plan: pro, keys: [prod_HubB00000000000000000000000], products: [{id: b1, name: Other}]}
`

// Products belong to the key's hub: another hub's product does not exist for it, names are unique
// per hub only, and a free hub checks neither role_id nor stock.
func TestProducts_BelongToTheKeysHub(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New(), twoHubs)
	const a, b = "prod_HubA00000000000000000000000", "prod_HubB00000000000000000000000"
	plain := `{"id":"a1","name":"Same","description":"","developer_product_id":"","file":"","onsale":true,"role_id":null,"decal_id":null,"stock":"unlimited","category":null,"instructions":null}`
	s.Do("GET", "/products/a1", "", "Authorization", a).Expect(200, `{"status":"200","message":"OK","data":`+plain+`}`)
	s.Do("GET", "/products/a1", "", "Authorization", b).Expect(404, noProduct)
	s.Do("PATCH", "/products/update/a1", `{"name":"x"}`, "Authorization", b).Expect(404, noProduct)
	s.Do("DELETE", "/products/delete", `{"product_id":"a1"}`, "Authorization", b).Expect(404, noProduct)
	s.Do("GET", "/hub", "", "Authorization", a).Expect(200, `{"status":"200","message":"OK","data":{"id":"aaaaaaaaaaaaaaaaaaaaaaaa","name":"Hub A","products":[`+plain+`]}}`)
	free := withField("role_id", "null")
	free = strings.Replace(free, `"stock":"unlimited"`, `"stock":"lots"`, 1)
	s.Do("POST", "/products/create", strings.Replace(free, `"Bow"`, `"Other"`, 1), "Authorization", a).Expect(200,
		`{"status":"200","message":"OK","data":{"state":"Product created","product":{"id":"`+firstNewID+`","name":"Other","description":"A bow","developer_product_id":"1700000003","file":"https://example.com/bow.rbxm","onsale":true,"role_id":null,"decal_id":null,"stock":"lots","category":"weapons","instructions":null}}}`)
	s.Do("POST", "/products/create", strings.Replace(bowBody, `"Bow"`, `"Other"`, 1), "Authorization", b).Expect(400,
		`{"status":"400","message":"The name 'Other' is already in-use.\nPlease use a different product name.","data":{}}`)
	s.Do("POST", "/products/create", withField("developer_product_id", q("1")), "Authorization", b).Expect(400,
		`{"status":"400","message":"Developer Product ID could not be found.\nAre you sure that you've entered the correct developer product ID?\nPossible solution: Make sure the Developer Product exists in the Hub game.","data":{}}`)
	s.Do("PATCH", "/products/update/b1", `{"developer_product_id":"2"}`, "Authorization", b).Expect(400,
		`{"status":"400","message":"Developer Product ID could not be found.\nAre you sure that you've entered the correct developer product ID?\nPossible solution: Make sure the Developer Product exists in the Hub game.","data":{}}`)
	s.Do("PATCH", "/products/update/b1", `{"role_id":null}`, "Authorization", b).Expect(400, `{"status":"400","message":"Missing role_id or invalid input.","data":{}}`)
	s.Do("PATCH", "/products/update/b1", `{"stock":"-1"}`, "Authorization", b).Expect(400,
		`{"status":"400","message":"Missing stock or invalid input. Please respond with a number between 0-999 or unlimited.","data":{}}`)
	s.Do("GET", "/products/all", "", "Authorization", b).Expect(200,
		`{"status":"200","message":"OK","data":{"amount":1,"products":[{"id":"b1","name":"Other","description":"","developer_product_id":"","file":"","onsale":true,"role_id":null,"decal_id":null,"stock":"unlimited","category":null,"instructions":null}]}}`)
}

// The delete's cut-off message is the world's option.
func TestDeleteProduct_MissingProductIDMessageIsConfigurable(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New(), "parcel:\n  options: {missing_product_id_message: \"Missing Body Parameters.\\nRequired params: product_id.\"}\n  hubs:\n    - keys: [k]\n")
	s.Do("DELETE", "/products/delete", `{"product_id":""}`, "Authorization", "k").
		Expect(400, `{"status":"400","message":"Missing Body Parameters.\nRequired params: product_id.","data":{}}`)
}

// A new id never takes one the world already has.
func TestCreateProduct_SkipsIDsTheWorldHas(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New(), "parcel:\n  hubs:\n    - keys: [k]\n      products: [{id: \""+firstNewID+"\", name: Old}]\n")
	var out struct {
		Data struct{ Product struct{ ID string } }
	}
	s.Do("POST", "/products/create", bowBody, "Authorization", "k").JSON(&out)
	if out.Data.Product.ID != "670000000000000000000002" {
		t.Fatalf("new id %q", out.Data.Product.ID)
	}
}
