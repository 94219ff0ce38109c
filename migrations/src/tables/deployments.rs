//! Directus 12 deployments (migrations 20260204A, 20260211A): provider connections, the
//! projects found there and their runs.

use super::{boolean, created_now, json, string, table, text, timestamp, user_created, uuid_pk};
use crate::{OnDelete, TableDef};

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
            super::uuid("deployment").not_null().references(
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
        super::uuid("project").not_null().references(
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
