curl -X POST "{{BASE}}/v0/meta/enterpriseAccounts/{{AIRTABLE_ENTERPRISE}}/users/revokeAdminAccess" \
-H "Authorization: Bearer {{AIRTABLE_TOKEN}}" \
-H "Content-Type: application/json" \
--data '{
    "users": [
      {
        "id": "usrL2PNC5o3H4lBEi"
      },
      {
        "email": "foo@bar.com"
      },
      {
        "email": "bam@bam.com"
      },
      {
        "id": "usrsOEchC9xuwRgKk"
      },
      {
        "email": "foo@bam.com"
      }
    ]
  }'
