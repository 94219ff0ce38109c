//! The list of system tables in creation order, and the small const builders their data uses.
//!
//! Every table is the final state after all migrations of [`crate::DIRECTUS_RELEASE`]: the
//! columns of Directus's install seeds (`api/src/database/seeds/*.yaml`) with each later
//! `alterTable` applied, in the physical order a Directus-created database has them.

mod auth;
mod content;
mod files;
mod schema;
mod v12;

use crate::{Backend, ColType, ColumnDef, DefaultValue, ForeignKey, IndexDef, OnDelete, TableDef};

/// Longest table / column name Directus allows (`getTableNameMaxLength`): `varchar(64)` columns.
pub(crate) const NAME_LEN: u32 = 64;

static SYSTEM_TABLES: [TableDef; 33] = [
    schema::COLLECTIONS,
    auth::ROLES,
    auth::POLICIES,
    auth::USERS,
    auth::ACCESS,
    auth::PERMISSIONS,
    schema::FIELDS,
    schema::RELATIONS,
    files::FOLDERS,
    files::FILES,
    files::SETTINGS,
    content::ACTIVITY,
    content::VERSIONS,
    content::REVISIONS,
    content::COMMENTS,
    content::PRESETS,
    auth::SHARES,
    v12::CLIENTS,
    auth::SESSIONS,
    content::NOTIFICATIONS,
    content::DASHBOARDS,
    content::PANELS,
    content::FLOWS,
    content::OPERATIONS,
    schema::TRANSLATIONS,
    schema::EXTENSIONS,
    schema::MIGRATIONS,
    v12::DEPLOYMENTS,
    v12::PROJECTS,
    v12::RUNS,
    v12::CONSENTS,
    v12::CODES,
    v12::TOKENS,
];

/// Every system table, in creation order: a table comes after every other table it references.
pub fn system_tables() -> &'static [TableDef] {
    &SYSTEM_TABLES
}

/// The system table called `name`.
pub fn system_table(name: &str) -> Option<&'static TableDef> {
    SYSTEM_TABLES.iter().find(|t| t.name == name)
}

/// A table with no composite uniques and no extra indexes.
pub(crate) const fn table(name: &'static str, columns: &'static [ColumnDef]) -> TableDef {
    TableDef {
        name,
        columns,
        uniques: &[],
        indexes: &[],
    }
}

/// An index on one column, created on every backend except `skip_on`.
pub(crate) const fn index(
    columns: &'static [&'static str],
    skip_on: &'static [Backend],
) -> IndexDef {
    IndexDef { columns, skip_on }
}

/// A nullable column without default or constraint.
pub(crate) const fn col(name: &'static str, ty: ColType) -> ColumnDef {
    ColumnDef {
        name,
        ty,
        nullable: true,
        default: None,
        primary_key: false,
        auto_increment: false,
        unique: false,
        references: None,
    }
}

pub(crate) const fn uuid(name: &'static str) -> ColumnDef {
    col(name, ColType::Uuid)
}

/// knex `string(name)` without a length: `varchar(255)`.
pub(crate) const fn string(name: &'static str) -> ColumnDef {
    col(name, ColType::String(255))
}

pub(crate) const fn string_n(name: &'static str, len: u32) -> ColumnDef {
    col(name, ColType::String(len))
}

pub(crate) const fn text(name: &'static str) -> ColumnDef {
    col(name, ColType::Text)
}

pub(crate) const fn json(name: &'static str) -> ColumnDef {
    col(name, ColType::Json)
}

pub(crate) const fn integer(name: &'static str) -> ColumnDef {
    col(name, ColType::Integer)
}

pub(crate) const fn boolean(name: &'static str) -> ColumnDef {
    col(name, ColType::Boolean)
}

pub(crate) const fn timestamp(name: &'static str) -> ColumnDef {
    col(name, ColType::Timestamp)
}

/// knex `uuid(name).primary().notNullable()`.
pub(crate) const fn uuid_pk(name: &'static str) -> ColumnDef {
    uuid(name).primary()
}

/// knex `increments()`: an unsigned auto-increment integer key called `id`.
pub(crate) const fn increments() -> ColumnDef {
    ColumnDef {
        auto_increment: true,
        ..col("id", ColType::UnsignedInteger).primary()
    }
}

/// `date_created` / `date_updated`: knex `timestamp(name).defaultTo(knex.fn.now())`.
pub(crate) const fn created_now(name: &'static str) -> ColumnDef {
    timestamp(name).default(DefaultValue::Now)
}

/// `user_created`: a user reference set to NULL when the user is deleted.
pub(crate) const fn user_created() -> ColumnDef {
    uuid("user_created").references("directus_users", "id", OnDelete::SetNull)
}

impl ColumnDef {
    pub(crate) const fn not_null(self) -> Self {
        ColumnDef {
            nullable: false,
            ..self
        }
    }

    pub(crate) const fn primary(self) -> Self {
        ColumnDef {
            primary_key: true,
            nullable: false,
            ..self
        }
    }

    pub(crate) const fn unique(self) -> Self {
        ColumnDef {
            unique: true,
            ..self
        }
    }

    pub(crate) const fn default(self, value: DefaultValue) -> Self {
        ColumnDef {
            default: Some(value),
            ..self
        }
    }

    pub(crate) const fn default_str(self, value: &'static str) -> Self {
        self.default(DefaultValue::Str(value))
    }

    pub(crate) const fn default_bool(self, value: bool) -> Self {
        self.default(DefaultValue::Bool(value))
    }

    pub(crate) const fn references(
        self,
        table: &'static str,
        column: &'static str,
        on_delete: OnDelete,
    ) -> Self {
        ColumnDef {
            references: Some(ForeignKey {
                table,
                column,
                on_delete,
            }),
            ..self
        }
    }
}
