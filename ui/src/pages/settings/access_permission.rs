//! The dialog that edits one custom permission: the item rule (a JSON filter), the fields the
//! action may touch, and for create/update the validation rule and the preset values.

use super::access_matrix::action_label;
use crate::api;
use crate::components::{Modal, on_check, on_text, title_case};
use crate::i18n::{t, tf};
use crate::state::{run, use_app};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PermissionProps {
    pub policy: String,
    pub collection: String,
    pub action: String,
    /// The permission row being edited; none for a new one.
    pub existing: Option<Value>,
    pub on_close: Callback<()>,
    pub on_saved: Callback<()>,
}

/// A JSON value as the textarea shows it: empty for nothing, else pretty-printed.
fn json_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Object(m) if m.is_empty() => String::new(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// Reads a textarea: empty is "no rule", anything else must be a JSON object.
fn parse(text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(t("Must be a JSON object, like {\"field\": {\"_eq\": 1}}.").to_string()),
        Err(e) => Err(tf("Invalid JSON: {error}", &[("error", &e.to_string())])),
    }
}

fn json_area(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    text: &UseStateHandle<String>,
) -> Html {
    let error = parse(text).err();
    let id = format!("perm-{name}");
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label class="label" for={id.clone()}>{ label }</label>
            <textarea id={id} class="code" {name} spellcheck="false" value={(**text).clone()}
                aria-invalid={error.is_some().to_string()}
                oninput={on_text({ let s = text.clone(); Callback::from(move |v| s.set(v)) })} />
            <span class="note">{ help }</span>
            if let Some(e) = error { <span class="error" role="alert">{ e }</span> }
        </div>
    }
}

#[function_component]
pub fn PermissionEditor(p: &PermissionProps) -> Html {
    let app = use_app();
    let existing = p.existing.clone().unwrap_or(Value::Null);
    let permissions = use_state(|| json_text(&existing["permissions"]));
    let validation = use_state(|| json_text(&existing["validation"]));
    let presets = use_state(|| json_text(&existing["presets"]));
    let chosen: Vec<String> = match &existing["fields"] {
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Value::String(s) => s.split(',').map(|f| f.trim().to_string()).collect(),
        _ => vec!["*".to_string()],
    };
    let all_fields = use_state(|| p.existing.is_none() || chosen.iter().any(|f| f == "*"));
    let fields = use_state(|| {
        chosen
            .into_iter()
            .filter(|f| f != "*")
            .collect::<BTreeSet<String>>()
    });

    let writes = matches!(p.action.as_str(), "create" | "update");
    let has_fields = matches!(p.action.as_str(), "create" | "read" | "update");
    let names: Vec<String> = app
        .model
        .fields_of(&p.collection)
        .into_iter()
        .filter_map(|f| f["field"].as_str().map(str::to_string))
        .collect();

    let save = {
        let (app, p_policy, collection, action) = (
            app.clone(),
            p.policy.clone(),
            p.collection.clone(),
            p.action.clone(),
        );
        let (permissions, validation, presets, all_fields, fields) = (
            permissions.clone(),
            validation.clone(),
            presets.clone(),
            all_fields.clone(),
            fields.clone(),
        );
        let (existing_id, on_saved) = (existing["id"].clone(), p.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Ok(rule), Ok(check), Ok(preset)) =
                (parse(&permissions), parse(&validation), parse(&presets))
            else {
                app.notify.emit((
                    crate::state::NoticeKind::Error,
                    t("Fix the invalid JSON first.").to_string(),
                ));
                return;
            };
            let field_list: Vec<String> = if !has_fields || *all_fields {
                vec!["*".to_string()]
            } else {
                fields.iter().cloned().collect()
            };
            let body = json!({
                "policy": p_policy, "collection": collection, "action": action,
                "permissions": if rule.is_null() { json!({}) } else { rule },
                "validation": if writes { check } else { Value::Null },
                "presets": if writes { preset } else { Value::Null },
                "fields": field_list,
            });
            let (app2, on_saved, id) = (app.clone(), on_saved.clone(), existing_id.clone());
            run(
                &app,
                async move {
                    match &id {
                        Value::Null => api::post("/permissions", &body).await,
                        id => {
                            api::patch(
                                &format!("/permissions/{}", crate::components::display_value(id)),
                                &body,
                            )
                            .await
                        }
                    }
                },
                move |_| {
                    app2.ok(t("Permission saved"));
                    on_saved.emit(());
                },
            );
        })
    };
    let toggle_field = |name: String| {
        let fields = fields.clone();
        on_check(Callback::from(move |on: bool| {
            let mut next = (*fields).clone();
            if on {
                next.insert(name.clone());
            } else {
                next.remove(&name);
            }
            fields.set(next);
        }))
    };
    let footer = html! {<>
        <button type="button" class="secondary" onclick={p.on_close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="permission-form" class="primary">{ t("Save Permission") }</button>
    </>};
    let title = format!(
        "{} · {}",
        title_case(&p.collection),
        action_label(&p.action)
    );
    html! {
        <Modal {title} on_close={p.on_close.clone()} {footer} wide=true>
            <form id="permission-form" class="permission-form" onsubmit={save}>
                <h3>{ t("Item Permissions") }</h3>
                { json_area("permissions", t("Filter rule (JSON)"),
                    t("Which items the action applies to, in filter syntax. Leave empty for all items. Dynamic values: $CURRENT_USER, $CURRENT_ROLE, $NOW, e.g. {\"user_created\": {\"_eq\": \"$CURRENT_USER\"}}."),
                    &permissions) }
                if has_fields {
                    <h3>{ t("Field Permissions") }</h3>
                    <label class="inline">
                        <input type="checkbox" name="all_fields" checked={*all_fields}
                            onchange={on_check({ let s = all_fields.clone(); Callback::from(move |on| s.set(on)) })} />
                        { t("All fields") }
                    </label>
                    if !*all_fields {
                        <div class="choices perm-fields" role="group" aria-label={t("Fields")}>
                            { for names.iter().map(|f| html! {
                                <label class="inline">
                                    <input type="checkbox" name={format!("field_{f}")} checked={fields.contains(f)} onchange={toggle_field(f.clone())} />
                                    { title_case(f) }
                                </label>
                            }) }
                        </div>
                    }
                }
                if writes {
                    <h3>{ t("Field Validation") }</h3>
                    { json_area("validation", t("Validation rule (JSON)"),
                        t("A filter the submitted values must pass, e.g. {\"price\": {\"_gte\": 0}}. $CURRENT_USER and $NOW work here too."),
                        &validation) }
                    <h3>{ t("Field Presets") }</h3>
                    { json_area("presets", t("Default values (JSON)"),
                        t("Values set on every item this action writes, e.g. {\"status\": \"draft\"}."),
                        &presets) }
                }
            </form>
        </Modal>
    }
}
