// Revoke an Airtable admin in a tenant of its own and assert on the emulator's journal.
//
// Run with an emulator listening (accessemu, or docker run -p 8080:8080 accessemu), Node 20 or later:
//     ACCESSEMU_URL=http://127.0.0.1:8080 node --test examples/node/revoke.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";

const root = process.env.ACCESSEMU_URL ?? "http://127.0.0.1:8080";
const enterprise = "entEmulator000001";
const auth = { Authorization: "Bearer patEmuAdmin000001.admin" };

test("revoking an admin shows in the state and the journal", async (t) => {
  // A tenant per test: a copy of the default world that no other test sees.
  const tenant = "node-" + randomUUID().slice(0, 12);
  assert.equal((await fetch(`${root}/__emulator/tenants/${tenant}/reset`, { method: "POST" })).status, 204);
  t.after(() => fetch(`${root}/__emulator/tenants/${tenant}`, { method: "DELETE" }));
  const base = `${root}/t/${tenant}/v0/meta/enterpriseAccounts/${enterprise}`; // the client's base URL

  const revoke = await fetch(`${base}/users/revokeAdminAccess`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify({ users: [{ id: "usrEmuAdmin000002" }] }),
  });
  assert.equal(revoke.status, 200);
  assert.deepEqual(await revoke.json(), { errors: [] });

  const users = await (await fetch(`${base}/users?id=usrEmuAdmin000002`, { headers: auth })).json();
  assert.equal(users.users[0].isAdmin, false);

  const journal = await (await fetch(`${root}/__emulator/tenants/${tenant}/journal?operation=revokeAdminAccess`)).json();
  assert.equal(journal.entries.length, 1);
  assert.equal(journal.entries[0].status, 200);
  assert.equal(journal.entries[0].body, '{"users":[{"id":"usrEmuAdmin000002"}]}');
});
