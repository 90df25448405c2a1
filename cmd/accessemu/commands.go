package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/accessemu/accessemu/emulator"
)

// command is a subcommand: its name, its arguments as usage shows them, one line on what it does,
// and how it runs.
type command struct {
	name, args, summary string
	run                 func(args []string, env func(string) string, stdout, stderr io.Writer) int
}

// commands are the subcommands in the order help lists them.
func commands() []command {
	return []command{
		{"healthcheck", "[--addr HOST:PORT] [--admin-token TOKEN]", "exit 0 when the emulator at --addr answers its health check (for containers)", healthcheck},
		{"errors", "", "list every provider's named errors with their exact bodies", listErrors},
		{"scenarios", "", "list the shipped scenarios", listScenarios},
		{"validate", "FILE...", "check fixture and scenario files without serving", validate},
		{"fixtures", "generate [flags]", "write a deterministic fixture world of any size", fixturesCommand},
		{"version", "", "print the version", printVersion},
		{"help", "[COMMAND]", "show this help, or a command's", nil},
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usage is the help of accessemu itself: what it serves, the commands and the flags of serving.
func usage(w io.Writer, env func(string) string) {
	fmt.Fprintf(w, "accessemu %s emulates the Adapty, Airtable and Parcel access-management APIs.\n\n", emulator.Version)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  accessemu [flags]           serve the emulated APIs (flags below)")
	fmt.Fprintln(w, "  accessemu COMMAND [args]    run a command; accessemu COMMAND --help shows its flags")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nFlags of serving (each also read from its environment variable; a flag wins):")
	fs := flag.NewFlagSet("accessemu", flag.ContinueOnError)
	serveFlags(fs, &config{}, env)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// help runs "accessemu help [COMMAND]".
func help(args []string, env func(string) string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		usage(stdout, env)
		return 0
	case len(args) > 1:
		fmt.Fprintf(stderr, "accessemu help: unexpected argument %q; name one command\n", args[1])
		return 2
	case args[0] == "help", args[0] == "-h", args[0] == "--help", args[0] == "-help":
		usage(stdout, env)
		return 0
	}
	c, ok := findCommand(args[0])
	if !ok {
		fmt.Fprintf(stderr, "accessemu help: unknown command %q; accessemu help lists the commands\n", args[0])
		return 2
	}
	return c.run([]string{"--help"}, env, stdout, stderr)
}

// parseFlags parses a command's flags. --help (or -h) prints the command's usage and only its
// flags on stdout; a bad flag is reported on stderr. done says the command should exit with code.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, done bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		commandUsage(fs, stdout)
		return 0, true
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v; %s --help shows the flags\n", fs.Name(), err, fs.Name())
		return 2, true
	}
	return 0, false
}

// commandUsage prints a command's usage line, summary and flags.
func commandUsage(fs *flag.FlagSet, w io.Writer) {
	words := strings.Fields(fs.Name()) // accessemu COMMAND [ACTION]
	c, _ := findCommand(words[len(words)-1])
	name := strings.TrimSpace(fs.Name() + " " + c.args)
	if len(words) > 2 { // an action such as fixtures generate: its flags follow
		c, _ = findCommand(words[1])
		name = fs.Name() + " [flags]"
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s%s.\n", name, strings.ToUpper(c.summary[:1]), c.summary[1:])
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// noArgs parses the flags of a command that takes no arguments and refuses any.
func noArgs(name string, args []string, stdout, stderr io.Writer) (code int, done bool) {
	fs := flag.NewFlagSet("accessemu "+name, flag.ContinueOnError)
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "accessemu %s: unexpected argument %q; it takes none\n", name, fs.Arg(0))
		return 2, true
	}
	return 0, false
}

// printVersion runs "accessemu version".
func printVersion(args []string, _ func(string) string, stdout, stderr io.Writer) int {
	if code, done := noArgs("version", args, stdout, stderr); done {
		return code
	}
	fmt.Fprintln(stdout, "accessemu", emulator.Version)
	return 0
}
