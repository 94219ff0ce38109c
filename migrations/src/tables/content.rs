//! What happens to content and around it: activity, revisions, content versions, comments,
//! presets, notifications, flows with their operations, dashboards with their panels.

use super::{
    NAME_LEN, boolean, col, created_now, increments, index, integer, json, string, string_n, table,
    text, user_created, uuid, uuid_pk,
};
use crate::{Backend, ColType, DefaultValue, OnDelete, TableDef};

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
    indexes: &[
        index(&["parent"], &[Backend::MySql]),
        index(&["activity"], &[Backend::MySql]),
    ],
    ..table(
        "directus_revisions",
        &[
            increments(),
            col("activity", ColType::UnsignedInteger)
                .not_null()
                .references("directus_activity", "id", OnDelete::Cascade),
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
        uuid("recipient")
            .not_null()
            .references("directus_users", "id", OnDelete::Cascade),
        uuid("sender").references("directus_users", "id", OnDelete::NoAction),
        string("subject").not_null(),
        text("message"),
        string_n("collection", NAME_LEN),
        string("item"),
    ],
);

pub(crate) const DASHBOARDS: TableDef = table(
    "directus_dashboards",
    &[
        uuid_pk("id"),
        string("name").not_null(),
        string_n("icon", 64).not_null().default_str("dashboard"),
        text("note"),
        created_now("date_created"),
        user_created(),
        string("color"),
    ],
);

pub(crate) const PANELS: TableDef = table(
    "directus_panels",
    &[
        uuid_pk("id"),
        uuid("dashboard")
            .not_null()
            .references("directus_dashboards", "id", OnDelete::Cascade),
        string("name"),
        string_n("icon", 64).default(DefaultValue::Null),
        string_n("color", 10),
        boolean("show_header").not_null().default_bool(false),
        text("note"),
        string("type").not_null(),
        integer("position_x").not_null(),
        integer("position_y").not_null(),
        integer("width").not_null(),
        integer("height").not_null(),
        json("options"),
        created_now("date_created"),
        user_created(),
    ],
);

pub(crate) const FLOWS: TableDef = table(
    "directus_flows",
    &[
        uuid_pk("id"),
        string("name").not_null(),
        string_n("icon", 64),
        string("color"),
        text("description"),
        string("status").not_null().default_str("active"),
        string("trigger"),
        string("accountability").default_str("all"),
        json("options"),
        uuid("operation").unique(),
        created_now("date_created"),
        user_created(),
        uuid("folder").references("directus_folders", "id", OnDelete::SetNull),
    ],
);

pub(crate) const OPERATIONS: TableDef = table(
    "directus_operations",
    &[
        uuid_pk("id"),
        string("name"),
        string("key").not_null(),
        string("type").not_null(),
        integer("position_x").not_null(),
        integer("position_y").not_null(),
        json("options"),
        uuid("resolve")
            .unique()
            .references("directus_operations", "id", OnDelete::NoAction),
        uuid("reject")
            .unique()
            .references("directus_operations", "id", OnDelete::NoAction),
        uuid("flow")
            .not_null()
            .references("directus_flows", "id", OnDelete::Cascade),
        created_now("date_created"),
        user_created(),
    ],
);
