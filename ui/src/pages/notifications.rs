//! The signed-in user's notifications (`/admin/notifications`): the inbox and the archive as
//! tabs, newest first, each with its subject, message, sender and time; archiving one (or moving
//! it back to the inbox), and opening the item it is about.

use crate::api::{self, enc};
use crate::components::local_time;
use crate::components::{Empty, Icon, Page, Pager, Spinner};
use crate::i18n::t;
use crate::pages::activity::person;
use crate::route::Route;
use crate::state::{AppCtx, Load, run, use_app, use_get};
use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

const LIMIT: u64 = 25;
const FIELDS: &str =
    "id,subject,message,timestamp,collection,item,sender.email,sender.first_name,sender.last_name";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Inbox,
    Archived,
}

impl Tab {
    fn status(self) -> &'static str {
        match self {
            Tab::Inbox => "inbox",
            Tab::Archived => "archived",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Inbox => t("Inbox"),
            Tab::Archived => t("Archived"),
        }
    }
}

/// The page a notification points to: an item of the user's own collections, a user, or the
/// file library.
fn target(collection: &str, item: &str) -> Option<Route> {
    if item.is_empty() {
        return None;
    }
    match collection {
        "" => None,
        "directus_users" => Some(Route::User {
            id: item.to_string(),
        }),
        "directus_files" => Some(Route::Files),
        c if c.starts_with("directus_") => None,
        c => Some(Route::Item {
            collection: c.to_string(),
            key: item.to_string(),
        }),
    }
}

#[function_component]
pub fn Notifications() -> Html {
    let app = use_app();
    let tab = use_state(|| Tab::Inbox);
    let page = use_state(|| 1u64);
    let me = app.user["id"].as_str().unwrap_or("").to_string();
    let path = format!(
        "/notifications?fields={}&filter[recipient][_eq]={}&filter[status][_eq]={}&sort=-timestamp&limit={LIMIT}&page={}&meta=filter_count",
        enc(FIELDS),
        enc(&me),
        tab.status(),
        *page
    );
    let (load, reload) = use_get(path);
    let (rows, total) = match &load {
        Load::Ready(body) => (
            body["data"].as_array().cloned().unwrap_or_default(),
            body["meta"]["filter_count"].as_u64().unwrap_or(0),
        ),
        _ => (Vec::new(), 0),
    };
    let tab_button = |which: Tab| {
        let (tab, page) = (tab.clone(), page.clone());
        let active = *tab == which;
        html! {
            <button class={classes!("tab", active.then_some("active"))} role="tab" aria-selected={active.to_string()}
                onclick={Callback::from(move |_| { page.set(1); tab.set(which); })}>
                { which.label() }
            </button>
        }
    };
    html! {
        <Page title={t("Notifications")}>
            <div class="tabs" role="tablist" aria-label={t("Notifications")}>
                { tab_button(Tab::Inbox) }
                { tab_button(Tab::Archived) }
            </div>
            <div role="tabpanel">
                { match &load {
                    Load::Loading => html! { <Spinner /> },
                    Load::Failed(e) => html! { <Empty icon="lock" text={e.message.clone()} /> },
                    Load::Ready(_) if rows.is_empty() => html! {
                        <Empty icon="bell" text={if *tab == Tab::Inbox { t("Your inbox is empty") } else { t("No archived notifications") }} />
                    },
                    Load::Ready(_) => html! {
                        <ul class="notification-list">
                            { for rows.iter().map(|n| entry(&app, n, *tab, &reload)) }
                        </ul>
                    },
                } }
            </div>
            if total > 0 {
                <Pager page={*page} limit={LIMIT} {total} on_page={{ let page = page.clone(); Callback::from(move |n| page.set(n)) }} />
            }
        </Page>
    }
}

fn entry(app: &AppCtx, n: &Value, tab: Tab, reload: &Callback<()>) -> Html {
    let id = n["id"].to_string();
    let subject = n["subject"].as_str().unwrap_or("").to_string();
    let item = match &n["item"] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let link = target(n["collection"].as_str().unwrap_or(""), &item);
    // Archiving moves it out of the inbox; in the archive the same button moves it back.
    let (next, label, done) = match tab {
        Tab::Inbox => ("archived", t("Archive"), t("Notification archived")),
        Tab::Archived => (
            "inbox",
            t("Move to Inbox"),
            t("Notification moved to the inbox"),
        ),
    };
    let move_it = {
        let (app, reload, path) = (
            app.clone(),
            reload.clone(),
            format!("/notifications/{}", enc(&id)),
        );
        Callback::from(move |_: MouseEvent| {
            let (app2, reload, path) = (app.clone(), reload.clone(), path.clone());
            let body = json!({ "status": next });
            run(
                &app,
                async move { api::patch(&path, &body).await },
                move |_| {
                    app2.ok(done);
                    reload.emit(());
                },
            );
        })
    };
    html! {
        <li key={id.clone()} class="notification">
            <div class="notification-body">
                <h3>{ &subject }</h3>
                if let Some(message) = n["message"].as_str().filter(|m| !m.is_empty()) {
                    <div class="notification-message">{ crate::interfaces::basic::render_markdown(message) }</div>
                }
                <div class="notification-meta muted">
                    <span><Icon name="user" size={14} />{ person(&n["sender"]).unwrap_or_else(|| t("System").to_string()) }</span>
                    <span><Icon name="clock" size={14} />{ n["timestamp"].as_str().map(local_time).unwrap_or_default() }</span>
                </div>
            </div>
            <div class="notification-actions">
                if let Some(to) = link {
                    <Link<Route> {to} classes="button secondary"><Icon name="link" />{ t("Open Item") }</Link<Route>>
                }
                <button class="secondary" onclick={move_it}>{ label }</button>
            </div>
        </li>
    }
}
