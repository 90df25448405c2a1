package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/accessemu/accessemu/emulator"
)

// config is everything the command line and the ACCESSEMU_* environment decide, parsed once into
// typed values. Flags win over environment variables, which win over defaults.
type config struct {
	Addr         string
	Fixtures     string
	LogLevel     slog.Level
	LogFormat    string
	JournalSize  int
	AdminToken   string
	MaxBodyBytes int64
	StateFile    string
	// StateSync is "always" (sync each change before answering) or "os" (leave syncing to the OS).
	StateSync   string
	MaxTenants  int
	ReadTimeout time.Duration
	// Scenarios are active in every tenant from the start: shipped names or files (repeatable).
	Scenarios []string
	// Version asks for the version instead of serving.
	Version bool
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

// envFlags registers flags whose defaults may come from environment variables, so that a flag and
// its variable can never drift apart and both are parsed by the same code.
type envFlags struct {
	fs  *flag.FlagSet
	env func(string) string
	err error // the first environment value that does not parse
}

// bind names the variable of a flag just registered and takes its value, if set, as the default.
func (f *envFlags) bind(name, envName string) {
	fl := f.fs.Lookup(name)
	fl.Usage += " (env " + envName + ")"
	v := f.env(envName)
	if v == "" {
		return
	}
	if err := fl.Value.Set(v); err != nil && f.err == nil {
		f.err = fmt.Errorf("%s=%q: not a valid --%s (%v)", envName, v, name, err)
	}
	fl.DefValue = fl.Value.String()
}

// addrFlags registers --addr and --admin-token, which serving and healthcheck share.
func (f *envFlags) addrFlags(c *config, addrUsage string) {
	f.fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", addrUsage)
	f.bind("addr", "ACCESSEMU_ADDR")
	f.fs.StringVar(&c.AdminToken, "admin-token", "", "require Authorization: Bearer `token` on the admin API")
	f.bind("admin-token", "ACCESSEMU_ADMIN_TOKEN")
}

// serveFlags registers every flag of serving on fs, with the environment's values as defaults.
func serveFlags(fs *flag.FlagSet, c *config, env func(string) string) *envFlags {
	f := &envFlags{fs: fs, env: env}
	f.addrFlags(c, "listen `HOST:PORT`; port 0 picks a free port")
	fs.StringVar(&c.Fixtures, "fixtures", "", "fixture `file` to serve instead of the embedded default world")
	f.bind("fixtures", "ACCESSEMU_FIXTURES")
	c.LogLevel = slog.LevelInfo
	fs.TextVar(&c.LogLevel, "log-level", slog.LevelInfo, "log `level`: debug (one line per request), info, warn, error")
	f.bind("log-level", "ACCESSEMU_LOG_LEVEL")
	fs.StringVar(&c.LogFormat, "log-format", "text", "log `format`: text or json")
	f.bind("log-format", "ACCESSEMU_LOG_FORMAT")
	fs.IntVar(&c.JournalSize, "journal-size", emulator.DefaultJournalSize, "requests kept in each tenant's journal")
	f.bind("journal-size", "ACCESSEMU_JOURNAL_SIZE")
	fs.StringVar(&c.StateFile, "state-file", "", "keep every tenant's state in this `file` across restarts")
	f.bind("state-file", "ACCESSEMU_STATE_FILE")
	fs.StringVar(&c.StateSync, "state-sync", "always", "`when` the state file is synced: always (each change, before its answer) or os (left to the OS: survives a crash of the emulator, not of the machine)")
	f.bind("state-sync", "ACCESSEMU_STATE_SYNC")
	fs.IntVar(&c.MaxTenants, "max-tenants", emulator.DefaultMaxTenants, "most tenants requests may create")
	f.bind("max-tenants", "ACCESSEMU_MAX_TENANTS")
	fs.DurationVar(&c.ReadTimeout, "read-timeout", emulator.DefaultReadTimeout, "longest time to read a request, headers and body")
	f.bind("read-timeout", "ACCESSEMU_READ_TIMEOUT")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", emulator.DefaultMaxBodyBytes, "largest request body in bytes; a larger one gets the provider's 413")
	f.bind("max-body-bytes", "ACCESSEMU_MAX_BODY_BYTES")
	scenarios := &scenarioList{dst: &c.Scenarios}
	for _, name := range strings.Split(env("ACCESSEMU_SCENARIOS"), ",") {
		if name = strings.TrimSpace(name); name != "" {
			c.Scenarios, scenarios.fromEnv = append(c.Scenarios, name), true
		}
	}
	fs.Var(scenarios, "scenario", "activate a scenario in every tenant: a shipped `name` or a file; repeatable (env ACCESSEMU_SCENARIOS, comma-separated)")
	fs.BoolVar(&c.Version, "version", false, "print the version and exit")
	return f
}

// parseConfig reads the flags and environment of serving; it has no side effects, so it is tested
// directly. A help request is flag.ErrHelp.
func parseConfig(args []string, env func(string) string) (config, error) {
	var c config
	fs := flag.NewFlagSet("accessemu", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := serveFlags(fs, &c, env)
	if f.err != nil {
		return c, f.err
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, fmt.Errorf("%v; accessemu --help shows the flags", err)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unknown command %q; accessemu help lists the commands", fs.Arg(0))
	}
	c.LogFormat = strings.ToLower(c.LogFormat)
	return c, c.check()
}

// check refuses values of the right type that the emulator cannot use.
func (c config) check() error {
	if err := checkAddr(c.Addr); err != nil {
		return err
	}
	if c.StateSync != "always" && c.StateSync != "os" {
		return fmt.Errorf("--state-sync %q: want always (the default) or os", c.StateSync)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	for _, n := range []struct {
		name  string
		value int64
	}{{"journal-size", int64(c.JournalSize)}, {"max-tenants", int64(c.MaxTenants)}, {"max-body-bytes", c.MaxBodyBytes}} {
		if n.value < 1 {
			return fmt.Errorf("--%s %d: want a whole number of at least 1", n.name, n.value)
		}
	}
	if c.ReadTimeout <= 0 {
		return fmt.Errorf("--read-timeout %v: want a positive duration such as 30s", c.ReadTimeout)
	}
	return nil
}

// checkAddr refuses a listen address that is not HOST:PORT, saying what is wanted.
func checkAddr(addr string) error {
	if _, port, err := net.SplitHostPort(addr); err == nil {
		if _, err := strconv.ParseUint(port, 10, 16); err == nil {
			return nil
		}
	}
	example := "127.0.0.1:8080"
	if _, err := strconv.ParseUint(strings.TrimPrefix(addr, ":"), 10, 16); err == nil {
		example = "127.0.0.1:" + strings.TrimPrefix(addr, ":")
	}
	return fmt.Errorf("--addr %q: want HOST:PORT, such as %s (0.0.0.0:PORT listens on every interface; port 0 picks a free port)", addr, example)
}

// logger builds the structured logger the flags describe.
func (c config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
