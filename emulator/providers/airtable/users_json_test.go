package airtable

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/jsonout"
)

// Random users, enterprises and who am I answers, every optional part present or not, are written by AppendJSON
// exactly as encoding/json writes them.
func TestUserReadsAppendJSON_WriteWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	texts := []string{"", "usrABC", "user@example.com", "2019-01-03T12:33:12.421Z", `q"uote`, "<b>&</b>", "é😀", "\xff", "\u2028", "tab\t"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	maybe := func() bool { return rng.IntN(2) == 0 }
	optText := func() *string {
		if maybe() {
			return nil
		}
		return ptr(text())
	}
	optBool := func() *bool {
		if maybe() {
			return nil
		}
		return ptr(maybe())
	}
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
	groups := func() *[]groupRef {
		switch rng.IntN(4) {
		case 0:
			return nil
		case 1:
			return new([]groupRef)
		}
		g := []groupRef{}
		for range rng.IntN(3) {
			g = append(g, groupRef{ID: text()})
		}
		return &g
	}
	collaborations := func() *collaborationsJSON {
		if maybe() {
			return nil
		}
		c := &collaborationsJSON{}
		if maybe() {
			c.BaseCollaborations = make([]struct{}, rng.IntN(3))
		}
		if maybe() {
			c.InterfaceCollaborations = make([]struct{}, rng.IntN(3))
		}
		if rng.IntN(4) > 0 {
			c.WorkspaceCollaborations = []workspaceCollaborationJSON{}
			for range rng.IntN(3) {
				c.WorkspaceCollaborations = append(c.WorkspaceCollaborations, workspaceCollaborationJSON{
					CreatedTime: text(), GrantedByUserID: text(), PermissionLevel: text(), WorkspaceID: text()})
			}
		}
		return c
	}
	user := func() userJSON {
		v := userJSON{
			Collaborations: collaborations(), CreatedTime: text(), Email: text(), Groups: groups(), ID: text(),
			InvitedToAirtableByUserID: optText(), IsAdmin: optBool(), IsManaged: optBool(), IsServiceAccount: maybe(),
			IsSsoRequired: maybe(), IsSuperAdmin: optBool(), IsTwoFactorAuthEnabled: maybe(), LastActivityTime: optText(),
			Name: text(), State: text(),
		}
		if maybe() {
			v.Aggregated = &aggregatedJSON{Collaborations: collaborations(), Groups: groups(), IsAdmin: optBool(), LastActivityTime: optText()}
		}
		if maybe() {
			v.Descendants = &struct{}{}
		}
		return v
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
		var users usersResponse
		if rng.IntN(6) > 0 {
			users.Users = []userJSON{}
			for range rng.IntN(3) {
				users.Users = append(users.Users, user())
			}
		}
		for _, v := range []provider.JSONAppender{users, user(), enterprise(), whoamiResponse{Email: text(), ID: text()}} {
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
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(0, 0)}
	for range 20000 {
		times = append(times, time.Unix(rng.Int64N(400_000_000_000)-100_000_000_000, rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))]))
	}
	for _, tm := range times {
		if got, want := formatTime(tm), tm.UTC().Format(airtableTime); got != want {
			t.Fatalf("%v: wrote %s, Format %s", tm, got, want)
		}
	}
}
