//! Directus-compatible system tables, declared once as data and rendered to SQL per backend.
//!
//! The runner lives in `strata-core` (`db::migrate`); this crate only knows what the tables are
//! and how to spell them for SQLite, PostgreSQL and MySQL/MariaDB.
//!
//! The declared schema is the final state of the Directus system tables after every migration of
//! [`DIRECTUS_RELEASE`] (the `directus_webhooks` table is gone, removed by migration `20251224A`).
//! A database created from these definitions, with [`DIRECTUS_MIGRATIONS`] recorded in
//! `directus_migrations`, can be opened by that Directus release without it re-running anything.
//!
//! How a runner uses this crate:
//! 1. for each table of [`system_tables`] (in order) that is missing: [`create_table`];
//! 2. for each existing table, each missing column: [`add_column`];
//! 3. for each table created in step 1: [`add_foreign_keys`] (empty on SQLite, where the keys are
//!    part of `CREATE TABLE`);
//! 4. for each row of [`seed_rows`]: run [`seed_exists_sql`], and [`insert_seed`] when it returns
//!    no row;
//! 5. record every missing version of [`DIRECTUS_MIGRATIONS`] and [`STRATA_SCHEMA_VERSION`].

mod directus_versions;
mod render;
mod seeds;
mod tables;

pub use directus_versions::{DIRECTUS_MIGRATIONS, DIRECTUS_RELEASE};
pub use render::{add_column, add_foreign_keys, column_sql_type, create_table, index_name};
pub use seeds::{PUBLIC_ACCESS_ID, PUBLIC_POLICY_ID, insert_seed, seed_exists_sql, seed_rows};
pub use tables::{system_table, system_tables};

/// Strata's own migration id for this whole set of system tables.
pub const STRATA_SCHEMA_VERSION: &str = "0001-directus-12-system-tables";

/// The SQL backend a statement is rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
    MySql,
}

/// One system table: its columns in Directus's physical order, plus table-level constraints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableDef {
    pub name: &'static str,
    pub columns: &'static [ColumnDef],
    /// Multi-column unique constraints, named `<table>_<col>_<col>_unique` like knex does.
    pub uniques: &'static [&'static [&'static str]],
    /// Plain (non-unique) indexes, named `<table>_<col>_index`.
    pub indexes: &'static [IndexDef],
}

impl TableDef {
    /// The column called `name`, if the table has one.
    pub fn column(&self, name: &str) -> Option<&'static ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The primary-key column (every system table has a single-column key).
    pub fn primary_key(&self) -> Option<&'static ColumnDef> {
        self.columns.iter().find(|c| c.primary_key)
    }
}

/// A non-unique index. Directus skips some of them on MySQL, where the foreign key on the same
/// column already brings an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexDef {
    pub columns: &'static [&'static str],
    pub skip_on: &'static [Backend],
}

/// One column. `unique` becomes a named constraint `<table>_<column>_unique`; `references`
/// becomes a named foreign key `<table>_<column>_foreign`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnDef {
    pub name: &'static str,
    pub ty: ColType,
    pub nullable: bool,
    pub default: Option<DefaultValue>,
    pub primary_key: bool,
    pub auto_increment: bool,
    pub unique: bool,
    pub references: Option<ForeignKey>,
}

/// Column types, named after the knex builder Directus uses (see [`column_sql_type`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// knex `uuid`: PG `uuid`, MySQL/SQLite `char(36)`.
    Uuid,
    /// knex `string(n)`: `varchar(n)`.
    String(u32),
    Text,
    /// knex `integer`.
    Integer,
    /// knex `integer().unsigned()` and `increments()`: `int unsigned` on MySQL, where a foreign
    /// key must match the unsigned primary key it points at.
    UnsignedInteger,
    BigInteger,
    Boolean,
    /// knex `timestamp` (with time zone on PG).
    Timestamp,
    /// knex `dateTime` (without time zone on PG).
    DateTime,
    Date,
    Time,
    Json,
    /// knex `float` (PG `real`, MySQL `float(8, 2)`).
    Float,
    Decimal(u8, u8),
}

/// A column default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    Str(&'static str),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// `CURRENT_TIMESTAMP` (knex `fn.now()`).
    Now,
    /// An explicit `DEFAULT NULL`, where Directus's migrations declared one (same meaning as no
    /// default; kept so introspection reads what it reads on a Directus-made database).
    Null,
}

/// A foreign key from a column to `table.column`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignKey {
    pub table: &'static str,
    pub column: &'static str,
    pub on_delete: OnDelete,
}

/// `ON DELETE` action; `NoAction` renders no clause (the database default), like knex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDelete {
    NoAction,
    Cascade,
    SetNull,
    Restrict,
}

/// A row that Directus's migrations insert and the API depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeedRow {
    pub table: &'static str,
    /// The row is inserted only if no row has this column equal to its value in `values`.
    pub key_column: &'static str,
    pub values: &'static [(&'static str, SeedValue)],
}

impl SeedRow {
    /// The value given for `column`, if any.
    pub fn value(&self, column: &str) -> Option<SeedValue> {
        self.values
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, v)| *v)
    }
}

/// A literal value of a seed row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SeedValue {
    Str(&'static str),
    Int(i64),
    Bool(bool),
    Null,
    /// A fresh UUIDv7, generated when the INSERT is rendered (Directus's `project_id`).
    NewUuidV7,
}

#[cfg(test)]
mod tests;
