//! The activity log (`/admin/activity`): every create, update, delete and login, newest first,
//! with who did it, in which collection, a link to the item, and a filter by action.

use crate::api::enc;
use crate::components::local_time;
use crate::components::{Empty, Page, Pager, Spinner, on_select, title_case};
use crate::i18n::t;
use crate::route::Route;
use crate::state::{Load, use_get};
use serde_json::Value;
use yew::prelude::*;
use yew_router::prelude::*;

const LIMIT: u64 = 25;
const FIELDS: &str =
    "id,action,collection,item,timestamp,user.email,user.first_name,user.last_name";

/// The actions the filter offers, with their labels.
fn actions() -> [(&'static str, &'static str); 4] {
    [
        ("create", t("Created")),
        ("update", t("Updated")),
        ("delete", t("Deleted")),
        ("login", t("Logged in")),
    ]
}

fn action_label(action: &str) -> String {
    actions()
        .into_iter()
        .find(|(a, _)| *a == action)
        .map(|(_, label)| label.to_string())
        .unwrap_or_else(|| title_case(action))
}

/// "Ada Lovelace", else the e-mail address; `None` for actions without a user.
pub fn person(user: &Value) -> Option<String> {
    let name = [&user["first_name"], &user["last_name"]]
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        user["email"].as_str().map(str::to_string)
    } else {
        Some(name)
    }
}

/// A collection as people read it; system collections without their `directus_` prefix.
fn collection_label(collection: &str) -> String {
    title_case(collection.strip_prefix("directus_").unwrap_or(collection))
}

#[function_component]
pub fn Activity() -> Html {
    let page = use_state(|| 1u64);
    let action = use_state(String::new);
    let mut path = format!(
        "/activity?fields={}&sort=-timestamp&limit={LIMIT}&page={}&meta=filter_count",
        enc(FIELDS),
        *page
    );
    if !action.is_empty() {
        path.push_str(&format!("&filter[action][_eq]={}", enc(&action)));
    }
    let (load, _) = use_get(path);
    let (rows, total) = match &load {
        Load::Ready(body) => (
            body["data"].as_array().cloned().unwrap_or_default(),
            body["meta"]["filter_count"].as_u64().unwrap_or(0),
        ),
        _ => (Vec::new(), 0),
    };
    let on_action = {
        let (action, page) = (action.clone(), page.clone());
        Callback::from(move |v: String| {
            page.set(1);
            action.set(v);
        })
    };
    html! {
        <Page title={t("Activity Log")} subtitle={t("Activity")}>
            <div class="toolbar">
                <label class="inline">
                    { t("Action") }
                    <select name="action" onchange={on_select(on_action)}>
                        <option value="" selected={action.is_empty()}>{ t("All actions") }</option>
                        { for actions().into_iter().map(|(value, label)| html! {
                            <option {value} selected={*action == value}>{ label }</option>
                        }) }
                    </select>
                </label>
            </div>
            { match &load {
                Load::Loading => html! { <Spinner /> },
                Load::Failed(e) => html! { <Empty icon="lock" text={e.message.clone()} /> },
                Load::Ready(_) if rows.is_empty() => html! { <Empty icon="activity" text={t("No activity yet")} /> },
                Load::Ready(_) => html! {
                    <div class="table-wrap">
                        <table class="activity-table">
                            <thead><tr>
                                <th>{ t("Action") }</th>
                                <th>{ t("User") }</th>
                                <th>{ t("Collection") }</th>
                                <th>{ t("Item") }</th>
                                <th>{ t("Timestamp") }</th>
                            </tr></thead>
                            <tbody>{ for rows.iter().map(row) }</tbody>
                        </table>
                    </div>
                },
            } }
            if total > 0 {
                <Pager page={*page} limit={LIMIT} {total} on_page={{ let page = page.clone(); Callback::from(move |n| page.set(n)) }} />
            }
        </Page>
    }
}

fn row(entry: &Value) -> Html {
    let action = entry["action"].as_str().unwrap_or("");
    let collection = entry["collection"].as_str().unwrap_or("");
    let item = match &entry["item"] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    // Only the user's own collections have item pages, and a deleted item has none left.
    let linkable = !collection.is_empty()
        && !collection.starts_with("directus_")
        && !item.is_empty()
        && action != "delete";
    html! {
        <tr key={entry["id"].to_string()}>
            <td><span class={classes!("badge", format!("action-{action}"))}>{ action_label(action) }</span></td>
            <td>{ match person(&entry["user"]) {
                Some(name) => html! { name },
                None => html! { <span class="muted">{ "—" }</span> },
            } }</td>
            <td>{ collection_label(collection) }</td>
            <td>
                if linkable {
                    <Link<Route> to={Route::Item { collection: collection.to_string(), key: item.clone() }}>{ &item }</Link<Route>>
                } else {
                    <span class="muted">{ &item }</span>
                }
            </td>
            <td class="muted">{ entry["timestamp"].as_str().map(local_time).unwrap_or_default() }</td>
        </tr>
    }
}
