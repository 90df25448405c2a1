# pyairtable's Enterprise and UserInfo calls (pyairtable/api/enterprise.py, models/schema.py, 3.x),
# sent through requests the way pyairtable sends them: list parameters repeated without brackets
# (an empty list dropped), bodies with json=, and an empty answer read as None
# (Api._process_response). Prints what an offboarding script learns, in one line.
import json

import requests

BASE = "{{BASE}}/v0"
ENT = BASE + "/meta/enterpriseAccounts/{{AIRTABLE_ENTERPRISE}}"
session = requests.Session()
session.headers["Authorization"] = "Bearer {{AIRTABLE_TOKEN}}"


def call(method, url, **kwargs):
    response = session.request(method, url, **kwargs)
    response.raise_for_status()
    if not response.text:
        return None
    return response.json()


me = call("GET", BASE + "/meta/whoami")
info = call("GET", ENT, params={"include": []})
users = call("GET", ENT + "/users", params={"id": info["userIds"][:5], "email": [], "include": ["collaborations"]})["users"]
claimed = call("POST", ENT + "/claim/users", json={"users": [{"email": "unmanaged@example.com", "state": "managed"}]})
granted = call("POST", ENT + "/users/grantAdminAccess", json={"users": [{"id": "usrFooBam00000001"}]})
revoked = call("POST", ENT + "/users/revokeAdminAccess", json={"users": [{"email": "foo@bam.com"}]})
saved = call("PATCH", ENT + "/users/usrFooBam00000001", json={"email": "foo@bam.com", "state": "deactivated"})
reloaded = call("GET", ENT + "/users/usrFooBam00000001") if saved is None else saved
logged_out = call("POST", ENT + "/users/usrFooBam00000001/logout")
removed = call("POST", ENT + "/users/usrEmuMember00001/remove", json={"isDryRun": False, "replacementOwnerId": "usrEmuAdmin000002"})
deleted = call("DELETE", ENT + "/users", params={"email": ["foo@bam.com", "nobody@example.com"]})
user_deleted = call("DELETE", ENT + "/users/usrL2PNC5o3H4lBEi")
after = call("GET", ENT, params={"include": []})

print(json.dumps({
    "whoami": me["id"],
    "users": len({u["id"] for u in users}),
    "claim": claimed["errors"],
    "grant": granted["errors"],
    "revoke": revoked["errors"],
    "state": reloaded["state"],
    "logout": logged_out,
    "removedAsAdmin": removed["wasUserRemovedAsAdmin"],
    "shared": [w["workspaceId"] for w in removed["shared"]["workspaces"]],
    "deleted": [u["id"] for u in deleted["deletedUsers"]],
    "deleteErrors": [e["type"] for e in deleted["errors"]],
    "userDelete": user_deleted,
    "userIds": len(after["userIds"]),
}, separators=(",", ":")))
