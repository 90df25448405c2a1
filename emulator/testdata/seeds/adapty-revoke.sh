curl --location '{{BASE}}/api/v2/server-side-api/purchase/profile/revoke/access-level/' \
--header 'Authorization: Api-Key {{ADAPTY_KEY}}' \
--header 'adapty-customer-user-id: {{ADAPTY_CUSTOMER}}' \
--header 'Content-Type: application/json' \
--data '{
  "access_level_id": "premium",
  "revoke_at": "2024-10-12T09:42:50.000000+0000"
}'
