//! A policy's permission matrix: a row per collection and a column per action, each cell a round
//! button showing whether the policy grants all, custom or no access. A cell opens a small menu
//! (all / none / custom rules); each row has "All" and "None" shortcuts. The policy's
//! permissions are read once for the whole table and again after every change.

use super::access_permission::PermissionEditor;
use crate::api::{self, enc};
use crate::components::{Empty, Icon, Modal, Spinner, title_case};
use crate::i18n::{t, tf};
use crate::state::{Load, run, use_app, use_get};
use serde_json::{Value, json};
use yew::prelude::*;

const ACTIONS: [&str; 5] = ["create", "read", "update", "delete", "share"];

/// The system collections a policy commonly opens up, shown in their own collapsible group.
const SYSTEM: [&str; 24] = [
    "directus_files",
    "directus_users",
    "directus_folders",
    "directus_roles",
    "directus_policies",
    "directus_access",
    "directus_permissions",
    "directus_activity",
    "directus_revisions",
    "directus_comments",
    "directus_notifications",
    "directus_presets",
    "directus_shares",
    "directus_translations",
    "directus_versions",
    "directus_dashboards",
    "directus_panels",
    "directus_flows",
    "directus_operations",
    "directus_collections",
    "directus_fields",
    "directus_relations",
    "directus_settings",
    "directus_extensions",
];

pub fn action_label(action: &str) -> &'static str {
    match action {
        "create" => t("Create"),
        "read" => t("Read"),
        "update" => t("Update"),
        "delete" => t("Delete"),
        _ => t("Share"),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Level {
    All,
    Custom,
    None,
}

/// A row grants everything when it has no item rule and every field.
fn level(row: Option<&Value>) -> Level {
    let Some(row) = row else { return Level::None };
    let no_rule = row["permissions"].is_null() || row["permissions"] == json!({});
    let all_fields = match &row["fields"] {
        Value::Array(list) => list.iter().any(|f| f == "*"),
        Value::String(s) => s.split(',').any(|f| f.trim() == "*"),
        _ => false,
    };
    if no_rule && all_fields {
        Level::All
    } else {
        Level::Custom
    }
}

#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    pub policy: String,
}

#[function_component]
pub fn Matrix(p: &MatrixProps) -> Html {
    let app = use_app();
    let (load, reload) = use_get(format!(
        "/permissions?filter[policy][_eq]={}&limit=-1",
        enc(&p.policy)
    ));
    let show_system = use_state(|| false);
    let menu = use_state(|| None::<(String, String)>);
    let custom = use_state(|| None::<(String, String)>);
    let rows = load
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let find = |c: &str, a: &str| {
        rows.iter()
            .find(|r| r["collection"] == c && r["action"] == a)
            .cloned()
    };

    // Grants every listed action in full: one POST for the missing rows, one PATCH for the rest.
    let grant_all = {
        let (app, policy, reload, menu, rows) = (
            app.clone(),
            p.policy.clone(),
            reload.clone(),
            menu.clone(),
            rows.clone(),
        );
        Callback::from(move |(collection, actions): (String, Vec<&'static str>)| {
            let mut create = Vec::new();
            let mut keys = Vec::new();
            for action in actions {
                match rows
                    .iter()
                    .find(|r| r["collection"] == collection.as_str() && r["action"] == action)
                {
                    Some(r) if level(Some(r)) == Level::All => {}
                    Some(r) => keys.push(r["id"].clone()),
                    None => create.push(
                        json!({ "policy": policy, "collection": collection, "action": action,
                        "permissions": {}, "fields": ["*"] }),
                    ),
                }
            }
            let (reload, menu) = (reload.clone(), menu.clone());
            run(
                &app,
                async move {
                    if !create.is_empty() {
                        api::post("/permissions", &Value::Array(create)).await?;
                    }
                    if !keys.is_empty() {
                        let data = json!({ "permissions": {}, "validation": null, "presets": null, "fields": ["*"] });
                        api::patch("/permissions", &json!({ "keys": keys, "data": data })).await?;
                    }
                    Ok(())
                },
                move |_| {
                    menu.set(None);
                    reload.emit(());
                },
            );
        })
    };
    let revoke = {
        let (app, reload, menu, rows) = (app.clone(), reload.clone(), menu.clone(), rows.clone());
        Callback::from(move |(collection, actions): (String, Vec<&'static str>)| {
            let ids: Vec<Value> = rows
                .iter()
                .filter(|r| {
                    r["collection"] == collection.as_str()
                        && actions.iter().any(|a| r["action"] == *a)
                })
                .map(|r| r["id"].clone())
                .collect();
            let (reload, menu) = (reload.clone(), menu.clone());
            if ids.is_empty() {
                menu.set(None);
                return;
            }
            run(
                &app,
                async move { api::delete("/permissions", Some(&Value::Array(ids))).await },
                move |_| {
                    menu.set(None);
                    reload.emit(());
                },
            );
        })
    };

    let cell = |collection: &str, action: &'static str| {
        let lvl = level(find(collection, action).as_ref());
        let (class, state, word, icon) = match lvl {
            Level::All => ("all", t("All Access"), t("all"), "check"),
            Level::Custom => ("custom", t("Custom Access"), t("custom"), "filter"),
            Level::None => ("none", t("No Access"), t("none"), "x"),
        };
        let open = {
            let (menu, c) = (menu.clone(), collection.to_string());
            Callback::from(move |_| menu.set(Some((c.clone(), action.to_string()))))
        };
        html! {
            <td>
                <button class={classes!("perm", class)} aria-label={format!("{collection} {action}: {word}")}
                    title={format!("{} · {}: {state}", title_case(collection), action_label(action))} onclick={open}>
                    <Icon name={icon} size={14} />
                </button>
            </td>
        }
    };
    let row = |collection: String, system: bool| {
        let all = grant_all.reform({
            let c = collection.clone();
            move |_: MouseEvent| (c.clone(), ACTIONS.to_vec())
        });
        let none = revoke.reform({
            let c = collection.clone();
            move |_: MouseEvent| (c.clone(), ACTIONS.to_vec())
        });
        html! {
            <tr key={collection.clone()} class={classes!(system.then_some("system"))}>
                <td>
                    <div class="matrix-name">
                        <span><Icon name={if system { "settings" } else { "box" }} size={16} />{ title_case(collection.trim_start_matches("directus_")) }</span>
                        <span class="matrix-shortcuts">
                            <button class="link-button" title={t("Grant all access")} onclick={all}
                                aria-label={tf("All for {collection}", &[("collection", &collection)])}>{ t("All") }</button>
                            <button class="link-button" title={t("Remove all access")} onclick={none}
                                aria-label={tf("None for {collection}", &[("collection", &collection)])}>{ t("None") }</button>
                        </span>
                    </div>
                </td>
                { for ACTIONS.iter().map(|a| cell(&collection, a)) }
            </tr>
        }
    };
    let collections: Vec<String> = app
        .model
        .user_collections()
        .into_iter()
        .filter(|c| !c["schema"].is_null())
        .filter_map(|c| c["collection"].as_str().map(str::to_string))
        .collect();

    let menu_view = (*menu).clone().map(|(collection, action)| {
        let action: &'static str = ACTIONS.iter().find(|a| **a == action).copied().unwrap_or("read");
        let lvl = level(find(&collection, action).as_ref());
        let close = { let m = menu.clone(); Callback::from(move |_| m.set(None)) };
        let all = grant_all.reform({ let c = collection.clone(); move |_: MouseEvent| (c.clone(), vec![action]) });
        let none = revoke.reform({ let c = collection.clone(); move |_: MouseEvent| (c.clone(), vec![action]) });
        let use_custom = {
            let (menu, custom, c) = (menu.clone(), custom.clone(), collection.clone());
            Callback::from(move |_| {
                menu.set(None);
                custom.set(Some((c.clone(), action.to_string())));
            })
        };
        let mark = |l: Level| (lvl == l).then(|| html! { <Icon name="check" size={14} /> });
        html! {
            <Modal title={format!("{} · {}", title_case(&collection), action_label(action))} on_close={close}>
                <div class="perm-menu" role="group" aria-label={t("Access level")}>
                    <button class="perm-option" onclick={all}><span class="perm all"><Icon name="check" size={14} /></span>{ t("All Access") }{ mark(Level::All) }</button>
                    <button class="perm-option" onclick={none}><span class="perm none"><Icon name="x" size={14} /></span>{ t("No Access") }{ mark(Level::None) }</button>
                    <button class="perm-option" onclick={use_custom}><span class="perm custom"><Icon name="filter" size={14} /></span>{ t("Use Custom") }{ mark(Level::Custom) }</button>
                </div>
            </Modal>
        }
    });
    let custom_view = (*custom).clone().map(|(collection, action)| {
        let close = { let c = custom.clone(); Callback::from(move |_| c.set(None)) };
        let saved = { let (c, reload) = (custom.clone(), reload.clone()); Callback::from(move |_| { c.set(None); reload.emit(()); }) };
        html! {
            <PermissionEditor policy={p.policy.clone()} collection={collection.clone()} action={action.clone()}
                existing={find(&collection, &action)} on_close={close} on_saved={saved} />
        }
    });

    match &load {
        Load::Loading => return html! { <Spinner /> },
        Load::Failed(e) => return html! { <Empty icon="lock" text={e.message.clone()} /> },
        Load::Ready(_) => {}
    }
    let toggle_system = {
        let s = show_system.clone();
        Callback::from(move |_| s.set(!*s))
    };
    html! {<>
        <div class="table-wrap">
            <table class="matrix">
                <thead><tr>
                    <th>{ t("Collection") }</th>
                    { for ACTIONS.iter().map(|a| html! { <th scope="col">{ action_label(a) }</th> }) }
                </tr></thead>
                <tbody>
                    if collections.is_empty() {
                        <tr><td colspan="6" class="muted">{ t("No collections yet.") }</td></tr>
                    }
                    { for collections.into_iter().map(|c| row(c, false)) }
                    <tr class="matrix-group">
                        <td colspan="6">
                            <button class="link-button" aria-expanded={show_system.to_string()} onclick={toggle_system}>
                                <Icon name={if *show_system { "down" } else { "right" }} size={14} />{ t("System Collections") }
                            </button>
                        </td>
                    </tr>
                    if *show_system {
                        { for SYSTEM.iter().filter(|c| app.model.collection(c).is_some()).map(|c| row(c.to_string(), true)) }
                    }
                </tbody>
            </table>
        </div>
        { menu_view.unwrap_or_default() }
        { custom_view.unwrap_or_default() }
    </>}
}
