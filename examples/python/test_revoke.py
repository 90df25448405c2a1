"""Revoke a Parcel licence in a tenant of its own and assert on the emulator's journal.

Run with an emulator listening (accessemu, or docker run -p 8080:8080 accessemu):
    ACCESSEMU_URL=http://127.0.0.1:8080 python3 examples/python/test_revoke.py
"""
import os
import unittest
import uuid

import requests

ROOT = os.environ.get("ACCESSEMU_URL", "http://127.0.0.1:8080")
PARCEL_KEY = "prod_EmulatorDefaultHubKey0001"
LICENCE = {"product_id": "65a1b2c3d4e5f60718293a4b", "userid": "1001", "userid_type": "roblox"}


class RevokeTest(unittest.TestCase):
    def setUp(self):
        # A tenant per test: a copy of the default world that no other test sees.
        self.tenant = "py-" + uuid.uuid4().hex[:12]
        requests.post(f"{ROOT}/__emulator/tenants/{self.tenant}/reset").raise_for_status()
        self.base = f"{ROOT}/t/{self.tenant}"  # what the client under test gets as Parcel's base URL

    def tearDown(self):
        requests.delete(f"{ROOT}/__emulator/tenants/{self.tenant}")

    def test_revoke_then_revoke_again(self):
        headers = {"Authorization": PARCEL_KEY}
        first = requests.delete(f"{self.base}/whitelist/revoke", json=LICENCE, headers=headers)
        self.assertEqual(first.status_code, 200)
        self.assertEqual(first.json()["data"]["state"], "License has been revoked")

        again = requests.delete(f"{self.base}/whitelist/revoke", json=LICENCE, headers=headers)
        self.assertEqual(again.status_code, 400)
        self.assertEqual(again.json(), {"status": "400", "message": "User does not own this license.", "data": {}})

        journal = requests.get(
            f"{ROOT}/__emulator/tenants/{self.tenant}/journal",
            params={"provider": "parcel", "operation": "revokeWhitelist"},
        ).json()["entries"]
        self.assertEqual([e["status"] for e in journal], [200, 400])
        self.assertEqual(journal[0]["body"], '{"product_id": "65a1b2c3d4e5f60718293a4b", "userid": "1001", "userid_type": "roblox"}')


if __name__ == "__main__":
    unittest.main()
