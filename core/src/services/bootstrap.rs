//! First start: migrate, then create the first administrator (from `ADMIN_EMAIL` /
//! `ADMIN_PASSWORD`, or `admin@example.com` with a random password shown once) and the settings
//! row. Running it again on an installed database changes nothing.

use super::{roles, users};
use crate::app::App;
use crate::db::{Row, migrate, values};
use crate::error::Result;
use rand::Rng;
use rand::distributions::Alphanumeric;
use sea_query::Query;

#[derive(Debug, Default)]
pub struct BootstrapOutcome {
    pub migration: migrate::MigrationReport,
    /// Set when this run created the first admin: (email, password if it was generated).
    pub admin_created: Option<(String, Option<String>)>,
}

pub async fn run(app: &App) -> Result<BootstrapOutcome> {
    let migration = migrate::run(&app.db).await?;
    let mut outcome = BootstrapOutcome {
        migration,
        admin_created: None,
    };
    if users::count(&app.db).await? > 0 {
        return Ok(outcome);
    }
    name_project(app).await?;
    let cfg = &app.config.bootstrap;
    let email = cfg
        .admin_email
        .clone()
        .unwrap_or_else(|| "admin@example.com".to_string());
    let (password, generated) = match &cfg.admin_password {
        Some(p) => (p.0.clone(), None),
        None => {
            let p: String = rand::thread_rng()
                .sample_iter(&Alphanumeric)
                .take(16)
                .map(char::from)
                .collect();
            (p.clone(), Some(p))
        }
    };
    let mut tx = app.db.begin().await?;
    let role = roles::create_with_policy(
        &mut tx,
        roles::NewRole {
            name: "Administrator",
            admin_access: true,
            app_access: true,
            icon: "verified",
            description: Some("$t:admin_description"),
        },
    )
    .await?;
    // Role, policy and user in one transaction: a bad ADMIN_EMAIL leaves nothing behind.
    users::create_in(
        &mut tx,
        users::NewUser {
            email: email.clone(),
            password: Some(password),
            role: Some(role),
            token: cfg.admin_token.as_ref().map(|t| t.0.clone()),
            first_name: Some("Admin".into()),
            last_name: Some("User".into()),
        },
    )
    .await?;
    tx.commit().await?;
    outcome.admin_created = Some((email, generated));
    Ok(outcome)
}

/// On first install, names the project `PROJECT_NAME` (default "Strata") in the settings
/// singleton, creating the row if the migrations did not.
async fn name_project(app: &App) -> Result<()> {
    let mut row = Row::new();
    let name = app
        .config
        .bootstrap
        .project_name
        .clone()
        .unwrap_or_else(|| "Strata".to_string());
    row.insert("project_name".into(), name.into());
    let q = Query::select()
        .column("id")
        .from("directus_settings")
        .limit(1)
        .to_owned();
    match app
        .db
        .fetch_optional(&q)
        .await?
        .and_then(|r| r.get("id").and_then(|v| v.as_i64()))
    {
        Some(id) => {
            app.db
                .execute(&values::update_row(
                    "directus_settings",
                    &row,
                    "id",
                    id.into(),
                    values::Casts::NONE,
                )?)
                .await?
        }
        None => {
            app.db
                .execute(&values::insert_row(
                    "directus_settings",
                    &row,
                    values::Casts::NONE,
                )?)
                .await?
        }
    };
    Ok(())
}
