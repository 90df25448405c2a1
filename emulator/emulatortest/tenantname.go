package emulatortest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/accessemu/accessemu/emulator"
)

// TenantName maps any string, such as a subtest's t.Name(), onto the emulator's tenant-name rule
// (emulator.TenantNameRule), deterministically and so that different strings get different names:
//
//   - letters, digits, '.', '_' and '-' are kept, so a name that follows the rule without '~' is
//     unchanged ("TestRevoke" stays "TestRevoke");
//   - every other byte, '~' included, becomes '~' and its two upper-case hex digits
//     ("TestX/sub case" becomes "TestX~2Fsub~20case");
//   - a result longer than 128 characters keeps its first 110 and ends with "~~" and 16 hex digits
//     of the original's SHA-256 ("~~" never appears otherwise);
//   - the empty string is the default tenant.
func TenantName(s string) string {
	if s == "" {
		return emulator.DefaultTenant
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && c != '~' && emulator.CheckTenantName(string(c)) == nil {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "~%02X", c)
	}
	name := b.String()
	if len(name) <= emulator.MaxTenantNameLength {
		return name
	}
	sum := sha256.Sum256([]byte(s))
	return name[:emulator.MaxTenantNameLength-18] + "~~" + hex.EncodeToString(sum[:8])
}
