package emulator

import (
	"context"
	"log/slog"
	"time"

	"github.com/accessemu/accessemu/emulator/journal"
)

// logRequest writes one line per answered request at debug level, from its journal entry: method,
// path, tenant, provider, operation, status, duration and the scenario that fired. Above debug it
// costs one check.
func (e *Emulator) logRequest(en *journal.Entry) {
	ctx := context.Background()
	if !e.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	e.log.LogAttrs(ctx, slog.LevelDebug, "request",
		slog.String("method", en.Method), slog.String("path", en.Path), slog.String("tenant", en.Tenant),
		slog.String("provider", en.Provider), slog.String("operation", en.Operation), slog.Int("status", en.Status),
		slog.Duration("duration", time.Duration(en.DurationMS*float64(time.Millisecond))), slog.String("scenario", en.Scenario))
}
