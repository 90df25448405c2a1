package airtable

import "github.com/accessemu/accessemu/internal/jsonout"

// AppendJSON writes delete users by email's answer as encoding/json would
// (delete_users_json_test.go compares the two): reflection cost more than the deletion.
func (r deleteUsersResponse) AppendJSON(b []byte) ([]byte, error) {
	b = jsonout.Key(append(b, '{'), "deletedUsers")
	if r.DeletedUsers == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, d := range r.DeletedUsers {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonout.String(jsonout.Key(append(b, '{'), "email"), d.Email)
			b = append(jsonout.String(jsonout.Key(append(b, ','), "id"), d.ID), '}')
		}
		b = append(b, ']')
	}
	return append(appendUserErrors(jsonout.Key(append(b, ','), "errors"), r.Errors), '}'), nil
}
