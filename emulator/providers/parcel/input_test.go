package parcel_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
)

const (
	missingBody = `{"status":"400","message":"Missing Body Parameters.\nRequired params: product_id, userid, userid_type","data":{}}`
	invalidType = `{"status":"400","message":"Invalid type.\nAvailable types: roblox, discord","data":{}}`
	notFound    = `{"status":"404","message":"Not Found"}`
)

// Bad bodies get Parcel's presence check first, then its type check, in Parcel's envelope.
func TestRevoke_BadBodiesAnsweredInParcelsEnvelope(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"no body", ``, 400, missingBody},
		{"malformed JSON", `{"product_id":"` + sword + `",`, 400, missingBody},
		{"not an object", `["` + sword + `","1001","roblox"]`, 400, missingBody},
		{"empty object", `{}`, 400, missingBody},
		{"empty userid", `{"product_id":"` + sword + `","userid":"","userid_type":"roblox"}`, 400, missingBody},
		{"null userid", `{"product_id":"` + sword + `","userid":null,"userid_type":"roblox"}`, 400, missingBody},
		{"boolean product_id", `{"product_id":true,"userid":"1001","userid_type":"roblox"}`, 400, missingBody},
		{"missing field and bad type: presence wins", `{"userid":"1001","userid_type":"steam"}`, 400, missingBody},
		{"userid_type in capitals", `{"product_id":"` + sword + `","userid":"1001","userid_type":"Roblox"}`, 400, invalidType},
		{"userid_type a number", `{"product_id":"` + sword + `","userid":"1001","userid_type":1}`, 400, invalidType},
		{"unknown keys are ignored", `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox","reason":"refund"}`, 200,
			`{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"` + sword + `","state":"License has been revoked"}}`},
		{"numeric userid read as its decimal string", `{"product_id":"` + sword + `","userid":1001,"userid_type":"roblox"}`, 200,
			`{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"` + sword + `","state":"License has been revoked"}}`},
		{"Roblox id that is not a number is nobody", `{"product_id":"` + sword + `","userid":"abc","userid_type":"roblox"}`, 404,
			`{"status":"404","message":"No Roblox Account associated to this Discord User ID.","data":{}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := apitest.StartAlone(t, parcel.New())
			s.Do("DELETE", "/whitelist/revoke", c.body, "Authorization", key).Expect(c.status, c.want)
		})
	}
}

func TestRevoke_StrictIDsRejectsNumbersAsMissingParameters(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New(), strictWorld)
	s.Do("DELETE", "/whitelist/revoke", `{"product_id":"`+sword+`","userid":1001,"userid_type":"roblox"}`, "Authorization", key).
		Expect(400, missingBody)
}

func TestRevoke_RejectUnknownRobloxUsersAnswers404(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New(), strictWorld)
	s.Do("DELETE", "/whitelist/revoke", `{"product_id":"`+sword+`","userid":"999","userid_type":"roblox"}`, "Authorization", key).
		Expect(404, `{"status":"404","message":"No Roblox Account associated to this Discord User ID.","data":{}}`)
	s.Do("DELETE", "/whitelist/revoke", `{"product_id":"`+sword+`","userid":"1001","userid_type":"roblox"}`, "Authorization", key).
		Expect(200, `{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"`+sword+`","state":"License has been revoked"}}`)
}

const strictWorld = `
parcel:
  options: {strict_ids: true, unknown_roblox_users: reject}
  hubs:
    - keys: [prod_EmulatorDefaultHubKey0001]
      products: [{id: 65a1b2c3d4e5f60718293a4b}]
      licenses: [{product_id: 65a1b2c3d4e5f60718293a4b, roblox_id: "1001"}]
`

func TestCheck_DocumentedErrors(t *testing.T) {
	cases := []struct {
		name, path string
		status     int
		want       string
	}{
		{"missing product_id", "/whitelist/check/roblox/1001", 400,
			`{ "status": "400", "message": "Missing Query Parameter.\nRequired params: product_id", "data": {} }`},
		{"empty product_id", "/whitelist/check/roblox/1001?product_id=", 400,
			`{ "status": "400", "message": "Missing Query Parameter.\nRequired params: product_id", "data": {} }`},
		{"unknown product", "/whitelist/check/roblox/1001?product_id=nope", 404,
			`{ "status": "404", "message": "Product does not exist.", "data": {} }`},
		{"unlinked Discord id", "/whitelist/check/discord/" + unlinked + "?product_id=" + sword, 404,
			`{ "status": "404", "message": "No Roblox Account associated to this Discord User ID.", "data": {} }`},
		{"invalid type", "/whitelist/check/user_id/1001?product_id=" + sword, 400, invalidType},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			apitest.StartAlone(t, parcel.New()).Do("GET", c.path, "", "Authorization", key).Expect(c.status, c.want)
		})
	}
}

func TestUnrouted_AnsweredInParcelsEnvelope(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	s.Do("POST", "/whitelist/revoke", `{}`, "Authorization", key).Expect(404, notFound)
	s.Do("GET", "/whitelist/revokes", ``, "Authorization", key).Expect(404, notFound)
	s.Do("DELETE", "/products/nope", ``, "Authorization", key).Expect(404, notFound)
}

// A key of one hub cannot see another hub's products.
func TestRevoke_ProductOfAnotherHubDoesNotExist(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New(), `
parcel:
  hubs:
    - keys: [prod_HubA00000000000000000000000]
      products: [{id: aaaaaaaaaaaaaaaaaaaaaaaa}]
    - keys: [prod_HubB00000000000000000000000]
      products: [{id: bbbbbbbbbbbbbbbbbbbbbbbb}]
      licenses: [{product_id: bbbbbbbbbbbbbbbbbbbbbbbb, roblox_id: "7"}]
`)
	s.Do("DELETE", "/whitelist/revoke", `{"product_id":"bbbbbbbbbbbbbbbbbbbbbbbb","userid":"7","userid_type":"roblox"}`,
		"Authorization", "prod_HubA00000000000000000000000").Expect(404, `{"status":"404","message":"Product does not exist.","data":{}}`)
}
