package airtable

import "github.com/accessemu/accessemu/internal/jsonout"

// AppendJSON writes delete users by email's answer as encoding/json would
// (delete_users_json_test.go compares the two): reflection cost more than the deletion.
func (r deleteUsersResponse) AppendJSON(b []byte) ([]byte, error) {
	b = jsonout.Key(append(b, '{'), "deletedUsers")
	b = jsonout.List(b, r.DeletedUsers, func(b []byte, d deletedUser) []byte {
		b = jsonout.String(jsonout.Key(append(b, '{'), "email"), d.Email)
		return append(jsonout.String(jsonout.Key(append(b, ','), "id"), d.ID), '}')
	})
	return append(appendUserErrors(jsonout.Key(append(b, ','), "errors"), r.Errors), '}'), nil
}
