//! Field validation (spec §10): a field's `meta.validation` filter applies to every write of it,
//! administrators' too, answering FAILED_VALIDATION with the field's `validation_message`.

use strata_tests::*;

#[tokio::test]
async fn field_rules_apply_to_every_write() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        let fields = json!([
            {"field": "code", "type": "string", "meta": {"validation": {"code": {"_regex": "^[A-Z]{3}$"}},
                "validation_message": "Three capitals, please."}},
            {"field": "note", "type": "string"}
        ]);
        data(&s.post("/collections", &json!({"collection": "codes", "schema": {}, "fields": fields}), t).await, 200);

        let r = s.post("/items/codes", &json!({"code": "abc"}), t).await;
        let e = assert_error(&r, 400, "FAILED_VALIDATION");
        assert_eq!((e["message"].clone(), e["extensions"]["field"].clone()), (json!("Three capitals, please."), json!("code")));
        let made = data(&s.post("/items/codes", &json!({"code": "ABC"}), t).await, 200);
        let id = made["id"].clone();
        // Other fields are written without it; a change of the field is checked again.
        data(&s.patch(&format!("/items/codes/{id}"), &json!({"note": "free text"}), t).await, 200);
        assert_error(&s.patch(&format!("/items/codes/{id}"), &json!({"code": "x1"}), t).await, 400, "FAILED_VALIDATION");
        assert_eq!(data(&s.get(&format!("/items/codes/{id}?fields=code"), t).await, 200)["code"], "ABC");
    })
    .await;
}
