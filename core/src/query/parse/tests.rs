//! Sanitising tests for the list and scalar parameters, in every spelling a client uses, and
//! their error paths. Object-valued parameters are in `tests_objects.rs`.

use super::{ParseLimits, from_json, from_query_string};
use crate::error::ErrorCode;
use crate::model::query::{ExportFormat, MetaField, Query};
use serde_json::{Value, json};

pub(super) fn qs(raw: &str) -> Query {
    from_query_string(raw, &ParseLimits::default()).unwrap_or_else(|e| panic!("{raw}: {e}"))
}

pub(super) fn body(v: Value) -> Query {
    from_json(&v, &ParseLimits::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The full message of the INVALID_QUERY error `raw` must produce.
pub(super) fn qs_err(raw: &str) -> String {
    match from_query_string(raw, &ParseLimits::default()) {
        Ok(q) => panic!("{raw} parsed: {q:?}"),
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidQuery, "{raw}");
            assert_eq!(e.status(), 400);
            e.message
        }
    }
}

pub(super) fn body_err(v: Value) -> String {
    match from_json(&v, &ParseLimits::default()) {
        Ok(q) => panic!("{v} parsed: {q:?}"),
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidQuery, "{v}");
            e.message
        }
    }
}

fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| s.to_string()).collect())
}

#[test]
fn sdk_style_query_string() {
    let expected = Query {
        fields: strings(&["a", "b.c"]),
        filter: Some(json!({"x": {"_eq": 1}})),
        sort: strings(&["-a", "b"]),
        limit: Some(-1),
        meta: Some(vec![MetaField::TotalCount, MetaField::FilterCount]),
        ..Query::default()
    };
    let raw = r#"fields=a,b.c&filter={"x":{"_eq":1}}&sort=-a,b&limit=-1&meta=*"#;
    assert_eq!(qs(raw), expected);
    let encoded =
        "fields=a%2Cb.c&filter=%7B%22x%22%3A%7B%22_eq%22%3A1%7D%7D&sort=-a%2Cb&limit=-1&meta=%2A";
    assert_eq!(qs(encoded), expected);
}

#[test]
fn empty_unknown_and_access_token_are_ignored() {
    assert_eq!(qs(""), Query::default());
    assert_eq!(
        qs("access_token=abc&foo=bar&group=x&limitx=3"),
        Query::default()
    );
    assert_eq!(body(json!(null)), Query::default());
    assert_eq!(
        body(json!({"access_token": "t", "unknown": [1]})),
        Query::default()
    );
    assert_eq!(
        body_err(json!([1])),
        "Invalid query. \"query\" must be of type object."
    );
}

#[test]
fn fields_in_every_spelling() {
    let ab = strings(&["a", "b"]);
    for raw in [
        "fields=a,b",
        "fields[]=a&fields[]=b",
        "fields=a&fields=b",
        "fields[0]=a&fields[1]=b",
        "fields[1]=b&fields[0]=a",
        "fields[]=a,b",
        "fields= a , ,b ,",
        "fields%5B%5D=a&fields%5B%5D=b",
    ] {
        assert_eq!(qs(raw).fields, ab, "{raw}");
    }
    assert_eq!(body(json!({"fields": ["a", "b"]})).fields, ab);
    assert_eq!(body(json!({"fields": ["a,b"]})).fields, ab);
    assert_eq!(body(json!({"fields": "a,b"})).fields, ab);
    assert_eq!(
        qs("fields=id,json(data, a.b),*.*").fields,
        strings(&["id", "json(data, a.b)", "*.*"])
    );
    assert_eq!(qs("fields=").fields, None);
    assert_eq!(qs("fields=,").fields, None);
    assert_eq!(qs("fields").fields, None);
    let within_limit = vec!["fields[]=name"; 500].join("&");
    assert_eq!(qs(&within_limit).fields.map(|f| f.len()), Some(500));
    let csv = format!("fields={}", vec!["name"; 600].join(","));
    assert_eq!(qs(&csv).fields.map(|f| f.len()), Some(600));
}

#[test]
fn fields_errors() {
    let not_list = "Invalid query. \"fields\" must be a string or array.";
    assert_eq!(qs_err("fields[501]=name"), not_list);
    assert_eq!(qs_err("fields[500]=name"), not_list);
    assert_eq!(qs_err(&vec!["fields[]=name"; 502].join("&")), not_list);
    assert_eq!(qs_err(&vec!["fields=name"; 501].join("&")), not_list);
    assert_eq!(qs_err("fields[a]=name"), not_list);
    assert_eq!(body_err(json!({"fields": 5})), not_list);
    assert_eq!(body_err(json!({"fields": {"a": "b"}})), not_list);
    assert_eq!(
        qs_err("fields[0][a]=x"),
        "Invalid query. \"fields[0]\" must be a string."
    );
    assert_eq!(
        body_err(json!({"fields": ["id", 1]})),
        "Invalid query. \"fields[1]\" must be a string."
    );
}

#[test]
fn sort_and_group_by() {
    let sort = strings(&["-date", "title"]);
    for raw in [
        "sort=-date,title",
        "sort[]=-date&sort[]=title",
        "sort=-date&sort=title",
    ] {
        assert_eq!(qs(raw).sort, sort, "{raw}");
    }
    assert_eq!(body(json!({"sort": ["-date", "title"]})).sort, sort);
    assert_eq!(
        qs("groupBy=year(date),author").group_by,
        strings(&["year(date)", "author"])
    );
    assert_eq!(qs("groupBy[]=a&groupBy[]=b").group_by, strings(&["a", "b"]));
    assert_eq!(body(json!({"groupBy": ["a"]})).group_by, strings(&["a"]));
    assert_eq!(qs("group=a").group_by, None);
    assert_eq!(
        qs_err("sort[600]=id"),
        "Invalid query. \"sort\" must be a string or array."
    );
    assert_eq!(
        qs_err("groupBy[x]=id"),
        "Invalid query. \"groupBy\" must be a string or array."
    );
}

#[test]
fn limit_offset_page() {
    let q = qs("limit=25&offset=50&page=3");
    assert_eq!((q.limit, q.offset, q.page), (Some(25), Some(50), Some(3)));
    assert_eq!(qs("limit=-1").limit, Some(-1));
    assert_eq!(qs("limit=0&offset=0").limit, Some(0));
    assert_eq!(qs("limit=0&offset=0").offset, Some(0));
    assert_eq!(qs("limit=+7").limit, Some(7));
    assert_eq!(qs("limit=%2010%20").limit, Some(10));
    assert_eq!(qs("limit=10.0").limit, Some(10));
    let q = body(json!({"limit": 10, "offset": 2.0, "page": "2"}));
    assert_eq!((q.limit, q.offset, q.page), (Some(10), Some(2), Some(2)));
    let q = body(json!({"limit": null, "offset": null, "page": 0}));
    assert_eq!((q.limit, q.offset, q.page), (None, None, None));
    assert_eq!(qs("page=").page, None);
}

#[test]
fn limit_offset_page_errors() {
    let cases = [
        ("limit=abc", "\"limit\" must be a number"),
        ("limit=", "\"limit\" must be a number"),
        ("limit=1e3", "\"limit\" must be a number"),
        ("limit[]=5", "\"limit\" must be a number"),
        ("limit=1.5", "\"limit\" must be an integer"),
        ("limit=-2", "\"limit\" must be greater than or equal to -1"),
        (
            "limit=99999999999999999999",
            "\"limit\" must be a safe number",
        ),
        ("offset=-1", "\"offset\" must be greater than or equal to 0"),
        ("offset=x", "\"offset\" must be a number"),
        ("page=0", "\"page\" must be greater than or equal to 1"),
        ("page=-3", "\"page\" must be greater than or equal to 1"),
        ("page=two", "\"page\" must be a number"),
    ];
    for (raw, reason) in cases {
        assert_eq!(qs_err(raw), format!("Invalid query. {reason}."), "{raw}");
    }
    assert_eq!(
        body_err(json!({"limit": 2.5})),
        "Invalid query. \"limit\" must be an integer."
    );
    assert_eq!(
        body_err(json!({"limit": true})),
        "Invalid query. \"limit\" must be a number."
    );
    assert_eq!(
        body_err(json!({"offset": 1e300})),
        "Invalid query. \"offset\" must be a safe number."
    );
    assert_eq!(
        body_err(json!({"limit": i64::MIN})),
        "Invalid query. \"limit\" must be a safe number."
    );
}

#[test]
fn meta_values() {
    let both = Some(vec![MetaField::TotalCount, MetaField::FilterCount]);
    for raw in [
        "meta=*",
        "meta=total_count,filter_count",
        "meta[]=total_count&meta[]=filter_count",
        "meta=total_count&meta=filter_count&meta=total_count",
        "meta[]=*",
    ] {
        assert_eq!(qs(raw).meta, both, "{raw}");
    }
    assert_eq!(
        qs("meta=filter_count").meta,
        Some(vec![MetaField::FilterCount])
    );
    assert_eq!(
        body(json!({"meta": ["total_count"]})).meta,
        Some(vec![MetaField::TotalCount])
    );
    assert_eq!(qs("meta=").meta, None);
    assert_eq!(
        qs_err("meta=total_count,count"),
        "Invalid query. \"meta[1]\" must be one of [total_count, filter_count]."
    );
    assert_eq!(
        qs_err("meta[x]=total_count"),
        "Invalid query. \"meta\" must be a string or array."
    );
}

#[test]
fn export_search_version_backlink() {
    for f in ExportFormat::ALL {
        assert_eq!(qs(&format!("export={f}")).export, Some(f));
    }
    assert_eq!(
        qs_err("export=pdf"),
        "Invalid query. \"export\" must be one of [csv, csv_utf8, json, xml, yaml]."
    );
    assert!(qs_err("export[]=csv").contains("\"export\" must be one of"));

    assert_eq!(
        qs("search=hello+world").search.as_deref(),
        Some("hello world")
    );
    assert_eq!(qs("search=").search, None);
    assert_eq!(qs("search[]=a").search, None);

    let q = qs("version=draft");
    assert_eq!(
        (q.version.as_deref(), q.version_raw),
        (Some("draft"), Some(false))
    );
    assert_eq!(qs("version=draft&versionRaw").version_raw, Some(true));
    assert_eq!(qs("version=main&versionRaw=true").version_raw, Some(true));
    assert_eq!(qs("version=main&versionRaw=1").version_raw, Some(false));
    assert_eq!(
        body(json!({"version": "v1", "versionRaw": true})).version_raw,
        Some(true)
    );
    assert_eq!(qs("versionRaw=true").version_raw, None);
    assert_eq!(
        qs_err("version[]=a"),
        "Invalid query. \"version\" must be a string."
    );

    assert_eq!(qs("backlink=false").backlink, Some(false));
    assert_eq!(qs("backlink=true").backlink, Some(true));
    assert_eq!(qs("backlink").backlink, Some(true));
    assert_eq!(qs("backlink=0").backlink, Some(true));
    assert_eq!(body(json!({"backlink": false})).backlink, Some(false));
    assert_eq!(qs("").backlink, None);
}

#[test]
fn errors_render_like_directus() {
    let Err(e) = from_query_string("limit=abc", &ParseLimits::default()) else {
        panic!("limit=abc parsed");
    };
    let body = e.to_body();
    assert_eq!(
        body["errors"][0]["message"],
        "Invalid query. \"limit\" must be a number."
    );
    assert_eq!(body["errors"][0]["extensions"]["code"], "INVALID_QUERY");
    assert_eq!(
        body["errors"][0]["extensions"]["reason"],
        "\"limit\" must be a number"
    );
}

#[test]
fn custom_limits_apply_to_the_query_string() {
    let limits = ParseLimits {
        depth: 2,
        array_limit: 3,
        max_json_depth: 10,
    };
    let ok = from_query_string("fields[]=a&fields[]=b&fields[]=c", &limits);
    assert_eq!(ok.ok().and_then(|q| q.fields), strings(&["a", "b", "c"]));
    assert!(from_query_string("fields[]=a&fields[]=b&fields[]=c&fields[]=d", &limits).is_err());
    assert!(from_query_string("fields[3]=a", &limits).is_err());
    // Directus's black-box suite runs with QUERYSTRING_ARRAY_LIMIT=100.
    let suite = ParseLimits {
        array_limit: 100,
        ..ParseLimits::default()
    };
    assert!(from_query_string("fields[101]=name&fields[102]=name", &suite).is_err());
    assert!(from_query_string(&vec!["fields[]=name"; 102].join("&"), &suite).is_err());
    let ok = from_query_string(&format!("fields={}", vec!["name"; 102].join(",")), &suite);
    assert_eq!(ok.ok().and_then(|q| q.fields).map(|f| f.len()), Some(102));
    // Past `depth`, the rest of the key is one literal filter key.
    let q = from_query_string("filter[a][b][c][_eq]=1", &limits).map(|q| q.filter);
    assert_eq!(q.ok(), Some(Some(json!({"a": {"b": {"[c][_eq]": "1"}}}))));
}
