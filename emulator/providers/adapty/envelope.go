package adapty

import (
	"fmt"
	"net/http"

	"github.com/accessemu/accessemu/internal/jsonkeys"
)

// checkEnvelope reports whether an answer is in Adapty's envelope: {"data":...} on a success (no
// body on delete profile's 204), and errors (each with source and messages), error_code and
// status_code on a failure.
func checkEnvelope(status int, body []byte) error {
	if status == http.StatusNoContent && len(body) == 0 {
		return nil
	}
	obj, keys, err := jsonkeys.Object(body)
	if err != nil {
		return fmt.Errorf("not a JSON object: %v", err)
	}
	if status >= 200 && status < 300 {
		return jsonkeys.Want(keys, "data")
	}
	if err := jsonkeys.Want(keys, "errors", "error_code", "status_code"); err != nil {
		return err
	}
	if code, _ := obj["status_code"].(float64); int(code) != status {
		return fmt.Errorf("status_code %v, want %d", obj["status_code"], status)
	}
	if code, _ := obj["error_code"].(string); code == "" {
		return fmt.Errorf("error_code %v, want a non-empty string", obj["error_code"])
	}
	items, _ := obj["errors"].([]any)
	if len(items) == 0 {
		return fmt.Errorf("errors %v, want a non-empty list", obj["errors"])
	}
	for _, it := range items {
		m, _ := it.(map[string]any)
		if len(m) != 2 {
			return fmt.Errorf("error item %v, want source and errors", it)
		}
		if s, present := m["source"]; !present {
			return fmt.Errorf("error item %v has no source", it)
		} else if _, isString := s.(string); s != nil && !isString {
			return fmt.Errorf("source %v, want a string or null", s)
		}
		msgs, _ := m["errors"].([]any)
		if len(msgs) == 0 {
			return fmt.Errorf("error item %v has no messages", it)
		}
		for _, msg := range msgs {
			if _, isString := msg.(string); !isString {
				return fmt.Errorf("message %v, want a string", msg)
			}
		}
	}
	return nil
}
