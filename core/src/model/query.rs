//! The query language as data: what a client asked for, before it meets the schema.
//!
//! Plain serde types (no I/O; compiles to wasm32). Field names serialise to the REST wire names
//! (`groupBy`, `versionRaw`), so `serde_json::to_value(&query)` can be fed back to
//! `query::parse::from_json` and yields the same `Query`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// One read request's parameters, sanitised but not yet checked against any schema.
/// `Query::default()` is the empty query (every parameter absent; the caller picks defaults
/// such as `fields = ["*"]` and `limit = QUERY_LIMIT_DEFAULT`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Query {
    /// Field paths (`title`, `author.name`, `*.*`, `year(date)`), trimmed, empty ones dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    /// The filter as JSON (an object; leaves from a query string are strings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Sort fields; a leading `-` means descending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Vec<String>>,
    /// `-1` means no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Aggregate function → fields (`["*"]` for `count=*`; empty for `countAll`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<BTreeMap<AggregateFn, Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Vec<String>>,
    /// Per-relation sub-queries: `{"rel": {"_limit": 3, "_filter": {..}, "sub": {"_sort": [..]}}}`.
    /// Each `_x` value is already sanitised like the top-level parameter `x`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deep: Option<Map<String, Value>>,
    /// New name → field (or function) it copies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Vec<MetaField>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export: Option<ExportFormat>,
    /// Content version key (`main`/`published` = the published item).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Set (true or false) only together with `version`, as Directus does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_raw: Option<bool>,
    /// `false`: in `*.*` expansion, skip the relation pointing back to the parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backlink: Option<bool>,
}

impl Query {
    /// True when the query aggregates (then regular fields are not selected).
    pub fn is_aggregate(&self) -> bool {
        self.aggregate.as_ref().is_some_and(|a| !a.is_empty())
    }
}

/// Aggregate functions, in their wire spelling (`countDistinct`, `avgDistinct`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AggregateFn {
    Count,
    CountDistinct,
    CountAll,
    Sum,
    SumDistinct,
    Avg,
    AvgDistinct,
    Min,
    Max,
}

impl AggregateFn {
    pub const ALL: [AggregateFn; 9] = [
        Self::Count,
        Self::CountDistinct,
        Self::CountAll,
        Self::Sum,
        Self::SumDistinct,
        Self::Avg,
        Self::AvgDistinct,
        Self::Min,
        Self::Max,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Count => "count",
            Self::CountDistinct => "countDistinct",
            Self::CountAll => "countAll",
            Self::Sum => "sum",
            Self::SumDistinct => "sumDistinct",
            Self::Avg => "avg",
            Self::AvgDistinct => "avgDistinct",
            Self::Min => "min",
            Self::Max => "max",
        }
    }

    /// The function named `name` on the wire (case-sensitive, like Directus).
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Counts a list read may add under `meta`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaField {
    TotalCount,
    FilterCount,
}

impl MetaField {
    /// What `meta=*` means.
    pub const ALL: [MetaField; 2] = [Self::TotalCount, Self::FilterCount];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::TotalCount => "total_count",
            Self::FilterCount => "filter_count",
        }
    }

    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// File formats of `?export=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Json,
    Csv,
    CsvUtf8,
    Xml,
    Yaml,
}

impl ExportFormat {
    /// Alphabetical, as listed in the validation message.
    pub const ALL: [ExportFormat; 5] =
        [Self::Csv, Self::CsvUtf8, Self::Json, Self::Xml, Self::Yaml];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::CsvUtf8 => "csv_utf8",
            Self::Xml => "xml",
            Self::Yaml => "yaml",
        }
    }

    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// File name extension of the download.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv | Self::CsvUtf8 => "csv",
            Self::Xml => "xml",
            Self::Yaml => "yaml",
        }
    }

    /// `Content-Type` of the download.
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv => "text/csv",
            Self::CsvUtf8 => "text/csv; charset=utf-8",
            Self::Xml => "text/xml",
            Self::Yaml => "text/yaml",
        }
    }
}

macro_rules! display_as_wire {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}
display_as_wire!(AggregateFn, MetaField, ExportFormat);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_query_serialises_to_empty_object() {
        assert_eq!(serde_json::to_value(Query::default()).ok(), Some(json!({})));
        let back: Query = serde_json::from_value(json!({})).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, Query::default());
    }

    #[test]
    fn wire_names_round_trip() {
        let q = Query {
            fields: Some(vec!["id".into()]),
            group_by: Some(vec!["year(date)".into()]),
            aggregate: Some(BTreeMap::from([
                (AggregateFn::CountDistinct, vec!["id".into()]),
                (AggregateFn::CountAll, vec![]),
            ])),
            meta: Some(vec![MetaField::TotalCount, MetaField::FilterCount]),
            export: Some(ExportFormat::CsvUtf8),
            version: Some("draft".into()),
            version_raw: Some(false),
            ..Query::default()
        };
        let v = serde_json::to_value(&q).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            v,
            json!({
                "fields": ["id"],
                "aggregate": {"countDistinct": ["id"], "countAll": []},
                "groupBy": ["year(date)"],
                "meta": ["total_count", "filter_count"],
                "export": "csv_utf8",
                "version": "draft",
                "versionRaw": false
            })
        );
        let back: Query = serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, q);
        assert!(back.is_aggregate());
    }

    #[test]
    fn enum_wire_names() {
        let names: Vec<_> = AggregateFn::ALL.iter().map(|f| f.to_string()).collect();
        assert_eq!(
            names,
            [
                "count",
                "countDistinct",
                "countAll",
                "sum",
                "sumDistinct",
                "avg",
                "avgDistinct",
                "min",
                "max"
            ]
        );
        for f in AggregateFn::ALL {
            assert_eq!(serde_json::to_value(f).ok(), Some(json!(f.as_str())));
            assert_eq!(AggregateFn::from_wire(f.as_str()), Some(f));
        }
        assert_eq!(AggregateFn::from_wire("COUNT"), None);
        assert_eq!(
            MetaField::from_wire("filter_count"),
            Some(MetaField::FilterCount)
        );
        assert_eq!(
            ExportFormat::from_wire("csv_utf8"),
            Some(ExportFormat::CsvUtf8)
        );
        assert_eq!(ExportFormat::CsvUtf8.extension(), "csv");
        assert_eq!(
            ExportFormat::CsvUtf8.content_type(),
            "text/csv; charset=utf-8"
        );
        assert_eq!(ExportFormat::from_wire("pdf"), None);
    }
}
