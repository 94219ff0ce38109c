//! Tables new in Directus 12: deployments (migrations 20260204A, 20260211A: provider
//! connections, the projects found there and their runs) and the MCP OAuth server (20260512B:
//! registered clients, consents, authorization codes and issued tokens).

use super::{
    boolean, created_now, index, json, string, string_n, table, text, timestamp, user_created,
    uuid, uuid_pk,
};
use crate::{ColumnDef, OnDelete, TableDef};

pub(crate) const DEPLOYMENTS: TableDef = table(
    "directus_deployments",
    &[
        uuid_pk("id"),
        string("provider").not_null().unique(),
        text("credentials"),
        text("options"),
        created_now("date_created"),
        user_created(),
        json("webhook_ids"),
        string("webhook_secret"),
        timestamp("last_synced_at"),
    ],
);

pub(crate) const PROJECTS: TableDef = TableDef {
    uniques: &[&["deployment", "external_id"]],
    ..table(
        "directus_deployment_projects",
        &[
            uuid_pk("id"),
            uuid("deployment").not_null().references(
                "directus_deployments",
                "id",
                OnDelete::Cascade,
            ),
            string("external_id").not_null(),
            string("name").not_null(),
            created_now("date_created"),
            user_created(),
            string("url"),
            string("framework"),
            boolean("deployable").not_null().default_bool(true),
        ],
    )
};

pub(crate) const RUNS: TableDef = table(
    "directus_deployment_runs",
    &[
        uuid_pk("id"),
        uuid("project").not_null().references(
            "directus_deployment_projects",
            "id",
            OnDelete::Cascade,
        ),
        string("external_id").not_null(),
        string("target").not_null(),
        created_now("date_created"),
        user_created(),
        string("status"),
        string("url"),
        timestamp("started_at"),
        timestamp("completed_at"),
    ],
);

/// `client` columns: the registered client, deleted with it.
const fn client() -> ColumnDef {
    string("client")
        .not_null()
        .references("directus_oauth_clients", "client_id", OnDelete::Cascade)
}

/// `user` columns: the consenting user, deleted with it.
const fn user() -> ColumnDef {
    uuid("user")
        .not_null()
        .references("directus_users", "id", OnDelete::Cascade)
}

pub(crate) const CLIENTS: TableDef = TableDef {
    name: "directus_oauth_clients",
    columns: &[
        string("client_id").primary(),
        string_n("client_name", 200).not_null(),
        json("redirect_uris").not_null(),
        json("grant_types").not_null(),
        string("token_endpoint_auth_method")
            .not_null()
            .default_str("none"),
        string_n("client_secret_hash", 64),
        string_n("registration_type", 10)
            .not_null()
            .default_str("dcr"),
        text("client_uri"),
        text("logo_uri"),
        text("tos_uri"),
        text("policy_uri"),
        timestamp("metadata_fetched_at"),
        timestamp("metadata_expires_at"),
        string("metadata_etag"),
        created_now("date_created").not_null(),
    ],
    uniques: &[],
    indexes: &[index(&["date_created"], &[])],
};

pub(crate) const CONSENTS: TableDef = TableDef {
    name: "directus_oauth_consents",
    columns: &[
        uuid_pk("id"),
        user(),
        client(),
        string("redirect_uri").not_null(),
        string("scope"),
        timestamp("date_created").not_null(),
        timestamp("date_updated").not_null(),
    ],
    uniques: &[&["user", "client", "redirect_uri"]],
    indexes: &[index(&["client"], &[])],
};

pub(crate) const CODES: TableDef = TableDef {
    name: "directus_oauth_codes",
    columns: &[
        uuid_pk("id"),
        string_n("code_hash", 64).not_null().unique(),
        client(),
        user(),
        string("redirect_uri").not_null(),
        string("resource").not_null(),
        string_n("code_challenge", 128).not_null(),
        string_n("code_challenge_method", 10).not_null(),
        string("scope"),
        timestamp("expires_at").not_null(),
        timestamp("used_at"),
    ],
    uniques: &[],
    indexes: &[index(&["expires_at"], &[]), index(&["used_at"], &[])],
};

pub(crate) const TOKENS: TableDef = TableDef {
    name: "directus_oauth_tokens",
    columns: &[
        uuid_pk("id"),
        client(),
        user(),
        string_n("session", 64).not_null(),
        string_n("previous_session", 64),
        string("resource").not_null(),
        string_n("code_hash", 64).not_null(),
        string("scope"),
        timestamp("expires_at").not_null(),
        timestamp("date_created").not_null(),
    ],
    uniques: &[&["client", "user"]],
    indexes: &[
        index(&["session"], &[]),
        index(&["previous_session"], &[]),
        index(&["code_hash"], &[]),
        index(&["expires_at"], &[]),
    ],
};
