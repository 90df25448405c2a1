package emulator

// SetCompactAfterBytes lowers the least log a tenant keeps before compaction, for the test's
// duration (returned: the undo).
func SetCompactAfterBytes(n int64) func() {
	old := compactAfterBytes
	compactAfterBytes = n
	return func() { compactAfterBytes = old }
}

// SavedSizes is the size of a tenant's log and snapshot in the state file.
func (e *Emulator) SavedSizes(tenant string) (logBytes, snapshotBytes int64) {
	e.persist.store.Each(func(t string, l, s int64) {
		if t == tenant {
			logBytes, snapshotBytes = l, s
		}
	})
	return logBytes, snapshotBytes
}
