package emulator_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accessemu/accessemu/internal/apitest"
)

// The providers' own documented requests, copied into testdata/seeds with the host and the
// placeholders as {{...}} variables, run by the real tool each was written for.
var seedValues = map[string]string{
	"ADAPTY_KEY":          "secret_live_accessem.0123456789abcdefghijklmnopqrstuv",
	"ADAPTY_CUSTOMER":     "user-premium",
	"AIRTABLE_ENTERPRISE": "entEmulator000001",
	"AIRTABLE_TOKEN":      "patEmuAdmin000001.admin",
	"PARCEL_KEY":          "prod_DGzVhVsrqNJi4b0Chd9mMPUI9",
	"PARCEL_PRODUCT":      "65a1b2c3d4e5f60718293a4b",
	"PARCEL_USER":         "1001",
}

// Adapty's example revokes at a 2024 date, which is in the past: the documented value_error.
const adaptyValueError = `{"errors":[{"source":null,"errors":["Must be greater than the current time or null"]}],"error_code":"value_error","status_code":400}`

var seedRuns = []struct {
	file, tool string
	want       string
}{
	{"adapty-revoke.sh", "curl", adaptyValueError},
	{"adapty-revoke.py", "python3", adaptyValueError},
	{"adapty-revoke.js", "node", adaptyValueError},
	// Airtable's example answers exactly its documented response.
	{"airtable-revoke.sh", "curl", `{"errors":[{"email":"bam@bam.com","message":"User not found","type":"NOT_FOUND"},{"id":"usrsOEchC9xuwRgKk","message":"User not found","type":"USER_ID_NOT_FOUND"},{"email":"foo@bam.com","message":"User is not an assigned admin","type":"USER_NOT_ASSIGNED_ADMIN"}]}`},
	{"parcel-revoke.sh", "curl", `{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"65a1b2c3d4e5f60718293a4b","state":"License has been revoked"}}`},
	// pyairtable's Enterprise methods, through requests as pyairtable sends them.
	{"airtable-pyairtable.py", "python3", `{"whoami":"usrEmuAdmin000001","users":5,"claim":[],"grant":[],"revoke":[],"state":"deactivated","logout":null,` +
		`"removedAsAdmin":false,"shared":["wspEmulator000001"],"deleted":["usrFooBam00000001"],"deleteErrors":["NOT_FOUND"],"userDelete":null,"userIds":7}`},
}

// Each documented example, run by its own client (curl, Python requests, JavaScript fetch) with
// only the host replaced, gets the documented answer. A machine without the tool skips that run;
// TestSeeds_ReplayedAsBytes covers the same requests without any tool.
func TestSeeds_RunByTheirOwnClients(t *testing.T) {
	s := apitest.Start(t)
	for _, run := range seedRuns {
		t.Run(run.file, func(t *testing.T) {
			if _, err := exec.LookPath(run.tool); err != nil {
				t.Skipf("%s is not installed", run.tool)
			}
			script := fill(t, run.file, s.URL+"/t/"+strings.TrimSuffix(run.file, filepath.Ext(run.file))+"-"+run.tool)
			path := filepath.Join(t.TempDir(), run.file)
			if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(run.tool, path)
			if run.tool == "curl" {
				cmd = exec.Command("sh", path)
			}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				if strings.Contains(stderr.String(), "No module named 'requests'") {
					t.Skip("python3 has no requests module")
				}
				t.Fatalf("%s: %v\n%s", run.tool, err, stderr.String())
			}
			if got := strings.TrimSpace(stdout.String()); got != run.want {
				t.Fatalf("%s printed\n%s\nwant\n%s", run.tool, got, run.want)
			}
		})
	}
}

func fill(t *testing.T, file, base string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "seeds", file))
	if err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(string(raw), "{{BASE}}", base)
	for k, v := range seedValues {
		out = strings.ReplaceAll(out, "{{"+k+"}}", v)
	}
	if strings.Contains(out, "{{") {
		t.Fatalf("%s has an unfilled placeholder", file)
	}
	return out
}

// The same documented requests sent byte for byte from Go, so they are checked on any machine:
// the bodies as curl, Python's json.dumps and JavaScript's JSON.stringify write them.
func TestSeeds_ReplayedAsBytes(t *testing.T) {
	s := apitest.Start(t)
	adapty := []string{"Authorization", "Api-Key " + seedValues["ADAPTY_KEY"], "adapty-customer-user-id", "user-premium", "Content-Type", "application/json"}
	const adaptyPath = "/api/v2/server-side-api/purchase/profile/revoke/access-level/"
	for name, body := range map[string]string{
		"curl":   "{\n  \"access_level_id\": \"premium\",\n  \"revoke_at\": \"2024-10-12T09:42:50.000000+0000\"\n}",
		"python": `{"access_level_id": "premium", "revoke_at": "2024-10-12T09:42:50.000000+0000"}`,
		"fetch":  `{"access_level_id":"premium","revoke_at":"2024-10-12T09:42:50.000000+0000"}`,
	} {
		s.Do("POST", "/t/bytes-"+name+adaptyPath, body, adapty...).Expect(400, adaptyValueError)
	}
	airtableBody := "{\n    \"users\": [\n      {\n        \"id\": \"usrL2PNC5o3H4lBEi\"\n      },\n      {\n        \"email\": \"foo@bar.com\"\n      },\n      {\n        \"email\": \"bam@bam.com\"\n      },\n      {\n        \"id\": \"usrsOEchC9xuwRgKk\"\n      },\n      {\n        \"email\": \"foo@bam.com\"\n      }\n    ]\n  }"
	s.Do("POST", "/v0/meta/enterpriseAccounts/entEmulator000001/users/revokeAdminAccess", airtableBody,
		"Authorization", "Bearer patEmuAdmin000001.admin", "Content-Type", "application/json").Expect(200, seedRuns[3].want)
	s.Do("DELETE", "/whitelist/revoke", `{"product_id": "65a1b2c3d4e5f60718293a4b", "userid": "1001", "userid_type": "roblox"}`,
		"Authorization", seedValues["PARCEL_KEY"], "Content-Type", "application/json").Expect(200, seedRuns[4].want)
}
