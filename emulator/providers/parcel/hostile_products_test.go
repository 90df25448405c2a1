package parcel_test

import (
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
)

// Transfer and the product bodies are checked by a schema that names the first failing field, in
// the docs' field order; numbers in transfer's ids are read as JavaScript prints them. Every
// hostile transfer gets one exact documented answer and never a 5xx.
func TestHostile_TransferAnswersEveryHostileRequestExactly(t *testing.T) {
	var (
		auth = apitest.Header("Authorization", key)
		doc  = transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("roblox"))
		done = transferred("1001", "1002", sword)
		deep = strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	)
	transfer := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "PATCH", Path: "/whitelist/transfer", Header: auth, Body: body, Status: status, Want: want}
	}
	notObject := schemaFailed(`"\"value\" must be of type object"`)
	cases := []apitest.Case{
		transfer("no body is an empty object", ``, 400, schemaFailed(`"\"product_id\" is required"`)),
		transfer("truncated JSON", doc[:40], 400, notObject),
		transfer("body null", `null`, 400, notObject),
		transfer("body an array", `[`+doc+`]`, 400, notObject),
		transfer("10,000 nested arrays", deep, 400, notObject),
		transfer("sender a string", `{"product_id":"`+sword+`","sender":"1001","recipient":{"userid":"1002","userid_type":"roblox"}}`, 400,
			schemaFailed(`"\"sender\" must be of type object"`)),
		transfer("sender null", `{"product_id":"`+sword+`","sender":null,"recipient":{"userid":"1002","userid_type":"roblox"}}`, 400,
			schemaFailed(`"\"sender\" must be of type object"`)),
		transfer("sender nested 9,998 deep", `{"product_id":"`+sword+`","sender":`+deep[2:len(deep)-2]+`}`, 400, schemaFailed(`"\"sender\" must be of type object"`)),
		transfer("recipient without userid", `{"product_id":"`+sword+`","sender":{"userid":"1001","userid_type":"roblox"},"recipient":{"userid_type":"roblox"}}`, 400,
			schemaFailed(`"\"recipient.userid\" is required"`)),
		transfer("empty sender id", transferBody(q(sword), q(""), q("roblox"), q("1002"), q("roblox")), 400, schemaFailed(`"\"sender.userid\" is not allowed to be empty"`)),
		transfer("sender id true", transferBody(q(sword), "true", q("roblox"), q("1002"), q("roblox")), 400, schemaFailed(`"\"sender.userid\" must be a string"`)),
		transfer("sender id 0 is the string 0, nobody's", transferBody(q(sword), "0", q("roblox"), q("1002"), q("roblox")), 400,
			`{"status":"400","message":"Sender does not own this license.","data":{}}`),
		transfer("sender type null", transferBody(q(sword), q("1001"), "null", q("1002"), q("roblox")), 400, schemaFailed(`"\"sender.userid_type\" must be a string"`)),
		transfer("empty recipient type", transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("")), 400,
			schemaFailed(`"\"recipient.userid_type\" is not allowed to be empty"`)),
		transfer("a schema failure wins over a bad type", `{"product_id":"`+sword+`","sender":{"userid":"1001","userid_type":"steam"}}`, 400,
			schemaFailed(`"\"recipient\" is required"`)),
		transfer("type in capitals", transferBody(q(sword), q("1001"), q("ROBLOX"), q("1002"), q("roblox")), 400, invalidType),
		transfer("type a number", transferBody(q(sword), q("1001"), q("roblox"), q("1002"), "1"), 400, schemaFailed(`"\"recipient.userid_type\" must be a string"`)),
		transfer("sender id 1001.0 is 1001", transferBody(q(sword), "1001.0", q("roblox"), q("1002"), q("roblox")), 200, done),
		transfer("recipient 2^64 is echoed as JavaScript prints it", transferBody(q(sword), q("1001"), q("roblox"), "18446744073709551616", q("roblox")), 200,
			transferred("1001", "18446744073709552000", sword)),
		transfer("product_id a number is its string", transferBody("65", q("1001"), q("roblox"), q("1002"), q("roblox")), 404, noProduct),
		transfer("duplicate product_id, the last wins", `{"product_id":"nope",`+doc[1:], 200, done),
		transfer("unknown keys are ignored", doc[:len(doc)-1]+`,"reason":"gift","sender_note":{"a":1}}`, 200, done),
		transfer("emoji Discord sender", transferBody(q(sword), q("💥"), q("discord"), q("1002"), q("roblox")), 404, noRoblox),
		transfer("invalid UTF-8 recipient", transferBody(q(sword), q("1001"), q("roblox"), "\"\xff\xfe\"", q("roblox")), 404, noRoblox),
		transfer("escaped NUL after the recipient id", transferBody(q(sword), q("1001"), q("roblox"), `"1002\u0000"`, q("roblox")), 404, noRoblox),
		{Name: "text/plain body is read as JSON", Method: "PATCH", Path: "/whitelist/transfer", Header: apitest.Header("Authorization", key, "Content-Type", "text/plain"),
			Body: doc, Status: 200, Want: done},
		{Name: "form-encoded body", Method: "PATCH", Path: "/whitelist/transfer", Header: apitest.Header("Authorization", key, "Content-Type", "application/x-www-form-urlencoded"),
			Body: "product_id=" + sword + "&sender=1001", Status: 400, Want: notObject},
		{Name: "Bearer scheme before the key", Method: "PATCH", Path: "/whitelist/transfer", Header: apitest.Header("Authorization", "Bearer "+key), Body: doc, Status: 401, Want: invalidKey},
		{Name: "wrong method", Method: "POST", Path: "/whitelist/transfer", Header: auth, Body: doc, Status: 404, Want: notFound},
	}
	apitest.StartAlone(t, parcel.New()).Run(t, cases, nil)
}

// Product create: the schema (every field required, in the docs' order), then the name, the
// developer product, and a Pro hub's role_id and stock. Every hostile create gets its exact answer.
func TestHostile_CreateProductAnswersEveryHostileRequestExactly(t *testing.T) {
	auth := apitest.Header("Authorization", key)
	create := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "POST", Path: "/products/create", Header: auth, Body: body, Status: status, Want: want}
	}
	createdAs := func(product string) string {
		return `{"status":"200","message":"OK","data":{"state":"Product created","product":` + product + `}}`
	}
	badRole := `{"status":"400","message":"Missing role_id or invalid input.","data":{}}`
	badStock := `{"status":"400","message":"Missing stock or invalid input. Please respond with a number between 0-999 or unlimited.","data":{}}`
	cases := []apitest.Case{
		create("no body", ``, 400, schemaFailed(`"\"name\" is required"`)),
		create("malformed JSON", bowBody[:30], 400, schemaFailed(`"\"value\" must be of type object"`)),
		create("body an array", `[`+bowBody+`]`, 400, schemaFailed(`"\"value\" must be of type object"`)),
		create("body a string", `"Bow"`, 400, schemaFailed(`"\"value\" must be of type object"`)),
		create("empty name", withField("name", q("")), 400, schemaFailed(`"\"name\" is not allowed to be empty"`)),
		create("name a number", withField("name", "5"), 400, schemaFailed(`"\"name\" must be a string"`)),
		create("description null", withField("description", "null"), 400, schemaFailed(`"\"description\" must be a string"`)),
		create("developer product id a number", withField("developer_product_id", "1700000003"), 400, schemaFailed(`"\"developer_product_id\" must be a string"`)),
		create("onsale the string true", withField("onsale", q("true")), 400, schemaFailed(`"\"onsale\" must be a boolean"`)),
		create("role_id left out", withField("role_id", ""), 400, schemaFailed(`"\"role_id\" is required"`)),
		create("category false", withField("category", "false"), 400, schemaFailed(`"\"category\" must be a string"`)),
		create("instructions an object", withField("instructions", `{"step":1}`), 400, schemaFailed(`"\"instructions\" must be a string"`)),
		create("two schema failures: the first field's is named", strings.Replace(withField("onsale", "1"), `"Bow"`, `7`, 1), 400,
			schemaFailed(`"\"name\" must be a string"`)),
		create("name taken and no role: the name comes first", strings.Replace(withField("role_id", "null"), `"Bow"`, q("Emulator Sword"), 1), 400,
			`{"status":"400","message":"The name 'Emulator Sword' is already in-use.\nPlease use a different product name.","data":{}}`),
		create("names are compared exactly", withField("name", q("emulator sword")), 200,
			createdAs(strings.Replace(bowJSON, `"Bow"`, q("emulator sword"), 1))),
		create("role_id not a snowflake", withField("role_id", q("buyers")), 400, badRole),
		create("role_id empty", withField("role_id", q("")), 400, badRole),
		create("stock in capitals", withField("stock", q("Unlimited")), 400, badStock),
		create("stock with a space", withField("stock", q("unlimited ")), 400, badStock),
		create("stock in exponent form", withField("stock", q("1e2")), 400, badStock),
		create("stock negative", withField("stock", q("-1")), 400, badStock),
		create("stock 0", withField("stock", q("0")), 200, createdAs(strings.Replace(bowJSON, `"stock":"unlimited"`, `"stock":"0"`, 1))),
		create("HTML and emoji in the name stay as sent", withField("name", q("<b>Bow</b> & 💥")), 200,
			createdAs(strings.Replace(bowJSON, `"Bow"`, q("<b>Bow</b> & 💥"), 1))),
		create("unknown keys are ignored", bowBody[:len(bowBody)-1]+`,"price":5}`, 200, createdAs(bowJSON)),
		create("duplicate name key, the last wins", `{"name":"Emulator Sword",`+bowBody[1:], 200, createdAs(bowJSON)),
		{Name: "no key", Method: "POST", Path: "/products/create", Body: bowBody, Status: 401, Want: noKey},
		{Name: "wrong method", Method: "PUT", Path: "/products/create", Header: auth, Body: bowBody, Status: 404, Want: notFound},
	}
	apitest.StartAlone(t, parcel.New()).Run(t, cases, nil)
}

// Product update: every field optional with create's types; the path's product must be the hub's.
func TestHostile_UpdateProductAnswersEveryHostileRequestExactly(t *testing.T) {
	auth := apitest.Header("Authorization", key)
	update := func(name, id, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "PATCH", Path: "/products/update/" + id, Header: auth, Body: body, Status: status, Want: want}
	}
	changed := func(changes string) string {
		return `{"status":"200","message":"OK","data":{"state":"Product updated","changes":` + changes + `}}`
	}
	cases := []apitest.Case{
		update("malformed JSON", sword, `{"name":`, 400, schemaFailed(`"\"value\" must be of type object"`)),
		update("body an array", sword, `[{"name":"x"}]`, 400, schemaFailed(`"\"value\" must be of type object"`)),
		update("body a string", sword, `"x"`, 400, schemaFailed(`"\"value\" must be of type object"`)),
		update("body null changes nothing", sword, `null`, 200, changed(`{}`)),
		update("empty name", sword, `{"name":""}`, 400, schemaFailed(`"\"name\" is not allowed to be empty"`)),
		update("onsale null", sword, `{"onsale":null}`, 400, schemaFailed(`"\"onsale\" must be a boolean"`)),
		update("role_id a number", sword, `{"role_id":5}`, 400, schemaFailed(`"\"role_id\" must be a string"`)),
		update("the schema is checked before the product", "000000000000000000000000", `{"name":5}`, 400, schemaFailed(`"\"name\" must be a string"`)),
		update("unknown keys only change nothing", sword, `{"price":5,"id":"other"}`, 200, changed(`{}`)),
		update("another product's name", sword, `{"name":"Emulator Shield"}`, 400,
			`{"status":"400","message":"The name 'Emulator Shield' is already in-use.\nPlease use a different product name.","data":{}}`),
		update("stock 999", sword, `{"stock":"999"}`, 200, changed(`{"stock":"999"}`)),
		update("stock 1000 on a Pro hub", sword, `{"stock":"1000"}`, 400,
			`{"status":"400","message":"Missing stock or invalid input. Please respond with a number between 0-999 or unlimited.","data":{}}`),
		update("empty role_id on a Pro hub", sword, `{"role_id":""}`, 400, `{"status":"400","message":"Missing role_id or invalid input.","data":{}}`),
		update("percent-encoded id", "65a1b2c3d4e5f60718293a4%62", `{"onsale":false}`, 200, changed(`{"onsale":false}`)),
		update("encoded path traversal in the id", "..%2F"+sword, `{"onsale":false}`, 404, noProduct),
		update("10,000-character id", strings.Repeat("a", 10000), `{"onsale":false}`, 404, noProduct),
		update("an empty id is an unknown path", "", `{"onsale":false}`, 404, notFound),
		update("a segment after the id is an unknown path", sword+"/x", `{"onsale":false}`, 404, notFound),
		{Name: "no key", Method: "PATCH", Path: "/products/update/" + sword, Body: `{}`, Status: 401, Want: noKey},
	}
	apitest.StartAlone(t, parcel.New()).Run(t, cases, nil)
}

// Product delete checks product_id's presence the way revoke does (JavaScript truthiness).
func TestHostile_DeleteProductAnswersEveryHostileRequestExactly(t *testing.T) {
	auth := apitest.Header("Authorization", key)
	missing := `{"status":"400","message":"Missing Body Parameters.\nRequired params: product_id","data":{}}`
	deleted := `{"status":"200","message":"OK","data":{"state":"Product deleted","product":{"id":"` + shield + `","name":"Emulator Shield"}}}`
	del := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "DELETE", Path: "/products/delete", Header: auth, Body: body, Status: status, Want: want}
	}
	cases := []apitest.Case{
		del("no body", ``, 400, missing),
		del("malformed JSON", `{"product_id":`, 400, missing),
		del("body null", `null`, 400, missing),
		del("body an array", `[{"product_id":"`+shield+`"}]`, 400, missing),
		del("empty product_id", `{"product_id":""}`, 400, missing),
		del("product_id 0", `{"product_id":0}`, 400, missing),
		del("product_id false", `{"product_id":false}`, 400, missing),
		del("product_id true", `{"product_id":true}`, 400, missing),
		del("product_id an object", `{"product_id":{"id":"`+shield+`"}}`, 400, missing),
		del("product_id a number is its string", `{"product_id":65}`, 404, noProduct),
		del("leading space in the id", `{"product_id":" `+shield+`"}`, 404, noProduct),
		del("path traversal in the id", `{"product_id":"../`+shield+`"}`, 404, noProduct),
		del("duplicate product_id, the last wins", `{"product_id":"nope","product_id":"`+shield+`"}`, 200, deleted),
		del("unknown keys are ignored", `{"product_id":"`+shield+`","force":true}`, 200, deleted),
		{Name: "text/plain body is read as JSON", Method: "DELETE", Path: "/products/delete", Header: apitest.Header("Authorization", key, "Content-Type", "text/plain"),
			Body: `{"product_id":"` + shield + `"}`, Status: 200, Want: deleted},
		{Name: "form-encoded body", Method: "DELETE", Path: "/products/delete", Header: apitest.Header("Authorization", key, "Content-Type", "application/x-www-form-urlencoded"),
			Body: "product_id=" + shield, Status: 400, Want: missing},
		{Name: "key in lower case", Method: "DELETE", Path: "/products/delete", Header: apitest.Header("Authorization", strings.ToLower(key)),
			Body: `{"product_id":"` + shield + `"}`, Status: 401, Want: invalidKey},
		{Name: "id in the path instead", Method: "DELETE", Path: "/products/delete/" + shield, Header: auth, Status: 404, Want: notFound},
	}
	apitest.StartAlone(t, parcel.New()).Run(t, cases, nil)
}

// Fetch one, list and hub: paths and headers of every shape get their exact answer.
func TestHostile_ProductReadsAnswerEveryHostileRequestExactly(t *testing.T) {
	auth := apitest.Header("Authorization", key)
	get := func(name, path string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "GET", Path: path, Header: auth, Status: status, Want: want}
	}
	list := `{"status":"200","message":"OK","data":{"amount":2,"products":[` + swordJSON + `,` + shieldJSON + `]}}`
	hub := `{"status":"200","message":"OK","data":{"id":"65a1b2c3d4e5f60718293a00","name":"Emulator Hub","products":[` + swordJSON + `,` + shieldJSON + `]}}`
	cases := []apitest.Case{
		get("an empty id is an unknown path", "/products/", 404, notFound),
		get("all with a trailing slash is an unknown path", "/products/all/", 404, notFound),
		get("ALL is a product id", "/products/ALL", 404, noProduct),
		get("percent-encoded all is a product id, as Express matches the raw path", "/products/%61ll", 404, noProduct),
		get("create is a product id", "/products/create", 404, noProduct),
		get("percent-encoded id", "/products/65a1b2c3d4e5f60718293a4%62", 200, `{"status":"200","message":"OK","data":`+swordJSON+`}`),
		get("encoded path traversal", "/products/..%2F..%2Fhub", 404, noProduct),
		get("encoded NUL", "/products/%00", 404, noProduct),
		get("10,000-character id", "/products/"+strings.Repeat("9", 10000), 404, noProduct),
		get("a segment after the id", "/products/"+sword+"/licenses", 404, notFound),
		get("a query on list is ignored", "/products/all?page=2&amount=1", 200, list),
		get("a query on hub is ignored", "/hub?id=other", 200, hub),
		get("hub with a trailing slash is an unknown path", "/hub/", 404, notFound),
		{Name: "a body on GET is ignored", Method: "GET", Path: "/hub", Header: auth, Body: `{"id":"x"}`, Status: 200, Want: hub},
		{Name: "hub by POST", Method: "POST", Path: "/hub", Header: auth, Body: `{}`, Status: 404, Want: notFound},
		{Name: "list by DELETE", Method: "DELETE", Path: "/products/all", Header: auth, Status: 404, Want: notFound},
		{Name: "Authorization of spaces only", Method: "GET", Path: "/hub", Header: apitest.Header("Authorization", "   "), Status: 401, Want: noKey},
		{Name: "duplicated key, the first is wrong", Method: "GET", Path: "/products/all", Header: apitest.Header("Authorization", "prod_Wrong", "Authorization", key), Status: 401, Want: invalidKey},
		{Name: "Bearer scheme before the key", Method: "GET", Path: "/products/" + sword, Header: apitest.Header("Authorization", "Bearer "+key), Status: 401, Want: invalidKey},
	}
	apitest.StartAlone(t, parcel.New()).Run(t, cases, nil)
}
