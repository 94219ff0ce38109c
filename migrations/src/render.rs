//! Renders table and column definitions to DDL for one backend with sea-query's schema builder.
//!
//! Names follow knex (what Directus's own migrations produce and later drop by name):
//! foreign keys `<table>_<column>_foreign`, unique constraints `<table>_<columns>_unique`,
//! indexes `<table>_<columns>_index`.

use sea_query::{
    ColumnType, Expr, ForeignKey as SqForeignKey, ForeignKeyAction, ForeignKeyCreateStatement,
    Index, IndexCreateStatement, Keyword, MysqlQueryBuilder, PostgresQueryBuilder,
    SqliteQueryBuilder, Table, TableAlterStatement, TableCreateStatement,
};

use crate::{Backend, ColType, ColumnDef, DefaultValue, OnDelete, TableDef};

/// The SQL type knex gives Directus for `ty` on `backend`.
pub fn column_sql_type(ty: ColType, backend: Backend) -> String {
    use Backend::{MySql, Postgres, Sqlite};
    match (ty, backend) {
        (ColType::Uuid, Postgres) => "uuid".into(),
        (ColType::Uuid, _) => "char(36)".into(),
        (ColType::String(n), _) => format!("varchar({n})"),
        (ColType::Text, _) => "text".into(),
        (ColType::Integer, MySql) => "int".into(),
        (ColType::UnsignedInteger, MySql) => "int unsigned".into(),
        (ColType::Integer | ColType::UnsignedInteger, _) => "integer".into(),
        (ColType::BigInteger, _) => "bigint".into(),
        (ColType::Boolean, MySql) => "tinyint(1)".into(),
        (ColType::Boolean, _) => "boolean".into(),
        (ColType::Timestamp, Postgres) => "timestamp with time zone".into(),
        (ColType::Timestamp, MySql) => "timestamp".into(),
        (ColType::DateTime, Postgres) => "timestamp without time zone".into(),
        (ColType::Timestamp | ColType::DateTime, _) => "datetime".into(),
        (ColType::Date, _) => "date".into(),
        (ColType::Time, Postgres) => "time without time zone".into(),
        (ColType::Time, _) => "time".into(),
        (ColType::Json, _) => "json".into(),
        (ColType::Float, Postgres) => "real".into(),
        (ColType::Float, MySql) => "float(8, 2)".into(),
        (ColType::Float, Sqlite) => "float".into(),
        (ColType::Decimal(p, s), _) => format!("decimal({p}, {s})"),
    }
}

/// Directus's index name (`getDefaultIndexName`): `<table>_<columns>_<kind>`, lower-cased.
/// The names of the system tables stay far below the 60-character limit where Directus hashes.
pub fn index_name(table: &str, columns: &[&str], kind: &str) -> String {
    let mut name = table.replace(['.', '-'], "_");
    for column in columns {
        name.push('_');
        name.push_str(column);
    }
    name.push('_');
    name.push_str(kind);
    name.to_lowercase()
}

/// `CREATE TABLE` plus its unique constraints and indexes. On SQLite the foreign keys are part of
/// the table (SQLite cannot add them later); on PostgreSQL and MySQL see [`add_foreign_keys`].
pub fn create_table(table: &TableDef, backend: Backend) -> Vec<String> {
    let mut create = Table::create();
    create.table(table.name);
    for column in table.columns {
        create.col(column_def(column, backend, false));
    }
    let mut statements = Vec::new();
    let uniques = unique_constraints(table);
    match backend {
        Backend::Sqlite => {
            for column in table.columns {
                if let Some(mut fk) = foreign_key(table, column) {
                    create.foreign_key(&mut fk);
                }
            }
            statements.push(build_create(&create, backend));
            for columns in &uniques {
                statements.push(build_index(&mut unique_index(table.name, columns), backend));
            }
        }
        Backend::Postgres | Backend::MySql => {
            for columns in &uniques {
                create.index(&mut unique_index(table.name, columns));
            }
            statements.push(build_create(&create, backend));
        }
    }
    for index in table.indexes {
        if !index.skip_on.contains(&backend) {
            statements.push(build_index(
                &mut plain_index(table.name, index.columns),
                backend,
            ));
        }
    }
    statements
}

/// `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY` for every reference of the table
/// (PostgreSQL, MySQL). Empty on SQLite, where [`create_table`] already declared them.
pub fn add_foreign_keys(table: &TableDef, backend: Backend) -> Vec<String> {
    if backend == Backend::Sqlite {
        return Vec::new();
    }
    table
        .columns
        .iter()
        .filter_map(|column| foreign_key(table, column))
        .map(|fk| build_foreign_key(&fk, backend))
        .collect()
}

/// `ALTER TABLE ... ADD COLUMN` for a table that exists without this column, plus the column's
/// unique constraint, indexes and (PostgreSQL, MySQL) foreign key. Not meant for primary keys
/// (a table always has its key) nor for multi-column uniques (only tables created whole have
/// them).
///
/// SQLite cannot add a column whose default is not a constant or that is `NOT NULL` without a
/// default: such a column is added nullable, without the `CURRENT_TIMESTAMP` default.
pub fn add_column(table: &TableDef, column: &ColumnDef, backend: Backend) -> Vec<String> {
    let mut alter = Table::alter();
    alter.table(table.name);
    alter.add_column(column_def(column, backend, true));
    let mut statements = vec![build_alter(&alter, backend)];
    if column.unique {
        let columns = [column.name];
        let mut index = unique_index(table.name, &columns);
        statements.push(match backend {
            Backend::Sqlite => build_index(&mut index, backend),
            Backend::Postgres => format!(
                "ALTER TABLE \"{}\" ADD CONSTRAINT \"{}\" UNIQUE (\"{}\")",
                table.name,
                index_name(table.name, &columns, "unique"),
                column.name
            ),
            Backend::MySql => format!(
                "ALTER TABLE `{}` ADD CONSTRAINT `{}` UNIQUE (`{}`)",
                table.name,
                index_name(table.name, &columns, "unique"),
                column.name
            ),
        });
    }
    for index in table.indexes {
        if index.columns == [column.name] && !index.skip_on.contains(&backend) {
            statements.push(build_index(
                &mut plain_index(table.name, index.columns),
                backend,
            ));
        }
    }
    if backend != Backend::Sqlite
        && let Some(fk) = foreign_key(table, column)
    {
        statements.push(build_foreign_key(&fk, backend));
    }
    statements
}

/// The sea-query column for `column`. `adding` marks `ALTER TABLE ADD COLUMN` (SQLite limits).
fn column_def(column: &ColumnDef, backend: Backend, adding: bool) -> sea_query::ColumnDef {
    let sql_type = if column.auto_increment && backend == Backend::Postgres {
        "serial".to_string()
    } else {
        column_sql_type(column.ty, backend)
    };
    let mut def = sea_query::ColumnDef::new_with_type(column.name, ColumnType::custom(sql_type));
    let mut default = column
        .default
        .and_then(|d| default_expr(d, column.ty, backend));
    let mut nullable = column.nullable;
    if adding && backend == Backend::Sqlite {
        if column.default == Some(DefaultValue::Now) {
            default = None;
        }
        if default.is_none() {
            nullable = true;
        }
    }
    if nullable {
        // Explicit NULL keeps MySQL from giving a `timestamp` column an implicit default.
        if backend == Backend::MySql {
            def.null();
        }
    } else {
        def.not_null();
    }
    if let Some(default) = default {
        def.default(default);
    }
    if column.primary_key {
        def.primary_key();
    }
    if column.auto_increment && backend != Backend::Postgres {
        def.auto_increment();
    }
    def
}

/// The default expression, or `None` where the backend cannot hold it (MySQL has no literal
/// defaults on `text`/`json`; Directus declares none there either).
fn default_expr(default: DefaultValue, ty: ColType, backend: Backend) -> Option<Expr> {
    if backend == Backend::MySql
        && matches!(ty, ColType::Text | ColType::Json)
        && !matches!(default, DefaultValue::Now | DefaultValue::Null)
    {
        return None;
    }
    Some(match default {
        // PostgreSQL keeps an explicit NULL default only on varchar columns for Directus.
        DefaultValue::Null if backend == Backend::Postgres && !matches!(ty, ColType::String(_)) => {
            return None;
        }
        // Lower-case like knex, which is what SQLite reports back as the default's text.
        DefaultValue::Null => Expr::Keyword(Keyword::Custom("null".into())),
        DefaultValue::Str(s) => Expr::val(s),
        // knex quotes every default on SQLite.
        DefaultValue::Int(i) if backend == Backend::Sqlite => Expr::val(i.to_string()),
        DefaultValue::Int(i) => Expr::val(i),
        DefaultValue::Float(f) => Expr::val(f),
        DefaultValue::Bool(b) => match backend {
            Backend::Postgres => Expr::val(b),
            // knex writes '1' / '0' on SQLite; MySQL stores booleans as tinyint(1).
            Backend::Sqlite => Expr::val(if b { "1" } else { "0" }),
            Backend::MySql => Expr::val(i64::from(b)),
        },
        DefaultValue::Now => Expr::current_timestamp(),
    })
}

fn on_delete_action(on_delete: OnDelete) -> Option<ForeignKeyAction> {
    match on_delete {
        OnDelete::NoAction => None,
        OnDelete::Cascade => Some(ForeignKeyAction::Cascade),
        OnDelete::SetNull => Some(ForeignKeyAction::SetNull),
        OnDelete::Restrict => Some(ForeignKeyAction::Restrict),
    }
}

fn foreign_key(table: &TableDef, column: &ColumnDef) -> Option<ForeignKeyCreateStatement> {
    let target = column.references?;
    let mut fk = SqForeignKey::create();
    fk.name(index_name(table.name, &[column.name], "foreign"))
        .from(table.name, column.name)
        .to(target.table, target.column);
    if let Some(action) = on_delete_action(target.on_delete) {
        fk.on_delete(action);
    }
    Some(fk)
}

/// Every unique constraint of the table: single columns first, then the composite ones.
fn unique_constraints(table: &TableDef) -> Vec<Vec<&'static str>> {
    let singles = table
        .columns
        .iter()
        .filter(|c| c.unique)
        .map(|c| vec![c.name]);
    singles
        .chain(table.uniques.iter().map(|cols| cols.to_vec()))
        .collect()
}

fn unique_index(table: &str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(index_name(table, columns, "unique"))
        .table(table.to_string())
        .unique();
    for column in columns {
        index.col(*column);
    }
    index
}

fn plain_index(table: &str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(index_name(table, columns, "index"))
        .table(table.to_string());
    for column in columns {
        index.col(*column);
    }
    index
}

fn build_create(create: &TableCreateStatement, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => create.to_string(SqliteQueryBuilder),
        Backend::Postgres => create.to_string(PostgresQueryBuilder),
        Backend::MySql => create.to_string(MysqlQueryBuilder),
    }
}

fn build_alter(alter: &TableAlterStatement, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => alter.to_string(SqliteQueryBuilder),
        Backend::Postgres => alter.to_string(PostgresQueryBuilder),
        Backend::MySql => alter.to_string(MysqlQueryBuilder),
    }
}

fn build_index(index: &mut IndexCreateStatement, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => index.to_string(SqliteQueryBuilder),
        Backend::Postgres => index.to_string(PostgresQueryBuilder),
        Backend::MySql => index.to_string(MysqlQueryBuilder),
    }
}

fn build_foreign_key(fk: &ForeignKeyCreateStatement, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => fk.to_string(SqliteQueryBuilder),
        Backend::Postgres => fk.to_string(PostgresQueryBuilder),
        Backend::MySql => fk.to_string(MysqlQueryBuilder),
    }
}
