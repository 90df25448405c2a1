package parcel_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator/provider/providertest"
	"github.com/accessemu/accessemu/emulator/providers/parcel"
)

func TestConformance(t *testing.T) { providertest.Run(t, parcel.New()) }
