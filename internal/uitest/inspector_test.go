package uitest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accessemu/accessemu/emulator"
)

const (
	parcelKey     = "prod_EmulatorDefaultHubKey0001"
	sword         = "65a1b2c3d4e5f60718293a4b"
	parcelRevoke  = `{"product_id":"` + sword + `","userid":"1001","userid_type":"roblox"}`
	parcelRevoked = `{"status":"200","message":"OK","data":{"userid":"1001","userid_type":"roblox","product_id":"` + sword + `","state":"License has been revoked"}}`
	adaptyKey     = "Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv"
	adaptyRevoke  = "/api/v2/server-side-api/purchase/profile/revoke/access-level/"
	swordRow      = `tr[data-product="` + sword + `"]`
	premiumRow    = `tr[data-profile="user-premium"]`
)

func revokeSword(t *testing.T, base string) (int, string) {
	t.Helper()
	return call(t, "DELETE", base+"/whitelist/revoke", parcelRevoke, "Authorization", parcelKey)
}

func TestInspector_ShowsTheDefaultWorldsStatePerProviderAndFollowsIt(t *testing.T) {
	base := serve(t, emulator.Options{})
	ctx := tab(t)
	do(t, ctx, "open the inspector",
		chromedp.Navigate(base+"/__emulator/ui"),
		waitText(premiumRow, "active"),
		waitText(`tr[data-profile="user-lifetime"]`, "never (lifetime)"),
		waitText(`tr[data-profile="user-free"]`, "no access level"),
		waitText(`tr[data-user="usrEmuSuper000001"]`, "super admin"),
		waitText(`tr[data-user="usrEmuAdmin000001"]`, "admin"),
		waitText(`tr[data-user="usrEmuMember00001"]`, "member"),
		waitText(`tr[data-user="usrGcrteE5fUMqq0R"]`, "not a member"),
		waitText(swordRow, "Roblox 1001 · Discord 1088907566844739624"),
		waitText(`tr[data-product="65a1b2c3d4e5f60718293a4c"]`, "no owner"),
		waitText("#tenant-list", "default"),
		waitText("#clock-kind", "real time"),
	)
	screenshot(t, ctx, "state", true)
	if status, body := revokeSword(t, base); status != 200 || body != parcelRevoked {
		t.Fatalf("revoke: %d %s", status, body)
	}
	do(t, ctx, "see the revoke change the state on screen", waitText(swordRow, "no owner"))
}

func TestInspector_RevokeAppearsLiveInTheJournalAndTheStateAndOpensInDetail(t *testing.T) {
	base := serve(t, emulator.Options{})
	ctx := tab(t)
	do(t, ctx, "open the journal",
		chromedp.Navigate(base+"/__emulator/ui#/default/journal"),
		waitText("#live", "live"),
		waitText("#journal-empty", "No requests yet"),
	)
	if status, body := revokeSword(t, base); status != 200 || body != parcelRevoked {
		t.Fatalf("revoke: %d %s", status, body)
	}
	if status, _ := revokeSword(t, base); status != 400 {
		t.Fatalf("second revoke: %d", status)
	}
	do(t, ctx, "see both requests arrive without a reload, newest first, the failed one marked",
		waitText(`#journal-rows tr[data-seq="1"]`, "DELETE /whitelist/revoke"),
		waitText(`#journal-rows tr[data-seq="2"]`, "✖ 400"),
	)
	order, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#journal-rows tr")].map(r => r.dataset.seq + ":" + r.classList.contains("failed")).join(",")`))
	if err != nil || order != "2:true,1:false" {
		t.Errorf("rows = %q (%v), want the failed 2 above 1", order, err)
	}
	// Keyboard only: focus the request's button and press Enter.
	do(t, ctx, "open the revoke's detail",
		chromedp.Focus(chromedp.CSS(`#journal-rows tr[data-seq="1"] button`)),
		chromedp.KeyEvent("\r"),
		waitText("#detail", "Request #1"),
	)
	detail := text(t, ctx, "#detail")
	for _, want := range []string{
		"parcel · revokeWhitelist", "none fired", "prod_Emu…(30 chars)",
		"\"state\": \"License has been revoked\"", // the answer, pretty-printed
		"\"userid_type\": \"roblox\"",             // the request body, pretty-printed
	} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, detail)
		}
	}
	if strings.Contains(detail, parcelKey) {
		t.Errorf("detail shows the unmasked key:\n%s", detail)
	}
	screenshot(t, ctx, "journal", false)
	do(t, ctx, "filter to the failed requests",
		chromedp.SetValue(chromedp.CSS("#f-status"), "failed"),
		eval(`document.getElementById("f-status").dispatchEvent(new Event("change"))`),
		waitText("#journal-shown", "1 of 2 requests"),
		waitGone("#journal-rows", "#1"),
	)
	do(t, ctx, "see the revoke in the state",
		click("#tab-state"),
		waitText(swordRow, "no owner"),
	)
}

func TestInspector_ScenarioActivatedFromThePageAnswersTheNextRequest(t *testing.T) {
	base := serve(t, emulator.Options{})
	ctx := tab(t)
	do(t, ctx, "activate parcel-internal-server-error from the library",
		chromedp.Navigate(base+"/__emulator/ui#/default/scenarios"),
		waitText("#active-scenarios", "None"),
		chromedp.SetValue(chromedp.CSS("#library"), "parcel-internal-server-error"),
		click(`#activate button[type="submit"]`),
		waitText(`#active-scenarios li[data-scenario="parcel-internal-server-error"]`, "fired 0"),
	)
	if status, body := revokeSword(t, base); status != 500 || body != `{"status":"500","message":"Internal Server Error"}` {
		t.Fatalf("revoke under the scenario: %d %s", status, body)
	}
	do(t, ctx, "see it fired",
		waitText(`#active-scenarios li[data-scenario="parcel-internal-server-error"]`, "fired 1"),
		waitText("#tenant-list", "parcel-internal-server-error"),
	)
	screenshot(t, ctx, "scenarios", false)
	do(t, ctx, "see the journal name the scenario",
		click("#tab-journal"),
		waitText(`#journal-rows tr[data-seq="1"]`, "parcel-internal-server-error"),
		waitText(`#journal-rows tr[data-seq="1"]`, "✖ 500"),
		click("#tab-scenarios"),
		click(`button[aria-label="Deactivate parcel-internal-server-error"]`),
		waitText("#active-scenarios", "None"),
	)
	if status, body := revokeSword(t, base); status != 200 || body != parcelRevoked {
		t.Errorf("revoke after deactivating: %d %s", status, body)
	}
}

func TestInspector_AdvancingTheClockExpiresAScheduledAdaptyRevoke(t *testing.T) {
	base := serve(t, emulator.Options{})
	revokeAt := time.Now().UTC().Add(10 * 24 * time.Hour).Format(time.RFC3339)
	status, body := call(t, "POST", base+adaptyRevoke, fmt.Sprintf(`{"access_level_id":"premium","revoke_at":%q}`, revokeAt),
		"Authorization", adaptyKey, "adapty-customer-user-id", "user-premium", "Content-Type", "application/json")
	if status != 200 {
		t.Fatalf("scheduled revoke: %d %s", status, body)
	}
	ctx := tab(t)
	do(t, ctx, "see the level active until the revoke",
		chromedp.Navigate(base+"/__emulator/ui"),
		waitText(premiumRow, "active"),
		waitText(premiumRow, strings.Replace(revokeAt[:16], "T", " ", 1)),
	)
	do(t, ctx, "advance the clock 11 days from the page",
		chromedp.SetValue(chromedp.CSS("#advance-by"), "11d"),
		click(`#advance-clock button[type="submit"]`),
		waitText("#clock-kind", "virtual"),
		waitText(premiumRow, "expired"),
		waitText(`tr[data-profile="user-lifetime"]`, "active"),
		waitText("#message", "Clock advanced by 11d."),
	)
	screenshot(t, ctx, "clock", false)
	do(t, ctx, "set the clock from the page",
		chromedp.SetValue(chromedp.CSS("#set-now"), "2030-01-01T00:00:00Z"),
		click(`#set-clock button[type="submit"]`),
		waitText("#clock-now", "2030-01-01 00:00:00 UTC"),
		waitText(premiumRow, "expired"),
	)
	do(t, ctx, "back to real time",
		click("#reset-clock"),
		waitText("#clock-kind", "real time"),
		waitText(premiumRow, "active"),
	)
}

func TestInspector_ClearingTheJournalKeepsTheStateAndResetBringsItBack(t *testing.T) {
	base := serve(t, emulator.Options{})
	if status, _ := revokeSword(t, base); status != 200 {
		t.Fatal(status)
	}
	ctx := tab(t)
	do(t, ctx, "see the revoked licence",
		chromedp.Navigate(base+"/__emulator/ui"),
		waitText(swordRow, "no owner"),
		waitText("#journal-count", "(1)"),
	)
	do(t, ctx, "clear the journal from the page",
		click("#clear-journal"),
		waitText("#journal-count", "(0)"),
		waitText(swordRow, "no owner"), // the state stays
	)
	if status, _ := revokeSword(t, base); status != 400 {
		t.Fatal(status)
	}
	do(t, ctx, "see the next request", waitText("#journal-count", "(1)"))
	do(t, ctx, "reset the tenant from the page",
		click("#reset-tenant"),
		waitText(swordRow, "Roblox 1001"),
		waitText("#journal-count", "(0)"),
	)
	if status, body := revokeSword(t, base); status != 200 || body != parcelRevoked {
		t.Errorf("revoke after the reset: %d %s", status, body)
	}
}

func TestInspector_WithAnAdminTokenThePageIsRefusedWithoutIt(t *testing.T) {
	base := serve(t, emulator.Options{AdminToken: "s3cret-token"})
	ctx := tab(t)
	do(t, ctx, "open the inspector without the token",
		chromedp.Navigate(base+"/__emulator/ui"),
		waitText("#login-reason", "Refused: the admin API needs the header Authorization: Bearer <admin token>"),
	)
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById("app")).display !== "none" || document.getElementById("state").childElementCount > 0`))
	if err != nil || shown {
		t.Fatalf("state shown without the token (%v)", err)
	}
	screenshot(t, ctx, "token", false)
	do(t, ctx, "a wrong token is refused too",
		chromedp.SendKeys(chromedp.CSS("#token"), "wrong"),
		click(`#login-form button[type="submit"]`),
		waitText("#login-reason", "Refused: that token is not this emulator's admin token."),
	)
	do(t, ctx, "the right one opens it, the live journal included",
		chromedp.SendKeys(chromedp.CSS("#token"), "s3cret-token"),
		click(`#login-form button[type="submit"]`),
		waitText(premiumRow, "active"),
		waitText("#live", "live"),
	)
	if status, _ := revokeSword(t, base); status != 200 {
		t.Fatal(status)
	}
	do(t, ctx, "see the revoke arrive", waitText(`#journal-rows tr[data-seq="1"]`, "revokeWhitelist"))
}

func TestInspector_ListsTenantsAndOpensOne(t *testing.T) {
	base := serve(t, emulator.Options{})
	for _, tenant := range []string{"team-a", "team-b", "team-b"} {
		call(t, "DELETE", base+"/t/"+tenant+"/whitelist/revoke", parcelRevoke, "Authorization", parcelKey)
	}
	ctx := tab(t)
	do(t, ctx, "see every tenant with its request count",
		chromedp.Navigate(base+"/__emulator/ui"),
		waitText("#tenant-list", "team-a"),
		waitText("#tenant-list", "team-b"),
	)
	list := text(t, ctx, "#tenant-list")
	for _, want := range []string{"default\n0 req", "team-a\n1 req", "team-b\n2 req", "no scenario"} {
		if !strings.Contains(list, want) {
			t.Errorf("tenant list lacks %q:\n%s", want, list)
		}
	}
	do(t, ctx, "open team-b",
		click(`#tenant-list button[aria-label^="team-b:"]`),
		waitText("#tenant-title", "team-b"),
		waitText(swordRow, "no owner"),
		waitText("#journal-count", "(2)"),
	)
	if status, _ := call(t, "DELETE", base+"/__emulator/tenants/team-b", ""); status != 204 {
		t.Fatal(status)
	}
	do(t, ctx, "see it deleted", waitText("#message", "Tenant team-b was deleted"))
	_, tenants := call(t, "GET", base+"/__emulator/tenants", "")
	if tenants != `{"tenants":["default","team-a"]}` {
		t.Errorf("the page made the deleted tenant again: %s", tenants)
	}
}

func TestInspector_EveryControlHasAnAccessibleNameAndFitsTheScreen(t *testing.T) {
	base := serve(t, emulator.Options{})
	call(t, "DELETE", base+"/whitelist/revoke", parcelRevoke, "Authorization", parcelKey)
	ctx := tab(t)
	do(t, ctx, "open the inspector",
		chromedp.Navigate(base+"/__emulator/ui"),
		waitText(premiumRow, "active"),
		waitText("#journal-count", "(1)"),
		waitText("#active-scenarios", "None"),
	)
	unnamed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("button, input, select, [role=tab]")]
		.filter(el => !(el.getAttribute("aria-label") || (el.labels && el.labels.length) || el.textContent.trim()))
		.map(el => el.outerHTML)`))
	if err != nil || len(unnamed) != 0 {
		t.Errorf("controls without an accessible name (%v): %q", err, unnamed)
	}
	// At 1280×800 nothing scrolls sideways.
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil || wide > 1280 {
		t.Errorf("page is %d px wide at 1280 (%v)", wide, err)
	}
}
