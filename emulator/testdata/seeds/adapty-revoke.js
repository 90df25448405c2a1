const myHeaders = new Headers();
myHeaders.append("Authorization", "Api-Key {{ADAPTY_KEY}}");
myHeaders.append("adapty-customer-user-id", "{{ADAPTY_CUSTOMER}}");
myHeaders.append("Content-Type", "application/json");

const raw = JSON.stringify({
  "access_level_id": "premium",
  "revoke_at": "2024-10-12T09:42:50.000000+0000"
});

const requestOptions = {
  method: "POST",
  headers: myHeaders,
  body: raw,
  redirect: "follow"
};

fetch("{{BASE}}/api/v2/server-side-api/purchase/profile/revoke/access-level/", requestOptions)
  .then((response) => response.text())
  .then((result) => console.log(result))
  .catch((error) => console.error(error));
