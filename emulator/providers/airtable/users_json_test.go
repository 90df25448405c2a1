package airtable

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/cow"
	"github.com/accessemu/accessemu/internal/jsonout"
)

// Random users, with every include, are written by appendUser exactly as encoding/json writes
// the answer's model.
func TestAppendUser_WritesWhatEncodingJSONWritesOfTheModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	a := defaultWorld(t).accounts[defaultAccount]
	texts := []string{"", "usrABC", "user@example.com", "2019-01-03T12:33:12.421Z", `q"uote`, "<b>&</b>", "é😀", "\xff", "\u2028", "tab\t",
		"usrEmuAdmin000001", "usrEmuMember00001"} // the last two collaborate on the default workspace
	text := func() string { return texts[rng.IntN(len(texts))] }
	maybe := func() bool { return rng.IntN(2) == 0 }
	times := []time.Time{{}, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}
	when := func() time.Time {
		if i := rng.IntN(6); i < len(times) {
			return times[i]
		}
		return time.Unix(rng.Int64N(4_000_000_000), rng.Int64N(1e9)).In(time.FixedZone("east", 3600))
	}
	names := []string{"collaborations", "aggregated", "descendants", "other", ""}
	for range 5000 {
		users := make([]user, rng.IntN(4))
		for i := range users {
			users[i] = user{ID: text(), Email: text(), Name: text(), CreatedTime: when(), LastActivityTime: when(), State: text(),
				Admin: maybe(), SuperAdmin: maybe(), Member: maybe(), Managed: maybe(), Claimed: maybe(), TwoFactorEnabled: maybe()}
		}
		var include []string
		for range rng.IntN(4) {
			include = append(include, names[rng.IntN(len(names))])
		}
		for i := range users {
			want, err := jsonout.Marshal(modelOf(a, users[i], include))
			if err != nil {
				t.Fatal(err)
			}
			if got := a.appendUser(nil, &users[i], include); !bytes.Equal(got, want) {
				t.Fatalf("include %q: appendUser wrote\n%s, encoding/json\n%s", include, got, want)
			}
		}
		if len(users) == 0 {
			continue
		}
		a := &account{users: cow.Of(map[string]user{}), byEmail: cow.Of(map[string]string{}), workspaces: a.workspaces, enterprise: &enterpriseAnswers{}}
		var ids []string
		model := usersResponse{Users: []userJSON{}}
		for i := range users {
			users[i].ID = fmt.Sprint("usr", i, text())
			a.setUser(users[i])
			ids = append(ids, users[i].ID, users[i].ID) // each answered once
			model.Users = append(model.Users, modelOf(a, users[i], include))
		}
		want, err := jsonout.Marshal(model)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := a.lookup(ids, nil, include); err != nil || !bytes.Equal(got.Body.([]byte), want) {
			t.Fatalf("lookup wrote\n%s (%v), encoding/json\n%s", got.Body, err, want)
		}
	}
}

// Random enterprises and who am I answers, every optional part present or not, are written by
// AppendJSON exactly as encoding/json writes them.
func TestEnterpriseAndWhoamiAppendJSON_WriteWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	texts := []string{"", "usrABC", "user@example.com", "2019-01-03T12:33:12.421Z", `q"uote`, "<b>&</b>", "é😀", "\xff", "\u2028", "tab\t"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	maybe := func() bool { return rng.IntN(2) == 0 }
	texts3 := func() []string {
		if rng.IntN(4) == 0 {
			return nil
		}
		out := []string{}
		for range rng.IntN(3) {
			out = append(out, text())
		}
		return out
	}
	enterprise := func() enterpriseJSON {
		v := enterpriseJSON{CreatedTime: text(), GroupIDs: texts3(), ID: text(), RootEnterpriseAccountID: text(), UserIDs: texts3(), WorkspaceIDs: texts3()}
		if rng.IntN(4) > 0 {
			v.EmailDomains = []emailDomain{}
			for range rng.IntN(3) {
				v.EmailDomains = append(v.EmailDomains, emailDomain{EmailDomain: text(), IsSsoRequired: maybe()})
			}
		}
		if maybe() {
			v.Aggregated = &enterpriseIDs{GroupIDs: texts3(), UserIDs: texts3(), WorkspaceIDs: texts3()}
		}
		if maybe() {
			v.Descendants = &struct{}{}
		}
		return v
	}
	for range 3000 {
		for _, v := range []provider.JSONAppender{enterprise(), whoamiResponse{Email: text(), ID: text()}} {
			want, err := jsonout.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.AppendJSON(nil)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("AppendJSON wrote\n%s (%v), encoding/json\n%s", got, err, want)
			}
		}
	}
}

// formatTime writes what Format writes, for times of any zone, year and fraction.
func TestFormatTime_WritesWhatFormatWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	zones := []*time.Location{time.UTC, time.FixedZone("east", 5*3600+1800), time.FixedZone("west", -11*3600)}
	times := []time.Time{{}, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(0, 1, 1, 0, 0, 0, -1, time.UTC),
		time.Date(2000, 2, 29, 23, 59, 59, 999999999, time.UTC), time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), time.Unix(-1, 1), time.Unix(0, 0)}
	for range 20000 {
		times = append(times, time.Unix(rng.Int64N(400_000_000_000)-100_000_000_000, rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))]))
	}
	for _, tm := range times {
		if got, want := formatTime(tm), tm.UTC().Format(airtableTime); got != want {
			t.Fatalf("%v: wrote %s, Format %s", tm, got, want)
		}
	}
}
