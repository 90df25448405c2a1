package emulator

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// forMounted reports whether a shipped scenario names only providers this emulator serves: an
// emulator mounting another set of providers (Options.Providers) leaves the others' scenarios out
// of its library rather than refusing to start.
func (e *Emulator) forMounted(data []byte) bool {
	var doc struct {
		Rules []struct {
			Match struct {
				Provider string `yaml:"provider"`
			} `yaml:"match"`
			Error string `yaml:"error"`
		} `yaml:"rules"`
	}
	if yaml.Unmarshal(data, &doc) != nil {
		return true // Parse reports the problem with its line
	}
	for _, r := range doc.Rules {
		names := []string{r.Match.Provider}
		if prov, _, qualified := strings.Cut(r.Error, "."); qualified {
			names = append(names, prov) // "parcel.not_found"
		}
		for _, name := range names {
			if name != "" && e.mounted(name) == nil {
				return false
			}
		}
	}
	return true
}
