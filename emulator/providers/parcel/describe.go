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
)

// Describe tells the emulator's tools about Parcel.
func (p *Parcel) Describe() provider.Descriptor {
	return provider.Descriptor{
		Paths:      "/{whitelist,products,hub}/...",
		Credential: provider.Credential{Header: "Authorization", Value: defaultKey},
		Load: provider.LoadPair{
			Operation: "revokeWhitelist",
			Do:        licenceRequest(http.MethodDelete, "/whitelist/revoke", licenceChanged+`revoked"}}`),
			Undo:      licenceRequest(http.MethodPost, "/whitelist/assign", licenceChanged+`assigned"}}`),
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
