//! System collections on their own paths (`/users`, `/roles`, `/policies`, `/permissions`, `/access`,
//! `/presets`, `/settings` (a singleton), `/activity`, `/revisions`, ...): the items engine over `directus_*` tables with
//! the same query language, batch forms and errors as `/items`. Administrators only until
//! permissions are enforced; activity and revisions are read-only, as in Directus.

use super::items::{on_collection, on_item};
use crate::api::extract::{Auth, JsonBody};
use crate::app::App;
use crate::error::Error;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, Uri};
use axum::routing::any;
use std::sync::Arc;

/// `(path, table, read_only)`.
const SYSTEM: &[(&str, &str, bool)] = &[
    ("users", "directus_users", false),
    ("roles", "directus_roles", false),
    ("policies", "directus_policies", false),
    ("permissions", "directus_permissions", false),
    ("access", "directus_access", false),
    ("presets", "directus_presets", false),
    ("notifications", "directus_notifications", false),
    ("translations", "directus_translations", false),
    ("comments", "directus_comments", false),
    ("folders", "directus_folders", false),
    ("dashboards", "directus_dashboards", false),
    ("panels", "directus_panels", false),
    ("shares", "directus_shares", false),
    ("settings", "directus_settings", false),
    ("activity", "directus_activity", true),
    ("revisions", "directus_revisions", true),
];

fn allowed(method: &Method, read_only: bool) -> bool {
    !read_only || matches!(method.as_str(), "GET" | "SEARCH")
}

pub fn routes() -> Router<Arc<App>> {
    let mut router = Router::new();
    for &(path, table, read_only) in SYSTEM {
        router = router
            .route(
                &format!("/{path}"),
                any(
                    move |State(app): State<Arc<App>>,
                          Auth(acc): Auth,
                          method: Method,
                          uri: Uri,
                          body: JsonBody| async move {
                        if !allowed(&method, read_only) {
                            return Err(Error::route_not_found(uri.path()).into());
                        }
                        on_collection(&app, &acc, method, uri, table, body).await
                    },
                ),
            )
            .route(&format!("/{path}/{{key}}"), item_route(table, read_only));
    }
    router
}

/// Every method on one item of a system collection (`/<path>/:key`).
pub(super) fn item_route(
    table: &'static str,
    read_only: bool,
) -> axum::routing::MethodRouter<Arc<App>> {
    any(
        move |State(app): State<Arc<App>>,
              Auth(acc): Auth,
              method: Method,
              uri: Uri,
              Path(key): Path<String>,
              body: JsonBody| async move {
            if !allowed(&method, read_only) {
                return Err(Error::route_not_found(uri.path()).into());
            }
            on_item(&app, &acc, method, uri, table, key, body).await
        },
    )
}
