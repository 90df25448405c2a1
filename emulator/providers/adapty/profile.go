package adapty

import (
	"net/http"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
)

// The 200 body of every operation but delete: {"data": Profile}, every field in the spec's order
// (profile_json.go writes it).

// profileResponse is a profile answer. It holds the profile as it was when answered: the world
// replaces a profile's lists and never changes them in place (a tenant shares them with the world
// it was cloned from), so the answer can be written after the state's lock is released.
type profileResponse struct {
	appID string
	p     profile
	now   time.Time
	style printer
}

// printer appends a date in the world's date style.
type printer func(b []byte, t time.Time) []byte

func (w *world) printer() printer {
	if w.opts.DateStyle == "microseconds" {
		return appendMicrosecondStyle
	}
	return appendIsoformat
}

// profileBody renders a profile at now (the timestamp field).
func (w *world) profileBody(appID string, p *profile, now time.Time) profileResponse {
	return profileResponse{appID: appID, p: *p, now: now, style: w.printer()}
}

// profileOK is the answer of a profile; changed says the request has just changed it, so that its
// answer, which the next change may replace at once, is written for this request alone.
func (w *world) profileOK(appID string, pr *profile, now time.Time, changed bool) provider.Response {
	if k := pr.version.written(); k != nil {
		return provider.Response{Status: http.StatusOK, Body: keptResponse{k, now.UnixMilli()}}
	}
	if pr.version == nil {
		return provider.Response{Status: http.StatusOK, Body: w.profileBody(appID, pr, now)}
	}
	if changed {
		return provider.Response{Status: http.StatusOK, Body: versionResponse{pr.version, now.UnixMilli(), w.printer()}}
	}
	k := pr.version.keep(w.printer())
	return provider.Response{Status: http.StatusOK, Body: keptResponse{k, now.UnixMilli()}}
}
