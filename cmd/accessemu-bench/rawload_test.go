package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/loadgen"
)

// The raw loader must read what net/http's server writes: bodies by Content-Length and in chunks.
func TestReadResponse_ReadsLengthAndChunkedBodies(t *testing.T) {
	big := strings.Repeat("x", 10_000) // past net/http's buffer: sent in chunks
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			w.Write([]byte(big))
			return
		}
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte("short"))
	}))
	defer srv.Close()
	host, _ := cutScheme(srv.URL)
	c := &rawConn{}
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{{"/big", 200, big}, {"/short", 418, "short"}, {"/big", 200, big}} {
		status, err := c.roundTrip(host, rawRequest(host, "", &loadgen.Request{Method: "GET", Path: tc.path}))
		if err != nil {
			t.Fatal(err)
		}
		if status != tc.status || c.body.String() != tc.body {
			t.Fatalf("%s: %d %d bytes, want %d %d bytes", tc.path, status, c.body.Len(), tc.status, len(tc.body))
		}
	}
}

func TestReadResponse_RefusesWhatIsNotHTTP(t *testing.T) {
	var body bytes.Buffer
	if _, err := readResponse(bufio.NewReader(strings.NewReader("SSH-2.0-OpenSSH\r\n\r\n")), &body); err == nil {
		t.Fatal("accepted a non-HTTP answer")
	}
}

// Every request of every operation's loop (the load pairs and the bench pairs), sent by the raw
// loader, is answered with the request's success, turn after turn.
func TestRawLoader_EveryRequestOfEveryOperationsLoopSucceeds(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu.Handler())
	defer srv.Close()
	eps := loadgen.Operations(emulator.Registry())
	if len(eps) <= len(emulator.Registry()) {
		t.Fatalf("%d loops for %d providers: the bench pairs are missing", len(eps), len(emulator.Registry()))
	}
	for i, ep := range eps {
		l, err := newRawLoader(srv.URL, ep, 2, fmt.Sprintf("raw%d", i), true)
		if err != nil {
			t.Fatal(err)
		}
		// At least two turns of each connection's loop, however slow the machine.
		for deadline := time.Now().Add(10 * time.Second); l.requests < 8 && time.Now().Before(deadline); {
			if err := l.run(context.Background(), 50*time.Millisecond, true); err != nil {
				t.Fatal(err)
			}
		}
		l.close()
		if l.requests < 8 || l.errors != 0 {
			t.Errorf("%s: %d requests, %d errors", ep.Name(), l.requests, l.errors)
		}
	}
}

func TestCPUTicks_ReadsThisProcess(t *testing.T) {
	deadline := time.Now().Add(50 * time.Millisecond)
	for time.Now().Before(deadline) {
	}
	if n, err := cpuTicks(os.Getpid()); err != nil || n <= 0 {
		t.Fatalf("cpuTicks = %d, %v", n, err)
	}
}

// The revoke endpoints (the load pairs) are held to 0.85 of the baseline, every other operation
// to 0.7, and the part's length follows from its options.
func TestPinned_TargetsAndTotalTime(t *testing.T) {
	loads := 0
	for _, ep := range loadgen.Operations(emulator.Registry()) {
		want := operationTarget
		if ep.Load {
			want = revokeTarget
			loads++
		}
		if got := targetOf(ep); got != want {
			t.Errorf("%s: target %v, want %v", ep.Name(), got, want)
		}
	}
	if loads != len(emulator.Registry()) {
		t.Errorf("%d revoke endpoints, want one per provider", loads)
	}
	po := pinnedOptions{warmup: 2 * time.Second, run: 3 * time.Second, runs: 3}
	if got := po.total(25); got != 25*22*time.Second {
		t.Errorf("total(25) = %v, want 9m10s", got)
	}
}
