//! Self-tests of the harness pieces that do not need the server: cookie parsing, JWT helpers,
//! the SMTP sink's decoding, database creation.

use std::time::Duration;

use strata_tests::*;

#[test]
fn cookie_parsing() {
    let c = Cookie::parse(
        "directus_refresh_token=abc=def; Max-Age=604800; Path=/; Expires=Wed, 03 Dec 2025 10:00:00 GMT; HttpOnly; SameSite=Lax",
    );
    assert_eq!(c.name, "directus_refresh_token");
    assert_eq!(c.value, "abc=def");
    assert!(c.has("HttpOnly"));
    assert!(!c.has("Secure"));
    assert_eq!(c.attr("max-age").as_deref(), Some("604800"));
    assert_eq!(c.attr("path").as_deref(), Some("/"));
    assert_eq!(c.pair(), "directus_refresh_token=abc=def");
}

#[test]
fn jwt_helpers_round_trip() {
    let claims = json!({"id": "x", "role": null, "iss": "directus", "exp": 4_000_000_000_i64});
    let token = sign_jwt(&claims, "secret");
    assert_eq!(jwt_claims(&token), claims);
    let tampered = tamper_signature(&token);
    assert_ne!(tampered, token);
    assert_eq!(
        jwt_claims(&tampered),
        claims,
        "tampering only touches the signature"
    );
}

#[tokio::test]
async fn smtp_sink_decodes_messages() {
    let mut sink = SmtpSink::start().await;
    // Send a quoted-printable multipart mail with Python's smtplib.
    let script = format!(
        r#"
import smtplib
from email.message import EmailMessage
m = EmailMessage()
m["From"] = "a@example.com"
m["To"] = "b@example.com"
m["Subject"] = "Héllo"
m.set_content("Visit https://x.test/reset?token=abc.def-ghi_jkl " + "x" * 100 + " é", cte="quoted-printable")
m.add_alternative("<p>html body</p>", subtype="html")
with smtplib.SMTP("127.0.0.1", {port}) as s:
    s.send_message(m)
"#,
        port = sink.port
    );
    let st = tokio::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .status()
        .await
        .expect("python3");
    assert!(st.success(), "sending the test mail failed");
    let mail = sink.wait_for_mail(Duration::from_secs(10)).await;
    assert_eq!(mail.to, vec!["b@example.com".to_string()]);
    assert_eq!(mail.subject, "Héllo");
    assert!(mail.from.contains("a@example.com"));
    assert!(
        mail.text
            .contains("https://x.test/reset?token=abc.def-ghi_jkl"),
        "{mail:#?}"
    );
    assert!(
        mail.text.contains(&"x".repeat(100)),
        "soft line breaks not decoded: {mail:#?}"
    );
    assert!(mail.html.contains("<p>html body</p>"), "{mail:#?}");
    sink.assert_no_mail(Duration::from_millis(300)).await;
}

#[tokio::test]
async fn databases_can_be_created() {
    for_each_db(|db| async move {
        let testdb = TestDb::new(db).await;
        let env = testdb.env();
        assert!(env.iter().any(|(k, _)| k == "DB_CLIENT"), "{env:?}");
        if db != Db::Sqlite {
            assert_eq!(
                testdb
                    .scalar_i64("SELECT COUNT(*) FROM (SELECT 1 AS x) t")
                    .await,
                1
            );
            assert!(
                testdb.columns().await.is_empty(),
                "fresh database has tables"
            );
        }
    })
    .await;
}

#[test]
fn argon2_vector_with_associated_data_is_password() {
    use argon2::PasswordVerifier;
    let hash = "$argon2id$v=19$m=65536,t=3,p=4,data=YWRhZGFkYWRhZGFkYWRhZA$c2FsdHNhbHRzYWx0c2FsdA$TEIIM4GBSUxvMLolL9ePXYP5G/qcr0vywQqqm/ILvsM";
    let parsed = argon2::PasswordHash::new(hash).expect("PHC string");
    assert!(
        argon2::Argon2::default()
            .verify_password(b"password", &parsed)
            .is_ok()
    );
    assert!(
        argon2::Argon2::default()
            .verify_password(b"other", &parsed)
            .is_err()
    );
}
