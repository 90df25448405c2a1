package collector

import (
	"runtime/debug"
	"testing"
	"time"
)

func TestRaise_RaisesForTheLoadOnlyAndNeverLowers(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	undo := Raise(400)
	if got := debug.SetGCPercent(400); got != 400 {
		t.Fatalf("during the load GOGC = %d, want 400", got)
	}
	undo()
	if got := debug.SetGCPercent(800); got != 100 {
		t.Fatalf("after the load GOGC = %d, want 100 back", got)
	}
	Raise(400)()
	if got := debug.SetGCPercent(-1); got != 800 {
		t.Fatalf("a higher setting became %d, want 800 kept", got)
	}
	Raise(400)()
	if got := debug.SetGCPercent(100); got != -1 {
		t.Fatalf("GOGC=off became %d", got)
	}
}

// A hold turns the collector off until its release; a Raise meanwhile changes what the release
// restores, and the last of several holds restores it.
func TestHold_OffUntilTheLastReleaseWhichRestoresTheSetting(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	first, second := Hold(), Hold()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("during a hold GOGC = %d, want off", got)
	}
	undo := Raise(400)
	first(false)
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("with a hold left GOGC = %d, want off", got)
	}
	second(false)
	if got := debug.SetGCPercent(400); got != 400 {
		t.Fatalf("after the holds GOGC = %d, want the raised 400", got)
	}
	undo()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("after the raise's undo GOGC = %d, want 100", got)
	}
}

// The release of a big build restores the setting once the world is collected, in the background.
func TestHold_ABigBuildsReleaseCollectsThenRestores(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	Hold()(true)
	for range 1000 {
		state.Lock()
		holds := state.holds
		state.Unlock()
		if holds == 0 {
			if got := debug.SetGCPercent(100); got != 100 {
				t.Fatalf("after the collection GOGC = %d, want 100", got)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the hold was never released")
}

// Set takes effect at once, or after the holds under way.
func TestSet_WaitsForTheHolds(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	Set(300)
	if got := debug.SetGCPercent(300); got != 300 {
		t.Fatalf("GOGC = %d, want 300", got)
	}
	release := Hold()
	Set(500)
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("during a hold GOGC = %d, want off", got)
	}
	release(false)
	if got := debug.SetGCPercent(100); got != 500 {
		t.Fatalf("after the hold GOGC = %d, want the 500 set meanwhile", got)
	}
}
