//! Prints every statement for a fresh database, ready to pipe into `sqlite3`, `psql` or `mariadb`:
//! `cargo run -p strata-migrations --example print_schema -- <sqlite|postgres|mysql> [--record]`.
//!
//! Order: every `create_table`, then every `add_foreign_keys`, then the seed rows (this example
//! inserts them unconditionally: the database is new). `--record` also writes the Directus
//! migration versions into `directus_migrations`, as the runner does. `--via-add-column` creates
//! each table with its primary key only and adds every other column with `add_column`, the path a
//! database made by an older Directus takes. `--add-column=<table>.<column>` (repeatable) prints
//! only `add_column` for those columns.

use strata_migrations::{
    Backend, DIRECTUS_MIGRATIONS, TableDef, add_column, add_foreign_keys, create_table,
    insert_seed, seed_rows, system_tables,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let backend = match args.next().as_deref() {
        Some("sqlite") => Backend::Sqlite,
        Some("postgres") => Backend::Postgres,
        Some("mysql") => Backend::MySql,
        _ => {
            eprintln!("usage: print_schema <sqlite|postgres|mysql> [--record]");
            std::process::exit(2);
        }
    };
    let flags: Vec<String> = args.collect();
    let record = flags.iter().any(|a| a == "--record");
    let via_add_column = flags.iter().any(|a| a == "--via-add-column");
    let mut statements = Vec::new();
    let picked: Vec<&str> = flags
        .iter()
        .filter_map(|f| f.strip_prefix("--add-column="))
        .collect();
    if !picked.is_empty() {
        for spec in picked {
            let found = spec.split_once('.').and_then(|(t, c)| {
                let table = system_tables().iter().find(|d| d.name == t)?;
                Some((table, table.column(c)?))
            });
            let Some((table, column)) = found else {
                eprintln!("unknown column {spec}");
                std::process::exit(2);
            };
            statements.extend(add_column(table, column, backend));
        }
        for statement in statements {
            println!("{statement};");
        }
        return;
    }
    if via_add_column {
        for table in system_tables() {
            let key: Vec<_> = table
                .columns
                .iter()
                .filter(|c| c.primary_key)
                .copied()
                .collect();
            let bare = TableDef {
                columns: Box::leak(key.into_boxed_slice()),
                uniques: &[],
                indexes: &[],
                ..*table
            };
            statements.extend(create_table(&bare, backend));
            for column in table.columns.iter().filter(|c| !c.primary_key) {
                statements.extend(add_column(table, column, backend));
            }
        }
    } else {
        for table in system_tables() {
            statements.extend(create_table(table, backend));
        }
        for table in system_tables() {
            statements.extend(add_foreign_keys(table, backend));
        }
    }
    for row in seed_rows() {
        statements.push(insert_seed(row, backend));
    }
    if record {
        for (version, name) in DIRECTUS_MIGRATIONS {
            statements.push(format!(
                "INSERT INTO directus_migrations (version, name) VALUES ('{version}', '{name}')"
            ));
        }
    }
    for statement in statements {
        println!("{statement};");
    }
}
