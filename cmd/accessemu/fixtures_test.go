package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFixturesGenerate_WritesTheSameFileForTheSameSeed(t *testing.T) {
	dir := t.TempDir()
	args := []string{"fixtures", "generate", "--seed", "5", "--airtable-users", "10", "--parcel-licenses", "10"}
	var stdout bytes.Buffer
	if code := run(args, envOf(nil), &stdout, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	file := filepath.Join(dir, "w.yaml")
	if code := run(append(args, "-o", file), envOf(nil), io.Discard, io.Discard); code != 0 {
		t.Fatalf("exit %d with -o", code)
	}
	written, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(written, stdout.Bytes()) {
		t.Fatal("-o wrote other bytes than standard output")
	}
	var out bytes.Buffer
	if code := run([]string{"validate", file}, envOf(nil), &out, io.Discard); code != 0 {
		t.Fatalf("validate of the generated file: exit %d", code)
	}
}

func TestFixturesGenerate_RejectsAnUnknownAction(t *testing.T) {
	var stderr bytes.Buffer
	if code := run([]string{"fixtures", "make"}, envOf(nil), io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

// The flags keep their names, and the same seed and counts give the bytes of the world committed in
// internal/generate/testdata.
func TestFixturesGenerate_SameFlagsGiveTheCommittedWorld(t *testing.T) {
	want, err := os.ReadFile("../../internal/generate/testdata/seed7.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	args := []string{"fixtures", "generate", "--seed", "7", "--adapty-profiles", "40", "--airtable-users", "41", "--parcel-licenses", "1042"}
	if code := run(args, envOf(nil), &stdout, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !bytes.Equal(stdout.Bytes(), want) {
		t.Fatal("the generated world differs from internal/generate/testdata/seed7.yaml")
	}
}
