package airtable_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator/provider/providertest"
	"github.com/accessemu/accessemu/emulator/providers/airtable"
)

func TestConformance(t *testing.T) { providertest.Run(t, airtable.New()) }
