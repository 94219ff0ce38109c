//! What happens to content: activity, revisions, content versions, comments, presets and
//! notifications.

use super::{
    NAME_LEN, col, created_now, increments, index, integer, json, string, string_n, table, text,
    user_created, uuid, uuid_pk,
};
use crate::{Backend, ColType, OnDelete, TableDef};

pub(crate) const ACTIVITY: TableDef = TableDef {
    // 20251028A: retention cleanup scans by timestamp.
    indexes: &[index(&["timestamp"], &[])],
    ..table(
        "directus_activity",
        &[
            increments(),
            string_n("action", 45).not_null(),
            uuid("user"),
            created_now("timestamp").not_null(),
            string_n("ip", 50),
            text("user_agent"),
            string_n("collection", NAME_LEN).not_null(),
            string("item").not_null(),
            string("origin"),
        ],
    )
};

pub(crate) const VERSIONS: TableDef = table(
    "directus_versions",
    &[
        uuid_pk("id"),
        string_n("key", 64).not_null(),
        string("name"),
        string_n("collection", NAME_LEN).not_null().references(
            "directus_collections",
            "collection",
            OnDelete::Cascade,
        ),
        string("item"),
        string("hash"),
        created_now("date_created"),
        created_now("date_updated"),
        user_created(),
        uuid("user_updated").references("directus_users", "id", OnDelete::NoAction),
        json("delta"),
    ],
);

pub(crate) const REVISIONS: TableDef = TableDef {
    // 20251028A / 20260113A; on MySQL the foreign keys already index both columns.
    indexes: &[index(&["parent"], &[Backend::MySql]), index(&["activity"], &[Backend::MySql])],
    ..table(
        "directus_revisions",
        &[
            increments(),
            col("activity", ColType::UnsignedInteger).not_null().references(
                "directus_activity",
                "id",
                OnDelete::Cascade,
            ),
            string_n("collection", NAME_LEN).not_null(),
            string("item").not_null(),
            json("data"),
            json("delta"),
            col("parent", ColType::UnsignedInteger).references(
                "directus_revisions",
                "id",
                OnDelete::NoAction,
            ),
            uuid("version").references("directus_versions", "id", OnDelete::Cascade),
        ],
    )
};

pub(crate) const COMMENTS: TableDef = table(
    "directus_comments",
    &[
        uuid_pk("id"),
        string_n("collection", NAME_LEN).not_null(),
        string("item").not_null(),
        text("comment").not_null(),
        created_now("date_created"),
        created_now("date_updated"),
        user_created(),
        uuid("user_updated").references("directus_users", "id", OnDelete::NoAction),
    ],
);

pub(crate) const PRESETS: TableDef = table(
    "directus_presets",
    &[
        increments(),
        string("bookmark"),
        uuid("user").references("directus_users", "id", OnDelete::Cascade),
        uuid("role").references("directus_roles", "id", OnDelete::Cascade),
        string_n("collection", NAME_LEN),
        string_n("search", 100),
        string_n("layout", 100).default_str("tabular"),
        json("layout_query"),
        json("layout_options"),
        integer("refresh_interval"),
        json("filter"),
        string_n("icon", 64).default_str("bookmark"),
        string("color"),
    ],
);

pub(crate) const NOTIFICATIONS: TableDef = table(
    "directus_notifications",
    &[
        increments(),
        created_now("timestamp"),
        string("status").default_str("inbox"),
        uuid("recipient").not_null().references("directus_users", "id", OnDelete::Cascade),
        uuid("sender").references("directus_users", "id", OnDelete::NoAction),
        string("subject").not_null(),
        text("message"),
        string_n("collection", NAME_LEN),
        string("item"),
    ],
);

