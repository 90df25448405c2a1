package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// cycler is one client of the crash test. It takes two things of one tenant (Parcel licences,
// two Airtable users' admin flags, two Adapty access levels of a profile) alone through a cycle of
// at least three states, one change per step, so that the state it expects is known from its own
// log of acknowledged answers, and a lost acknowledged change (the state before it) never looks
// like the change in flight (the state after the next).
type cycler struct {
	name   string
	tenant string
	header map[string]string
	steps  []step
	// read is the two things' state as "01" (first off, second on), from the provider's own read
	// operation.
	read func(c *http.Client, base string) (string, error)

	next    int     // the step to take next
	state   string  // the state the last acknowledged change left
	pending *string // the state a change in flight when the server died would leave
	acked   int
}

// step is one change and the state it leaves; it must answer 200.
type step struct {
	method, path, body string
	after              string
}

const (
	crashParcelKey   = "prod_EmulatorDefaultHubKey0001"
	crashShield      = "65a1b2c3d4e5f60718293a4c"
	crashAdaptyKey   = "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv"
	crashAdaptyLevel = "/api/v2/server-side-api/purchase/profile/"
	crashAirtable    = "/v0/meta/enterpriseAccounts/entEmulator000001/users"
	crashAirtableKey = "Bearer patEmuAdmin000001.admin"
)

// parcelCycler assigns x, assigns y, revokes x, revokes y.
func parcelCycler(tenant, x, y string) *cycler {
	body := func(id string) string {
		return `{"product_id":"` + crashShield + `","userid":"` + id + `","userid_type":"roblox"}`
	}
	header := map[string]string{"Authorization": crashParcelKey}
	return &cycler{
		name: "parcel " + x + "," + y, tenant: tenant, header: header,
		steps: []step{
			{"POST", "/whitelist/assign", body(x), "10"}, {"POST", "/whitelist/assign", body(y), "11"},
			{"DELETE", "/whitelist/revoke", body(x), "01"}, {"DELETE", "/whitelist/revoke", body(y), "00"},
		},
		read: func(c *http.Client, base string) (string, error) {
			state := ""
			for _, id := range []string{x, y} {
				var got struct {
					Data struct {
						OwnsLicense bool `json:"owns_license"`
					} `json:"data"`
				}
				if err := getJSON(c, base+"/t/"+tenant+"/whitelist/check/roblox/"+id+"?product_id="+crashShield, header, &got); err != nil {
					return "", err
				}
				state += bit(got.Data.OwnsLicense)
			}
			return state, nil
		},
	}
}

// airtableCycler grants two members admin access in one request (seeing one changed and not the
// other would be a half-applied change), then revokes each.
func airtableCycler(tenant string) *cycler {
	header := map[string]string{"Authorization": crashAirtableKey}
	return &cycler{
		name: "airtable pair", tenant: tenant, header: header,
		steps: []step{
			{"POST", crashAirtable + "/grantAdminAccess", `{"users":[{"id":"usrEmuMember00001"},{"email":"foo@bam.com"}]}`, "11"},
			{"POST", crashAirtable + "/revokeAdminAccess", `{"users":[{"id":"usrEmuMember00001"}]}`, "01"},
			{"POST", crashAirtable + "/revokeAdminAccess", `{"users":[{"email":"foo@bam.com"}]}`, "00"},
		},
		read: func(c *http.Client, base string) (string, error) {
			var got struct {
				Users []struct {
					IsAdmin bool `json:"isAdmin"`
				} `json:"users"`
			}
			if err := getJSON(c, base+"/t/"+tenant+crashAirtable+"?id=usrEmuMember00001&id=usrFooBam00000001", header, &got); err != nil {
				return "", err
			}
			if len(got.Users) != 2 {
				return "", fmt.Errorf("want 2 users, got %+v", got.Users)
			}
			return bit(got.Users[0].IsAdmin) + bit(got.Users[1].IsAdmin), nil
		},
	}
}

// adaptyCycler grants a customer's profile premium and vip (lifetime: on), then revokes each (its
// expiry becomes the revoke time: off).
func adaptyCycler(tenant, customer string) *cycler {
	header := map[string]string{"Authorization": crashAdaptyKey, "Adapty-Customer-User-Id": customer}
	level := func(op, id string) step {
		return step{"POST", crashAdaptyLevel + op + "/access-level/", `{"access_level_id":"` + id + `"}`, ""}
	}
	steps := []step{level("grant", "premium"), level("grant", "vip"), level("revoke", "premium"), level("revoke", "vip")}
	for i, after := range []string{"10", "11", "01", "00"} {
		steps[i].after = after
	}
	return &cycler{
		name: "adapty " + customer, tenant: tenant, header: header, steps: steps,
		read: func(c *http.Client, base string) (string, error) {
			var got struct {
				Data struct {
					AccessLevels []struct {
						ID        string  `json:"access_level_id"`
						ExpiresAt *string `json:"expires_at"`
					} `json:"access_levels"`
				} `json:"data"`
			}
			if err := getJSON(c, base+"/t/"+tenant+"/api/v2/server-side-api/profile/", header, &got); err != nil {
				return "", err
			}
			on := map[string]bool{}
			for _, l := range got.Data.AccessLevels {
				on[l.ID] = l.ExpiresAt == nil
			}
			return bit(on["premium"]) + bit(on["vip"]), nil
		},
	}
}

func bit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func getJSON(c *http.Client, url string, header map[string]string, v any) error {
	req, _ := http.NewRequest("GET", url, nil)
	for k, val := range header {
		req.Header.Set(k, val)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return json.Unmarshal(body, v)
}

// resync checks the state read after a restart against the client's log, and continues the cycle
// from it.
func (g *cycler) resync(c *http.Client, base string) error {
	got, err := g.read(c, base)
	if err != nil {
		return err
	}
	if g.state != "" && got != g.state && (g.pending == nil || got != *g.pending) {
		want := g.state
		if g.pending != nil {
			want += " or, with the change in flight, " + *g.pending
		}
		return fmt.Errorf("state %s, but the client's log says %s", got, want)
	}
	i := slices.IndexFunc(g.steps, func(s step) bool { return s.after == got })
	if i < 0 {
		return fmt.Errorf("state %s is none of the cycle's", got)
	}
	g.state, g.pending, g.next = got, nil, (i+1)%len(g.steps)
	return nil
}

// run takes steps until the server goes away, logging what was acknowledged.
func (g *cycler) run(c *http.Client, base string, errs chan<- error) {
	for {
		s := g.steps[g.next]
		req, _ := http.NewRequest(s.method, base+"/t/"+g.tenant+s.path, strings.NewReader(s.body))
		for k, v := range g.header {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		if err != nil {
			g.pending = &s.after // sent, perhaps applied, never acknowledged
			return
		}
		answer, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			g.pending = &s.after
			return
		}
		if resp.StatusCode != 200 || strings.Contains(string(answer), `"errors":[{`) {
			errs <- fmt.Errorf("%s in %s: %s %s answered %d %s", g.name, g.tenant, s.method, s.path, resp.StatusCode, answer)
			return
		}
		g.state, g.next, g.acked = s.after, (g.next+1)%len(g.steps), g.acked+1
	}
}

// The built binary is killed with SIGKILL at random moments under concurrent changes from several
// tenants and all three providers, and restarted each time: every change acknowledged before a
// kill is there afterwards, and a change in flight is there wholly or not at all.
func TestBinary_KillNineAtRandomLosesNoAcknowledgedChange(t *testing.T) {
	t.Run("synced", func(t *testing.T) { killNineAtRandom(t, 50) })
	// Left to the OS to sync, a change is written before it is answered: a killed process loses
	// nothing either.
	t.Run("synced by the OS", func(t *testing.T) { killNineAtRandom(t, 20, "--state-sync", "os") })
}

func killNineAtRandom(t *testing.T, kills int, args ...string) {
	bin := binary(t)
	state := filepath.Join(t.TempDir(), "state.db")
	args = append([]string{"--state-file", state}, args...)
	var clients []*cycler
	for i, tenant := range []string{"crash-a", "crash-b", "crash-c"} {
		clients = append(clients,
			parcelCycler(tenant, fmt.Sprint(7000+4*i), fmt.Sprint(7001+4*i)), parcelCycler(tenant, fmt.Sprint(7002+4*i), fmt.Sprint(7003+4*i)),
			airtableCycler(tenant), adaptyCycler(tenant, "user-free"), adaptyCycler(tenant, "user-lifetime"))
	}
	deadline := time.Now().Add(45 * time.Second)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 14))
	for round := 0; round <= kills; round++ {
		if time.Now().After(deadline) {
			t.Fatalf("only %d kills in the time allowed", round)
		}
		cmd, base := startKillable(t, bin, args...)
		c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}, Timeout: 10 * time.Second}
		for _, g := range clients {
			if err := g.resync(c, base); err != nil {
				t.Fatalf("after kill %d: %s in %s: %v", round, g.name, g.tenant, err)
			}
		}
		if round == kills {
			break
		}
		errs := make(chan error, len(clients))
		var wg sync.WaitGroup
		for _, g := range clients {
			wg.Add(1)
			go func() { defer wg.Done(); g.run(c, base, errs) }()
		}
		time.Sleep(time.Duration(5+rng.IntN(40)) * time.Millisecond)
		cmd.Process.Kill() // SIGKILL: no drain, no close
		cmd.Wait()
		wg.Wait()
		c.CloseIdleConnections()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	total := 0
	for _, g := range clients {
		total += g.acked
	}
	if total < kills {
		t.Fatalf("only %d changes were acknowledged over %d kills: the test did not exercise the file", total, kills)
	}
	t.Logf("%d acknowledged changes over %d kills", total, kills)
}

// startKillable starts the binary for a test that kills it itself.
func startKillable(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	cmd, base, _ := startWatched(t, bin, args...)
	return cmd, base
}

// startWatched starts the binary with its log (stderr) kept for the test to read.
func startWatched(t *testing.T, bin string, args ...string) (*exec.Cmd, string, *lockedBuilder) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuilder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		cmd.Wait()
		t.Fatalf("start: %v; stderr:\n%s", err, stderr.String())
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "accessemu listening on ")
	if !ok {
		t.Fatalf("first line %q", line)
	}
	go io.Copy(io.Discard, stdout)
	return cmd, base, stderr
}

// lockedBuilder is a strings.Builder a child process writes while the test reads it.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
