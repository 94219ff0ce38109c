//! Directus field types and the mapping from database column types, per backend.

use crate::db::Backend;
use serde::{Serialize, Serializer};
use std::fmt;

/// A geometry subtype (`geometry.Point`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GeometryKind {
    Point,
    LineString,
    Polygon,
    MultiPoint,
    MultiLineString,
    MultiPolygon,
}

/// A Directus field type (spec §9): decides how values are read, written and filtered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Decimal,
    Float,
    Integer,
    Json,
    String,
    Text,
    Time,
    Timestamp,
    Binary,
    Uuid,
    Alias,
    Hash,
    Csv,
    /// `geometry`, or `geometry.<Kind>` when the column declares one.
    Geometry(Option<GeometryKind>),
    Unknown,
}

impl FieldType {
    /// The name Directus uses (`bigInteger`, `dateTime`, `geometry.Point`, ...).
    pub fn as_str(self) -> &'static str {
        use FieldType::*;
        match self {
            BigInteger => "bigInteger",
            Boolean => "boolean",
            Date => "date",
            DateTime => "dateTime",
            Decimal => "decimal",
            Float => "float",
            Integer => "integer",
            Json => "json",
            String => "string",
            Text => "text",
            Time => "time",
            Timestamp => "timestamp",
            Binary => "binary",
            Uuid => "uuid",
            Alias => "alias",
            Hash => "hash",
            Csv => "csv",
            Geometry(None) => "geometry",
            Geometry(Some(GeometryKind::Point)) => "geometry.Point",
            Geometry(Some(GeometryKind::LineString)) => "geometry.LineString",
            Geometry(Some(GeometryKind::Polygon)) => "geometry.Polygon",
            Geometry(Some(GeometryKind::MultiPoint)) => "geometry.MultiPoint",
            Geometry(Some(GeometryKind::MultiLineString)) => "geometry.MultiLineString",
            Geometry(Some(GeometryKind::MultiPolygon)) => "geometry.MultiPolygon",
            Unknown => "unknown",
        }
    }

    /// Integer, bigInteger, float or decimal.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::BigInteger | FieldType::Float | FieldType::Decimal
        )
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FieldType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn geometry_kind(name: &str) -> Option<Option<GeometryKind>> {
    Some(match name {
        "geometry" | "geography" | "geometrycollection" => None,
        "point" => Some(GeometryKind::Point),
        "linestring" => Some(GeometryKind::LineString),
        "polygon" => Some(GeometryKind::Polygon),
        "multipoint" => Some(GeometryKind::MultiPoint),
        "multilinestring" => Some(GeometryKind::MultiLineString),
        "multipolygon" => Some(GeometryKind::MultiPolygon),
        _ => return None,
    })
}

/// The Directus type of a column, from its lower-case base type (`data_type`), its declared type
/// (`column_type`, for `tinyint(1)`, `bit(1)` and `geometry(Point,4326)`) and its length.
pub fn map_db_type(
    backend: Backend,
    data_type: &str,
    column_type: &str,
    max_length: Option<u32>,
) -> FieldType {
    use FieldType::*;
    let data_type = data_type.trim().to_ascii_lowercase();
    let column_type = column_type.trim().to_ascii_lowercase();
    let base = data_type.strip_suffix(" unsigned").unwrap_or(&data_type);
    match base {
        "boolean" | "bool" => Boolean,
        "tinyint" if column_type.starts_with("tinyint(1)") => Boolean,
        "bit" if column_type == "bit(1)" || column_type == "bit" => Boolean,
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "int2" | "int4" | "serial"
        | "serial4" | "smallserial" | "serial2" | "year" => Integer,
        "bigint" | "int8" | "bigserial" | "serial8" => BigInteger,
        "real" | "float" | "float4" | "float8" | "double" | "double precision" | "money"
        | "smallmoney" => Float,
        "decimal" | "numeric" | "dec" | "fixed" => Decimal,
        "char" | "character" | "bpchar" | "nchar" if max_length == Some(36) => Uuid,
        "varchar" | "character varying" | "nvarchar" | "varchar2" | "nvarchar2" | "char"
        | "character" | "bpchar" | "nchar" | "name" | "enum" | "set" | "interval" => String,
        "text" | "tinytext" | "mediumtext" | "longtext" | "clob" | "ntext" | "citext"
        | "string" => Text,
        "uuid" | "uniqueidentifier" => Uuid,
        "date" => Date,
        "datetime" | "datetime2" | "smalldatetime" | "timestamp without time zone" => DateTime,
        "timestamp" | "timestamptz" | "timestamp with time zone" | "datetimeoffset" => Timestamp,
        "time" | "time without time zone" | "time with time zone" | "timetz" => Time,
        "json" | "jsonb" => Json,
        "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary" | "bytea"
        | "image" => Binary,
        other => {
            if let Some(kind) = geometry_kind(other) {
                // PostGIS: `geometry(Point,4326)` carries the subtype.
                let sub = column_type
                    .split_once('(')
                    .and_then(|(_, rest)| rest.split([',', ')']).next())
                    .and_then(|k| geometry_kind(k.trim()))
                    .flatten();
                return Geometry(kind.or(sub));
            }
            if backend == Backend::Sqlite {
                sqlite_affinity(other)
            } else {
                Unknown
            }
        }
    }
}

/// SQLite accepts any declared type; its affinity rules decide what the column holds.
fn sqlite_affinity(declared: &str) -> FieldType {
    if declared.contains("int") {
        FieldType::Integer
    } else if declared.contains("char") {
        FieldType::String
    } else if declared.contains("clob") || declared.contains("text") {
        FieldType::Text
    } else if declared.contains("blob") {
        FieldType::Binary
    } else if ["real", "floa", "doub"]
        .iter()
        .any(|t| declared.contains(t))
    {
        FieldType::Float
    } else {
        FieldType::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Backend::{MySql, Postgres, Sqlite};
    use FieldType::*;

    fn ty(backend: Backend, data_type: &str, column_type: &str, len: Option<u32>) -> FieldType {
        map_db_type(backend, data_type, column_type, len)
    }

    #[test]
    fn postgres_types() {
        let pg = |d: &str, len| ty(Postgres, d, d, len);
        assert_eq!(pg("integer", None), Integer);
        assert_eq!(pg("smallint", None), Integer);
        assert_eq!(pg("bigint", None), BigInteger);
        assert_eq!(pg("real", None), Float);
        assert_eq!(pg("double precision", None), Float);
        assert_eq!(pg("numeric", None), Decimal);
        assert_eq!(pg("character varying", Some(255)), String);
        assert_eq!(pg("character", Some(36)), Uuid);
        assert_eq!(pg("character", Some(10)), String);
        assert_eq!(pg("uuid", None), Uuid);
        assert_eq!(pg("text", None), Text);
        assert_eq!(pg("boolean", None), Boolean);
        assert_eq!(pg("timestamp with time zone", None), Timestamp);
        assert_eq!(pg("timestamp without time zone", None), DateTime);
        assert_eq!(pg("date", None), Date);
        assert_eq!(pg("time without time zone", None), Time);
        assert_eq!(pg("json", None), Json);
        assert_eq!(pg("jsonb", None), Json);
        assert_eq!(pg("bytea", None), Binary);
        assert_eq!(pg("integer[]", None), Unknown);
        assert_eq!(pg("inet", None), Unknown);
        assert_eq!(
            ty(Postgres, "geometry", "geometry(Point,4326)", None),
            Geometry(Some(GeometryKind::Point))
        );
        assert_eq!(ty(Postgres, "geometry", "geometry", None), Geometry(None));
        let point = Geometry(Some(GeometryKind::Point));
        assert_eq!(point.to_string(), "geometry.Point");
        assert_eq!(
            serde_json::json!(BigInteger),
            serde_json::json!("bigInteger")
        );
    }

    #[test]
    fn mysql_types() {
        assert_eq!(ty(MySql, "tinyint", "tinyint(1)", None), Boolean);
        assert_eq!(ty(MySql, "tinyint", "tinyint(4)", None), Integer);
        assert_eq!(ty(MySql, "int", "int(10) unsigned", None), Integer);
        assert_eq!(ty(MySql, "bigint", "bigint(20) unsigned", None), BigInteger);
        assert_eq!(ty(MySql, "float", "float(8,2)", None), Float);
        assert_eq!(ty(MySql, "double", "double", None), Float);
        assert_eq!(ty(MySql, "decimal", "decimal(10,2)", None), Decimal);
        assert_eq!(ty(MySql, "char", "char(36)", Some(36)), Uuid);
        assert_eq!(ty(MySql, "varchar", "varchar(36)", Some(36)), String);
        assert_eq!(ty(MySql, "longtext", "longtext", None), Text);
        assert_eq!(ty(MySql, "timestamp", "timestamp", None), Timestamp);
        assert_eq!(ty(MySql, "datetime", "datetime", None), DateTime);
        assert_eq!(ty(MySql, "json", "json", None), Json);
        assert_eq!(ty(MySql, "blob", "blob", None), Binary);
        assert_eq!(ty(MySql, "bit", "bit(1)", None), Boolean);
        assert_eq!(ty(MySql, "bit", "bit(8)", None), Unknown);
        assert_eq!(
            ty(MySql, "multipolygon", "multipolygon", None),
            Geometry(Some(GeometryKind::MultiPolygon))
        );
        assert_eq!(ty(MySql, "enum", "enum('a','b')", None), String);
    }

    #[test]
    fn sqlite_types() {
        let lite = |d: &str| ty(Sqlite, d, d, None);
        assert_eq!(lite("integer"), Integer);
        assert_eq!(lite("boolean"), Boolean);
        assert_eq!(lite("timestamp"), Timestamp);
        assert_eq!(lite("datetime"), DateTime);
        assert_eq!(lite("json"), Json);
        assert_eq!(lite("float"), Float);
        assert_eq!(lite("unsigned big int"), Integer);
        assert_eq!(lite("nvarchar"), String);
        assert_eq!(lite("native character"), String);
        assert_eq!(lite(""), Unknown);
        assert_eq!(ty(Sqlite, "char", "char(36)", Some(36)), Uuid);
    }
}
