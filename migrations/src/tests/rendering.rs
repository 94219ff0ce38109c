//! Exact SQL per backend for a few tables, seeds and added columns (snapshot tests).

use crate::{
    Backend, PUBLIC_POLICY_ID, add_column, add_foreign_keys, column_sql_type, create_table,
    insert_seed, seed_exists_sql, seed_rows, system_table, system_tables,
};

fn table(name: &str) -> &'static crate::TableDef {
    system_table(name).unwrap_or_else(|| panic!("no table {name}"))
}

#[test]
fn sessions_on_sqlite_has_inline_foreign_keys() {
    let sessions = table("directus_sessions");
    assert_eq!(
        create_table(sessions, Backend::Sqlite),
        [
            r#"CREATE TABLE "directus_sessions" ( "token" varchar(64) NOT NULL PRIMARY KEY, "user" char(36), "expires" datetime NOT NULL, "ip" varchar(255), "user_agent" text, "share" char(36), "origin" varchar(255), "next_token" varchar(64), "oauth_client" varchar(255), FOREIGN KEY ("user") REFERENCES "directus_users" ("id") ON DELETE CASCADE, FOREIGN KEY ("share") REFERENCES "directus_shares" ("id") ON DELETE CASCADE, FOREIGN KEY ("oauth_client") REFERENCES "directus_oauth_clients" ("client_id") ON DELETE CASCADE )"#,
            r#"CREATE INDEX "directus_sessions_oauth_client_index" ON "directus_sessions" ("oauth_client")"#,
        ]
    );
    assert!(add_foreign_keys(sessions, Backend::Sqlite).is_empty());
}

#[test]
fn sessions_on_postgres() {
    let sessions = table("directus_sessions");
    assert_eq!(
        create_table(sessions, Backend::Postgres),
        [
            r#"CREATE TABLE "directus_sessions" ( "token" varchar(64) NOT NULL PRIMARY KEY, "user" uuid, "expires" timestamp with time zone NOT NULL, "ip" varchar(255), "user_agent" text, "share" uuid, "origin" varchar(255), "next_token" varchar(64), "oauth_client" varchar(255) )"#,
            r#"CREATE INDEX "directus_sessions_oauth_client_index" ON "directus_sessions" ("oauth_client")"#,
        ]
    );
    assert_eq!(
        add_foreign_keys(sessions, Backend::Postgres),
        [
            r#"ALTER TABLE "directus_sessions" ADD CONSTRAINT "directus_sessions_user_foreign" FOREIGN KEY ("user") REFERENCES "directus_users" ("id") ON DELETE CASCADE"#,
            r#"ALTER TABLE "directus_sessions" ADD CONSTRAINT "directus_sessions_share_foreign" FOREIGN KEY ("share") REFERENCES "directus_shares" ("id") ON DELETE CASCADE"#,
            r#"ALTER TABLE "directus_sessions" ADD CONSTRAINT "directus_sessions_oauth_client_foreign" FOREIGN KEY ("oauth_client") REFERENCES "directus_oauth_clients" ("client_id") ON DELETE CASCADE"#,
        ]
    );
}

#[test]
fn sessions_on_mysql() {
    let sessions = table("directus_sessions");
    assert_eq!(
        create_table(sessions, Backend::MySql),
        [
            "CREATE TABLE `directus_sessions` ( `token` varchar(64) NOT NULL PRIMARY KEY, `user` char(36) NULL, `expires` timestamp NOT NULL, `ip` varchar(255) NULL, `user_agent` text NULL, `share` char(36) NULL, `origin` varchar(255) NULL, `next_token` varchar(64) NULL, `oauth_client` varchar(255) NULL )",
            "CREATE INDEX `directus_sessions_oauth_client_index` ON `directus_sessions` (`oauth_client`)",
        ]
    );
    assert_eq!(
        add_foreign_keys(sessions, Backend::MySql)[0],
        "ALTER TABLE `directus_sessions` ADD CONSTRAINT `directus_sessions_user_foreign` FOREIGN KEY (`user`) REFERENCES `directus_users` (`id`) ON DELETE CASCADE"
    );
}

#[test]
fn auto_increment_keys_per_backend() {
    let permissions = table("directus_permissions");
    let first = |backend| create_table(permissions, backend).remove(0);
    assert!(first(Backend::Sqlite).contains(r#""id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,"#));
    assert!(first(Backend::Postgres).contains(r#""id" serial NOT NULL PRIMARY KEY,"#));
    assert!(
        first(Backend::MySql).contains("`id` int unsigned NOT NULL PRIMARY KEY AUTO_INCREMENT,")
    );
}

#[test]
fn defaults_per_backend() {
    let policies = table("directus_policies");
    let sql = |backend| create_table(policies, backend).remove(0);
    assert!(sql(Backend::Sqlite).contains(r#""app_access" boolean NOT NULL DEFAULT '0'"#));
    assert!(sql(Backend::Postgres).contains(r#""app_access" boolean NOT NULL DEFAULT FALSE"#));
    assert!(sql(Backend::MySql).contains("`app_access` tinyint(1) NOT NULL DEFAULT 0"));
    let activity = table("directus_activity");
    for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
        let create = create_table(activity, backend);
        assert!(
            create[0].contains("NOT NULL DEFAULT CURRENT_TIMESTAMP"),
            "{backend:?}"
        );
        assert!(
            create[1].contains("directus_activity_timestamp_index"),
            "{backend:?}"
        );
    }
}

#[test]
fn uniques_are_named_constraints() {
    let users = table("directus_users");
    let pg = create_table(users, Backend::Postgres);
    assert!(pg[0].contains(r#"CONSTRAINT "directus_users_email_unique" UNIQUE ("email")"#));
    let my = create_table(users, Backend::MySql);
    assert!(
        my[0].contains("UNIQUE KEY `directus_users_email_unique` (`email`)"),
        "{}",
        my[0]
    );
    let lite = create_table(users, Backend::Sqlite);
    assert!(
        lite.contains(
            &r#"CREATE UNIQUE INDEX "directus_users_email_unique" ON "directus_users" ("email")"#
                .to_string()
        )
    );
    let projects = create_table(table("directus_deployment_projects"), Backend::Postgres);
    assert!(projects[0].contains(
        r#"CONSTRAINT "directus_deployment_projects_deployment_external_id_unique" UNIQUE ("deployment", "external_id")"#
    ));
}

#[test]
fn revisions_indexes_skip_mysql() {
    let revisions = table("directus_revisions");
    assert_eq!(create_table(revisions, Backend::MySql).len(), 1);
    assert_eq!(create_table(revisions, Backend::Postgres).len(), 3);
}

#[test]
fn add_column_on_postgres_brings_its_constraints() {
    let sessions = table("directus_sessions");
    let column = sessions
        .column("oauth_client")
        .unwrap_or_else(|| panic!("column"));
    assert_eq!(
        add_column(sessions, column, Backend::Postgres),
        [
            r#"ALTER TABLE "directus_sessions" ADD COLUMN "oauth_client" varchar(255)"#,
            r#"CREATE INDEX "directus_sessions_oauth_client_index" ON "directus_sessions" ("oauth_client")"#,
            r#"ALTER TABLE "directus_sessions" ADD CONSTRAINT "directus_sessions_oauth_client_foreign" FOREIGN KEY ("oauth_client") REFERENCES "directus_oauth_clients" ("client_id") ON DELETE CASCADE"#,
        ]
    );
    let users = table("directus_users");
    let token = users.column("token").unwrap_or_else(|| panic!("column"));
    assert_eq!(
        add_column(users, token, Backend::MySql),
        [
            "ALTER TABLE `directus_users` ADD COLUMN `token` varchar(255) NULL",
            "ALTER TABLE `directus_users` ADD CONSTRAINT `directus_users_token_unique` UNIQUE (`token`)",
        ]
    );
}

#[test]
fn add_column_on_sqlite_respects_its_limits() {
    let sessions = table("directus_sessions");
    let column =
        |t: &'static crate::TableDef, name| t.column(name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(
        add_column(sessions, column(sessions, "oauth_client"), Backend::Sqlite),
        [
            r#"ALTER TABLE "directus_sessions" ADD COLUMN "oauth_client" varchar(255)"#,
            r#"CREATE INDEX "directus_sessions_oauth_client_index" ON "directus_sessions" ("oauth_client")"#,
        ]
    );
    let fields = table("directus_fields");
    assert_eq!(
        add_column(fields, column(fields, "searchable"), Backend::Sqlite),
        [r#"ALTER TABLE "directus_fields" ADD COLUMN "searchable" boolean NOT NULL DEFAULT '1'"#]
    );
    let files = table("directus_files");
    assert_eq!(
        add_column(files, column(files, "created_on"), Backend::Sqlite),
        [r#"ALTER TABLE "directus_files" ADD COLUMN "created_on" datetime"#]
    );
}

#[test]
fn public_policy_seed_per_backend() {
    let policy = seed_rows().iter().find(|r| r.table == "directus_policies");
    let policy = policy.unwrap_or_else(|| panic!("no policy seed"));
    assert_eq!(
        insert_seed(policy, Backend::Postgres),
        format!(
            r#"INSERT INTO "directus_policies" ("id", "name", "icon", "description", "ip_access", "enforce_tfa", "admin_access", "app_access") VALUES ('{PUBLIC_POLICY_ID}', '$t:public_label', 'public', '$t:public_description', NULL, FALSE, FALSE, FALSE)"#
        )
    );
    assert_eq!(
        seed_exists_sql(policy, Backend::MySql),
        format!("SELECT 1 FROM `directus_policies` WHERE `id` = '{PUBLIC_POLICY_ID}' LIMIT 1")
    );
    let access = seed_rows().iter().find(|r| r.table == "directus_access");
    let access = access.unwrap_or_else(|| panic!("no access seed"));
    assert_eq!(
        seed_exists_sql(access, Backend::Sqlite),
        format!(r#"SELECT 1 FROM "directus_access" WHERE "policy" = '{PUBLIC_POLICY_ID}' LIMIT 1"#)
    );
}

#[test]
fn settings_seed_draws_a_project_id() {
    let settings = seed_rows().iter().find(|r| r.table == "directus_settings");
    let settings = settings.unwrap_or_else(|| panic!("no settings seed"));
    let a = insert_seed(settings, Backend::Sqlite);
    let b = insert_seed(settings, Backend::Sqlite);
    assert!(
        a.starts_with(r#"INSERT INTO "directus_settings" ("id", "project_id","#),
        "{a}"
    );
    assert_ne!(a, b, "each install gets its own project id");
}

#[test]
fn every_table_renders_on_every_backend() {
    for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
        for table in system_tables() {
            let create = create_table(table, backend);
            assert!(create[0].starts_with("CREATE TABLE "), "{}", table.name);
            for column in table.columns.iter().filter(|c| !c.primary_key) {
                let added = add_column(table, column, backend);
                assert!(
                    added[0].contains(&column_sql_type(column.ty, backend)),
                    "{}",
                    column.name
                );
            }
        }
    }
}
