//! SQLite cannot alter a column's type, default or nullability, nor add or drop a foreign key:
//! such changes rebuild the table inside the caller's transaction, which runs with foreign keys
//! off (`Db::begin_schema_change`; with them on, SQLite would repoint other tables' references at
//! the renamed copy and cascade its drop into their rows). The old table is renamed away with
//! `legacy_alter_table` on, the new one is created from the introspected definition with the
//! change applied, rows are copied, the copy dropped, indexes recreated and references checked.

use super::ddl::{self, ColumnSpec, quote, string_literal};
use crate::db::{Backend, Tx};
use crate::error::{Error, Result};
use serde_json::Value;

const B: Backend = Backend::Sqlite;

/// What the rebuild changes.
pub enum Change<'a> {
    /// The column of that name takes this definition.
    Replace(&'a ColumnSpec),
    /// The column is removed (with its indexes and foreign key).
    Drop(&'a str),
    AddForeignKey {
        column: &'a str,
        table: &'a str,
        to: &'a str,
        on_delete: Option<&'a str>,
        on_update: Option<&'a str>,
    },
    DropForeignKey(&'a str),
}

struct Column {
    name: String,
    declared: String,
    notnull: bool,
    default_sql: Option<String>,
    pk: i64,
}

struct ForeignKey {
    column: String,
    table: String,
    to: String,
    on_update: String,
    on_delete: String,
}

fn text(row: &crate::db::Row, key: &str) -> String {
    match row.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn int(row: &crate::db::Row, key: &str) -> i64 {
    row.get(key).and_then(Value::as_i64).unwrap_or(0)
}

pub async fn rebuild(tx: &mut Tx, table: &str, change: Change<'_>) -> Result<()> {
    let lit = string_literal(B, table);
    let columns: Vec<Column> = tx
        .fetch_sql(&format!(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo({lit}) WHERE hidden = 0"
        ))
        .await?
        .iter()
        .map(|r| Column {
            name: text(r, "name"),
            declared: text(r, "type"),
            notnull: int(r, "notnull") != 0,
            default_sql: r
                .get("dflt_value")
                .and_then(Value::as_str)
                .map(str::to_string),
            pk: int(r, "pk"),
        })
        .collect();
    if columns.is_empty() {
        return Err(Error::forbidden());
    }
    let mut foreign_keys: Vec<ForeignKey> = tx
        .fetch_sql(&format!(
            "SELECT \"from\", \"table\", \"to\", on_update, on_delete FROM pragma_foreign_key_list({lit})"
        ))
        .await?
        .iter()
        .map(|r| ForeignKey {
            column: text(r, "from"),
            table: text(r, "table"),
            to: text(r, "to"),
            on_update: text(r, "on_update"),
            on_delete: text(r, "on_delete"),
        })
        .collect();
    let create_sql = tx
        .fetch_sql(&format!(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = {lit}"
        ))
        .await?
        .first()
        .map(|r| text(r, "sql"))
        .unwrap_or_default();
    let autoincrement = create_sql.to_uppercase().contains("AUTOINCREMENT");
    // Indexes written as statements come back as they were; UNIQUE column constraints
    // (auto-indexes without SQL) become constraints of the new table.
    let indexes = tx
        .fetch_sql(&format!(
            "SELECT i.sql AS sql, (SELECT group_concat(name) FROM pragma_index_info(i.name)) AS cols \
             FROM sqlite_master i WHERE i.type = 'index' AND i.tbl_name = {lit} AND i.sql IS NOT NULL"
        ))
        .await?;
    let unique_constraints: Vec<String> = tx
        .fetch_sql(&format!(
            "SELECT (SELECT group_concat(name) FROM pragma_index_info(l.name)) AS cols \
             FROM pragma_index_list({lit}) l WHERE l.origin = 'u'"
        ))
        .await?
        .iter()
        .map(|r| text(r, "cols"))
        .collect();

    let dropped = match &change {
        Change::Drop(c) => Some(*c),
        _ => None,
    };
    match &change {
        Change::DropForeignKey(c) | Change::Drop(c) => foreign_keys.retain(|f| f.column != *c),
        Change::AddForeignKey {
            column,
            table,
            to,
            on_delete,
            on_update,
        } => {
            foreign_keys.retain(|f| f.column != *column);
            foreign_keys.push(ForeignKey {
                column: column.to_string(),
                table: table.to_string(),
                to: to.to_string(),
                on_update: on_update.unwrap_or("NO ACTION").to_string(),
                on_delete: on_delete.unwrap_or("NO ACTION").to_string(),
            });
        }
        Change::Replace(_) => {}
    }
    let pk_count = columns.iter().filter(|c| c.pk > 0).count();
    let mut defs = Vec::new();
    let mut kept = Vec::new();
    for c in columns.iter().filter(|c| Some(c.name.as_str()) != dropped) {
        kept.push(quote(B, &c.name));
        if let Change::Replace(spec) = &change
            && spec.name == c.name
        {
            defs.push(ddl::column_definition(B, spec)?);
            continue;
        }
        let mut def = format!("{} {}", quote(B, &c.name), c.declared);
        if c.pk > 0 && pk_count == 1 {
            def.push_str(" NOT NULL PRIMARY KEY");
            if autoincrement {
                def.push_str(" AUTOINCREMENT");
            }
        } else {
            if let Some(d) = &c.default_sql {
                def.push_str(&format!(" DEFAULT {d}"));
            }
            if c.notnull {
                def.push_str(" NOT NULL");
            }
        }
        defs.push(def);
    }
    if pk_count > 1 {
        let mut pk: Vec<&Column> = columns.iter().filter(|c| c.pk > 0).collect();
        pk.sort_by_key(|c| c.pk);
        let names: Vec<String> = pk.iter().map(|c| quote(B, &c.name)).collect();
        defs.push(format!("PRIMARY KEY ({})", names.join(", ")));
    }
    for cols in &unique_constraints {
        if dropped.is_some_and(|d| cols.split(',').any(|c| c == d)) {
            continue;
        }
        let names: Vec<String> = cols.split(',').map(|c| quote(B, c)).collect();
        defs.push(format!("UNIQUE ({})", names.join(", ")));
    }
    for f in &foreign_keys {
        defs.push(format!(
            "FOREIGN KEY ({}) REFERENCES {} ({}) ON UPDATE {} ON DELETE {}",
            quote(B, &f.column),
            quote(B, &f.table),
            quote(B, &f.to),
            f.on_update,
            f.on_delete
        ));
    }

    let old = format!("{table}__strata_old");
    let cols = kept.join(", ");
    let mut steps = vec![
        "PRAGMA legacy_alter_table = ON".to_string(),
        format!(
            "ALTER TABLE {} RENAME TO {}",
            quote(B, table),
            quote(B, &old)
        ),
        format!("CREATE TABLE {} ({})", quote(B, table), defs.join(", ")),
        format!(
            "INSERT INTO {} ({cols}) SELECT {cols} FROM {}",
            quote(B, table),
            quote(B, &old)
        ),
        format!("DROP TABLE {}", quote(B, &old)),
    ];
    for index in &indexes {
        if dropped.is_some_and(|d| text(index, "cols").split(',').any(|c| c == d)) {
            continue;
        }
        steps.push(text(index, "sql"));
    }
    steps.push("PRAGMA legacy_alter_table = OFF".to_string());
    for sql in steps {
        tx.ddl(&sql).await?;
    }
    // Foreign keys are off during a schema change (`Db::begin_schema_change`), so the copied
    // rows and the tables pointing here are checked once, before anything is committed.
    let broken = tx
        .fetch_sql(&format!("PRAGMA foreign_key_check({lit})"))
        .await?;
    if !broken.is_empty() {
        return Err(Error::invalid_payload(format!(
            "Rebuilding \"{table}\" would break {} foreign key reference(s)",
            broken.len()
        )));
    }
    Ok(())
}
