// Package jsonkeys reads a JSON answer's top level in order, for the providers' checks that an
// answer is in their envelope (same keys, same order).
package jsonkeys

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Object decodes a JSON object and lists its keys in the order they appear.
func Object(body []byte) (map[string]any, []string, error) {
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil {
		return nil, nil, err
	}
	if obj == nil {
		return nil, nil, fmt.Errorf("null")
	}
	keys, err := topKeys(body)
	return obj, keys, err
}

// Same reports whether keys are exactly want, in that order.
func Same(keys []string, want ...string) bool {
	if len(keys) != len(want) {
		return false
	}
	for i := range keys {
		if keys[i] != want[i] {
			return false
		}
	}
	return true
}

// Want is Same as an error.
func Want(keys []string, want ...string) error {
	if !Same(keys, want...) {
		return fmt.Errorf("keys %v, want %v in that order", keys, want)
	}
	return nil
}

// topKeys lists the keys of a JSON object in the order they appear.
func topKeys(body []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}
