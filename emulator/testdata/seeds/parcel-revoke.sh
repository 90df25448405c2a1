curl -X DELETE '{{BASE}}/whitelist/revoke' \
-H 'Authorization: {{PARCEL_KEY}}' \
-H 'Content-Type: application/json' \
--data '{"product_id": "{{PARCEL_PRODUCT}}", "userid": "{{PARCEL_USER}}", "userid_type": "roblox"}'
