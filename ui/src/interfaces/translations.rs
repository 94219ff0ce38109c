//! Translations: a many-to-many to a languages collection whose junction rows hold the
//! translated fields. One tab per language; each tab edits that language's junction row with the
//! junction's own field editors. Sent as the array of junction rows (kept rows with their key).

use super::relational::junction_of;
use super::{FieldInput, FieldProps};
use crate::api::enc;
use crate::components::display_value;
use crate::i18n::t;
use crate::state::use_app;
use serde_json::{Map, Value};
use std::rc::Rc;
use yew::prelude::*;

#[function_component]
pub fn Translations(p: &FieldProps) -> Html {
    let app = use_app();
    let active = use_state(|| None::<String>);
    let junction = junction_of(&app.model, &p.collection, &p.name());
    let languages_path = junction
        .as_ref()
        .map(|(_, _, languages)| {
            let pk = app.model.primary_key(languages);
            format!(
                "/items/{languages}?fields={}&limit=-1",
                enc(&format!("{pk},{}", app.model.label_field(languages)))
            )
        })
        .unwrap_or_default();
    let (languages, _) = crate::state::use_get(languages_path);
    let Some((junction, jf, lang_collection)) = junction else {
        return html! { <span class="muted">{ t("This relation is not fully set up.") }</span> };
    };
    let parent_fk = app
        .model
        .o2m(&p.collection, &p.name())
        .and_then(|r| r["field"].as_str())
        .unwrap_or("")
        .to_string();
    let jpk = app.model.primary_key(&junction);
    let lpk = app.model.primary_key(&lang_collection);
    let llabel = app.model.label_field(&lang_collection);
    let langs: Vec<(String, String)> = languages
        .data()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|l| {
            (
                display_value(&l[lpk.as_str()]),
                display_value(&l[llabel.as_str()]),
            )
        })
        .collect();
    let rows: Vec<Value> = p.value.as_array().cloned().unwrap_or_default();
    let lang_of = |row: &Value| row_language(row, &jf, &lpk);
    let current = (*active)
        .clone()
        .or_else(|| langs.first().map(|l| l.0.clone()))
        .unwrap_or_default();
    let row = rows
        .iter()
        .find(|r| lang_of(r) == current)
        .cloned()
        .unwrap_or(Value::Null);
    let fields: Vec<Rc<Value>> = app
        .model
        .fields_of(&junction)
        .into_iter()
        .filter(|f| {
            ![jpk.as_str(), jf.as_str(), parent_fk.as_str()]
                .contains(&f["field"].as_str().unwrap_or(""))
        })
        .filter(|f| f["meta"]["hidden"] != true)
        .map(|f| Rc::new(f.clone()))
        .collect();
    // Edits the current language's row, or adds that row (naming its language) on first input.
    let setter = |name: String| {
        let (rows, cb, current, jf, lpk) = (
            rows.clone(),
            p.on_change.clone(),
            current.clone(),
            jf.clone(),
            lpk.clone(),
        );
        Callback::from(move |value: Value| {
            let mut next = rows.clone();
            let existing = next
                .iter_mut()
                .find(|r| row_language(r, &jf, &lpk) == current);
            match existing {
                Some(Value::Object(o)) => {
                    o.insert(name.clone(), value);
                }
                _ => {
                    let mut o = Map::new();
                    o.insert(jf.clone(), Value::from(current.clone()));
                    o.insert(name.clone(), value);
                    next.push(Value::Object(o));
                }
            }
            cb.emit(Value::Array(next));
        })
    };
    html! {
        <div class="translations">
            <div class="tabs" role="tablist">
                { for langs.iter().map(|(code, name)| {
                    let on = *code == current;
                    let done = rows.iter().any(|r| lang_of(r) == *code);
                    let (active, code2) = (active.clone(), code.clone());
                    html! {
                        <button type="button" role="tab" aria-selected={on.to_string()} class={classes!("tab", on.then_some("active"))}
                            onclick={Callback::from(move |_| active.set(Some(code2.clone())))}>
                            { if name.is_empty() { code.clone() } else { name.clone() } }
                            if done { <span class="badge primary">{ "✓" }</span> }
                        </button>
                    }
                }) }
            </div>
            <div class="form">
                { for fields.iter().map(|f| {
                    let name = f["field"].as_str().unwrap_or("").to_string();
                    html! {
                        <div class="field full">
                            <label class="label" for={name.clone()}>{ crate::components::title_case(&name) }</label>
                            <FieldInput collection={junction.clone()} field={f.clone()} value={row[name.as_str()].clone()}
                                on_change={setter(name.clone())} disabled={p.disabled} />
                        </div>
                    }
                }) }
            </div>
        </div>
    }
}

/// The language key of a junction row (the language may be read as an object or be a key).
fn row_language(row: &Value, jf: &str, lpk: &str) -> String {
    display_value(&super::key_of(&row[jf], lpk))
}
