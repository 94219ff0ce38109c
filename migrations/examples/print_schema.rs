//! Prints every statement for a fresh database, ready to pipe into `sqlite3`, `psql` or `mariadb`:
//! `cargo run -p strata-migrations --example print_schema -- <sqlite|postgres|mysql> [--record]`.
//!
//! Order: every `create_table`, then every `add_foreign_keys`, then the seed rows (this example
//! inserts them unconditionally: the database is new). `--record` also writes the Directus
//! migration versions into `directus_migrations`, as the runner does.

use strata_migrations::{
    Backend, DIRECTUS_MIGRATIONS, add_foreign_keys, create_table, insert_seed, seed_rows,
    system_tables,
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
    let record = args.any(|a| a == "--record");
    let mut statements = Vec::new();
    for table in system_tables() {
        statements.extend(create_table(table, backend));
    }
    for table in system_tables() {
        statements.extend(add_foreign_keys(table, backend));
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
