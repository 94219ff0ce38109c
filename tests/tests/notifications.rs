//! Notifications (spec §15): a new notification is also mailed to its recipient (with a link to
//! the item it is about), unless the recipient turned notification mails off.

use std::time::Duration;
use strata_tests::*;

#[tokio::test]
async fn a_notification_reaches_its_recipient_by_mail() {
    for_each_db(|db| async move {
        let (mut sink, s, token) = SmtpSink::with_server(db).await;
        let t = Some(token.as_str());
        let reader = data(&s.post("/users", &json!({"email": "reader@example.com"}), t).await, 200);
        let quiet = data(&s.post("/users", &json!({"email": "quiet@example.com", "email_notifications": false}), t).await, 200);

        let note = json!({"recipient": reader["id"], "subject": "Have a look", "message": "A post needs review.",
            "collection": "directus_users", "item": reader["id"]});
        data(&s.post("/notifications", &note, t).await, 200);
        let mail = sink.wait_for_mail(Duration::from_secs(20)).await;
        assert_eq!(mail.to, vec!["reader@example.com".to_string()]);
        assert_eq!(mail.subject, "Have a look");
        let id = reader["id"].as_str().expect("id");
        assert!(mail.text.contains("A post needs review.") && mail.text.contains(&format!("http://strata.test/admin/content/directus_users/{id}")),
            "{mail:#?}");

        data(&s.post("/notifications", &json!({"recipient": quiet["id"], "subject": "Hush"}), t).await, 200);
        sink.assert_no_mail(Duration::from_secs(2)).await;
    })
    .await;
}
