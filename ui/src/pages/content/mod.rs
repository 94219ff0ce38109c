//! Content: the collections in the navigation, each one's items in a table, and the item editor.

pub mod filter;
pub mod form;
pub mod history;
pub mod item;
pub mod list;

use crate::components::{Empty, Page};
use crate::i18n::t;
use crate::pages::nav_link;
use crate::route::Route;
use crate::state::{AppCtx, use_app};
use yew::prelude::*;

/// The collections, nested under their groups.
pub fn nav(route: &Route, app: &AppCtx) -> Html {
    let current = match route {
        Route::Collection { collection } | Route::Item { collection, .. } => {
            Some(collection.clone())
        }
        _ => None,
    };
    let collections = app.model.user_collections();
    let children = |group: Option<&str>| -> Vec<&serde_json::Value> {
        collections
            .iter()
            .copied()
            .filter(|c| c["meta"]["group"].as_str() == group && c["meta"]["hidden"] != true)
            .collect()
    };
    fn entry(c: &serde_json::Value, current: &Option<String>) -> Html {
        let name = c["collection"].as_str().unwrap_or("").to_string();
        let label = crate::components::title_case(&name);
        let active = current.as_deref() == Some(name.as_str());
        let folder = c["schema"].is_null();
        if folder {
            html! { <div class="nav-group">{ label }</div> }
        } else {
            nav_link(Route::Collection { collection: name }, "box", label, active)
        }
    }
    html! {<>
        { for children(None).into_iter().map(|c| {
            let name = c["collection"].as_str().unwrap_or("");
            let nested = children(Some(name));
            html! {<>
                { entry(c, &current) }
                if !nested.is_empty() {
                    <div class="nav-nested">{ for nested.iter().map(|n| entry(n, &current)) }</div>
                }
            </>}
        }) }
        if collections.is_empty() {
            <p class="muted nav-note">{ t("No collections yet.") }</p>
        }
    </>}
}

#[function_component]
pub fn Overview() -> Html {
    let app = use_app();
    let collections = app.model.user_collections();
    html! {
        <Page title={t("Content")}>
            if collections.is_empty() {
                <Empty icon="box" text={t("No collections yet.")}>
                    if app.admin {
                        <yew_router::prelude::Link<Route> to={Route::DataModel} classes="button primary">{ t("Create a collection") }</yew_router::prelude::Link<Route>>
                    }
                </Empty>
            } else {
                <div class="cards">
                    { for collections.iter().filter(|c| !c["schema"].is_null()).map(|c| {
                        let name = c["collection"].as_str().unwrap_or("").to_string();
                        let note = c["meta"]["note"].as_str().unwrap_or("").to_string();
                        html! {
                            <yew_router::prelude::Link<Route> to={Route::Collection { collection: name.clone() }} classes="card">
                                <strong>{ crate::components::title_case(&name) }</strong>
                                <span class="muted">{ note }</span>
                            </yew_router::prelude::Link<Route>>
                        }
                    }) }
                </div>
            }
        </Page>
    }
}
