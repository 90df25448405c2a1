package parcel_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
)

// transferBody is a transfer body with raw JSON values for the product and each side's id and type.
func transferBody(productID, senderID, senderType, recipientID, recipientType string) string {
	return `{"product_id":` + productID + `,"sender":{"userid":` + senderID + `,"userid_type":` + senderType +
		`},"recipient":{"userid":` + recipientID + `,"userid_type":` + recipientType + `}}`
}

func transferred(sender, recipient, productID string) string {
	return `{"status":"200","message":"OK","data":{"sender":` + q(sender) + `,"recipient":` + q(recipient) +
		`,"product_id":` + q(productID) + `,"state":"License has been transferred"}}`
}

func schemaFailed(detail string) string {
	return `{"status":"400","message":"Your payload did not pass the Schema validation.","error":` + detail + `,"data":{}}`
}

// Every response documented for PATCH /whitelist/transfer, reproduced byte for byte (the docs'
// type placeholders filled with the request's values).
func TestTransfer_DocumentedResponses(t *testing.T) {
	auth := apitest.Header("Authorization", key, "Content-Type", "application/json")
	transfer := func(name, body string, status int, want string) apitest.Case {
		return apitest.Case{Name: name, Method: "PATCH", Path: "/whitelist/transfer", Header: auth, Body: body, Status: status, Want: want}
	}
	cases := []apitest.Case{
		transfer("transferred between Roblox users", transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("roblox")), 200,
			`{ "status": "200", "message": "OK", "data": { "sender": "1001", "recipient": "1002", "product_id": "`+sword+`", "state": "License has been transferred" } }`),
		transfer("transferred from a linked Discord user", transferBody(q(sword), q(linked), q("discord"), q("1002"), q("roblox")), 200,
			`{ "status": "200", "message": "OK", "data": { "sender": "`+linked+`", "recipient": "1002", "product_id": "`+sword+`", "state": "License has been transferred" } }`),
		transfer("schema not followed", `{"product_id":"`+sword+`","sender":{"userid":"1001","userid_type":"roblox"}}`, 400,
			`{ "status": "400", "message": "Your payload did not pass the Schema validation.", "error": "\"recipient\" is required", "data": {} }`),
		transfer("sender does not own the licence", transferBody(q(shield), q("1001"), q("roblox"), q("1002"), q("roblox")), 400,
			`{ "status": "400", "message": "Sender does not own this license.", "data": { } }`),
		transfer("recipient already owns the licence", transferBody(q(sword), q("1001"), q("roblox"), q(linked), q("discord")), 400,
			`{ "status": "400", "message": "Recipient already owns license.", "data": { } }`),
		transfer("invalid user id type", transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("steam")), 400,
			`{ "status": "400", "message": "Invalid type.\nAvailable types: roblox, discord", "data": {} }`),
		transfer("product does not exist", transferBody(q("000000000000000000000000"), q("1001"), q("roblox"), q("1002"), q("roblox")), 404,
			`{ "status": "404", "message": "Product does not exist.", "data": {} }`),
		transfer("recipient's Discord id linked to nobody", transferBody(q(sword), q("1001"), q("roblox"), q(unlinked), q("discord")), 404,
			`{ "status": "404", "message": "No Roblox Account associated to this Discord User ID.", "data": {} }`),
		{Name: "invalid authorization key", Method: "PATCH", Path: "/whitelist/transfer", Header: apitest.Header("Authorization", "prod_Wrong"),
			Body: transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("roblox")), Status: 401, Want: `{ "status": "401", "message": "Invalid authorization key." }`},
		{Name: "no authorization key", Method: "PATCH", Path: "/whitelist/transfer",
			Body: transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("roblox")), Status: 401, Want: `{ "status": "401", "message": "No authorization key was provided." }`},
	}
	apitest.StartAlone(t, parcel.New()).Run(t, cases, nil)
}

// A transfer moves the licence: check shows it on the recipient only, revoking it from the sender
// answers "User does not own this license.", and the recipient can pass it on or lose it.
func TestTransfer_MovesTheLicence(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	s.Do("PATCH", "/whitelist/transfer", transferBody(q(sword), q(linked), q("discord"), q("1002"), q("roblox")), "Authorization", key).
		Expect(200, transferred(linked, "1002", sword))
	s.Do("GET", "/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", key).Expect(200, checkBody("1001", "roblox", sword, false))
	s.Do("GET", "/whitelist/check/roblox/1002?product_id="+sword, "", "Authorization", key).Expect(200, checkBody("1002", "roblox", sword, true))
	s.Do("DELETE", "/whitelist/revoke", licenseBody(q(sword), q("1001"), q("roblox")), "Authorization", key).Expect(400, notOwned)
	s.Do("PATCH", "/whitelist/transfer", transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("roblox")), "Authorization", key).
		Expect(400, `{"status":"400","message":"Sender does not own this license.","data":{}}`)
	s.Do("DELETE", "/whitelist/revoke", licenseBody(q(sword), q("1002"), q("roblox")), "Authorization", key).
		Expect(200, changedBody("1002", "roblox", sword, "License has been revoked"))
	s.Do("GET", "/whitelist/check/roblox/1002?product_id="+sword, "", "Authorization", key).Expect(200, checkBody("1002", "roblox", sword, false))
}

// A never-seen Roblox recipient becomes a known user; with unknown_roblox_users: reject such a
// recipient is the documented 404 and nothing moves.
func TestTransfer_UnknownRobloxRecipient(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	s.Do("PATCH", "/whitelist/transfer", transferBody(q(sword), q("1001"), q("roblox"), q("4242"), q("roblox")), "Authorization", key).
		Expect(200, transferred("1001", "4242", sword))
	s.Do("GET", "/whitelist/check/roblox/4242?product_id="+sword, "", "Authorization", key).Expect(200, checkBody("4242", "roblox", sword, true))

	strict := apitest.StartAlone(t, parcel.New(), strictWorld)
	strict.Do("PATCH", "/whitelist/transfer", transferBody(q(sword), q("1001"), q("roblox"), q("4242"), q("roblox")), "Authorization", key).Expect(404, noRoblox)
	strict.Do("GET", "/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", key).Expect(200, checkBody("1001", "roblox", sword, true))
}

// The sender as recipient already owns the licence.
func TestTransfer_ToTheSenderSaysRecipientAlreadyOwnsLicense(t *testing.T) {
	apitest.StartAlone(t, parcel.New()).Do("PATCH", "/whitelist/transfer", transferBody(q(sword), q("1001"), q("roblox"), q("1001"), q("roblox")), "Authorization", key).
		Expect(400, `{"status":"400","message":"Recipient already owns license.","data":{}}`)
}

// With strict_ids a number is no string: the schema says so.
func TestTransfer_StrictIDsRejectsNumbersInTheSchema(t *testing.T) {
	apitest.StartAlone(t, parcel.New(), strictWorld).Do("PATCH", "/whitelist/transfer", transferBody(q(sword), "1001", q("roblox"), q("1002"), q("roblox")), "Authorization", key).
		Expect(400, schemaFailed(`"\"sender.userid\" must be a string"`))
}

// The shipped scenarios force the transfer errors by header; a forced schema failure names the
// request body's first failing field, or the catalogue's example when the body has none.
func TestTransfer_ScenarioHeaderForcesItsErrors(t *testing.T) {
	s := apitest.StartAlone(t, parcel.New())
	valid := transferBody(q(sword), q("1001"), q("roblox"), q("1002"), q("roblox"))
	force := func(scenario, body string, status int, want string) {
		t.Helper()
		s.Do("PATCH", "/whitelist/transfer", body, "Authorization", key, "Accessemu-Scenario", scenario).Expect(status, want)
	}
	force("parcel-sender-does-not-own-license", valid, 400, `{"status":"400","message":"Sender does not own this license.","data":{}}`)
	force("parcel-recipient-already-owns-license", valid, 400, `{"status":"400","message":"Recipient already owns license.","data":{}}`)
	force("parcel-schema-validation", valid, 400, schemaFailed(`"\"product_id\" is required"`))
	force("parcel-schema-validation", `{"product_id":"`+sword+`","sender":{"userid":"1001"}}`, 400, schemaFailed(`"\"sender.userid_type\" is required"`))
	// Forced answers changed nothing.
	s.Do("GET", "/whitelist/check/roblox/1001?product_id="+sword, "", "Authorization", key).Expect(200, checkBody("1001", "roblox", sword, true))
}
