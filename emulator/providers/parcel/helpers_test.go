package parcel_test

import (
	"encoding/json"
	"testing"

	"github.com/accessemu/accessemu/emulator/providers/parcel"
	"github.com/accessemu/accessemu/internal/apitest"
)

type errBoom struct{}

func (errBoom) Error() string { return "boom" }

func parcelProvider() *parcel.Parcel { return parcel.New() }

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func dump(t *testing.T, s *apitest.Server) string {
	t.Helper()
	b, err := s.Emu.DumpState("default")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
