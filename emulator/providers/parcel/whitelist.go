package parcel

import (
	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/jsonout"
)

type licenseRequest struct {
	ProductID  string
	UserID     string
	UserIDType string
}

// licenseChanged is the 200 body of revoke and assign; data echoes the request's values.
type licenseChanged struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Data    struct {
		UserID     string `json:"userid"`
		UserIDType string `json:"userid_type"`
		ProductID  string `json:"product_id"`
		State      string `json:"state"`
	} `json:"data"`
}

type licenseCheck struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Data    struct {
		UserID      string `json:"userid"`
		UserIDType  string `json:"userid_type"`
		ProductID   string `json:"product_id"`
		OwnsLicense bool   `json:"owns_license"`
	} `json:"data"`
}

// resolve finds the licence a request is about: the product must be the key's hub's, and the user
// resolves to a Roblox id (a Discord id through its link).
func (w *world) resolve(hubID, productID, userIDType, userID string) (license, error) {
	if _, ok := w.productOf(hubID, productID); !ok {
		return license{}, ErrProductDoesNotExist
	}
	roblox, err := w.robloxID(userIDType, userID)
	if err != nil {
		return license{}, err
	}
	return license{ProductID: productID, RobloxID: roblox}, nil
}

// robloxID is the Roblox account a user id names: a Discord id through its link.
func (w *world) robloxID(userIDType, userID string) (string, error) {
	if userIDType == "discord" {
		linked, ok := w.discord[userID]
		if !ok {
			return "", ErrNoRobloxAccount
		}
		return linked, nil
	}
	if !w.isRobloxUser(userID) {
		return "", ErrNoRobloxAccount
	}
	return userID, nil
}

func (w *world) isRobloxUser(id string) bool {
	if w.robloxUsers.Has(id) {
		return true
	}
	if w.opts.UnknownRobloxUsers == "reject" {
		return false
	}
	for _, c := range id {
		if c < '0' || c > '9' {
			return false
		}
	}
	return id != ""
}

func (w *world) revoke(hubID string, req licenseRequest) (provider.Response, error) {
	l, err := w.resolve(hubID, req.ProductID, req.UserIDType, req.UserID)
	if err != nil {
		return provider.Response{}, err
	}
	if !w.licenses.Has(l) {
		return provider.Response{}, ErrUserDoesNotOwnLicense
	}
	w.licenses.Delete(l)
	return changed(req, "License has been revoked"), nil
}

func (w *world) assign(hubID string, req licenseRequest) (provider.Response, error) {
	l, err := w.resolve(hubID, req.ProductID, req.UserIDType, req.UserID)
	if err != nil {
		return provider.Response{}, err
	}
	if w.licenses.Has(l) {
		return provider.Response{}, ErrUserAlreadyOwnsLicense
	}
	w.licenses.Set(l, struct{}{})
	w.robloxUsers.Set(l.RobloxID, struct{}{})
	return changed(req, "License has been assigned"), nil
}

func (w *world) check(hubID, userIDType, userID, productID string) (provider.Response, error) {
	l, err := w.resolve(hubID, productID, userIDType, userID)
	if err != nil {
		return provider.Response{}, err
	}
	var body licenseCheck
	body.Status, body.Message = "200", "OK"
	body.Data.UserID, body.Data.UserIDType, body.Data.ProductID = userID, userIDType, productID
	body.Data.OwnsLicense = w.licenses.Has(l)
	// Written here, in one allocation of about its size (106 bytes besides the values), rather
	// than boxed for the pipeline's encoder.
	answer, _ := body.AppendJSON(make([]byte, 0, 106+len(userID)+len(userIDType)+len(productID)))
	return provider.Response{Status: 200, Body: answer}, nil
}

func changed(req licenseRequest, state string) provider.Response {
	var body licenseChanged
	body.Status, body.Message = "200", "OK"
	body.Data.UserID, body.Data.UserIDType, body.Data.ProductID = req.UserID, req.UserIDType, req.ProductID
	body.Data.State = state
	// Written here, in one allocation of about its size (96 bytes besides the values), rather
	// than boxed for the pipeline's encoder.
	answer, _ := body.AppendJSON(make([]byte, 0, 96+len(req.UserID)+len(req.UserIDType)+len(req.ProductID)+len(state)))
	return provider.Response{Status: 200, Body: answer}
}

// AppendJSON writes the answer of every revoke and assign, Parcel's most frequent, as encoding/json
// would (whitelist_json_test.go compares the two).
func (c licenseChanged) AppendJSON(b []byte) ([]byte, error) {
	b = appendLicenseHead(b, c.Status, c.Message, c.Data.UserID, c.Data.UserIDType, c.Data.ProductID)
	b = jsonout.String(jsonout.Key(append(b, ','), "state"), c.Data.State)
	return append(b, "}}"...), nil
}

// AppendJSON writes the answer of check, as encoding/json would (whitelist_json_test.go compares
// the two).
func (c licenseCheck) AppendJSON(b []byte) ([]byte, error) {
	b = appendLicenseHead(b, c.Status, c.Message, c.Data.UserID, c.Data.UserIDType, c.Data.ProductID)
	b = jsonout.Bool(jsonout.Key(append(b, ','), "owns_license"), c.Data.OwnsLicense)
	return append(b, "}}"...), nil
}

// appendLicenseHead writes what every licence answer starts with, up to its data's product id; the
// caller adds the last field and closes both objects.
func appendLicenseHead(b []byte, status, message, userID, userIDType, productID string) []byte {
	if status == "200" && message == "OK" { // every answer the emulator gives: its head is a literal
		b = append(b, `{"status":"200","message":"OK","data":{"userid":`...)
	} else {
		b = jsonout.String(jsonout.Key(append(b, '{'), "status"), status)
		b = jsonout.String(jsonout.Key(append(b, ','), "message"), message)
		b = append(jsonout.Key(append(b, ','), "data"), `{"userid":`...)
	}
	b = append(jsonout.String(b, userID), `,"userid_type":`...)
	b = append(jsonout.String(b, userIDType), `,"product_id":`...)
	return jsonout.String(b, productID)
}
