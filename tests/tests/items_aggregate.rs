//! `aggregate` + `groupBy` (spec §7) and `export` in every format. Data: the blog fixture
//! (posts.views = 10, 20, 0, 5; posts.author = 1, 1, 2, null).

use strata_tests::fixtures::{Blog, enc};
use strata_tests::*;

/// Rows sorted by their JSON text, for group results whose NULL group position varies per DB.
fn sorted(v: Value) -> Vec<Value> {
    let mut rows = v.as_array().cloned().unwrap_or_default();
    rows.sort_by_key(|r| r.to_string());
    rows
}

#[tokio::test]
async fn aggregate_functions() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let cases = [
            ("aggregate[count]=*", json!([{"count": 4}])),
            ("aggregate[count]=author", json!([{"count": {"author": 3}}])),
            (
                "aggregate[countDistinct]=author",
                json!([{"countDistinct": {"author": 2}}]),
            ),
            ("aggregate[countAll]=*", json!([{"countAll": 4}])),
            ("aggregate[sum]=views", json!([{"sum": {"views": 35}}])),
            (
                "aggregate[sumDistinct]=author",
                json!([{"sumDistinct": {"author": 3}}]),
            ),
            ("aggregate[avg]=views", json!([{"avg": {"views": 8.75}}])),
            (
                "aggregate[avgDistinct]=author",
                json!([{"avgDistinct": {"author": 1.5}}]),
            ),
            ("aggregate[min]=views", json!([{"min": {"views": 0}}])),
            ("aggregate[max]=views", json!([{"max": {"views": 20}}])),
            (
                "aggregate[max]=views,id",
                json!([{"max": {"views": 20, "id": 4}}]),
            ),
            (
                "aggregate[min]=views&aggregate[max]=views&filter[author][_eq]=1",
                json!([{"min": {"views": 10}, "max": {"views": 20}}]),
            ),
            (
                "aggregate[sum]=views&filter[views][_gt]=100",
                json!([{"sum": {"views": null}}]),
            ),
        ];
        let mut failures = Vec::new();
        for (q, want) in cases {
            let r = b.get(&format!("/items/posts?{q}")).await;
            if r.status != 200 || r.json()["data"] != want {
                failures.push(format!("{q}: want {want}, got {} {}", r.status, r.body));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        let q = enc(&json!({"max": ["views"], "count": ["*"]}).to_string());
        let got = b.data(&format!("/items/posts?aggregate={q}")).await;
        assert_eq!(got, json!([{"max": {"views": 20}, "count": 4}]));
        // Regular fields are dropped when aggregating.
        let got = b.data("/items/posts?fields=title&aggregate[count]=*").await;
        assert_eq!(got, json!([{"count": 4}]));
        assert_error(
            &b.get("/items/posts?aggregate[sum]=nope").await,
            403,
            "FORBIDDEN",
        );
    })
    .await;
}

#[tokio::test]
async fn group_by() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let got = b.data("/items/posts?aggregate[count]=*&groupBy=author").await;
        assert_eq!(
            sorted(got),
            sorted(json!([{"author": 1, "count": 2}, {"author": 2, "count": 1}, {"author": null, "count": 1}]))
        );
        let got = b
            .data("/items/posts?aggregate[sum]=views&groupBy=author&filter[author][_nnull]=true")
            .await;
        assert_eq!(
            got,
            json!([{"author": 1, "sum": {"views": 30}}, {"author": 2, "sum": {"views": 0}}])
        );
        let got = b
            .data("/items/comments?aggregate[count]=*&groupBy[]=approved")
            .await;
        assert_eq!(
            got,
            json!([{"approved": false, "count": 2}, {"approved": true, "count": 2}])
        );
        let got = b
            .data("/items/posts?aggregate[count]=*&groupBy=published,author&filter[author][_nnull]=true")
            .await;
        assert_eq!(
            sorted(got),
            sorted(json!([
                {"published": true, "author": 1, "count": 2},
                {"published": false, "author": 2, "count": 1}
            ]))
        );
        let got = b
            .data("/items/posts?aggregate[count]=*&groupBy=year(pub_date)&filter[pub_date][_nnull]=true")
            .await;
        assert_eq!(
            got,
            json!([{"pub_date_year": 2023, "count": 1}, {"pub_date_year": 2024, "count": 2}])
        );
        let got = b
            .data("/items/posts?aggregate[count]=*&groupBy=author&sort=-count&filter[author][_nnull]=true")
            .await;
        assert_eq!(got, json!([{"author": 1, "count": 2}, {"author": 2, "count": 1}]));
        assert_error(
            &b.get("/items/posts?aggregate[count]=*&groupBy=nope").await,
            403,
            "FORBIDDEN",
        );
    })
    .await;
}

/// One export: status, content type, attachment file name; returns the body.
async fn export(b: &Blog, format: &str, ctype: &str, ext: &str) -> String {
    let r = b
        .get(&format!(
            "/items/posts?export={format}&fields=id,title,published&sort=id&limit=2"
        ))
        .await;
    assert_status(&r, 200);
    assert_eq!(r.header("content-type").as_deref(), Some(ctype), "{format}");
    let disposition = r.header("content-disposition").unwrap_or_default();
    let re = regex::Regex::new(&format!(r#"^attachment; filename="posts [^"]+\.{ext}"$"#)).unwrap();
    assert!(re.is_match(&disposition), "{format}: {disposition}");
    r.body
}

#[tokio::test]
async fn export_formats() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let body = export(&b, "json", "application/json", "json").await;
        let v: Value = serde_json::from_str(&body).expect("json export parses");
        assert_eq!(
            v,
            json!([{"id": 1, "title": "Hello World", "published": true}, {"id": 2, "title": "Rust Tips", "published": true}])
        );
        for (format, ctype) in [("csv", "text/csv"), ("csv_utf8", "text/csv; charset=utf-8")] {
            let body = export(&b, format, ctype, "csv").await;
            let lines: Vec<String> = body
                .trim_start_matches('\u{feff}')
                .lines()
                .map(|l| l.replace('"', ""))
                .collect();
            assert_eq!(
                lines,
                vec!["id,title,published", "1,Hello World,true", "2,Rust Tips,true"],
                "{format}: {body}"
            );
        }
        let body = export(&b, "xml", "text/xml", "xml").await;
        assert!(body.starts_with("<?xml"), "{body}");
        let compact: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
        for part in ["<data>", "<id>1</id>", "<title>Hello World</title>", "<title>Rust Tips</title>"] {
            assert!(compact.contains(part), "xml lacks {part}: {body}");
        }
        assert_eq!(body.matches("<published>true</published>").count(), 2, "{body}");
        let body = export(&b, "yaml", "text/yaml", "yaml").await;
        let items: Vec<&str> = body.lines().filter(|l| l.starts_with('-')).collect();
        assert_eq!(items.len(), 2, "{body}");
        let unquoted = body.replace(['"', '\''], "");
        assert!(unquoted.contains("title: Hello World"), "{body}");
        assert!(unquoted.contains("title: Rust Tips"), "{body}");
        // The export honours the query.
        let r = b.get("/items/posts?export=json&fields=id&filter[author][_eq]=2").await;
        assert_eq!(serde_json::from_str::<Value>(&r.body).unwrap(), json!([{"id": 3}]));
        assert_error(&b.get("/items/posts?export=pdf").await, 400, "INVALID_QUERY");
    })
    .await;
}
