//! Settings → Data Model: the user's collections as a table (note, singleton, field count),
//! each opening its fields, and the dialog that creates a collection with its primary key.

use super::model_common::{IconPicker, key_problem, labelled};
use crate::api;
use crate::components::{Empty, Icon, Modal, Page, on_check, on_select, on_text, title_case};
use crate::i18n::{t, tf};
use crate::route::Route;
use crate::state::{run, use_app};
use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

/// The `fields` entry of the new collection's primary key.
fn primary_key(pk_type: &str) -> Value {
    match pk_type {
        "uuid" => json!({ "field": "id", "type": "uuid",
            "meta": { "hidden": true, "interface": "input", "readonly": true, "special": ["uuid"] },
            "schema": { "is_primary_key": true } }),
        "string" => json!({ "field": "id", "type": "string",
            "meta": { "hidden": false, "interface": "input", "readonly": false },
            "schema": { "is_primary_key": true } }),
        _ => json!({ "field": "id", "type": "integer",
            "meta": { "hidden": true, "interface": "input", "readonly": true },
            "schema": { "is_primary_key": true, "has_auto_increment": true } }),
    }
}

#[derive(Properties, PartialEq)]
struct CreateCollectionProps {
    on_close: Callback<()>,
}

/// Creates a collection from the dialog and opens its fields.
#[function_component]
fn CreateCollection(p: &CreateCollectionProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let name = use_state(String::new);
    let pk_type = use_state(|| "integer".to_string());
    let singleton = use_state(|| false);
    let note = use_state(String::new);
    let icon = use_state(|| "box".to_string());
    let busy = use_state(|| false);

    let error = key_problem(&name).or_else(|| {
        app.model
            .collection(&name)
            .is_some()
            .then(|| t("A collection with this name already exists."))
    });
    let invalid = name.is_empty() || error.is_some();

    let submit = {
        let (app, navigator) = (app.clone(), navigator.clone());
        let (name, pk_type, singleton, note, icon, busy) = (
            name.clone(),
            pk_type.clone(),
            singleton.clone(),
            note.clone(),
            icon.clone(),
            busy.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if invalid || *busy {
                return;
            }
            let collection = (*name).clone();
            let note = note.trim();
            let body = json!({
                "collection": collection,
                "meta": { "singleton": *singleton, "note": if note.is_empty() { Value::Null } else { note.into() }, "icon": *icon },
                "schema": {},
                "fields": [primary_key(&pk_type)],
            });
            busy.set(true);
            let (app2, navigator, done) = (app.clone(), navigator.clone(), busy.clone());
            let fut = async move {
                let res = api::post("/collections", &body).await;
                done.set(false);
                res
            };
            run(&app, fut, move |_| {
                app2.reload_model.emit(());
                app2.ok(t("Collection created"));
                if let Some(n) = &navigator {
                    n.push(&Route::DataModelCollection { collection });
                }
            });
        })
    };
    let footer = html! {<>
        <button type="button" class="secondary" onclick={p.on_close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="create-collection" class="primary" disabled={invalid || *busy}>{ t("Create") }</button>
    </>};
    let pk_option = |value: &'static str, label: &'static str| {
        html! {
            <option {value} selected={*pk_type == value}>{ label }</option>
        }
    };
    html! {
        <Modal title={t("Create Collection")} on_close={p.on_close.clone()} {footer}>
            <form id="create-collection" class="model-stack" onsubmit={submit} novalidate=true>
                { labelled("collection", t("Name"), true, error.or(Some(t("Lowercase snake_case, e.g. blog_posts. It cannot be changed later."))), html! {
                    <input id="collection" name="collection" value={(*name).clone()} required=true
                        autocomplete="off" spellcheck="false" aria-invalid={error.is_some().to_string()}
                        oninput={on_text({ let s = name.clone(); Callback::from(move |v: String| s.set(v)) })} />
                }) }
                { labelled("pk_type", t("Primary Key"), true, None, html! {
                    <select id="pk_type" name="pk_type" onchange={on_select({ let s = pk_type.clone(); Callback::from(move |v| s.set(v)) })}>
                        { pk_option("integer", t("Auto-incremented integer")) }
                        { pk_option("uuid", t("Generated UUID")) }
                        { pk_option("string", t("Manually entered string")) }
                    </select>
                }) }
                <label class="inline">
                    <input type="checkbox" name="singleton" checked={*singleton}
                        onchange={on_check({ let s = singleton.clone(); Callback::from(move |v| s.set(v)) })} />
                    { t("Singleton: the collection holds a single item") }
                </label>
                { labelled("note", t("Note"), true, None, html! {
                    <input id="note" name="note" value={(*note).clone()}
                        oninput={on_text({ let s = note.clone(); Callback::from(move |v| s.set(v)) })} />
                }) }
                <IconPicker value={(*icon).clone()} on_change={{ let s = icon.clone(); Callback::from(move |v| s.set(v)) }} />
            </form>
        </Modal>
    }
}

#[function_component]
pub fn DataModel() -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let creating = use_state(|| false);
    let collections = app.model.user_collections();

    let row = |c: &&Value| {
        let name = c["collection"].as_str().unwrap_or("").to_string();
        let to = Route::DataModelCollection {
            collection: name.clone(),
        };
        let open = {
            let (navigator, to) = (navigator.clone(), to.clone());
            Callback::from(move |_: ()| {
                if let Some(n) = &navigator {
                    n.push(&to);
                }
            })
        };
        let fields = app.model.fields_of(&name).len();
        let meta = &c["meta"];
        html! {
            // The name is the keyboard's way in; a click anywhere else on the row opens it too.
            <tr key={name.clone()} onclick={open.reform(|_: MouseEvent| ())}>
                <td onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                    <Link<Route> {to} classes="model-name">
                        <Icon name={meta["icon"].as_str().unwrap_or("box").to_string()} />
                        <span><strong>{ title_case(&name) }</strong><code class="model-key">{ name.clone() }</code></span>
                    </Link<Route>>
                </td>
                <td class="muted model-desc">{ meta["note"].as_str().unwrap_or("").to_string() }</td>
                <td class="model-badges">
                    if meta["singleton"] == true { <span class="badge primary">{ t("Singleton") }</span> }
                    if meta["hidden"] == true { <span class="badge">{ t("Hidden") }</span> }
                </td>
                <td class="count"><span class="badge">{ tf("{n} fields", &[("n", &fields.to_string())]) }</span></td>
            </tr>
        }
    };
    let open_create = {
        let c = creating.clone();
        Callback::from(move |_| c.set(true))
    };
    let actions = html! {
        <button class="primary" onclick={open_create}><Icon name="plus" />{ t("Create Collection") }</button>
    };
    html! {
        <Page title={t("Data Model")} subtitle={t("Settings")} {actions}>
            if collections.is_empty() {
                <Empty icon="box" text={t("No collections yet. Create one to start modelling your content.")} />
            } else {
                <div class="table-wrap">
                    <table class="model-table">
                        <thead><tr>
                            <th>{ t("Collection") }</th>
                            <th>{ t("Note") }</th>
                            <th></th>
                            <th class="count">{ t("Fields") }</th>
                        </tr></thead>
                        <tbody>{ for collections.iter().map(row) }</tbody>
                    </table>
                </div>
            }
            if *creating {
                <CreateCollection on_close={{ let c = creating.clone(); Callback::from(move |_| c.set(false)) }} />
            }
        </Page>
    }
}
