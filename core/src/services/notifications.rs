//! Notification mails: a new `directus_notifications` row reaches its recipient by mail too,
//! unless the recipient turned `email_notifications` off — with a link to the item it is about.

use crate::app::App;
use crate::services::mail::{Mail, send_in_background};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::Value;

/// Mails the recipients of the notifications `keys` (sent in the background).
pub async fn mail_new(app: &App, keys: &[Value]) -> crate::error::Result<()> {
    let ids: Vec<i64> = keys.iter().filter_map(Value::as_i64).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let q = Query::select()
        .columns([
            ("n", "subject"),
            ("n", "message"),
            ("n", "collection"),
            ("n", "item"),
        ])
        .columns([("u", "email"), ("u", "email_notifications")])
        .from_as("directus_notifications", "n")
        .join_as(
            sea_query::JoinType::InnerJoin,
            "directus_users",
            "u",
            Expr::col(("u", "id")).equals(("n", "recipient")),
        )
        .and_where(Expr::col(("n", "id")).is_in(ids))
        .to_owned();
    for row in app.db.fetch_all(&q).await? {
        // Unset means the default: mails wanted.
        let wanted = row.get("email_notifications").is_none_or(Value::is_null)
            || crate::auth::accountability::truthy(&row, "email_notifications");
        let Some(to) = row.get("email").and_then(Value::as_str).filter(|_| wanted) else {
            continue;
        };
        let text = |k: &str| {
            row.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let mut body = text("message");
        let (c, i) = (text("collection"), text("item"));
        if !c.is_empty() && !i.is_empty() {
            let link = crate::services::mail::link_base(
                &app.config.public_url,
                None,
                &format!("/admin/content/{c}/{i}"),
            );
            body.push_str(&format!("\n\n{link}"));
        }
        let mail = Mail {
            to: to.to_string(),
            subject: text("subject"),
            text: body,
        };
        send_in_background(app.mailer.clone(), mail, "notification");
    }
    Ok(())
}
