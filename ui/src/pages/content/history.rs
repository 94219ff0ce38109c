//! An item's history beside its form: each revision with who made it, when and which fields it
//! changed, and a revert that puts the item back as that revision left it.

use crate::api::enc;
use crate::components::{Icon, Spinner, local_time, title_case};
use crate::i18n::t;
use crate::state::{Load, use_get};
use serde_json::Value;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub collection: AttrValue,
    pub item: AttrValue,
    /// Bumped after every save so the list shows the new revision.
    pub version: u32,
    /// The revision's `data` (the whole item after that change).
    pub on_revert: Callback<Value>,
}

#[function_component]
pub fn History(p: &HistoryProps) -> Html {
    let filter = serde_json::json!({ "_and": [
        { "collection": { "_eq": p.collection.as_str() } },
        { "item": { "_eq": p.item.as_str() } },
    ]});
    let path = format!(
        "/revisions?filter={}&fields={}&sort=-id&limit=25&v={}",
        enc(&filter.to_string()),
        enc(
            "id,data,delta,activity.action,activity.timestamp,activity.user.email,activity.user.first_name,activity.user.last_name"
        ),
        p.version
    );
    let (load, _) = use_get(path);
    let body = match &load {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(e) => html! { <p class="muted">{ e.message.clone() }</p> },
        Load::Ready(_) => {
            let list = load
                .data()
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if list.is_empty() {
                html! { <p class="muted">{ t("No revisions yet.") }</p> }
            } else {
                html! {
                    <div class="timeline">
                        { for list.iter().enumerate().map(|(i, rev)| {
                            let act = &rev["activity"];
                            let who = act["user"]["first_name"].as_str().map(|f| format!("{f} {}", act["user"]["last_name"].as_str().unwrap_or("")))
                                .or_else(|| act["user"]["email"].as_str().map(str::to_string))
                                .unwrap_or_else(|| t("System").to_string());
                            let action = match act["action"].as_str().unwrap_or("") {
                                "create" => t("Created"),
                                "delete" => t("Deleted"),
                                _ => t("Updated"),
                            };
                            let when = act["timestamp"].as_str().map(local_time).unwrap_or_default();
                            let changed: Vec<String> = rev["delta"].as_object().map(|d| d.keys().map(|k| title_case(k)).collect()).unwrap_or_default();
                            let data = rev["data"].clone();
                            let revert = p.on_revert.reform(move |_: MouseEvent| data.clone());
                            html! {
                                <div class="entry">
                                    <div><strong>{ action }</strong>{ " · " }{ who.trim().to_string() }</div>
                                    <div class="when">{ when }</div>
                                    if !changed.is_empty() { <div class="muted">{ changed.join(", ") }</div> }
                                    if i > 0 && rev["data"].is_object() {
                                        <button class="secondary" onclick={revert}><Icon name="revert" size={14} />{ t("Revert") }</button>
                                    }
                                </div>
                            }
                        }) }
                    </div>
                }
            }
        }
    };
    html! {
        <section aria-label={t("Revisions")}>
            <h3><Icon name="clock" size={16} />{ " " }{ t("Revisions") }</h3>
            { body }
        </section>
    }
}
