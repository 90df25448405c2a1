package airtable

import (
	"hash/maphash"
	"sync/atomic"
)

// keptUserAnswer is get user by id's or get users' answer for one user, kept with the user value it
// was written from: clients read the same few users again and again, and writing the user (two
// timestamps, escaped strings) was most of the read. An answer is given again only for an equal
// user value, so no change to the state has to find and drop it, and tenants and clones may share
// it. Answers with collaborations also depend on the workspaces: they are never kept.
type keptUserAnswer struct {
	user user
	form userForm
	body any // []byte, boxed once for every answer given
}

// userForm is the shape of an answer written for one user: its includes, and whether it is get
// users' list.
type userForm uint8

const (
	formAggregated userForm = 1 << iota
	formDescendants
	formListed
)

// keptUserAnswers holds the answers of the users read last, one per slot of the user's id hash;
// a bounded set, so that worlds of many users keep no more than a few.
var (
	keptUserAnswers [256]atomic.Pointer[keptUserAnswer]
	keptUserSeed    = maphash.MakeSeed()
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
	slot := &keptUserAnswers[maphash.String(keptUserSeed, u.ID)%uint64(len(keptUserAnswers))]
	if kept := slot.Load(); kept != nil && kept.form == form && kept.user == *u {
		return kept.body
	}
	kept := &keptUserAnswer{user: *u, form: form, body: write()}
	slot.Store(kept)
	return kept.body
}
