//! Binding sea-query values to sqlx arguments for each driver (what sea-query-binder would do;
//! its release candidate does not build against sea-query 1.0).

use sea_query::{Value, Values};

/// The parameters of one built statement.
pub struct Params(pub Values);

/// One `match` over sea-query values, instantiated per driver so each `add` is type-checked
/// against that driver's `Encode` impls. Unsigned integers widen to i64 (PostgreSQL and SQLite
/// have no unsigned types); offset-aware times are bound in UTC.
macro_rules! into_arguments {
    ($db:ty, $args:ty, $uuid:expr, $array:path) => {
        impl<'q> sqlx::IntoArguments<'q, $db> for Params {
            fn into_arguments(self) -> $args {
                use sqlx::Arguments;
                let mut args = <$args>::default();
                for value in self.0 .0 {
                    let added = match value {
                        Value::Bool(v) => args.add(v),
                        Value::TinyInt(v) => args.add(v.map(i64::from)),
                        Value::SmallInt(v) => args.add(v.map(i64::from)),
                        Value::Int(v) => args.add(v.map(i64::from)),
                        Value::BigInt(v) => args.add(v),
                        Value::TinyUnsigned(v) => args.add(v.map(i64::from)),
                        Value::SmallUnsigned(v) => args.add(v.map(i64::from)),
                        Value::Unsigned(v) => args.add(v.map(i64::from)),
                        Value::BigUnsigned(v) => args.add(v.map(|v| i64::try_from(v).unwrap_or(i64::MAX))),
                        Value::Float(v) => args.add(v.map(f64::from)),
                        Value::Double(v) => args.add(v),
                        Value::String(v) => args.add(v),
                        Value::Char(v) => args.add(v.map(String::from)),
                        Value::Bytes(v) => args.add(v),
                        Value::Json(v) => args.add(v.map(|j| *j)),
                        Value::ChronoDate(v) => args.add(v),
                        Value::ChronoTime(v) => args.add(v),
                        Value::ChronoDateTime(v) => args.add(v),
                        Value::ChronoDateTimeUtc(v) => args.add(v),
                        Value::ChronoDateTimeLocal(v) => args.add(v.map(|t| t.with_timezone(&chrono::Utc))),
                        Value::ChronoDateTimeWithTimeZone(v) => args.add(v.map(|t| t.with_timezone(&chrono::Utc))),
                        Value::Uuid(v) => args.add(v.map($uuid)),
                        Value::Array(_, items) => $array(&mut args, items),
                        other => {
                            tracing::error!(value = ?other, "unsupported SQL parameter type; bound as NULL");
                            args.add(Option::<String>::None)
                        }
                    };
                    if let Err(e) = added {
                        tracing::error!(error = %e, "failed to bind SQL parameter");
                    }
                }
                args
            }
        }
    };
}

into_arguments!(
    sqlx::Sqlite,
    sqlx::sqlite::SqliteArguments<'q>,
    |u: uuid::Uuid| u.to_string(),
    no_array
);
into_arguments!(
    sqlx::Postgres,
    sqlx::postgres::PgArguments,
    |u: uuid::Uuid| u,
    pg_array
);
into_arguments!(
    sqlx::MySql,
    sqlx::mysql::MySqlArguments,
    |u: uuid::Uuid| u.to_string(),
    no_array
);

type BindResult = Result<(), sqlx::error::BoxDynError>;

/// Arrays exist only on PostgreSQL (`= ANY($1)` key lists); elsewhere nothing builds them.
// The boxed vector is sea-query's `Value::Array` payload, taken as it comes.
#[allow(clippy::box_collection)]
fn no_array<'q, A: sqlx::Arguments<'q>>(args: &mut A, _: Option<Box<Vec<Value>>>) -> BindResult
where
    Option<String>: sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
{
    tracing::error!("array parameter on a backend without arrays; bound as NULL");
    args.add(Option::<String>::None)
}

/// A PostgreSQL array of the elements' type (keys: integers, UUIDs or text).
#[allow(clippy::box_collection)]
fn pg_array(args: &mut sqlx::postgres::PgArguments, items: Option<Box<Vec<Value>>>) -> BindResult {
    use sqlx::Arguments;
    let items = items.map(|b| *b).unwrap_or_default();
    match items.first() {
        Some(Value::Uuid(_)) => args.add(
            items
                .into_iter()
                .filter_map(|v| if let Value::Uuid(u) = v { u } else { None })
                .collect::<Vec<uuid::Uuid>>(),
        ),
        Some(
            Value::BigInt(_)
            | Value::Int(_)
            | Value::SmallInt(_)
            | Value::TinyInt(_)
            | Value::Unsigned(_)
            | Value::BigUnsigned(_),
        ) => args.add(
            items
                .into_iter()
                .filter_map(|v| match v {
                    Value::BigInt(n) => n,
                    Value::Int(n) => n.map(i64::from),
                    Value::SmallInt(n) => n.map(i64::from),
                    Value::TinyInt(n) => n.map(i64::from),
                    Value::Unsigned(n) => n.map(i64::from),
                    Value::BigUnsigned(n) => n.and_then(|n| i64::try_from(n).ok()),
                    _ => None,
                })
                .collect::<Vec<i64>>(),
        ),
        Some(Value::Double(_) | Value::Float(_)) => args.add(
            items
                .into_iter()
                .filter_map(|v| match v {
                    Value::Double(n) => n,
                    Value::Float(n) => n.map(f64::from),
                    _ => None,
                })
                .collect::<Vec<f64>>(),
        ),
        _ => args.add(
            items
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) => s,
                    other => Some(format!("{other:?}")),
                })
                .collect::<Vec<String>>(),
        ),
    }
}
