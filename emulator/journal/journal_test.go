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

func TestGet_FindsAHeldEntryBySequenceNumberOnly(t *testing.T) {
	j := New(3)
	for i := range 5 { // 1 and 2 are dropped
		e := Entry{Status: 200 + i}
		e.Capture(http.Header{"Authorization": {"Bearer patEmuAdmin000001.admin"}}, []byte(`{"a":1}`), nil)
		j.Add(e)
	}
	for seq := uint64(0); seq <= 6; seq++ {
		got, ok := j.Get(seq)
		if held := seq >= 3 && seq <= 5; ok != held || held && (got.Seq != seq || got.Status != 200+int(seq)-1 ||
			got.Body != `{"a":1}` || got.Headers["Authorization"] != "Bearer patEmuAd…(23 chars)") {
			t.Errorf("Get(%d) = %+v, %v", seq, got, ok)
		}
	}
	j.Clear()
	if _, ok := j.Get(5); ok {
		t.Error("Get found a cleared entry")
	}
	j.Add(Entry{})
	if got, ok := j.Get(6); !ok || got.Seq != 6 {
		t.Errorf("after the clear: Get(6) = %+v, %v", got, ok)
	}
}

func TestMask_KeepsTheSchemeAndEightCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"Bearer patEmuAdmin000001.admin": "Bearer patEmuAd…(23 chars)",
		"patEmuAdmin000001.admin":        "patEmuAd…(23 chars)",
		"Bearer abc":                     "Bearer ***",
		"short":                          "*****",
		"Basic  two spaces here":         "Basic  two spa…(16 chars)",
		"Bearer ":                        "Bearer ",
		"":                               "",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

// What Capture records reads back as the headers' values joined, credentials masked, whatever
// the names, values and their lengths.
func TestCapture_ReadsBackAsHeadersFlattens(t *testing.T) {
	h := http.Header{
		"Authorization": {"Bearer " + strings.Repeat("k", 300)}, "Cookie": {"a=1", "b=2"}, "Proxy-Authorization": {"short"},
		"X-Empty": {""}, "X-Many": {"1", "", "3"}, "X-Long": {strings.Repeat("v", 70000)}, "": {"nameless"}, "X-None": {},
	}
	j := New(1)
	e := Entry{}
	e.Capture(h, nil, nil)
	j.Add(e)
	got, want := j.List(Filter{})[0].Headers, map[string]string{}
	for name, values := range h {
		want[name] = strings.Join(values, ", ")
		if name == "Authorization" || name == "Cookie" || name == "Proxy-Authorization" {
			want[name] = Mask(want[name])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d headers read back, want %d", len(got), len(want))
	}
	for name, v := range want {
		if got[name] != v {
			t.Errorf("%q: read back %.40q, want %.40q", name, got[name], v)
		}
	}
	if got["Authorization"] != "Bearer kkkkkkkk…(300 chars)" || got["Cookie"] != "a=1, ***" {
		t.Errorf("masks: %q, %q", got["Authorization"], got["Cookie"])
	}
}
