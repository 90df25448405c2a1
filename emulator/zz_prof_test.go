package emulator

import (
	"os"
	"testing"
)

func TestZZLoad100k(t *testing.T) {
	data, err := os.ReadFile("/tmp/w100k.yaml")
	if err != nil {
		t.Skip()
	}
	if _, err := New(Options{Fixtures: data}); err != nil {
		t.Fatal(err)
	}
}
