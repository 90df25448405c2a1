// Package clock is a per-tenant clock: real time by default, or virtual once set or advanced, so
// scheduled expiries and rate-limit windows are testable without sleeping.
package clock

import (
	"sync"
	"time"
)

// Clock is safe for concurrent use.
type Clock struct {
	mu sync.RWMutex
	// offset is added to real time; frozen, when non-zero, is the fixed virtual time.
	offset time.Duration
	frozen time.Time
}

// Now returns the clock's current time in UTC.
func (c *Clock) Now() time.Time { return c.At(time.Now()) }

// At is the clock's time when real time was now, in UTC: a caller that has just read real time
// need not read it again.
func (c *Clock) At(now time.Time) time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if !c.frozen.IsZero() {
		return c.frozen
	}
	return now.Add(c.offset).UTC()
}

// Set freezes the clock at t; it stays there until advanced, set again or reset.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen = t.UTC()
}

// Advance moves the clock forward by d (backward if negative), frozen or not.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.frozen.IsZero() {
		c.frozen = c.frozen.Add(d)
		return
	}
	c.offset += d
}

// Reset returns the clock to real time.
func (c *Clock) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset, c.frozen = 0, time.Time{}
}

// Virtual reports whether the clock differs from real time.
func (c *Clock) Virtual() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset != 0 || !c.frozen.IsZero()
}

// State is what the clock holds: its offset from real time, and the virtual time it is frozen at
// (zero when running).
func (c *Clock) State() (offset time.Duration, frozen time.Time) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset, c.frozen
}

// Restore sets what State returned.
func (c *Clock) Restore(offset time.Duration, frozen time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset, c.frozen = offset, frozen
}
