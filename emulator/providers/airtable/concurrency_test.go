package airtable_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/accessemu/accessemu/internal/apitest"
)

// TestConcurrency_GrantsAndRevokesNeverLoseAnUpdate toggles one admin from many goroutines. Each
// successful revoke must be followed by a successful grant and vice versa, so the successes differ
// by at most one and the final state follows from them.
func TestConcurrency_GrantsAndRevokesNeverLoseAnUpdate(t *testing.T) {
	s := apitest.Start(t)
	const workers, rounds = 16, 20
	var granted, revoked atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				body := `{"users":[{"id":"usrEmuAdmin000002"}]}`
				if (w+i)%2 == 0 {
					if revoke(s, body).Body == noErrors {
						revoked.Add(1)
					}
				} else if grant(s, body).Body == noErrors {
					granted.Add(1)
				}
				if i%5 == 0 {
					getUsers(s, "?id=usrEmuAdmin000002&email=member@example.com")
				}
			}
		}()
	}
	wg.Wait()
	r, g := revoked.Load(), granted.Load()
	if d := r - g; d != 0 && d != 1 {
		t.Fatalf("%d successful revokes and %d successful grants: an update was lost", r, g)
	}
	if r == 0 {
		t.Fatal("no revoke succeeded")
	}
	if want := r == g; isAdmin(t, s, "usrEmuAdmin000002") != want {
		t.Errorf("after %d revokes and %d grants isAdmin should be %t", r, g, want)
	}
}

// TestConcurrency_TenantsDoNotShareState revokes the same admin in many tenants at once: each
// tenant sees exactly one success.
func TestConcurrency_TenantsDoNotShareState(t *testing.T) {
	s := apitest.Start(t)
	const tenants, tries = 8, 4
	var successes [tenants]atomic.Int64
	var wg sync.WaitGroup
	for n := range tenants {
		for range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := s.Do("POST", "/t/tenant"+string(rune('a'+n))+revokePath, `{"users":[{"email":"admin2@example.com"}]}`, "Authorization", adminToken)
				if res.Body == noErrors {
					successes[n].Add(1)
				}
			}()
		}
	}
	wg.Wait()
	for n := range tenants {
		if got := successes[n].Load(); got != 1 {
			t.Errorf("tenant %d: %d successful revokes, want 1", n, got)
		}
	}
	if !isAdmin(t, s, "usrEmuAdmin000002") {
		t.Error("the default tenant changed")
	}
}
