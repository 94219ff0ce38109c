//! Sanitising tests for `filter`, `deep`, `alias` and `aggregate`: brackets, JSON strings, JSON
//! bodies, and every error path.

use super::tests::{body, body_err, qs, qs_err};
use crate::model::query::{AggregateFn, Query};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// `{"a": {"a": ... {"_eq": 1}}}` with `levels` objects in all.
fn nested_filter(levels: usize) -> Value {
    (1..levels).fold(json!({"_eq": 1}), |inner, _| json!({ "a": inner }))
}

#[test]
fn filter_spellings() {
    let expected = Some(json!({"title": {"_eq": "x"}, "id": {"_in": ["1", "2"]}}));
    assert_eq!(
        qs("filter[title][_eq]=x&filter[id][_in][]=1&filter[id][_in][]=2").filter,
        expected
    );
    assert_eq!(
        qs("filter[title][_eq]=x&filter[id][_in][0]=1&filter[id][_in][1]=2").filter,
        expected
    );
    assert_eq!(
        qs(r#"filter={"title":{"_eq":"x"},"id":{"_in":["1","2"]}}"#).filter,
        expected
    );
    assert_eq!(
        body(json!({"filter": {"title": {"_eq": "x"}, "id": {"_in": ["1", "2"]}}})).filter,
        expected
    );
    assert_eq!(
        body(json!({"filter": r#"{"n":{"_gt":5}}"#})).filter,
        Some(json!({"n": {"_gt": 5}}))
    );
    assert_eq!(
        qs("filter[_and][0][a][_eq]=1&filter[_and][1][_or][0][b][_null]=true").filter,
        Some(json!({"_and": [{"a": {"_eq": "1"}}, {"_or": [{"b": {"_null": "true"}}]}]}))
    );
    let many: Vec<_> = (0..30)
        .map(|i| format!("filter[id][_in][{i}]={i}"))
        .collect();
    let ids = qs(&many.join("&"))
        .filter
        .and_then(|f| f["id"]["_in"].as_array().map(Vec::len));
    assert_eq!(ids, Some(30));
    assert_eq!(qs("filter=").filter, None);
    assert_eq!(qs("filter={}").filter, Some(json!({})));
    assert_eq!(
        qs("filter[comments][_some][_or][0][a][_eq]=1").filter,
        Some(json!({"comments": {"_some": {"_or": [{"a": {"_eq": "1"}}]}}}))
    );
}

#[test]
fn filter_errors() {
    let invalid_json = "Invalid query. Invalid JSON for filter object.";
    assert_eq!(qs_err("filter={bad"), invalid_json);
    assert_eq!(qs_err(r#"filter={"a":1"#), invalid_json);
    assert_eq!(body_err(json!({"filter": "nope"})), invalid_json);
    let not_object = "Invalid query. \"filter\" must be of type object.";
    assert_eq!(qs_err("filter=[1]"), not_object);
    assert_eq!(qs_err("filter=5"), not_object);
    assert_eq!(qs_err("filter=null"), not_object);
    assert_eq!(qs_err("filter[0]=x"), not_object);
    assert_eq!(body_err(json!({"filter": [{"a": 1}]})), not_object);
    assert_eq!(
        qs_err("filter[_and][a][_eq]=1"),
        "Invalid query. \"_and\" has to be an array of filter objects."
    );
    assert_eq!(
        body_err(json!({"filter": {"_or": [1]}})),
        "Invalid query. \"_or\" has to be an array of filter objects."
    );
    assert_eq!(
        body_err(json!({"filter": {"author": {"_and": {"a": 1}}}})),
        "Invalid query. \"_and\" has to be an array of filter objects."
    );
    assert_eq!(
        body_err(json!({"filter": {"_and": [{"_or": "x"}]}})),
        "Invalid query. \"_or\" has to be an array of filter objects."
    );
    // Overflowing `_and` indices make an object, not an array.
    assert!(qs_err("filter[_and][600][a][_eq]=1").contains("\"_and\" has to be an array"));
}

#[test]
fn filter_depth() {
    let too_deep = "Invalid query. Max JSON query depth exceeded.";
    assert!(body(json!({"filter": nested_filter(10)})).filter.is_some());
    assert_eq!(body_err(json!({"filter": nested_filter(11)})), too_deep);
    let as_string = nested_filter(11).to_string();
    assert_eq!(body_err(json!({ "filter": as_string })), too_deep);
    // Arrays of `_and`/`_or` are free; other arrays count.
    let logical = json!({"_and": [{"_or": [{"_and": [nested_filter(7)]}]}]});
    assert!(body(json!({ "filter": logical })).filter.is_some());
    let listed = json!({"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"_in": [[1]]}}}}}}}}});
    assert_eq!(body_err(json!({ "filter": listed })), too_deep);
    // The deepest filter the query-string depth allows passes.
    let deepest = "filter[a][b][c][d][e][f][g][h][i][_eq]=1";
    assert!(qs(deepest).filter.is_some());
    let limits = super::ParseLimits {
        max_json_depth: 2,
        ..super::ParseLimits::default()
    };
    let err = super::from_query_string("filter[a][b][_eq]=1", &limits).err();
    assert_eq!(err.map(|e| e.message), Some(too_deep.to_string()));
}

#[test]
fn deep_spellings() {
    let expected = json!({
        "comments": {
            "_limit": 3,
            "_filter": {"approved": {"_eq": "true"}},
            "_sort": ["-date"],
            "author": {"_fields": ["id", "name"]}
        }
    });
    let raw = "deep[comments][_limit]=3&deep[comments][_filter][approved][_eq]=true\
               &deep[comments][_sort]=-date&deep[comments][author][_fields]=id,name";
    assert_eq!(qs(raw).deep, expected.as_object().cloned());
    let json_string = r#"{"comments":{"_limit":"3","_filter":"{\"approved\":{\"_eq\":\"true\"}}","_sort":"-date","author":{"_fields":["id","name"]}}}"#;
    assert_eq!(
        body(json!({ "deep": json_string })).deep,
        expected.as_object().cloned()
    );
    // Non-object relation values and unknown sub-parameters are dropped.
    assert_eq!(qs("deep[a]=x&deep[b][_nope]=1&deep[c][d]=y").deep, None);
    assert_eq!(
        qs("deep[a][_groupBy]=x&deep[b][_group]=y&deep[c][_aggregate][count]=*").deep,
        json!({
            "a": {"_groupBy": ["x"]},
            "b": {"_groupBy": ["y"]},
            "c": {"_aggregate": {"count": ["*"]}}
        })
        .as_object()
        .cloned()
    );
    assert_eq!(
        qs("deep[_limit]=2").deep,
        json!({"_limit": 2}).as_object().cloned()
    );
    // What comes out goes back in unchanged.
    let q = qs(raw);
    let round = body(serde_json::to_value(&q).unwrap_or_default());
    assert_eq!(round, q);
}

#[test]
fn deep_errors() {
    assert_eq!(
        qs_err("deep={oops"),
        "Invalid query. Invalid JSON for deep object."
    );
    assert_eq!(
        qs_err("deep=[1]"),
        "Invalid query. \"deep\" must be of type object."
    );
    assert_eq!(
        qs_err("deep[comments][_limit]=abc"),
        "Invalid query. \"deep[comments][_limit]\" must be a number."
    );
    assert_eq!(
        qs_err("deep[a][b][_page]=0"),
        "Invalid query. \"deep[a][b][_page]\" must be greater than or equal to 1."
    );
    assert_eq!(
        qs_err("deep[a][_filter]={x"),
        "Invalid query. Invalid JSON for filter object."
    );
    assert_eq!(
        qs_err("deep[a][_filter][_or][b]=1"),
        "Invalid query. \"_or\" has to be an array of filter objects."
    );
    let deep = (0..10).fold(json!({"_limit": 1}), |inner, _| json!({ "rel": inner }));
    assert_eq!(
        body_err(json!({ "deep": deep })),
        "Invalid query. Max JSON query depth exceeded."
    );
}

#[test]
fn alias_spellings_and_errors() {
    let expected = Some(BTreeMap::from([
        ("all".to_string(), "comments".to_string()),
        ("year".to_string(), "year(date)".to_string()),
    ]));
    assert_eq!(
        qs("alias[all]=comments&alias[year]=year(date)").alias,
        expected
    );
    assert_eq!(
        qs(r#"alias={"all":"comments","year":"year(date)"}"#).alias,
        expected
    );
    assert_eq!(
        body(json!({"alias": {"all": "comments", "year": "year(date)"}})).alias,
        expected
    );
    assert_eq!(
        qs("alias[color]=json(data, theme.color)").alias,
        Some(BTreeMap::from([(
            "color".to_string(),
            "json(data, theme.color)".to_string()
        )]))
    );
    assert_eq!(
        qs_err("alias={x"),
        "Invalid query. Invalid JSON for alias object."
    );
    assert_eq!(
        qs_err("alias=[1]"),
        "Invalid query. \"alias\" has to be an object."
    );
    assert_eq!(
        qs_err("alias[a][b]=c"),
        "Invalid query. \"alias\" value has to be a string. \"object\" given."
    );
    assert_eq!(
        body_err(json!({"alias": {"a": 1}})),
        "Invalid query. \"alias\" value has to be a string. \"number\" given."
    );
    let period = "Invalid query. \"alias\" key/value can't contain a period character `.`.";
    assert_eq!(qs_err("alias[a.b]=c"), period);
    assert_eq!(qs_err("alias[a]=author.name"), period);
    assert_eq!(qs_err("alias[a]=json(rel.data, x)"), period);
}

#[test]
fn aggregate_spellings_and_errors() {
    let count_star = Some(BTreeMap::from([(
        AggregateFn::Count,
        vec!["*".to_string()],
    )]));
    assert_eq!(qs("aggregate[count]=*").aggregate, count_star);
    assert_eq!(qs(r#"aggregate={"count":"*"}"#).aggregate, count_star);
    assert_eq!(
        body(json!({"aggregate": {"count": ["*"]}})).aggregate,
        count_star
    );
    let q = qs("aggregate[sum]=a,b&aggregate[countDistinct][]=id&aggregate[countAll]&groupBy=c");
    assert_eq!(
        q.aggregate,
        Some(BTreeMap::from([
            (AggregateFn::CountDistinct, vec!["id".to_string()]),
            (AggregateFn::CountAll, vec![]),
            (AggregateFn::Sum, vec!["a".to_string(), "b".to_string()]),
        ]))
    );
    assert!(q.is_aggregate());
    assert_eq!(body(json!({"aggregate": {"max": null}})).aggregate, None);
    assert_eq!(qs("aggregate=").aggregate, None);
    assert_eq!(
        qs_err("aggregate[median]=a"),
        "Invalid query. \"aggregate[median]\" is not a supported aggregate function."
    );
    assert_eq!(
        qs_err("aggregate={count"),
        "Invalid query. Invalid JSON for aggregate object."
    );
    assert_eq!(
        qs_err("aggregate=5"),
        "Invalid query. \"aggregate\" must be of type object."
    );
    assert_eq!(
        qs_err("aggregate[count][a]=id"),
        "Invalid query. \"aggregate[count]\" must be a string or array."
    );
    assert_eq!(
        body_err(json!({"aggregate": {"avg": [1]}})),
        "Invalid query. \"aggregate[avg][0]\" must be a string."
    );
}

#[test]
fn search_body_round_trips() {
    let q = body(json!({
        "fields": "id,title",
        "filter": {"_or": [{"a": {"_eq": 1}}, {"b": {"_null": true}}]},
        "search": "x",
        "sort": "-id",
        "limit": "5",
        "offset": 10,
        "page": 2,
        "aggregate": {"count": "*"},
        "groupBy": "year(date)",
        "deep": {"rel": {"_limit": 1}},
        "alias": {"n": "name"},
        "meta": "*",
        "export": "yaml",
        "version": "draft",
        "backlink": "false"
    }));
    assert_ne!(q, Query::default());
    let again = body(serde_json::to_value(&q).unwrap_or_default());
    assert_eq!(again, q);
}
