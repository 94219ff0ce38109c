//! Who may do what: users, roles, policies, access, permissions, sessions and shares.

use super::{
    NAME_LEN, boolean, created_now, increments, integer, json, string, string_n, table, text,
    timestamp, user_created, uuid, uuid_pk,
};
use crate::{ColType, ColumnDef, DefaultValue, OnDelete, TableDef};

pub(crate) const ROLES: TableDef = table(
    "directus_roles",
    &[
        uuid_pk("id"),
        string_n("name", 100).not_null(),
        string_n("icon", 64)
            .not_null()
            .default_str("supervised_user_circle"),
        text("description"),
        uuid("parent").references("directus_roles", "id", OnDelete::NoAction),
    ],
);

pub(crate) const POLICIES: TableDef = table(
    "directus_policies",
    &[
        uuid_pk("id"),
        string_n("name", 100).not_null(),
        string_n("icon", 64).not_null().default_str("badge"),
        text("description"),
        text("ip_access"),
        boolean("enforce_tfa").not_null().default_bool(false),
        boolean("admin_access").not_null().default_bool(false),
        boolean("app_access").not_null().default_bool(false),
    ],
);

pub(crate) const USERS: TableDef = table(
    "directus_users",
    &[
        uuid_pk("id"),
        string_n("first_name", 50),
        string_n("last_name", 50),
        string_n("email", 128).unique(),
        string("password"),
        string("location"),
        string_n("title", 50),
        text("description"),
        json("tags"),
        uuid("avatar"),
        string("language").default(DefaultValue::Null),
        string("tfa_secret"),
        string_n("status", 16).not_null().default_str("active"),
        uuid("role").references("directus_roles", "id", OnDelete::SetNull),
        string("token").unique(),
        timestamp("last_access"),
        string("last_page"),
        string_n("provider", 128).not_null().default_str("default"),
        string("external_identifier").unique(),
        json("auth_data"),
        boolean("email_notifications").default_bool(true),
        string("appearance"),
        string("theme_dark"),
        string("theme_light"),
        json("theme_light_overrides"),
        json("theme_dark_overrides"),
        string("text_direction").not_null().default_str("auto"),
    ],
);

pub(crate) const ACCESS: TableDef = table(
    "directus_access",
    &[
        uuid_pk("id"),
        uuid("role").references("directus_roles", "id", OnDelete::Cascade),
        uuid("user").references("directus_users", "id", OnDelete::Cascade),
        uuid("policy")
            .not_null()
            .references("directus_policies", "id", OnDelete::Cascade),
        integer("sort"),
    ],
);

pub(crate) const PERMISSIONS: TableDef = table(
    "directus_permissions",
    &[
        increments(),
        string_n("collection", NAME_LEN).not_null(),
        string_n("action", 10).not_null(),
        json("permissions"),
        json("validation"),
        json("presets"),
        text("fields"),
        uuid("policy")
            .not_null()
            .references("directus_policies", "id", OnDelete::Cascade),
    ],
);

pub(crate) const SHARES: TableDef = table(
    "directus_shares",
    &[
        uuid_pk("id"),
        string("name"),
        string_n("collection", NAME_LEN).not_null().references(
            "directus_collections",
            "collection",
            OnDelete::Cascade,
        ),
        string("item").not_null(),
        uuid("role").references("directus_roles", "id", OnDelete::Cascade),
        string("password"),
        user_created(),
        created_now("date_created"),
        timestamp("date_start").default(DefaultValue::Null),
        timestamp("date_end").default(DefaultValue::Null),
        integer("times_used").default(DefaultValue::Int(0)),
        integer("max_uses"),
    ],
);

const SESSION_COLUMNS: &[ColumnDef] = &[
    string_n("token", 64).primary(),
    uuid("user").references("directus_users", "id", OnDelete::Cascade),
    timestamp("expires").not_null(),
    string("ip"),
    text("user_agent"),
    uuid("share").references("directus_shares", "id", OnDelete::Cascade),
    string("origin"),
    string_n("next_token", 64),
    super::col("oauth_client", ColType::String(255)).references(
        "directus_oauth_clients",
        "client_id",
        OnDelete::Cascade,
    ),
];

pub(crate) const SESSIONS: TableDef = TableDef {
    indexes: &[super::index(&["oauth_client"], &[])],
    ..table("directus_sessions", SESSION_COLUMNS)
};
