package parcel

import (
	"fmt"

	"github.com/accessemu/accessemu/internal/jsonkeys"
)

// checkEnvelope reports whether an answer is in Parcel's envelope: status (the HTTP status as a
// string) and message, then error (the schema-validation 400's detail) and data (an object, empty
// on an error) where the docs show them.
func checkEnvelope(status int, body []byte) error {
	obj, keys, err := jsonkeys.Object(body)
	if err != nil {
		return fmt.Errorf("not a JSON object: %v", err)
	}
	if jsonkeys.Same(keys, "status", "message", "error", "data") {
		if detail, _ := obj["error"].(string); status != 400 || detail == "" {
			return fmt.Errorf("error %v on a %d answer, want a non-empty string on a 400", obj["error"], status)
		}
	} else if !jsonkeys.Same(keys, "status", "message", "data") && !jsonkeys.Same(keys, "status", "message") {
		return fmt.Errorf("keys %v, want status, message[, error][, data]", keys)
	}
	if s, _ := obj["status"].(string); s != fmt.Sprint(status) {
		return fmt.Errorf("status %v, want %q", obj["status"], fmt.Sprint(status))
	}
	if msg, _ := obj["message"].(string); msg == "" {
		return fmt.Errorf("message %v, want a non-empty string", obj["message"])
	}
	if data, present := obj["data"]; present {
		m, isObject := data.(map[string]any)
		if !isObject || (status >= 300 && len(m) != 0) {
			return fmt.Errorf("data %v, want {} on an error", data)
		}
	} else if status < 300 {
		return fmt.Errorf("a %d answer without data", status)
	}
	return nil
}
