//! The data model's metadata: collections, fields, relations, plus translations, extensions
//! and the record of applied migrations.

use super::{
    NAME_LEN, boolean, col, created_now, increments, integer, json, string, string_n, table, text,
    uuid, uuid_pk,
};
use crate::{ColType, OnDelete, TableDef};

pub(crate) const COLLECTIONS: TableDef = table(
    "directus_collections",
    &[
        string_n("collection", NAME_LEN).primary(),
        string_n("icon", 64),
        text("note"),
        string("display_template"),
        boolean("hidden").not_null().default_bool(false),
        boolean("singleton").not_null().default_bool(false),
        json("translations"),
        string_n("archive_field", 64),
        boolean("archive_app_filter").not_null().default_bool(true),
        string("archive_value"),
        string("unarchive_value"),
        string_n("sort_field", NAME_LEN),
        string("accountability").default_str("all"),
        string("color"),
        json("item_duplication_fields"),
        integer("sort"),
        string_n("group", NAME_LEN).references(
            "directus_collections",
            "collection",
            OnDelete::NoAction,
        ),
        string("collapse").not_null().default_str("open"),
        string("preview_url"),
        boolean("versioning").not_null().default_bool(false),
        string("status").not_null().default_str("active"),
        col("autosave_revision_interval", ColType::Float),
    ],
);

pub(crate) const FIELDS: TableDef = table(
    "directus_fields",
    &[
        increments(),
        string_n("collection", NAME_LEN).not_null(),
        string_n("field", NAME_LEN).not_null(),
        string_n("special", 64),
        string_n("interface", 64),
        json("options"),
        string_n("display", 64),
        json("display_options"),
        boolean("readonly").not_null().default_bool(false),
        boolean("hidden").not_null().default_bool(false),
        col("sort", ColType::UnsignedInteger),
        string_n("width", 30).default_str("full"),
        json("translations"),
        text("note"),
        json("conditions"),
        boolean("required").default_bool(false),
        string_n("group", NAME_LEN),
        json("validation"),
        text("validation_message"),
        boolean("searchable").not_null().default_bool(true),
    ],
);

pub(crate) const RELATIONS: TableDef = table(
    "directus_relations",
    &[
        increments(),
        string_n("many_collection", NAME_LEN).not_null(),
        string_n("many_field", NAME_LEN).not_null(),
        string_n("one_collection", NAME_LEN),
        string_n("one_field", NAME_LEN),
        string_n("one_collection_field", NAME_LEN),
        text("one_allowed_collections"),
        string_n("junction_field", NAME_LEN),
        string_n("sort_field", NAME_LEN),
        string("one_deselect_action")
            .not_null()
            .default_str("nullify"),
    ],
);

pub(crate) const TRANSLATIONS: TableDef = table(
    "directus_translations",
    &[
        uuid_pk("id"),
        string("language").not_null(),
        string("key").not_null(),
        text("value").not_null(),
    ],
);

/// Column order is Directus's: `id` replaced the former `name` key after `enabled` existed.
pub(crate) const EXTENSIONS: TableDef = table(
    "directus_extensions",
    &[
        boolean("enabled").not_null().default_bool(true),
        uuid_pk("id"),
        string("folder").not_null(),
        string("source").not_null(),
        uuid("bundle"),
    ],
);

pub(crate) const MIGRATIONS: TableDef = table(
    "directus_migrations",
    &[
        string("version").primary(),
        string("name").not_null(),
        created_now("timestamp"),
    ],
);
