//! An item's fields laid out as Directus does (half or full width, in `meta.sort` order), each
//! with its editor, label, note and error, and the field conditions applied to the current values.

use crate::components::title_case;
use crate::i18n::t;
use crate::interfaces::{FieldInput, conditions};
use crate::state::use_app;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub collection: AttrValue,
    /// The item as read, with the unsaved edits on top.
    pub values: Rc<Map<String, Value>>,
    pub errors: Rc<HashMap<String, String>>,
    pub is_new: bool,
    pub on_field: Callback<(String, Value)>,
}

/// The fields a form shows and whether each is required, for the current values.
pub fn visible_fields(
    model: &crate::state::Model,
    collection: &str,
    values: &Map<String, Value>,
    is_new: bool,
) -> Vec<(Value, conditions::Flags)> {
    let pk = model.primary_key(collection);
    model
        .fields_of(collection)
        .into_iter()
        .filter(|f| {
            let special = f["meta"]["special"].as_array().cloned().unwrap_or_default();
            !special.iter().any(|s| s == "no-data" || s == "group")
        })
        .filter(|f| {
            // The key is typed only when it is not generated.
            f["field"] != pk.as_str()
                || (is_new
                    && f["schema"]["has_auto_increment"] != true
                    && f["meta"]["special"]
                        .as_array()
                        .is_none_or(|s| !s.iter().any(|x| x == "uuid")))
        })
        .map(|f| (f.clone(), conditions::flags(f, values)))
        .filter(|(f, flags)| !flags.hidden || (f["field"] == pk.as_str() && is_new))
        .collect()
}

#[function_component]
pub fn ItemForm(p: &FormProps) -> Html {
    let app = use_app();
    let fields = visible_fields(&app.model, &p.collection, &p.values, p.is_new);
    // Fields the role may not write are shown, not editable (the server would refuse them).
    let action = if p.is_new { "create" } else { "update" };
    if fields.is_empty() {
        return html! { <p class="muted">{ t("This collection has no fields to edit.") }</p> };
    }
    html! {
        <div class="form">
            { for fields.into_iter().map(|(field, flags)| {
                let name = field["field"].as_str().unwrap_or("").to_string();
                let width = field["meta"]["width"].as_str().unwrap_or("full");
                let label = field["meta"]["translations"].as_array()
                    .and_then(|tr| tr.iter().find(|x| x["language"].as_str().is_some_and(|l| l.get(..2) == crate::i18n::lang().code().get(..2))))
                    .and_then(|x| x["translation"].as_str().map(str::to_string))
                    .unwrap_or_else(|| title_case(&name));
                let error = p.errors.get(&name).cloned();
                let note = field["meta"]["note"].as_str().map(str::to_string);
                let on_change = { let (cb, name) = (p.on_field.clone(), name.clone()); Callback::from(move |v: Value| cb.emit((name.clone(), v))) };
                let value = p.values.get(&name).cloned().unwrap_or(Value::Null);
                html! {
                    <div class={classes!("field", (width != "half").then_some("full"), error.is_some().then_some("invalid"))} data-field={name.clone()}>
                        <label class="label" for={name.clone()}>
                            { label }
                            if flags.required { <span class="required" aria-label={t("required")}>{ "*" }</span> }
                        </label>
                        <FieldInput collection={p.collection.clone()} field={Rc::new(field.clone())} {value} {on_change} disabled={flags.readonly || !app.model.can_write(&p.collection, action, &name)} />
                        if let Some(note) = note { <span class="note">{ note }</span> }
                        if let Some(e) = error { <span class="error" role="alert">{ e }</span> }
                    </div>
                }
            }) }
        </div>
    }
}
