package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/accessemu/accessemu/internal/generate"
)

// fixturesCommand runs "accessemu fixtures generate": a deterministic world of any size, for load
// tests (same flags, same bytes).
func fixturesCommand(args []string, _ func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "generate" {
		if code, done := parseFlags(flag.NewFlagSet("accessemu fixtures", flag.ContinueOnError), args, stdout, stderr); done {
			return code
		}
		fmt.Fprintln(stderr, "usage: accessemu fixtures generate --seed N [--adapty-profiles N] [--airtable-users N] [--parcel-licenses N] [-o FILE]")
		return 2
	}
	fs := flag.NewFlagSet("accessemu fixtures generate", flag.ContinueOnError)
	var o generate.Options
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the fake data: the same seed and counts give the same file")
	fs.IntVar(&o.AdaptyProfiles, "adapty-profiles", 0, "Adapty profiles to add to the default app")
	fs.IntVar(&o.AirtableUsers, "airtable-users", 0, "Airtable users to add to the default enterprise account")
	fs.IntVar(&o.ParcelLicenses, "parcel-licenses", 0, "Parcel licences to add to the default hub")
	out := fs.String("o", "", "file to write (default: standard output)")
	if code, done := parseFlags(fs, args[1:], stdout, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "accessemu fixtures generate: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "accessemu fixtures generate:", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	if err := generate.Write(w, o); err != nil {
		fmt.Fprintln(stderr, "accessemu fixtures generate:", err)
		return 1
	}
	return 0
}
