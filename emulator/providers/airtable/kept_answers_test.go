package airtable

import (
	"bytes"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
	"github.com/accessemu/accessemu/internal/worldtest"
)

// defaultWorld is the default world's Airtable section, loaded.
func defaultWorld(t *testing.T) *world {
	t.Helper()
	return worldtest.Default(t, New()).(*world)
}

// send runs one operation on the world as the default admin, as the pipeline does once the
// request is admitted, and fails the test on an error answer.
func send(t *testing.T, w *world, op, userID, query, body string) {
	t.Helper()
	q, _ := url.ParseQuery(query)
	r := &provider.Request{
		Op:     &contract.Operation{ID: op},
		Header: http.Header{"Authorization": {"Bearer " + defaultToken}},
		Path:   map[string]string{"enterpriseAccountId": defaultAccount, "userId": userID},
		Query:  q,
		Body:   []byte(body),
		Now:    time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC),
	}
	p := New()
	if err := p.Authenticate(w, r); err != nil {
		t.Fatalf("%s %s: %v", op, userID, err)
	}
	if body != "" {
		v, err := contract.DecodeJSON(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		r.Value = v
	}
	if _, err := p.Handle(w, r); err != nil {
		t.Fatalf("%s %s: %v", op, userID, err)
	}
}

// includeOf is the include list of each enterprise answer variant.
var includeOf = [4][]string{nil, {"aggregated"}, {"descendants"}, {"descendants", "aggregated"}}

// checkEnterpriseAnswers compares every account's kept get enterprise answers with answers written
// afresh from its state, and leaves every variant kept.
func checkEnterpriseAnswers(t *testing.T, w *world, after string) {
	t.Helper()
	for _, a := range w.accounts {
		for variant, include := range includeOf {
			got := a.enterpriseView(include).Body.([]byte)
			if want := a.enterpriseBody(variant); !bytes.Equal(got, want) {
				t.Fatalf("after %s, account %s, include %v:\nkept  %s\nfresh %s", after, a.ID, include, got, want)
			}
		}
	}
}

// everyChange changes the default world through every operation that changes users or workspaces,
// each once, in an order every step succeeds in.
var everyChange = []struct{ op, user, query, body string }{
	{opRevokeAdminAccess, "", "", `{"users":[{"id":"usrEmuAdmin000002"}]}`},
	{opGrantAdminAccess, "", "", `{"users":[{"id":"usrEmuAdmin000002"}]}`},
	{opManageMembership, "", "", `{"users":[{"id":"` + benchUser + `","state":"unmanaged"}]}`},
	{opClaimUsers, "", "", `{"users":[{"id":"` + benchUser + `","state":"managed"}]}`},
	{opManageUser, benchUser, "", `{"state":"deactivated"}`},
	{opManageUser, benchUser, "", `{"state":"provisioned"}`},
	{opManageUser, benchUser, "", `{"email":"renamed@bam.com","firstName":"Re","lastName":"Named"}`},
	{opLogoutUser, benchUser, "", ""},
	{opRemoveUser, "usrEmuMember00001", "", `{"isDryRun":true,"replacementOwnerId":"usrEmuAdmin000001"}`},
	{opRemoveUser, "usrEmuMember00001", "", `{"replacementOwnerId":"usrEmuAdmin000001"}`},
	{opDeleteUsersByEmail, "", "email=unverified@example.com", ""},
	{opDeleteUserByID, benchUser, "", ""},
}

func TestEnterpriseAnswers_FollowEveryChangeOfUsersAndWorkspaces(t *testing.T) {
	w := defaultWorld(t)
	checkEnterpriseAnswers(t, w, "loading")
	for _, s := range everyChange {
		send(t, w, s.op, s.user, s.query, s.body)
		checkEnterpriseAnswers(t, w, s.op+" "+s.user+s.query)
	}
}

func TestEnterpriseAnswers_OfAClonePartFromTheOriginalsOnTheirFirstChange(t *testing.T) {
	original := defaultWorld(t)
	checkEnterpriseAnswers(t, original, "loading")
	clone := original.Clone().(*world)
	send(t, clone, opRemoveUser, "usrEmuMember00001", "", `{"replacementOwnerId":"usrEmuAdmin000001"}`)
	checkEnterpriseAnswers(t, clone, "a removal in the clone")
	checkEnterpriseAnswers(t, original, "a removal in its clone")
	again := original.Clone().(*world)
	send(t, original, opDeleteUserByID, benchUser, "", "")
	checkEnterpriseAnswers(t, original, "a deletion in the original")
	checkEnterpriseAnswers(t, again, "a deletion in its original")
}

func TestEnterpriseAnswers_AreWrittenOnceByConcurrentReaders(t *testing.T) {
	w := defaultWorld(t)
	a := w.accounts[defaultAccount]
	want := a.enterpriseBody(1)
	var readers sync.WaitGroup
	for range 8 {
		readers.Go(func() { // as readers sharing the tenant's read lock
			if got := a.enterpriseView(includeOf[1]).Body.([]byte); !bytes.Equal(got, want) {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
	readers.Wait()
}
