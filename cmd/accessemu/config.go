package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// config is everything the command line and the ACCESSEMU_* environment decide. Flags win over
// environment variables, which win over defaults.
type config struct {
	Addr         string
	Fixtures     string
	LogLevel     string
	LogFormat    string
	JournalSize  string
	AdminToken   string
	MaxBodyBytes string
	StateFile    string
	StateSync    string
	MaxTenants   string
	ReadTimeout  string
	// Scenarios are active in every tenant from the start: shipped names or files (repeatable).
	Scenarios []string
}

// scenarioList is the repeatable --scenario flag; ACCESSEMU_SCENARIOS holds a comma-separated list.
type scenarioList struct {
	dst     *[]string
	fromEnv bool
}

func (l *scenarioList) String() string { return "" }

func (l *scenarioList) Set(v string) error {
	if l.fromEnv { // a flag replaces the environment's list rather than adding to it
		*l.dst, l.fromEnv = nil, false
	}
	*l.dst = append(*l.dst, v)
	return nil
}

// flagSpec ties a flag to its environment variable, so the two can never drift apart.
type flagSpec struct {
	name, env, def, usage string
	dst                   *string
}

func (c *config) flags() []flagSpec {
	return []flagSpec{
		{"addr", "ACCESSEMU_ADDR", "127.0.0.1:8080", "listen address; port 0 picks a free port", &c.Addr},
		{"fixtures", "ACCESSEMU_FIXTURES", "", "fixture file to serve instead of the embedded default world", &c.Fixtures},
		{"log-level", "ACCESSEMU_LOG_LEVEL", "info", "log level: debug, info, warn, error", &c.LogLevel},
		{"log-format", "ACCESSEMU_LOG_FORMAT", "text", "log format: text or json", &c.LogFormat},
		{"journal-size", "ACCESSEMU_JOURNAL_SIZE", "1000", "requests kept in each tenant's journal", &c.JournalSize},
		{"admin-token", "ACCESSEMU_ADMIN_TOKEN", "", "require Authorization: Bearer <token> on the admin API", &c.AdminToken},
		{"state-file", "ACCESSEMU_STATE_FILE", "", "keep every tenant's state in this file across restarts", &c.StateFile},
		{"state-sync", "ACCESSEMU_STATE_SYNC", "", "os: leave syncing the state file to the OS (faster; survives a crash of the emulator, not of the machine); default: sync each change before answering", &c.StateSync},
		{"max-tenants", "ACCESSEMU_MAX_TENANTS", "1000", "most tenants requests may create", &c.MaxTenants},
		{"read-timeout", "ACCESSEMU_READ_TIMEOUT", "30s", "longest time to read a request, headers and body", &c.ReadTimeout},
		{"max-body-bytes", "ACCESSEMU_MAX_BODY_BYTES", "10485760", "largest request body; a larger one gets the provider's 413", &c.MaxBodyBytes},
	}
}

// parseConfig reads flags and environment; it has no side effects, so it is tested directly.
func parseConfig(name string, args []string, env func(string) string, usageOut io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(usageOut)
	for _, f := range c.flags() {
		def := f.def
		if v := env(f.env); v != "" {
			def = v
		}
		fs.StringVar(f.dst, f.name, def, f.usage+" (env "+f.env+")")
	}
	scenarios := &scenarioList{dst: &c.Scenarios}
	for _, name := range strings.Split(env("ACCESSEMU_SCENARIOS"), ",") {
		if name = strings.TrimSpace(name); name != "" {
			c.Scenarios, scenarios.fromEnv = append(c.Scenarios, name), true
		}
	}
	fs.Var(scenarios, "scenario", "activate a scenario in every tenant: a shipped name or a file; repeatable (env ACCESSEMU_SCENARIOS, comma-separated)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if _, err := c.logger(io.Discard); err != nil {
		return c, err
	}
	if _, err := c.journalSize(); err != nil {
		return c, err
	}
	if _, err := c.maxBodyBytes(); err != nil {
		return c, err
	}
	if _, _, err := c.limits(); err != nil {
		return c, err
	}
	if c.StateSync != "" && c.StateSync != "os" && c.StateSync != "always" {
		return c, fmt.Errorf("--state-sync %q: want always (the default) or os", c.StateSync)
	}
	return c, nil
}

// limits reads --max-tenants and --read-timeout.
func (c config) limits() (tenants int, readTimeout time.Duration, err error) {
	if tenants, err = strconv.Atoi(c.MaxTenants); err != nil || tenants < 1 {
		return 0, 0, fmt.Errorf("--max-tenants %q: want a whole number of at least 1", c.MaxTenants)
	}
	if readTimeout, err = time.ParseDuration(c.ReadTimeout); err != nil || readTimeout <= 0 {
		return 0, 0, fmt.Errorf("--read-timeout %q: want a duration such as 30s", c.ReadTimeout)
	}
	return tenants, readTimeout, nil
}

func (c config) maxBodyBytes() (int64, error) {
	n, err := strconv.ParseInt(c.MaxBodyBytes, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("--max-body-bytes %q: want a whole number of bytes, at least 1", c.MaxBodyBytes)
	}
	return n, nil
}

func (c config) journalSize() (int, error) {
	n, err := strconv.Atoi(c.JournalSize)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("--journal-size %q: want a whole number of at least 1", c.JournalSize)
	}
	return n, nil
}

// logger builds the structured logger the flags describe.
func (c config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.LogFormat) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
}
