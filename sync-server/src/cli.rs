//! Command-line interface. Human-facing lines (first admin's credentials, the listening URL)
//! go to stdout; logs go to stderr.

use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand};
use std::sync::Arc;
use strata_core::App;
use strata_core::config::{Config, ensure_secrets};
use strata_core::db::migrate;
use strata_core::services::{bootstrap, roles, users};

#[derive(Parser, Debug)]
#[command(
    name = "strata",
    version,
    about = "Strata: a Directus-compatible data platform. Configured with Directus's environment variables (and .env)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Migrate if needed, bootstrap on first start, and serve the API (the default).
    Start,
    /// Create the system tables and the first admin user if the database is empty.
    Bootstrap,
    /// Database maintenance.
    Database {
        #[command(subcommand)]
        command: DatabaseCommand,
    },
    /// Manage users.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Manage roles.
    Roles {
        #[command(subcommand)]
        command: RolesCommand,
    },
    /// The data model as a snapshot file, and snapshot files applied to this database.
    Schema {
        #[command(subcommand)]
        command: SchemaCommand,
    },
}

#[derive(Subcommand, Debug)]
enum SchemaCommand {
    /// Write the data model to PATH (or stdout).
    Snapshot {
        path: Option<std::path::PathBuf>,
        /// `yaml` (the default, as Directus) or `json`; a `.json` path means json.
        #[arg(long, default_value = "yaml")]
        format: String,
        /// Overwrite PATH without asking.
        #[arg(short, long)]
        yes: bool,
    },
    /// Make this database's data model match the snapshot in PATH (YAML or JSON).
    Apply {
        path: std::path::PathBuf,
        /// Apply without asking.
        #[arg(short, long)]
        yes: bool,
        /// Print the plan and change nothing.
        #[arg(short, long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
enum DatabaseCommand {
    /// Apply pending system-table migrations.
    Migrate,
}

#[derive(Subcommand, Debug)]
enum UsersCommand {
    /// Create an active user.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        /// The role's id (uuid).
        #[arg(long)]
        role: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum RolesCommand {
    /// Create a role (with a policy of the same name); prints its id.
    Create {
        /// The role's name.
        #[arg(long)]
        role: String,
        /// Give the role admin access.
        #[arg(long)]
        admin: bool,
    },
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(match config.log_level.as_str() {
        "fatal" => "error",
        "trace" | "debug" | "info" | "warn" | "error" => config.log_level.as_str(),
        _ => "info",
    })
    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log_style == "raw" || config.log_style == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn connect() -> Result<App> {
    let mut config = Config::from_process().map_err(|e| anyhow!("{e}"))?;
    init_logging(&config);
    ensure_secrets(&mut config).context("cannot store KEY/SECRET in the data folder")?;
    App::connect(config)
        .await
        .map_err(|e| anyhow!("cannot connect to the database: {}", e.message))
}

pub async fn run(cli: Cli) -> Result<()> {
    match cli.command.unwrap_or(Command::Start) {
        Command::Start => start().await,
        Command::Bootstrap => {
            let app = connect().await?;
            run_bootstrap(&app).await
        }
        Command::Database {
            command: DatabaseCommand::Migrate,
        } => {
            let app = connect().await?;
            let report = migrate::run(&app.db)
                .await
                .map_err(|e| anyhow!("migration failed: {}", e.message))?;
            if report.is_noop() {
                println!("Database already up to date.");
            } else {
                println!(
                    "Created {} tables, added {} columns.",
                    report.tables_created.len(),
                    report.columns_added.len()
                );
            }
            Ok(())
        }
        Command::Users {
            command:
                UsersCommand::Create {
                    email,
                    password,
                    role,
                },
        } => {
            let app = connect().await?;
            let role = role.map(|r| uuid_arg(&r)).transpose()?;
            let id = users::create(
                &app.db,
                users::NewUser {
                    email,
                    password: Some(password),
                    role,
                    token: None,
                    first_name: None,
                    last_name: None,
                },
            )
            .await
            .map_err(|e| anyhow!("{}", e.message))?;
            println!("{id}");
            Ok(())
        }
        Command::Schema { command } => schema(command).await,
        Command::Roles {
            command: RolesCommand::Create { role, admin },
        } => {
            let app = connect().await?;
            let mut tx = app.db.begin().await.map_err(|e| anyhow!("{}", e.message))?;
            let new = roles::NewRole {
                name: &role,
                admin_access: admin,
                app_access: true,
                icon: "supervised_user_circle",
                description: None,
            };
            let id = roles::create_with_policy(&mut tx, new)
                .await
                .map_err(|e| anyhow!("{}", e.message))?;
            tx.commit().await.map_err(|e| anyhow!("{}", e.message))?;
            println!("{id}");
            Ok(())
        }
    }
}

async fn schema(command: SchemaCommand) -> Result<()> {
    let app = connect().await?;
    app.reload_schema()
        .await
        .map_err(|e| anyhow!("cannot read the schema: {}", e.message))?;
    match command {
        SchemaCommand::Snapshot { path, format, yes } => {
            let format = match path.as_deref().and_then(|p| p.extension()) {
                Some(e) if e == "json" => "json".to_string(),
                _ => format,
            };
            crate::schema_cli::snapshot(&app, path.as_deref(), &format, yes).await
        }
        SchemaCommand::Apply { path, yes, dry_run } => {
            crate::schema_cli::apply(&app, &path, yes, dry_run).await
        }
    }
}

fn uuid_arg(s: &str) -> Result<uuid::Uuid> {
    uuid::Uuid::parse_str(s).map_err(|_| anyhow!("--role must be a role id (uuid), got {s:?}"))
}

async fn run_bootstrap(app: &App) -> Result<()> {
    let outcome = bootstrap::run(app)
        .await
        .map_err(|e| anyhow!("bootstrap failed: {}", e.message))?;
    if let Some((email, generated)) = outcome.admin_created {
        println!("First admin created:");
        println!("  email:    {email}");
        match generated {
            Some(password) => println!("  password: {password}"),
            None => println!("  password: (from ADMIN_PASSWORD)"),
        }
    }
    Ok(())
}

async fn start() -> Result<()> {
    let app = connect().await?;
    run_bootstrap(&app).await?;
    app.reload_schema()
        .await
        .map_err(|e| anyhow!("cannot read the schema: {}", e.message))?;
    let cfg = &app.config;
    let listener = bind(&cfg.host, cfg.port).await?;
    let addr = listener.local_addr()?;
    let shown = match cfg.host.as_str() {
        "0.0.0.0" | "::" | "[::]" => "localhost".to_string(),
        h => h.to_string(),
    };
    println!("Strata listening on http://{shown}:{}", addr.port());
    let app = Arc::new(app);
    let _ = app
        .studio
        .set(strata_core::api::studio::assets(strata_studio_files::FILES));
    strata_core::api::serve(app.clone(), listener, shutdown_signal()).await?;
    app.db.close().await;
    Ok(())
}

/// `0.0.0.0` binds the dual-stack `[::]` where the system has IPv6, so both loopbacks answer.
async fn bind(host: &str, port: u16) -> Result<tokio::net::TcpListener> {
    if host == "0.0.0.0"
        && let Ok(l) = tokio::net::TcpListener::bind(("::", port)).await
    {
        return Ok(l);
    }
    tokio::net::TcpListener::bind((host, port))
        .await
        .with_context(|| format!("cannot listen on {host}:{port} (HOST/PORT)"))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
