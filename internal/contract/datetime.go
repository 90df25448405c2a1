package contract

import (
	"fmt"
	"time"
)

// dateTimeLayouts are the ISO 8601 forms the providers' docs use in requests: a Z, +0000 or +00:00
// offset, with or without fractional seconds (Go's .999999999 makes the fraction optional).
var dateTimeLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
}

// ParseDateTime parses a request date-time in any documented form.
func ParseDateTime(s string) (time.Time, error) {
	for _, layout := range dateTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid datetime format")
}
