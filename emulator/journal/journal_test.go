package journal

import (
	"net/http"
	"strings"
	"testing"
)

func TestCapture_IsMaskedAndCutWhenRead(t *testing.T) {
	j := New(2)
	h := http.Header{"Authorization": {"Bearer patEmuAdmin000001.admin"}, "X-Id": {"a", "b"}}
	big := []byte(strings.Repeat("x", MaxBodyBytes+10))
	e := Entry{Method: "POST"}
	e.Capture(h, big, []byte(`{"ok":true}`))
	j.Add(e)
	h.Set("X-Id", "changed") // the caller's headers may change afterwards

	got := j.List(Filter{})[0]
	if got.Headers["Authorization"] != "Bearer patEmuAd…(23 chars)" || got.Headers["X-Id"] != "a, b" {
		t.Errorf("headers = %v", got.Headers)
	}
	if !strings.HasSuffix(got.Body, "…[cut]") || len(got.Body) != MaxBodyBytes+len("…[cut]") {
		t.Errorf("body of %d bytes not cut at %d: ...%s", len(got.Body), MaxBodyBytes, got.Body[len(got.Body)-12:])
	}
	if got.ResponseBody != `{"ok":true}` {
		t.Errorf("response body = %q", got.ResponseBody)
	}
}

func TestCapture_WithoutHeadersListsAnEmptySet(t *testing.T) {
	j := New(1)
	var e Entry
	e.Capture(nil, nil, nil)
	j.Add(e)
	if got := j.List(Filter{})[0]; got.Headers == nil || len(got.Headers) != 0 || got.Body != "" {
		t.Errorf("entry = %+v", got)
	}
}
