package airtable

import "github.com/accessemu/accessemu/internal/kept"

// keptUserAnswers are get user by id's and get users' answers for one user, kept with the user value
// and form they were written from. Answers with collaborations also depend on the workspaces: they
// are never kept.
var keptUserAnswers = kept.New[userAnswerOf]()

// userAnswerOf is what an answer for one user is written from.
type userAnswerOf struct {
	user user
	form userForm
}

// userForm is the shape of an answer written for one user: its includes, and whether it is get
// users' list.
type userForm uint8

const (
	formAggregated userForm = 1 << iota
	formDescendants
	formListed
)

// userFormOf is the form of an answer with include, and false when it lists collaborations.
func userFormOf(include []string, listed bool) (userForm, bool) {
	var form userForm
	if listed {
		form = formListed
	}
	for _, name := range include {
		switch name {
		case "collaborations":
			return 0, false
		case "aggregated":
			form |= formAggregated
		case "descendants":
			form |= formDescendants
		}
	}
	return form, true
}

// keptUser gives the answer of the form for u, written by write unless kept.
func keptUser(u *user, form userForm, write func() []byte) any {
	return keptUserAnswers.For(u.ID, userAnswerOf{*u, form}, write)
}
