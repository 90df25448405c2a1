package loadgen

import (
	"net/http"
	"testing"

	"github.com/accessemu/accessemu/emulator/provider"
)

// A request whose success is a 204 is not satisfied by a 200, and one with no status wants 200.
func TestRequestOK_WantsTheSuccessStatus(t *testing.T) {
	any := func([]byte) bool { return true }
	deleted := request(provider.LoadRequest{Status: http.StatusNoContent, OK: any}, provider.Credential{Header: "Authorization", Value: "k"})
	if !deleted.OK(http.StatusNoContent, nil) || deleted.OK(http.StatusOK, nil) {
		t.Error("a 204 success: wrong verdicts")
	}
	read := request(provider.LoadRequest{OK: any}, provider.Credential{Header: "Authorization", Value: "k"})
	if !read.OK(http.StatusOK, nil) || read.OK(http.StatusNoContent, nil) {
		t.Error("a 200 success: wrong verdicts")
	}
	if read.Header["Authorization"] != "k" {
		t.Errorf("credential not added: %v", read.Header)
	}
}

// A pair of two operations is named by both, and a variant follows its name.
func TestOperations_NamesEachPairByItsOperationsAndVariant(t *testing.T) {
	p := provider.LoadPair{Operation: "createProfile", UndoOperation: "deleteProfile"}
	if got := p.Name(); got != "createProfile+deleteProfile" {
		t.Errorf("Name = %q", got)
	}
	p = provider.LoadPair{Operation: "getProfile", UndoOperation: "getProfile", Variant: "by profile id"}
	if got := p.Name(); got != "getProfile by profile id" {
		t.Errorf("Name = %q", got)
	}
}
