package airtable

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// userIncludes are the include lists of every form of a user read, kept and not.
var userIncludes = [][]string{nil, {"aggregated"}, {"descendants"}, {"descendants", "aggregated"}, {"collaborations"}, {"aggregated", "collaborations"}}

// checkUserAnswers reads every user of every account twice (written, then kept where it is) by id
// and through get users, in every form, and compares each answer with one written afresh; it ends
// on the plain read by id, so that the next check starts by reading what this one kept.
func checkUserAnswers(t *testing.T, w *world, after string) {
	t.Helper()
	for _, a := range w.accounts {
		for id := range a.users.All() {
			u, ok := a.userByID(id)
			if !ok {
				continue
			}
			for _, include := range userIncludes {
				fresh := a.appendUser(nil, &u, include)
				listed := append(append([]byte(`{"users":[`), fresh...), "]}"...)
				for range 2 {
					byID, _ := a.userByIDView(id, include)
					if got := byID.Body.([]byte); !bytes.Equal(got, fresh) {
						t.Fatalf("after %s, account %s, user %s, include %v:\nkept  %s\nfresh %s", after, a.ID, id, include, got, fresh)
					}
					list, _ := a.lookup([]string{id}, nil, include)
					if got := list.Body.([]byte); !bytes.Equal(got, listed) {
						t.Fatalf("after %s, account %s, users %s, include %v:\nkept  %s\nfresh %s", after, a.ID, id, include, got, listed)
					}
				}
			}
			plain, _ := a.userByIDView(id, nil)
			if got, fresh := plain.Body.([]byte), a.appendUser(nil, &u, nil); !bytes.Equal(got, fresh) {
				t.Fatalf("after %s, account %s, user %s:\nkept  %s\nfresh %s", after, a.ID, id, got, fresh)
			}
		}
	}
}

func TestUserAnswers_FollowEveryChangeInTheWorldAndItsClone(t *testing.T) {
	original := defaultWorld(t)
	checkUserAnswers(t, original, "loading")
	clone := original.Clone().(*world)
	for _, s := range everyChange {
		send(t, clone, s.op, s.user, s.query, s.body)
		checkUserAnswers(t, clone, s.op+" "+s.user+s.query)
		checkUserAnswers(t, original, s.op+" "+s.user+s.query+" in a clone")
	}
}

// randomKeptUser is a user of one of a few ids (so that slots and ids are shared) with random
// fields.
func randomKeptUser(rng *rand.Rand) user {
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	at := func() time.Time {
		if rng.IntN(3) == 0 {
			return time.Time{}
		}
		return time.Unix(rng.Int64N(2e9), rng.Int64N(1e9))
	}
	flag := func() bool { return rng.IntN(2) == 0 }
	return user{ID: fmt.Sprintf("usr%03d", rng.IntN(600)), Email: pick("a@b.com", "c@b.com", `q"@b.com`), Name: pick("", "Ann", "Bo"),
		CreatedTime: at(), LastActivityTime: at(), State: pick(stateProvisioned, stateDeactivated), Admin: flag(), SuperAdmin: flag(),
		Member: flag(), Managed: flag(), Claimed: flag(), TwoFactorEnabled: flag(), LoggedOutAt: at()}
}

// Users of many ids and changing fields, read in every form from concurrent readers, get the answer
// written for their own value, however the kept answers' slots are shared.
func TestKeptUser_GivesTheAnswerOfTheUserValueItIsGiven(t *testing.T) {
	a := &account{}
	var readers sync.WaitGroup
	for r := range 4 {
		readers.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(r), 21))
			for range 20000 {
				u := randomKeptUser(rng)
				include := userIncludes[rng.IntN(4)]
				listed := rng.IntN(2) == 0
				form, _ := userFormOf(include, listed)
				write := func() []byte {
					b := a.appendUser(nil, &u, include)
					if listed {
						b = append(append([]byte(`{"users":[`), b...), "]}"...)
					}
					return b
				}
				want := write()
				if got := keptUser(&u, form, write).([]byte); !bytes.Equal(got, want) {
					t.Errorf("%+v, include %v, listed %v:\ngot  %s\nwant %s", u, include, listed, got, want)
					return
				}
			}
		})
	}
	readers.Wait()
}
