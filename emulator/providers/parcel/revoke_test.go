package parcel_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
)

const (
	key      = "prod_EmulatorDefaultHubKey0001"
	docsKey  = "prod_DGzVhVsrqNJi4b0Chd9mMPUI9"
	sword    = "65a1b2c3d4e5f60718293a4b" // owned by Roblox 1001
	shield   = "65a1b2c3d4e5f60718293a4c" // owned by nobody
	linked   = "1088907566844739624"      // Discord, linked to Roblox 1001
	unlinked = "200000000000000001"       // Discord, linked to nobody
)

// Every response documented for DELETE /whitelist/revoke, reproduced byte for byte.
func TestRevoke_DocumentedResponses(t *testing.T) {
	cases := []struct {
		name    string
		headers []string
		body    string
		status  int
		want    string
	}{
		{
			name:    "success by Roblox id",
			headers: []string{"Authorization", key, "Content-Type", "application/json"},
			body:    `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox"}`,
			status:  200,
			want:    `{ "status": "200", "message": "OK", "data": { "userid": "1001", "userid_type": "roblox", "product_id": "` + sword + `", "state": "License has been revoked" } }`,
		},
		{
			name:    "success by linked Discord id",
			headers: []string{"Authorization", key},
			body:    `{"product_id":"` + sword + `","userid":"` + linked + `","userid_type":"discord"}`,
			status:  200,
			want:    `{ "status": "200", "message": "OK", "data": { "userid": "` + linked + `", "userid_type": "discord", "product_id": "` + sword + `", "state": "License has been revoked" } }`,
		},
		{
			name:    "product does not exist",
			headers: []string{"Authorization", key},
			body:    `{"product_id":"000000000000000000000000","userid":"1001","userid_type":"roblox"}`,
			status:  404,
			want:    `{ "status": "404", "message": "Product does not exist.", "data": {} }`,
		},
		{
			name:    "Discord id linked to no Roblox account",
			headers: []string{"Authorization", key},
			body:    `{"product_id":"` + sword + `","userid":"` + unlinked + `","userid_type":"discord"}`,
			status:  404,
			want:    `{ "status": "404", "message": "No Roblox Account associated to this Discord User ID.", "data": {} }`,
		},
		{
			name:    "invalid authorization key",
			headers: []string{"Authorization", "prod_NotAKeyOfAnyHub0000000000"},
			body:    `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox"}`,
			status:  401,
			want:    `{ "status": "401", "message": "Invalid authorization key." }`,
		},
		{
			name:   "no authorization key",
			body:   `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox"}`,
			status: 401,
			want:   `{ "status": "401", "message": "No authorization key was provided." }`,
		},
		{
			name:    "missing body parameters",
			headers: []string{"Authorization", key},
			body:    `{"product_id":"` + sword + `"}`,
			status:  400,
			want:    `{ "status": "400", "message": "Missing Body Parameters.\nRequired params: product_id, userid, userid_type", "data": {} }`,
		},
		{
			name:    "user does not own the license",
			headers: []string{"Authorization", key},
			body:    `{"product_id":"` + shield + `","userid":"1001","userid_type":"roblox"}`,
			status:  400,
			want:    `{ "status": "400", "message": "User does not own this license.", "data": { } }`,
		},
		{
			name:    "invalid user id type",
			headers: []string{"Authorization", key},
			body:    `{"product_id":"` + sword + `","userid":"1001","userid_type":"steam"}`,
			status:  400,
			want:    `{ "status": "400", "message": "Invalid type.\nAvailable types: roblox, discord", "data": {} }`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := apitest.StartAlone(t, parcel.New())
			s.Do("DELETE", "/whitelist/revoke", c.body, c.headers...).Expect(c.status, c.want)
		})
	}
}

// The documented "Internal Server Error" has no data key; it is what a handler failure becomes.
func TestRender_UnknownErrorIsParcels500(t *testing.T) {
	p := parcelProvider()
	resp := p.Render(errBoom{})
	if resp.Status != 500 {
		t.Fatalf("status = %d, want 500", resp.Status)
	}
	got := marshal(t, resp.Body)
	if want := `{"status":"500","message":"Internal Server Error"}`; got != want {
		t.Fatalf("body = %s, want %s", got, want)
	}
}

func TestRevoke_SecondRevokeSaysUserDoesNotOwnLicense(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	body := `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox"}`
	s.Do("DELETE", "/whitelist/revoke", body, "Authorization", key).Expect(200,
		`{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"`+sword+`","state":"License has been revoked"}}`)
	s.Do("DELETE", "/whitelist/revoke", body, "Authorization", key).Expect(400,
		`{"status":"400","message":"User does not own this license.","data":{}}`)
	s.Do("GET", "/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", key).Expect(200,
		`{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"`+sword+`","owns_license":false}}`)
}

// Licences are keyed by Roblox id: revoking through the linked Discord id removes the Roblox
// account's licence, and assigning by Roblox id shows up when checking by Discord id.
func TestRoundTrip_AssignRevokeCheckAcrossIDTypes(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	check := func(typ, id string, owns bool) {
		t.Helper()
		want := "false"
		if owns {
			want = "true"
		}
		s.Do("GET", "/whitelist/check/"+typ+"/"+id+"?product_id="+sword, "", "Authorization", key).Expect(200,
			`{"status":"200","message":"OK","data":{"userid":"`+id+`","userid_type":"`+typ+`","product_id":"`+sword+`","owns_license":`+want+`}}`)
	}
	check("discord", linked, true)
	s.Do("DELETE", "/whitelist/revoke", `{"product_id":"`+sword+`","userid":"`+linked+`","userid_type":"discord"}`, "Authorization", key).Expect(200,
		`{"status":"200","message":"OK","data":{"userid":"`+linked+`","userid_type":"discord","product_id":"`+sword+`","state":"License has been revoked"}}`)
	check("roblox", "1001", false)
	check("discord", linked, false)
	s.Do("POST", "/whitelist/assign", `{"product_id":"`+sword+`","userid":"1001","userid_type":"roblox"}`, "Authorization", key).Expect(200,
		`{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"`+sword+`","state":"License has been assigned"}}`)
	check("discord", linked, true)
	s.Do("POST", "/whitelist/assign", `{"product_id":"`+sword+`","userid":"`+linked+`","userid_type":"discord"}`, "Authorization", key).Expect(400,
		`{"status":"400","message":"User already owns license.","data":{}}`)
}

// The docs' own example key is a key of the default hub, so the documented request works as written.
func TestRevoke_DocsExampleRequestWithDocsKey(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	s.Do("DELETE", "/whitelist/revoke",
		`{"product_id":"`+sword+`","userid":"1001","userid_type":"roblox"}`,
		"Authorization", docsKey, "Content-Type", "application/json").Expect(200,
		`{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"`+sword+`","state":"License has been revoked"}}`)
}
