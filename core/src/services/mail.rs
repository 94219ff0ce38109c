//! Outgoing mail through SMTP or sendmail (lettre). Failures are logged, never shown to the
//! requester: password-reset requests must not reveal whether an account exists.

use crate::config::{EmailConfig, EmailTransport};
use crate::error::{Error, Result};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSendmailTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Sendmail(AsyncSendmailTransport<Tokio1Executor>),
}

pub struct Mailer {
    from: String,
    transport: Transport,
}

/// One message to send.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

/// A caller-chosen link base must be on its allow list (`*_URL_ALLOW_LIST`): otherwise mails
/// could carry tokens to any site. `refusal` is Directus's message for the case.
pub fn check_allowed(
    url: Option<&str>,
    allow_list: &[String],
    refusal: &str,
) -> crate::error::Result<()> {
    match url {
        Some(u) if !allow_list.iter().any(|a| a == u) => Err(crate::error::Error::invalid_payload(
            refusal.replace("{url}", u),
        )),
        _ => Ok(()),
    }
}

/// Where a mail's link points: the caller's `given` URL (already checked against its allow
/// list), else `path` under `PUBLIC_URL`.
pub fn link_base(public_url: &str, given: Option<&str>, path: &str) -> String {
    match given {
        Some(url) => url.to_string(),
        None => format!("{}{path}", public_url.trim_end_matches('/')),
    }
}

/// `base` with `token=<token>` added to its query: the link of a reset or invitation mail.
pub fn token_link(base: &str, token: &str) -> String {
    format!(
        "{base}{}token={token}",
        if base.contains('?') { '&' } else { '?' }
    )
}

/// Sends `mail` without waiting: a slow mail server must not show in response times (which
/// would also tell whether an account exists). Failures are logged with `what`.
pub fn send_in_background(mailer: std::sync::Arc<Mailer>, mail: Mail, what: &'static str) {
    tokio::spawn(async move {
        if let Err(e) = mailer.send(mail).await {
            tracing::warn!(error = %e, "{what} mail not sent");
        }
    });
}

impl Mailer {
    /// Like nodemailer: `EMAIL_SMTP_SECURE` means TLS from the first byte; otherwise STARTTLS
    /// whenever the server offers it, unless `EMAIL_SMTP_IGNORE_TLS`.
    pub fn new(cfg: &EmailConfig) -> Result<Mailer> {
        let transport = match &cfg.transport {
            EmailTransport::Smtp {
                host,
                port,
                user,
                password,
                secure,
                ignore_tls,
            } => {
                let params = || {
                    TlsParameters::new(host.clone()).map_err(|e| {
                        Error::service_unavailable("email", &format!("TLS setup for {host}: {e}"))
                    })
                };
                let tls = match (*secure, *ignore_tls) {
                    (true, _) => Tls::Wrapper(params()?),
                    (false, false) => Tls::Opportunistic(params()?),
                    (false, true) => Tls::None,
                };
                let mut builder =
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())
                        .port(*port)
                        .tls(tls);
                if let Some(user) = user {
                    builder =
                        builder.credentials(Credentials::new(user.clone(), password.0.clone()));
                }
                Transport::Smtp(builder.build())
            }
            EmailTransport::Sendmail { path } => {
                Transport::Sendmail(AsyncSendmailTransport::new_with_command(path))
            }
        };
        Ok(Mailer {
            from: cfg.from.clone(),
            transport,
        })
    }

    pub async fn send(&self, mail: Mail) -> Result<()> {
        let from: Mailbox = self
            .from
            .parse()
            .map_err(|e| Error::internal(format!("EMAIL_FROM: {e}")))?;
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| Error::internal(format!("recipient: {e}")))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text)
            .map_err(Error::internal)?;
        match &self.transport {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(Error::internal),
            Transport::Sendmail(t) => t.send(message).await.map_err(Error::internal),
        }
    }
}
