//! System collections on their own paths (spec §15): the items engine over `directus_*`
//! tables for administrators, with Directus's casts (lists, JSON, hashes) and the relations
//! between users, roles, policies, access rows and permissions.

use strata_tests::*;

#[tokio::test]
async fn roles_policies_permissions_and_access_through_their_endpoints() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        let role = data(&s.post("/roles", &json!({"name": "Editors", "icon": "edit"}), t).await, 200);
        let role_id = role["id"].as_str().expect("role id").to_string();
        assert_eq!(role_id.len(), 36);
        let policy = data(&s.post("/policies", &json!({"name": "Editing", "app_access": true, "ip_access": ["10.0.0.0/8", "127.0.0.1"]}), t).await, 200);
        assert_eq!(policy["ip_access"], json!(["10.0.0.0/8", "127.0.0.1"]));
        let policy_id = policy["id"].as_str().expect("policy id").to_string();
        let perm = data(&s.post("/permissions", &json!({"policy": policy_id, "collection": "articles", "action": "read",
            "fields": ["title", "body"], "permissions": {"author": {"_eq": "$CURRENT_USER"}}, "presets": {"status": "draft"}}), t).await, 200);
        assert_eq!(perm["fields"], json!(["title", "body"]));
        assert_eq!(perm["permissions"], json!({"author": {"_eq": "$CURRENT_USER"}}));
        data(&s.post("/access", &json!({"role": role_id, "policy": policy_id}), t).await, 200);

        let r = data(&s.get(&format!("/roles/{role_id}?fields=name,policies.policy.name"), t).await, 200);
        assert_eq!(r["policies"], json!([{"policy": {"name": "Editing"}}]));
        let p = data(&s.get(&format!("/policies/{policy_id}?fields=name,permissions.action,permissions.collection"), t).await, 200);
        assert_eq!(p["permissions"], json!([{"action": "read", "collection": "articles"}]));
        let list = data(&s.get("/permissions?filter[collection][_eq]=articles&fields=id,action", t).await, 200);
        assert_eq!(list.as_array().map(Vec::len), Some(1));

        // Users: the password is hashed, never returned; the role relation reads through.
        let u = data(&s.post("/users", &json!({"email": "ed@example.com", "password": "s3cret-pass", "role": role_id}), t).await, 200);
        assert_eq!(u["password"], "**********");
        let ed = s.login_ok("ed@example.com", "s3cret-pass").await;
        assert!(ed["access_token"].as_str().is_some());
        let users = data(&s.get("/roles?fields=name,users.email&filter[name][_eq]=Editors", t).await, 200);
        assert_eq!(users[0]["users"], json!([{"email": "ed@example.com"}]));

        // Activity is recorded and read-only.
        let acts = data(&s.get("/activity?filter[collection][_eq]=directus_roles&fields=action,item", t).await, 200);
        assert!(acts.as_array().is_some_and(|a| a.iter().any(|x| x["item"] == role_id.as_str())), "{acts}");
        assert_error(&s.post("/activity", &json!({}), t).await, 404, "ROUTE_NOT_FOUND");
        // Others see what permissions allow: with app access, their own role only.
        let ed_token = ed["access_token"].as_str().unwrap_or_default().to_string();
        let own = data(&s.get("/roles?fields=name", Some(&ed_token)).await, 200);
        assert_eq!(own, json!([{"name": "Editors"}]));
        assert_error(&s.get("/policies", Some(&ed_token)).await, 403, "FORBIDDEN");
        assert_error(&s.get("/policies", None).await, 403, "FORBIDDEN");
        // Deleting through the endpoint.
        let del = s.send(s.request(reqwest::Method::DELETE, &format!("/permissions/{}", perm["id"])).bearer_auth(&token)).await;
        assert_eq!(del.status, 204, "{}", del.describe());
    })
    .await;
}

#[tokio::test]
async fn settings_are_one_object_read_by_app_users_and_written_by_administrators() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        let before = data(&s.get("/settings", t).await, 200);
        assert!(
            before.is_object(),
            "a singleton reads as one object: {before}"
        );
        assert_eq!(
            before["project_name"], "Strata",
            "bootstrap names the project"
        );
        let saved = data(
            &s.patch(
                "/settings",
                &json!({"project_name": "Acme", "project_color": "#112233"}),
                t,
            )
            .await,
            200,
        );
        assert_eq!(
            (
                saved["project_name"].clone(),
                saved["project_color"].clone()
            ),
            (json!("Acme"), json!("#112233"))
        );
        let info = data(&s.get("/server/info", None).await, 200);
        assert_eq!(info["project"]["project_name"], "Acme");

        // An app user reads them (Directus's minimal app permissions) but cannot change them.
        let policy = data(
            &s.post("/policies", &json!({"name": "App", "app_access": true}), t)
                .await,
            200,
        );
        let user = data(
            &s.post(
                "/users",
                &json!({"email": "app@example.com", "password": "app-user-pass"}),
                t,
            )
            .await,
            200,
        );
        data(
            &s.post(
                "/access",
                &json!({"user": user["id"], "policy": policy["id"]}),
                t,
            )
            .await,
            200,
        );
        let app = s.login_ok("app@example.com", "app-user-pass").await;
        let a = app["access_token"].as_str();
        assert_eq!(
            data(&s.get("/settings?fields=project_name", a).await, 200),
            json!({"project_name": "Acme"})
        );
        assert_error(
            &s.patch("/settings", &json!({"project_name": "Mine"}), a)
                .await,
            403,
            "FORBIDDEN",
        );
        assert_error(&s.get("/settings", None).await, 403, "FORBIDDEN");
    })
    .await;
}
