//! Geometry fields (spec §8, §9): GeoJSON in and out, and the `_intersects`,
//! `_nintersects`, `_intersects_bbox`, `_nintersects_bbox` filters — PostGIS on PostgreSQL,
//! MariaDB's spatial functions, and Strata's own functions over GeoJSON text on SQLite.

use strata_tests::fixtures::enc;
use strata_tests::*;

fn table_sql(db: Db) -> Vec<&'static str> {
    match db {
        Db::Postgres => vec![
            "CREATE EXTENSION IF NOT EXISTS postgis",
            "CREATE TABLE places (id serial primary key, name varchar(100) NOT NULL, \
             location geometry(Point, 4326) NULL, area geometry NULL)",
            "INSERT INTO places (name, location) VALUES ('by sql', ST_GeomFromText('POINT(50 50)', 4326))",
        ],
        Db::Mysql => vec![
            "CREATE TABLE places (id int auto_increment primary key, name varchar(100) NOT NULL, \
             location point NULL, area geometry NULL)",
            "INSERT INTO places (name, location) VALUES ('by sql', ST_GeomFromText('POINT(50 50)'))",
        ],
        Db::Sqlite => vec![
            "CREATE TABLE places (id integer primary key autoincrement, name varchar(100) NOT NULL, \
             location point NULL, area geometry NULL)",
            "INSERT INTO places (name, location) VALUES ('by sql', '{\"type\":\"Point\",\"coordinates\":[50,50]}')",
        ],
    }
}

fn point(x: i64, y: i64) -> Value {
    json!({"type": "Point", "coordinates": [x, y]})
}

const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}"#;

#[tokio::test]
async fn geometry_reads_writes_and_filters() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        for sql in table_sql(db) {
            s.db.execute(sql).await;
        }
        let token = s.admin_login().await;
        let t = Some(token.as_str());

        // Written as GeoJSON objects (or JSON strings), read back as GeoJSON objects.
        let diagonal = json!({"type": "LineString", "coordinates": [[0, 0], [10, 10]]});
        let created = data(
            &s.post(
                "/items/places",
                &json!([
                    {"name": "inside", "location": point(5, 5), "area": diagonal},
                    {"name": "outside", "location": point(20, 5)},
                    {"name": "nowhere", "location": null},
                    {"name": "as string", "location": point(9, 1).to_string()},
                ]),
                t,
            )
            .await,
            200,
        );
        assert_eq!(created[0]["location"], point(5, 5));
        assert_eq!(created[0]["area"]["type"], "LineString");
        assert_eq!(created[3]["location"], point(9, 1));
        let all = data(
            &s.get("/items/places?fields=id,name,location&sort=id", t)
                .await,
            200,
        );
        assert_eq!(all[0]["location"], point(50, 50), "written by plain SQL");
        assert_eq!(all[2]["location"], point(20, 5));
        assert_eq!(all[3]["location"], Value::Null);

        let names = |filter: String| {
            let s = &s;
            async move {
                let r = s
                    .get(
                        &format!("/items/places?fields=name&sort=id&filter={}", enc(&filter)),
                        t,
                    )
                    .await;
                data(&r, 200)
                    .as_array()
                    .expect("array")
                    .iter()
                    .map(|v| v["name"].as_str().unwrap_or_default().to_string())
                    .collect::<Vec<_>>()
            }
        };
        let f = |field: &str, op: &str, v: &str| format!(r#"{{"{field}":{{"{op}":{v}}}}}"#);
        assert_eq!(
            names(f("location", "_intersects", SQUARE)).await,
            ["inside", "as string"]
        );
        // NULL geometries match neither a test nor its negation, as in SQL.
        assert_eq!(
            names(f("location", "_nintersects", SQUARE)).await,
            ["by sql", "outside"]
        );
        // The value may also be a JSON string holding the GeoJSON.
        let as_string = serde_json::to_string(SQUARE).expect("json string");
        assert_eq!(
            names(f("location", "_intersects", &as_string)).await,
            ["inside", "as string"]
        );
        // The diagonal passes far from (9,1) but its bounding box covers it.
        let corner = point(9, 1).to_string();
        assert!(names(f("area", "_intersects", &corner)).await.is_empty());
        assert_eq!(
            names(f("area", "_intersects_bbox", &corner)).await,
            ["inside"]
        );
        assert!(
            names(f("area", "_nintersects_bbox", &corner))
                .await
                .is_empty()
        );
        let centre = point(5, 5).to_string();
        assert_eq!(names(f("area", "_intersects", &centre)).await, ["inside"]);
        assert_eq!(
            names(f("location", "_eq", &point(20, 5).to_string())).await,
            ["outside"]
        );
        assert_eq!(
            names(f("location", "_neq", &point(20, 5).to_string())).await,
            ["by sql", "inside", "as string"]
        );
        assert_eq!(names(f("location", "_null", "true")).await, ["nowhere"]);
        assert_eq!(names(f("area", "_nnull", "true")).await, ["inside"]);

        // Updates go through the same GeoJSON path.
        let moved = data(
            &s.patch("/items/places/3", &json!({"location": point(1, 1)}), t)
                .await,
            200,
        );
        assert_eq!(moved["location"], point(1, 1));
        assert_eq!(
            names(f("location", "_intersects", SQUARE)).await,
            ["inside", "outside", "as string"]
        );

        // Bad input: not GeoJSON, or an operator geometry does not have.
        let bad = |filter: String| {
            let s = &s;
            async move {
                s.get(&format!("/items/places?filter={}", enc(&filter)), t)
                    .await
            }
        };
        assert_error(
            &bad(f("location", "_intersects", r#""nope""#)).await,
            400,
            "INVALID_QUERY",
        );
        assert_error(
            &bad(f("location", "_intersects", r#"{"type":"Point"}"#)).await,
            400,
            "INVALID_QUERY",
        );
        assert_error(
            &bad(f("location", "_contains", r#""x""#)).await,
            400,
            "INVALID_QUERY",
        );
        assert_error(
            &bad(f("name", "_intersects", SQUARE)).await,
            400,
            "INVALID_QUERY",
        );
        let r = s
            .post(
                "/items/places",
                &json!({"name": "broken", "location": {"type": "Point", "coordinates": "x"}}),
                t,
            )
            .await;
        assert_error(&r, 400, "FAILED_VALIDATION");
        assert_eq!(
            s.db.scalar_i64("SELECT COUNT(*) FROM places").await,
            5,
            "nothing written by the refused create"
        );
    })
    .await;
}
