package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/loadgen"
)

func TestParseFlags_QuickShortensEveryPart(t *testing.T) {
	o, err := parseFlags([]string{"--quick"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.duration != 500*time.Millisecond || o.starts != 3 || o.worldSize != 10_000 || o.journalN[1] != 100_000 {
		t.Fatalf("quick options: %+v", o)
	}
	if o, _ := parseFlags([]string{"--quick", "--world-size", "50000"}, io.Discard); o.worldSize != 50_000 {
		t.Fatalf("--world-size beside --quick: %d", o.worldSize)
	}
}

func TestParseFlags_RefusesUnboundedOrUnknownParts(t *testing.T) {
	for _, args := range [][]string{{"--duration", "2m"}, {"--connections", "0"}, {"--parts", "load,disk"}, {"extra"}, {"--pinned-filter", "("}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}

// The filter keeps the loops whose name matches it, a variant included, and no filter keeps all.
func TestPinnedFilter_KeepsTheLoopsItMatches(t *testing.T) {
	all := loadgen.Operations(emulator.Registry())
	o, err := parseFlags([]string{"--pinned-filter", `^airtable/getUsersByIdOrEmail by (id|email)$`}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ep := range o.pinned.loops(all) {
		names = append(names, ep.Name())
	}
	if want := []string{"airtable/getUsersByIdOrEmail by id", "airtable/getUsersByIdOrEmail by email"}; !slices.Equal(names, want) {
		t.Fatalf("kept %q, want %q", names, want)
	}
	if o, _ := parseFlags(nil, io.Discard); len(o.pinned.loops(all)) != len(all) {
		t.Fatalf("no filter kept %d of %d loops", len(o.pinned.loops(all)), len(all))
	}
}

func TestFinish_CheckFailsNamingTheMissedTarget(t *testing.T) {
	rep := &report{Machine: map[string]any{}, Measures: []measure{{Name: "p99 x", Value: 7, Unit: "ms", Target: "≤ 5", Met: ptr(false)}},
		Missed: []string{"p99 x = 7 ms (target ≤ 5)"}}
	var stdout, stderr bytes.Buffer
	if code := finish(rep, options{check: true}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "MISSED: p99 x") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if code := finish(rep, options{}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("without --check: exit %d", code)
	}
	stdout.Reset()
	finish(rep, options{asJSON: true}, &stdout, io.Discard)
	var back report
	if err := json.Unmarshal(stdout.Bytes(), &back); err != nil || len(back.Missed) != 1 {
		t.Fatalf("JSON report: %v %s", err, stdout.String())
	}
}

// A short run of every endpoint's loop: each request is a real state change answered 200.
func TestDrive_EveryRequestOfTheLoopSucceeds(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := serve(emu.Handler())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.stop()
	for _, ep := range loadgen.Endpoints(emulator.Registry()) {
		l := newLoader(srv.URL, ep, 2, "test", true)
		l.run(context.Background(), 100*time.Millisecond, true)
		r := l.result("emulator", "default")
		if r.Requests == 0 || r.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors", ep.Name(), r.Requests, r.Errors)
		}
	}
}

func TestOthersShare_IsTheBusyTimeThatIsNotOurs(t *testing.T) {
	a := cpuSample{total: 1000, idle: 500, ours: 100}
	b := cpuSample{total: 2000, idle: 1000, ours: 300}
	if got := othersShare(a, b); got < 0.299 || got > 0.301 {
		t.Fatalf("others' share = %v, want 0.3", got)
	}
	if s := sampleCPU(); s.total == 0 {
		t.Fatalf("sample = %+v", s)
	}
}

// A short streams part reports the three phases of every endpoint and their ratio.
func TestBenchStreams_ReportsEachPhaseAndTheRatio(t *testing.T) {
	o := options{connections: 5, warmup: 10 * time.Millisecond, duration: 90 * time.Millisecond}
	rep := &report{}
	add := func(m measure, ok *bool) { rep.Measures = append(rep.Measures, m) }
	if err := benchStreams(context.Background(), o, rep, add, func(string, ...any) {}); err != nil {
		t.Fatal(err)
	}
	ratios := 0
	for _, m := range rep.Measures {
		if strings.HasPrefix(m.Name, "throughput ratio with 5 journal streams / without (median of ") {
			ratios++
			if m.Value <= 0 {
				t.Errorf("%s: %v", m.Name, m.Value)
			}
		}
		if strings.HasPrefix(m.Name, "errors") {
			t.Errorf("%s: %v", m.Name, m.Value)
		}
	}
	if ratios != len(loadgen.Endpoints(emulator.Registry())) || len(rep.Throughput) != 3*len(loadgen.Endpoints(emulator.Registry())) {
		t.Fatalf("report: %+v", rep)
	}
	for _, r := range rep.Throughput {
		if r.Requests == 0 {
			t.Errorf("%s %s %s: no request", r.Endpoint, r.Server, r.World)
		}
	}
}

// The part's streams really follow the load: they receive its journal entries.
func TestWatch_StreamsReceiveTheEntriesOfTheirTenants(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := serve(emu.Handler())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.stop()
	ep := loadgen.Endpoints(emulator.Registry())[0]
	l := newLoader(srv.URL, ep, 2, "watched", true)
	w, err := watch(context.Background(), srv.URL, []string{l.tenant(0), l.tenant(1)})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for w.events.Load() == 0 && time.Now().Before(deadline) {
		l.run(context.Background(), 50*time.Millisecond, true)
	}
	// A stream that falls behind is told to re-read (a resync) rather than slowing the requests:
	// on a busy machine that may happen, and is not a failure of the watch.
	if events, resyncs := w.stop(); events == 0 {
		t.Errorf("streams received no entry (%d resyncs)", resyncs)
	}
}
