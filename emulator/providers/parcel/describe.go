package parcel

import (
	"bytes"
	"net/http"

	"github.com/accessemu/accessemu/emulator/provider"
)

// The default world's credential and the licence the load pair toggles (fixtures/default.yaml).
const (
	defaultKey     = "prod_EmulatorDefaultHubKey0001"
	defaultLicence = `{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`
	licenceChanged = `{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"65a1b2c3d4e5f60718293a4b","state":"License has been `
	// The licensed product, and the one the update loop takes off sale and back.
	licensedProduct = "65a1b2c3d4e5f60718293a4b"
	updatedProduct  = "65a1b2c3d4e5f60718293a4c"
)

// Describe tells the emulator's tools about Parcel.
func (p *Parcel) Describe() provider.Descriptor {
	return provider.Descriptor{
		Paths:      "/{whitelist,products,hub}/...",
		Credential: provider.Credential{Header: "Authorization", Value: defaultKey},
		Load: provider.LoadPair{
			Operation: "revokeWhitelist", UndoOperation: "assignWhitelist",
			Do:   licenceRequest(http.MethodDelete, "/whitelist/revoke", licenceChanged+`revoked"}}`),
			Undo: licenceRequest(http.MethodPost, "/whitelist/assign", licenceChanged+`assigned"}}`),
		},
		Bench: benchPairs(),
		Unbenched: map[string]string{
			"createProduct": "every product created gets a new id, so no fixed request deletes it again; updateProduct measures the product write",
			"deleteProduct": "a deleted product can only come back under a new id, so no fixed request deletes it again",
		},
		Generate:       provider.Generator{Flag: "parcel-licenses", Usage: "Parcel licences to add to the default hub", Write: generate},
		CheckEnvelope:  checkEnvelope,
		BadFixture:     "parcel:\n  hubs:\n    - keys: [k]\n      prodcts: []\n",
		BadFixtureLine: 4,
	}
}

func licenceRequest(method, path, answer string) provider.LoadRequest {
	return provider.LoadRequest{
		Method: method, Path: path, Body: []byte(defaultLicence),
		Header: http.Header{"Content-Type": {"application/json"}},
		OK:     func(body []byte) bool { return bytes.Equal(body, []byte(answer)) },
	}
}

// benchPairs are the loops of every other operation, on the default world's hub.
func benchPairs() []provider.LoadPair {
	read := func(operation, path, success string) provider.LoadPair {
		r := provider.LoadRequest{Method: http.MethodGet, Path: path, OK: contains(success)}
		return provider.LoadPair{Operation: operation, Do: r, Undo: r}
	}
	transfer := func(from, to string) provider.LoadRequest {
		return jsonRequest(http.MethodPatch, "/whitelist/transfer",
			`{"product_id":"`+licensedProduct+`","sender":{"userid":"`+from+`","userid_type":"roblox"},"recipient":{"userid":"`+to+`","userid_type":"roblox"}}`,
			`"state":"License has been transferred"`)
	}
	onsale := func(on string) provider.LoadRequest {
		return jsonRequest(http.MethodPatch, "/products/update/"+updatedProduct, `{"onsale":`+on+`}`, `"state":"Product updated"`)
	}
	return []provider.LoadPair{
		read("checkWhitelist", "/whitelist/check/roblox/1001?product_id="+licensedProduct, `"owns_license":true`),
		{Operation: "transferWhitelist", Variant: "there and back", Do: transfer("1001", "1002"), Undo: transfer("1002", "1001")},
		{Operation: "updateProduct", Variant: "off sale and back", Do: onsale("false"), Undo: onsale("true")},
		read("getProduct", "/products/"+licensedProduct, `"name":"Emulator Sword"`),
		read("listProducts", "/products/all", `"name":"Emulator Shield"`),
		read("getHub", "/hub", `"name":"Emulator Hub"`),
	}
}

func jsonRequest(method, path, body, success string) provider.LoadRequest {
	return provider.LoadRequest{
		Method: method, Path: path, Body: []byte(body),
		Header: http.Header{"Content-Type": {"application/json"}}, OK: contains(success),
	}
}

func contains(success string) func([]byte) bool {
	return func(body []byte) bool { return bytes.Contains(body, []byte(success)) }
}
