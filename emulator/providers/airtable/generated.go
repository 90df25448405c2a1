package airtable

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/brianvoe/gofakeit/v6/data"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/internal/fixture"
	worldgen "github.com/accessemu/accessemu/internal/generate"
)

// An account's generated_users: {count: N, seed: S} are N users after the listed ones, user i with
// an email first.last.i@ the account's first domain; one in ten is an admin, one in twenty an
// outside collaborator (on external.<domain>). Each is a pure function of S, the account id and i,
// so the loader builds them on every core, and `fixtures generate --expand` writes the same users
// as items (generatedUser.writeItem) that load into the same state.

// userGen draws an account's generated users.
type userGen struct {
	key    uint64
	domain string
}

// names are gofakeit's first and last names with their email forms (lower case, letters only).
type names struct{ first, last, firstLocal, lastLocal []string }

var fakeNames = sync.OnceValue(func() names {
	n := names{first: data.Person["first"], last: data.Person["last"]}
	n.firstLocal, n.lastLocal = localParts(n.first), localParts(n.last)
	return n
})

func localParts(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = nonLocal.ReplaceAllString(strings.ToLower(s), "")
	}
	return out
}

// generatedUser is one generated user's fields, as a fixture item would give them.
type generatedUser struct {
	ID, Email, Name           string
	Admin, Outside, TwoFactor bool
	Created, LastActivity     time.Time
}

func (g *userGen) draw(i int, a *worldgen.Arena) generatedUser {
	r := worldgen.At(g.key, i)
	n := fakeNames()
	gu := generatedUser{ID: a.Put(r.AppendChars(append(a.Scratch(), "usr"...), worldgen.Alphanumeric, 14))}
	f, l := r.Intn(len(n.first)), r.Intn(len(n.last))
	gu.Name = a.Put(append(append(append(a.Scratch(), n.first[f]...), ' '), n.last[l]...))
	switch roll := r.Intn(20); {
	case roll < 2:
		gu.Admin = true
	case roll == 19:
		gu.Outside = true
	}
	b := append(append(append(append(a.Scratch(), n.firstLocal[f]...), '.'), n.lastLocal[l]...), '.')
	b = append(worldgen.AppendIndex(b, i), '@')
	if gu.Outside {
		b = append(b, "external."...)
	}
	gu.Email = a.Put(append(b, g.domain...))
	epoch, created, active := fakeEpoch.UnixMilli(), fakeCreatedEnd.UnixMilli(), fakeActiveEnd.UnixMilli()
	c := epoch + int64(r.Intn(int(created-epoch)))
	gu.Created = time.UnixMilli(c).UTC()
	gu.LastActivity = time.UnixMilli(c + int64(r.Intn(int(active-c)))).UTC()
	gu.TwoFactor = r.Intn(2) == 1
	return gu
}

// user is the state of the user, in an account whose claimed domains are claimed: what the loader
// builds from writeItem's item.
func (gu *generatedUser) user(claimed map[string]struct{}) user {
	u := user{ID: gu.ID, Email: gu.Email, Name: gu.Name, CreatedTime: gu.Created, LastActivityTime: gu.LastActivity,
		State: stateProvisioned, Admin: gu.Admin, Member: !gu.Outside, Managed: !gu.Outside, TwoFactorEnabled: gu.TwoFactor}
	_, u.Claimed = claimed[domainOf(u.Email)]
	return u
}

// writeItem writes the user as a one-line fixture item.
func (gu *generatedUser) writeItem(w io.Writer) {
	flags := ""
	if gu.Admin {
		flags = " admin: true,"
	}
	if gu.Outside {
		flags = " member: false,"
	}
	const ms = "2006-01-02T15:04:05.000Z07:00"
	fmt.Fprintf(w, "        - {id: %s, email: %s, name: %s,%s created_time: \"%s\", last_activity_time: \"%s\", two_factor_enabled: %t}\n",
		gu.ID, gu.Email, strconv.Quote(gu.Name), flags, gu.Created.Format(ms), gu.LastActivity.Format(ms), gu.TwoFactor)
}

// generated adds an account's generated users, built on every core, to its maps, and returns the
// earliest of their created times (zero for none). Whether they clash with another account's users
// is checked once every account is loaded (checkGenerated).
func generated(at *yaml.Node, a *account, users map[string]user, byEmail map[string]string, d worldgen.Directive) (time.Time, error) {
	if err := d.Check(); err != nil {
		return time.Time{}, fixture.Errorf(at, "generated_users: %v", err)
	}
	var first time.Time
	g := userGen{key: worldgen.Key(d.Seed, "airtable", a.ID), domain: a.Domains[0]}
	err := worldgen.Build(d.Count, func(part []user, from int) {
		arena := worldgen.NewArena(len(part) * 80)
		for k := range part {
			gu := g.draw(from+k, arena)
			part[k] = gu.user(a.claimed)
		}
	}, func(u user) error {
		if first.IsZero() || u.CreatedTime.Before(first) {
			first = u.CreatedTime
		}
		n := len(users)
		if users[u.ID] = u; len(users) == n {
			return fixture.Errorf(at, "generated_users: user id %q is used twice in enterprise account %s", u.ID, a.ID)
		}
		n = len(byEmail)
		if byEmail[u.Email] = u.ID; len(byEmail) == n {
			return fixture.Errorf(at, "generated_users: email %q is used twice in enterprise account %s", u.Email, a.ID)
		}
		return nil
	})
	return first, err
}

// checkGenerated checks the generated users of each account of generatedIn (its directive's node
// by account id) against every other account, as the loader checks listed users across accounts:
// a user id keeps one email, and an email one user id.
func checkGenerated(accounts map[string]*account, generatedIn map[string]*yaml.Node) error {
	for id, at := range generatedIn {
		a := accounts[id]
		for _, other := range accounts {
			if other == a {
				continue
			}
			for _, u := range other.users.All() {
				if mine, ok := a.users.Get(u.ID); ok && !strings.EqualFold(mine.Email, u.Email) {
					return fixture.Errorf(at, "generated_users: user id %s has email %s in enterprise account %s, not %s", u.ID, u.Email, other.ID, mine.Email)
				}
				if mine, ok := a.byEmail.Get(strings.ToLower(u.Email)); ok && mine != u.ID && !u.Deleted {
					return fixture.Errorf(at, "generated_users: email %s belongs to user %s in enterprise account %s, not %s", u.Email, u.ID, other.ID, mine)
				}
			}
		}
	}
	return nil
}
