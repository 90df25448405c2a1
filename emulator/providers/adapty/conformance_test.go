package adapty_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator/provider/providertest"
	"github.com/accessemu/accessemu/emulator/providers/adapty"
)

func TestConformance(t *testing.T) { providertest.Run(t, adapty.New()) }
