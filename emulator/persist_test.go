package emulator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

func TestStateFile_RestartKeepsEveryTenantsState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.yaml")
	first := apitest.StartWith(t, emulator.Options{StateFile: path})
	first.Do("DELETE", "/t/kept/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
	first.Do("POST", "/t/kept/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess",
		`{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", "Bearer patEmuAdmin000001.admin").Expect(200, `{"errors":[]}`)
	if err := first.Emu.Close(); err != nil {
		t.Fatal(err)
	}
	second := apitest.StartWith(t, emulator.Options{StateFile: path})
	second.Do("DELETE", "/t/kept/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(400, notOwned)
	second.Do("POST", "/t/kept/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess",
		`{"users":[{"id":"usrEmuAdmin000002"}]}`, "Authorization", "Bearer patEmuAdmin000001.admin").Expect(200,
		`{"errors":[{"id":"usrEmuAdmin000002","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`)
	// A tenant that was never saved still starts from the loaded world.
	second.Do("DELETE", "/t/fresh/whitelist/revoke", revoke, "Authorization", parcelKey).Expect(200, revoked)
}

func TestStateFile_CorruptFileIsRefusedNeverReplaced(t *testing.T) {
	for name, content := range map[string]string{
		"not YAML":        "tenants: [unclosed\n",
		"empty":           "",
		"no tenants key":  "parcel: {}\n",
		"bad tenant data": "tenants:\n  default:\n    parcel:\n      hubz: []\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.yaml")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := emulator.New(emulator.Options{StateFile: path})
			if err == nil || !strings.Contains(err.Error(), "state file "+path+" is not a saved state") ||
				!strings.Contains(err.Error(), "it is never replaced silently") {
				t.Fatalf("error = %v", err)
			}
			if got, _ := os.ReadFile(path); string(got) != content {
				t.Fatal("the corrupt file was changed")
			}
		})
	}
}
