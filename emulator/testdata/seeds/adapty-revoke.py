import requests

url = "{{BASE}}/api/v2/server-side-api/purchase/profile/revoke/access-level/"

payload = {
    "access_level_id": "premium",
    "revoke_at": "2024-10-12T09:42:50.000000+0000"
}

headers = {
    "Authorization": "Api-Key {{ADAPTY_KEY}}",
    "adapty-customer-user-id": "{{ADAPTY_CUSTOMER}}",
    "Content-Type": "application/json"
}

response = requests.post(url, headers=headers, json=payload)

print(response.text)
