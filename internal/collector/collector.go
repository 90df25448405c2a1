// Package collector tunes the garbage collector while a big world is loaded: the world is nearly all
// live data, so collecting while it is built frees little and marks it again and again.
package collector

import (
	"runtime/debug"
	"sync"
)

// state is the collector's setting while big worlds are built: Hold turns it off for the builds
// under way, and Raise changes the setting they restore rather than the runtime's.
var state struct {
	sync.Mutex
	holds int
	// percent is the setting to restore once the last hold ends.
	percent int
}

// Raise makes the collector run less often while a big world is built, which is nearly
// all live data, so that collecting early frees little and costs a fifth of the load's CPU. It
// never lowers a higher setting, and returns the undo.
func Raise(p int) func() {
	state.Lock()
	defer state.Unlock()
	old := percent()
	if old < 0 || old >= p {
		return func() {}
	}
	setPercent(p)
	return func() {
		state.Lock()
		defer state.Unlock()
		setPercent(old)
	}
}

// Hold turns the collector off until the returned release: what a build makes stays live, so a
// collection in between frees next to nothing and costs a mark of everything built so far. After
// the last hold of a big build (collect), the world is collected at once, in the background, and
// the free memory handed back to the OS before the setting is restored: restoring it first would
// start a collection at the next allocation (the last one marked a nearly empty heap), and handing
// the memory back then takes a second one.
func Hold() (release func(collect bool)) {
	state.Lock()
	defer state.Unlock()
	if state.holds == 0 {
		state.percent = debug.SetGCPercent(-1)
	}
	state.holds++
	return func(collect bool) {
		state.Lock()
		defer state.Unlock()
		if !collect || state.holds > 1 {
			releaseGC()
			return
		}
		go func() {
			debug.FreeOSMemory()
			state.Lock()
			defer state.Unlock()
			releaseGC()
		}()
	}
}

// Set makes p the collector's setting: at once, or, while a big build holds the collector off,
// once the build ends.
func Set(p int) {
	state.Lock()
	defer state.Unlock()
	setPercent(p)
}

// releaseGC ends one hold; the last restores the setting. Called with state locked.
func releaseGC() {
	if state.holds--; state.holds == 0 {
		debug.SetGCPercent(state.percent)
	}
}

// percent is the setting in force once the holds end. Called with state locked.
func percent() int {
	if state.holds > 0 {
		return state.percent
	}
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// setPercent changes the setting in force once the holds end. Called with state locked.
func setPercent(p int) {
	if state.holds > 0 {
		state.percent = p
		return
	}
	debug.SetGCPercent(p)
}
