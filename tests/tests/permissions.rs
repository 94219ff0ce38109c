//! The permission matrix (spec §5): an administrator, an editor limited to the posts they
//! created (`$CURRENT_USER`), a public visitor (the Public policy) and an app user with a field
//! allow-list and a field readable on some rows only — × read, create, update, delete — × direct
//! access and access through m2o, o2m and m2m — × counts and aggregates.

use reqwest::Method;
use std::collections::BTreeSet;
use strata_tests::fixtures::Blog;
use strata_tests::*;

const PUBLIC_POLICY: &str = "abf8a154-5b1c-4a46-ac9c-7300570f4f17";

struct Matrix {
    b: Blog,
    editor: String,
    editor_id: String,
    app: String,
}

/// Who asks: `None` is the public visitor.
type Who<'a> = Option<&'a str>;

impl Matrix {
    async fn start(db: Db) -> Matrix {
        let b = Blog::start(db).await;
        let ok = |r: &Resp| data(r, 200);
        ok(&b
            .post(
                "/fields/posts",
                &json!({"field": "owner", "type": "uuid", "meta": {"special": ["user-created"]}}),
            )
            .await);
        let editor_policy = ok(&b
            .post("/policies", &json!({"name": "Editing", "app_access": true}))
            .await)["id"]
            .clone();
        let viewer_policy = ok(&b
            .post("/policies", &json!({"name": "Viewing", "app_access": true}))
            .await)["id"]
            .clone();
        let mine = json!({"owner": {"_eq": "$CURRENT_USER"}});
        let within = json!({"views": {"_lte": 1000}});
        let permissions = json!([
            // Editor: their own posts, all fields; authors by name only, active ones; tags.
            {"policy": editor_policy, "collection": "posts", "action": "read", "fields": ["*"], "permissions": mine},
            {"policy": editor_policy, "collection": "posts", "action": "create", "fields": ["title", "body", "views", "author", "comments"],
             "presets": {"published": false}, "validation": within},
            {"policy": editor_policy, "collection": "posts", "action": "update", "fields": ["title", "body", "views"],
             "permissions": mine, "validation": within},
            {"policy": editor_policy, "collection": "posts", "action": "delete", "permissions": mine},
            {"policy": editor_policy, "collection": "authors", "action": "read", "fields": ["id", "name"], "permissions": {"active": {"_eq": true}}},
            {"policy": editor_policy, "collection": "comments", "action": "read", "fields": ["*"]},
            {"policy": editor_policy, "collection": "posts_tags", "action": "read", "fields": ["*"]},
            {"policy": editor_policy, "collection": "tags", "action": "read", "fields": ["*"]},
            // Public: published posts, approved comments, active authors; no tags at all.
            {"policy": PUBLIC_POLICY, "collection": "posts", "action": "read", "fields": ["id", "title", "author", "comments", "tags"],
             "permissions": {"published": {"_eq": true}}},
            {"policy": PUBLIC_POLICY, "collection": "comments", "action": "read", "fields": ["id", "body", "post"],
             "permissions": {"approved": {"_eq": true}}},
            {"policy": PUBLIC_POLICY, "collection": "authors", "action": "read", "fields": ["id", "name"],
             "permissions": {"active": {"_eq": true}}},
            // App user: every post with an allow-list; the body only where views >= 20.
            {"policy": viewer_policy, "collection": "posts", "action": "read", "fields": ["id", "title", "views"]},
            {"policy": viewer_policy, "collection": "posts", "action": "read", "fields": ["id", "title", "views", "body"],
             "permissions": {"views": {"_gte": 20}}},
        ]);
        ok(&b.post("/permissions", &permissions).await);
        let editor_role = ok(&b.post("/roles", &json!({"name": "Editor"})).await)["id"].clone();
        let viewer_role = ok(&b.post("/roles", &json!({"name": "Viewer"})).await)["id"].clone();
        ok(&b
            .post(
                "/access",
                &json!([{"role": editor_role, "policy": editor_policy}, {"role": viewer_role, "policy": viewer_policy}]),
            )
            .await);
        let editor_id = ok(&b
            .post(
                "/users",
                &json!({"email": "ed@example.com", "password": "editor-pass-1", "role": editor_role}),
            )
            .await)["id"]
            .as_str()
            .expect("user id")
            .to_string();
        ok(&b
            .post(
                "/users",
                &json!({"email": "viv@example.com", "password": "viewer-pass-1", "role": viewer_role}),
            )
            .await);
        let admin_id = b.s.me(&b.token).await["id"]
            .as_str()
            .expect("admin id")
            .to_string();
        b.s.db
            .execute(&format!(
                "UPDATE posts SET owner = '{editor_id}' WHERE id IN (1, 3)"
            ))
            .await;
        b.s.db
            .execute(&format!(
                "UPDATE posts SET owner = '{admin_id}' WHERE id = 2"
            ))
            .await;
        let token = |d: Value| d["access_token"].as_str().expect("token").to_string();
        let editor = token(b.s.login_ok("ed@example.com", "editor-pass-1").await);
        let app = token(b.s.login_ok("viv@example.com", "viewer-pass-1").await);
        Matrix {
            b,
            editor,
            editor_id,
            app,
        }
    }

    fn admin(&self) -> Who<'_> {
        Some(&self.b.token)
    }

    fn editor(&self) -> Who<'_> {
        Some(&self.editor)
    }

    fn app(&self) -> Who<'_> {
        Some(&self.app)
    }

    async fn send(&self, who: Who<'_>, method: Method, path: &str, body: Option<Value>) -> Resp {
        let mut rb = self.b.s.request(method, path);
        if let Some(t) = who {
            rb = rb.bearer_auth(t);
        }
        if let Some(body) = body {
            rb = rb.json(&body);
        }
        self.b.s.send(rb).await
    }

    async fn get(&self, who: Who<'_>, path: &str) -> Resp {
        self.send(who, Method::GET, path, None).await
    }

    async fn read(&self, who: Who<'_>, path: &str) -> Value {
        data(&self.get(who, path).await, 200)
    }

    async fn ids(&self, who: Who<'_>, path: &str) -> Vec<i64> {
        self.read(who, path)
            .await
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["id"].as_i64().expect("id"))
            .collect()
    }

    async fn forbidden(&self, who: Who<'_>, method: Method, path: &str, body: Option<Value>) {
        let r = self.send(who, method, path, body).await;
        let e = assert_error(&r, 403, "FORBIDDEN");
        assert!(!r.body.contains("\"data\""), "403 leaked data: {e}");
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

#[tokio::test]
async fn reads_direct_and_through_relations() {
    for_each_db(|db| async move {
        let m = Matrix::start(db).await;
        let (admin, editor, public, app) = (m.admin(), m.editor(), None, m.app());
        let list = "/items/posts?fields=id&sort=id";
        assert_eq!(m.ids(admin, list).await, [1, 2, 3, 4]);
        assert_eq!(m.ids(editor, list).await, [1, 3]);
        assert_eq!(m.ids(public, list).await, [1, 2, 4]);
        assert_eq!(m.ids(app, list).await, [1, 2, 3, 4]);

        // `*` is the permitted fields; a field outside the allow-list is a 403.
        let all = m.read(public, "/items/posts?sort=id").await;
        assert_eq!(keys(&all[0]), ["author", "comments", "id", "title"].map(String::from).into());
        let viewer = m.read(app, "/items/posts?sort=id").await;
        assert_eq!(keys(&viewer[0]), ["body", "id", "title", "views"].map(String::from).into());
        assert!(keys(&m.read(admin, "/items/posts?limit=1").await[0]).contains("rating"));
        m.forbidden(public, Method::GET, "/items/posts?fields=body", None).await;
        m.forbidden(app, Method::GET, "/items/posts?fields=rating", None).await;
        m.forbidden(public, Method::GET, "/items/posts?filter[views][_gt]=1", None).await;
        m.forbidden(public, Method::GET, "/items/posts?sort=views", None).await;
        m.forbidden(public, Method::GET, "/items/tags", None).await;
        m.forbidden(public, Method::GET, "/items/posts/3", None).await;
        m.forbidden(editor, Method::GET, "/items/posts/2", None).await;
        assert_eq!(m.read(editor, "/items/posts/3?fields=title").await["title"], "Draft");

        // A field readable under one permission only is null where that permission's rule fails
        // — and cannot be filtered on there either.
        let bodies = m.read(app, "/items/posts?fields=id,body&sort=id").await;
        assert_eq!(
            bodies,
            json!([{"id": 1, "body": null}, {"id": 2, "body": "about rust"}, {"id": 3, "body": null}, {"id": 4, "body": null}])
        );
        assert_eq!(m.ids(app, "/items/posts?fields=id&filter[body][_nnull]=true").await, [2]);
        assert_eq!(m.ids(app, "/items/posts?fields=id&filter[body][_null]=true&sort=id").await, [1, 3, 4]);
        assert_eq!(m.ids(app, "/items/posts?fields=id&search=first").await, Vec::<i64>::new());

        // m2o: the related item as its own permissions allow (Bob is not active: null).
        let authors = m.read(editor, "/items/posts?fields=id,author.name&sort=id").await;
        assert_eq!(authors, json!([{"id": 1, "author": {"name": "Alice"}}, {"id": 3, "author": null}]));
        m.forbidden(editor, Method::GET, "/items/posts?fields=id,author.age", None).await;
        m.forbidden(editor, Method::GET, "/items/posts?filter[author][age][_gt]=1", None).await;
        assert_eq!(m.ids(editor, "/items/posts?fields=id&filter[author][name][_eq]=Bob").await, Vec::<i64>::new());
        assert_eq!(m.ids(editor, "/items/posts?fields=id&filter[author][name][_eq]=Alice").await, [1]);

        // o2m: only the related rows the caller may read, as objects, keys and counts.
        let comments = m.read(public, "/items/posts?fields=id,comments.body,count(comments)&sort=id").await;
        assert_eq!(
            comments,
            json!([
                {"id": 1, "comments": [{"body": "Great"}], "comments_count": 1},
                {"id": 2, "comments": [{"body": "Nice tips"}], "comments_count": 1},
                {"id": 4, "comments": [], "comments_count": 0}
            ])
        );
        assert_eq!(m.read(public, "/items/posts/1?fields=comments").await["comments"], json!([1]));
        assert_eq!(m.ids(public, "/items/posts?fields=id&filter[comments][body][_eq]=Meh").await, Vec::<i64>::new());
        m.forbidden(public, Method::GET, "/items/comments?fields=approved", None).await;

        // m2m: through a junction the caller may read, or a 403 when it may not.
        let tags = m.read(editor, "/items/posts?fields=id,tags.tags_id.name&sort=id").await;
        assert_eq!(
            tags,
            json!([{"id": 1, "tags": [{"tags_id": {"name": "rust"}}, {"tags_id": {"name": "web"}}]}, {"id": 3, "tags": []}])
        );
        m.forbidden(public, Method::GET, "/items/posts?fields=id,tags.tags_id.name", None).await;
        m.forbidden(public, Method::GET, "/items/posts?fields=id,tags", None).await;
    })
    .await;
}

#[tokio::test]
async fn counts_and_aggregates_stay_within_permissions() {
    for_each_db(|db| async move {
        let m = Matrix::start(db).await;
        let (admin, editor, public, app) = (m.admin(), m.editor(), None, m.app());
        let count = "/items/posts?aggregate[count]=*";
        for (who, n) in [(admin, 4), (editor, 2), (public, 3), (app, 4)] {
            assert_eq!(m.read(who, count).await[0]["count"], n);
        }
        let meta =
            "/items/posts?fields=id&meta=total_count,filter_count&filter[title][_icontains]=hello";
        for (who, expected) in [
            (public, json!({"total_count": 3, "filter_count": 2})),
            (editor, json!({"total_count": 2, "filter_count": 1})),
        ] {
            let r = m.get(who, meta).await;
            assert_eq!(r.status, 200, "{}", r.describe());
            assert_eq!(r.json()["meta"], expected);
        }
        // Masked values are not counted: only post 2's body is visible to the app user.
        assert_eq!(
            m.read(app, "/items/posts?aggregate[count]=body").await[0]["count"]["body"],
            1
        );
        assert_eq!(
            m.read(app, "/items/posts?aggregate[sum]=views").await[0]["sum"]["views"],
            35
        );
        let grouped = m
            .read(
                public,
                "/items/posts?aggregate[count]=*&groupBy[]=author&sort=-count",
            )
            .await;
        assert_eq!(
            grouped,
            json!([{"author": 1, "count": 2}, {"author": null, "count": 1}])
        );
        m.forbidden(
            public,
            Method::GET,
            "/items/posts?aggregate[sum]=views",
            None,
        )
        .await;
        m.forbidden(public, Method::GET, "/items/tags?aggregate[count]=*", None)
            .await;
    })
    .await;
}

#[tokio::test]
async fn writes_are_checked_on_collection_rows_fields_validation_and_presets() {
    for_each_db(|db| async move {
        let m = Matrix::start(db).await;
        let (admin, editor, public, app) = (m.admin(), m.editor(), None, m.app());
        let before = m.b.count("posts").await;

        // Create: presets fill what the payload leaves out; the creator owns the post.
        let made = data(
            &m.send(
                editor,
                Method::POST,
                "/items/posts",
                Some(json!({"title": "Mine", "views": 5})),
            )
            .await,
            200,
        );
        let id = made["id"].as_i64().expect("id");
        let stored = m
            .read(
                admin,
                &format!("/items/posts/{id}?fields=published,owner,views"),
            )
            .await;
        assert_eq!(stored["published"], false);
        assert_eq!(stored["owner"], m.editor_id.as_str());
        m.forbidden(
            editor,
            Method::POST,
            "/items/posts",
            Some(json!({"title": "x", "rating": 5.0})),
        )
        .await;
        let r = m
            .send(
                editor,
                Method::POST,
                "/items/posts",
                Some(json!({"title": "x", "views": 5000})),
            )
            .await;
        let e = assert_error(&r, 400, "FAILED_VALIDATION");
        assert_eq!(e["extensions"]["field"], "views");
        // Nested writes are checked on the related collection; nothing is written.
        m.forbidden(
            editor,
            Method::POST,
            "/items/posts",
            Some(json!({"title": "n", "author": {"name": "New"}})),
        )
        .await;
        m.forbidden(
            editor,
            Method::POST,
            "/items/posts",
            Some(json!({"title": "n", "comments": [{"body": "c"}]})),
        )
        .await;
        m.forbidden(
            public,
            Method::POST,
            "/items/posts",
            Some(json!({"title": "anon"})),
        )
        .await;
        m.forbidden(
            app,
            Method::POST,
            "/items/posts",
            Some(json!({"title": "viewer"})),
        )
        .await;
        assert_eq!(m.b.count("posts").await, before + 1);
        assert_eq!(m.b.count("authors").await, 3);

        // Update: only rows the rule allows, only allowed fields, validation applies.
        let r = m
            .send(
                editor,
                Method::PATCH,
                "/items/posts/1",
                Some(json!({"title": "Edited"})),
            )
            .await;
        assert_eq!(data(&r, 200)["title"], "Edited");
        m.forbidden(
            editor,
            Method::PATCH,
            "/items/posts/2",
            Some(json!({"title": "Taken"})),
        )
        .await;
        m.forbidden(
            editor,
            Method::PATCH,
            "/items/posts/1",
            Some(json!({"rating": 1.0})),
        )
        .await;
        m.forbidden(
            editor,
            Method::PATCH,
            "/items/posts",
            Some(json!({"keys": [1, 2], "data": {"title": "Both"}})),
        )
        .await;
        let r = m
            .send(
                editor,
                Method::PATCH,
                "/items/posts/1",
                Some(json!({"views": 5000})),
            )
            .await;
        assert_error(&r, 400, "FAILED_VALIDATION");
        m.forbidden(
            public,
            Method::PATCH,
            "/items/posts/1",
            Some(json!({"title": "anon"})),
        )
        .await;
        m.forbidden(
            app,
            Method::PATCH,
            "/items/posts/1",
            Some(json!({"title": "viewer"})),
        )
        .await;
        let titles = m
            .read(
                admin,
                "/items/posts?fields=title&filter[id][_in]=1,2&sort=id",
            )
            .await;
        assert_eq!(titles, json!([{"title": "Edited"}, {"title": "Rust Tips"}]));
        assert_eq!(
            m.read(admin, "/items/posts/1?fields=views").await["views"],
            10
        );

        // Delete: only rows the rule allows; a batch with one forbidden key deletes nothing.
        m.forbidden(editor, Method::DELETE, "/items/posts/2", None)
            .await;
        m.forbidden(editor, Method::DELETE, "/items/posts", Some(json!([3, 2])))
            .await;
        m.forbidden(public, Method::DELETE, "/items/posts/4", None)
            .await;
        m.forbidden(app, Method::DELETE, "/items/posts/4", None)
            .await;
        assert_eq!(m.b.count("posts").await, before + 1);
        let r = m.send(editor, Method::DELETE, "/items/posts/3", None).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        assert_eq!(m.b.count("posts WHERE id = 3").await, 0);
        let r = m
            .send(admin, Method::DELETE, &format!("/items/posts/{id}"), None)
            .await;
        assert_eq!(r.status, 204, "{}", r.describe());
    })
    .await;
}

#[tokio::test]
async fn permissions_me_and_system_collections_follow_the_same_rules() {
    for_each_db(|db| async move {
        let m = Matrix::start(db).await;
        let me = m.read(m.editor(), "/permissions/me").await;
        assert_eq!(me["posts"]["read"]["access"], "partial");
        assert_eq!(me["posts"]["create"]["access"], "full");
        assert_eq!(
            me["posts"]["create"]["presets"],
            json!({"published": false})
        );
        assert_eq!(
            me["posts"]["create"]["fields"],
            json!(["title", "body", "views", "author", "comments"])
        );
        assert_eq!(me["comments"]["update"]["access"], "none");
        assert!(me.get("headings").is_none());
        let admin = m.read(m.admin(), "/permissions/me").await;
        assert_eq!(admin["headings"]["delete"]["access"], "full");
        m.forbidden(None, Method::GET, "/permissions/me", None)
            .await;

        // App access brings Directus's minimal permissions: one's own user and role, the data
        // model of the collections one may read; other system collections stay closed.
        assert_eq!(
            m.read(m.editor(), "/roles?fields=name").await,
            json!([{"name": "Editor"}])
        );
        let users = m.read(m.app(), "/users?fields=email").await;
        assert_eq!(users, json!([{"email": "viv@example.com"}]));
        m.forbidden(m.app(), Method::GET, "/users?fields=last_access", None)
            .await;
        let collections: Vec<Value> = m
            .read(m.app(), "/collections")
            .await
            .as_array()
            .expect("list")
            .iter()
            .map(|c| c["collection"].clone())
            .collect();
        assert!(
            collections.contains(&json!("posts")) && collections.contains(&json!("directus_users"))
        );
        assert!(!collections.contains(&json!("authors")), "{collections:?}");
        let fields: BTreeSet<String> = m
            .read(m.app(), "/fields/posts")
            .await
            .as_array()
            .expect("list")
            .iter()
            .map(|f| f["field"].as_str().expect("field").to_string())
            .collect();
        assert_eq!(
            fields,
            ["body", "id", "title", "views"].map(String::from).into()
        );
        m.forbidden(m.app(), Method::GET, "/permissions", None)
            .await;
        m.forbidden(
            m.app(),
            Method::POST,
            "/collections",
            Some(json!({"collection": "x", "schema": {}})),
        )
        .await;
        m.forbidden(None, Method::GET, "/users", None).await;
        m.forbidden(None, Method::GET, "/collections", None).await;
        // …and a permission change applies to the next request.
        let viewing = m
            .read(m.admin(), "/policies?filter[name][_eq]=Viewing&fields=id")
            .await[0]["id"]
            .clone();
        data(
            &m.send(
                m.admin(),
                Method::POST,
                "/permissions",
                Some(json!({"policy": viewing, "collection": "tags",
                "action": "read", "fields": ["name"]})),
            )
            .await,
            200,
        );
        assert_eq!(
            m.read(m.app(), "/items/tags?sort=name").await,
            json!([{"name": "news"}, {"name": "rust"}, {"name": "web"}])
        );
    })
    .await;
}
