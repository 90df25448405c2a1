package airtable

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/accessemu/accessemu/internal/jsonkeys"
)

// checkEnvelope reports whether an answer is in Airtable's envelope: on a success, an object
// without an error (its shape is the spec's to check) or the empty body of manage user and log out
// user; {"error":{"type","message"}} on a failure, or the bare {"error":"NOT_FOUND"} of a 404.
func checkEnvelope(status int, body []byte) error {
	if status == http.StatusOK && len(body) == 0 {
		return nil
	}
	obj, keys, err := jsonkeys.Object(body)
	if err != nil {
		return fmt.Errorf("not a JSON object: %v", err)
	}
	if status >= 200 && status < 300 {
		if slices.Contains(keys, "error") {
			return fmt.Errorf("keys %v: a success with an error", keys)
		}
		return nil
	}
	if err := jsonkeys.Want(keys, "error"); err != nil {
		return err
	}
	switch e := obj["error"].(type) {
	case string:
		if status != http.StatusNotFound || e != "NOT_FOUND" {
			return fmt.Errorf(`bare error %q with %d, want "NOT_FOUND" with 404`, e, status)
		}
	case map[string]any:
		typ, _ := e["type"].(string)
		msg, isString := e["message"].(string)
		if len(e) != 2 || typ == "" || !isString || msg == "" {
			return fmt.Errorf("error %v, want type and message", e)
		}
	default:
		return fmt.Errorf("error %v, want an object or NOT_FOUND", e)
	}
	return nil
}
