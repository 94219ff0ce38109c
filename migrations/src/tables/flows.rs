//! Automation and insights: flows, their operations, dashboards and their panels.

use super::{
    boolean, created_now, integer, json, string, string_n, table, text, user_created, uuid,
    uuid_pk,
};
use crate::{DefaultValue, OnDelete, TableDef};

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
        uuid("dashboard").not_null().references("directus_dashboards", "id", OnDelete::Cascade),
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
        uuid("resolve").unique().references("directus_operations", "id", OnDelete::NoAction),
        uuid("reject").unique().references("directus_operations", "id", OnDelete::NoAction),
        uuid("flow").not_null().references("directus_flows", "id", OnDelete::Cascade),
        created_now("date_created"),
        user_created(),
    ],
);
