package emulator_test

// parcelOperationRequest is each Parcel operation beyond revoke that a shipped scenario targets, as a
// client sends it against the default world.
var parcelOperationRequest = map[string]struct {
	method, path, body string
	headers            []string
}{
	"transferWhitelist": {"PATCH", "/whitelist/transfer",
		`{"product_id":"65a1b2c3d4e5f60718293a4b","sender":{"userid":"1001","userid_type":"roblox"},"recipient":{"userid":"1002","userid_type":"roblox"}}`,
		[]string{"Authorization", parcelKey}},
	"createProduct": {"POST", "/products/create",
		`{"name":"Bow","description":"A bow","developer_product_id":"1700000003","file":"https://example.com/bow.rbxm","onsale":true,"role_id":"1180000000000000003","decal_id":null,"stock":"unlimited","category":null,"instructions":null}`,
		[]string{"Authorization", parcelKey}},
	"deleteProduct": {"DELETE", "/products/delete", `{"product_id":"65a1b2c3d4e5f60718293a4c"}`, []string{"Authorization", parcelKey}},
}
