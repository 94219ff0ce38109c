//! Relational editors: many-to-one (pick one related item), one-to-many (the related items whose
//! foreign key points here) and many-to-many (links through a junction collection). Values are
//! sent the way Directus takes them: a key; an array of child keys; an array of junction rows
//! (kept ones by key, new ones as `{<junction field>: key}`).

use super::picker::ItemPicker;
use super::staged::NewRelated;
use super::{FieldProps, key_of};
use crate::components::{Icon, display_value};
use crate::i18n::t;
use crate::route::Route;
use crate::state::{Model, use_app};
use serde_json::{Value, json};
use std::collections::HashMap;
use yew::prelude::*;
use yew_router::prelude::*;

/// Labels seen in read values or picked rows, by key text.
type Labels = HashMap<String, String>;

fn label_of(model: &Model, collection: &str, row: &Value) -> Option<String> {
    let label = display_value(&row[model.label_field(collection).as_str()]);
    (!label.is_empty()).then_some(label)
}

fn link(collection: &str, key: &Value) -> Html {
    if collection.starts_with("directus_") {
        return html! {};
    }
    let key = display_value(key);
    html! {
        <Link<Route> to={Route::Item { collection: collection.to_string(), key }} classes="icon-button" >
            <span title={t("Open")} aria-label={t("Open")}><Icon name="link" size={16} /></span>
        </Link<Route>>
    }
}

#[function_component]
pub fn ManyToOne(p: &FieldProps) -> Html {
    let app = use_app();
    let picking = use_state(|| false);
    let creating = use_state(|| false);
    let picked = use_state(Labels::new);
    let related = app
        .model
        .m2o(&p.collection, &p.name())
        .and_then(|r| r["related_collection"].as_str())
        .unwrap_or("")
        .to_string();
    let pk = app.model.primary_key(&related);
    let key = key_of(&p.value, &pk);
    // A new item staged with "Create New": an object without a key, created with the parent.
    let staged = p.value.as_object().filter(|_| key.is_null()).cloned();
    let label = label_of(&app.model, &related, &p.value)
        .or_else(|| picked.get(&display_value(&key)).cloned())
        .unwrap_or_else(|| display_value(&key));
    let flag = |s: &UseStateHandle<bool>, on: bool| {
        let s = s.clone();
        Callback::from(move |_: ()| s.set(on))
    };
    let on_add = {
        let (creating, cb) = (creating.clone(), p.on_change.clone());
        Callback::from(move |values: serde_json::Map<String, Value>| {
            cb.emit(Value::Object(values));
            creating.set(false);
        })
    };
    let on_pick = {
        let (picking, picked, cb, pk, model, related) = (
            picking.clone(),
            picked.clone(),
            p.on_change.clone(),
            pk.clone(),
            app.model.clone(),
            related.clone(),
        );
        Callback::from(move |rows: Vec<Value>| {
            if let Some(row) = rows.into_iter().next() {
                let mut labels = (*picked).clone();
                labels.insert(
                    display_value(&row[pk.as_str()]),
                    label_of(&model, &related, &row).unwrap_or_default(),
                );
                picked.set(labels);
                cb.emit(row[pk.as_str()].clone());
            }
            picking.set(false);
        })
    };
    html! {
        <div class="related m2o">
            <div class="row">
                if staged.is_some() {
                    <span>{ label }<span class="badge primary">{ t("New") }</span></span>
                } else if key.is_null() {
                    <span class="muted">{ t("No item selected") }</span>
                } else {
                    <span>{ label }</span>
                }
                <span class="actions">
                    if !key.is_null() { { link(&related, &key) } }
                    if !p.disabled {
                        if app.model.can(&related, "create") && !related.starts_with("directus_") {
                            <button type="button" class="secondary" onclick={flag(&creating, true).reform(|_| ())}>
                                { if staged.is_some() { t("Edit New") } else { t("Create New") } }
                            </button>
                        }
                        <button type="button" class="secondary" name={p.name()} onclick={{ let s = picking.clone(); Callback::from(move |_| s.set(true)) }}>{ t("Select") }</button>
                        if !p.value.is_null() {
                            <button type="button" class="icon-button" aria-label={t("Clear")} title={t("Clear")}
                                onclick={{ let cb = p.on_change.clone(); Callback::from(move |_| cb.emit(Value::Null)) }}><Icon name="x" /></button>
                        }
                    }
                </span>
            </div>
            if *picking {
                <ItemPicker collection={related.clone()} {on_pick} on_close={{ let s = picking.clone(); Callback::from(move |_| s.set(false)) }} />
            }
            if *creating {
                <NewRelated collection={related.clone()} values={staged.clone()} {on_add} on_close={flag(&creating, false)} />
            }
        </div>
    }
}

#[function_component]
pub fn OneToMany(p: &FieldProps) -> Html {
    let app = use_app();
    let picking = use_state(|| false);
    let picked = use_state(Labels::new);
    let child = app
        .model
        .o2m(&p.collection, &p.name())
        .and_then(|r| r["collection"].as_str())
        .unwrap_or("")
        .to_string();
    let pk = app.model.primary_key(&child);
    let items: Vec<Value> = p.value.as_array().cloned().unwrap_or_default();
    let keys: Vec<Value> = items.iter().map(|i| key_of(i, &pk)).collect();
    let mut labels = (*picked).clone();
    for item in &items {
        if let Some(l) = label_of(&app.model, &child, item) {
            labels.insert(display_value(&key_of(item, &pk)), l);
        }
    }
    let emit = {
        let cb = p.on_change.clone();
        move |keys: Vec<Value>| cb.emit(Value::Array(keys))
    };
    let on_pick = {
        let (picking, picked, keys, emit, pk, model, child, labels) = (
            picking.clone(),
            picked.clone(),
            keys.clone(),
            emit.clone(),
            pk.clone(),
            app.model.clone(),
            child.clone(),
            labels.clone(),
        );
        Callback::from(move |rows: Vec<Value>| {
            let mut next = keys.clone();
            let mut seen = labels.clone();
            for row in rows {
                seen.insert(
                    display_value(&row[pk.as_str()]),
                    label_of(&model, &child, &row).unwrap_or_default(),
                );
                next.push(row[pk.as_str()].clone());
            }
            picked.set(seen);
            emit(next);
            picking.set(false);
        })
    };
    html! {
        <div class="related o2m">
            { for keys.iter().enumerate().map(|(i, key)| {
                let (keys, emit) = (keys.clone(), emit.clone());
                let remove = Callback::from(move |_: MouseEvent| {
                    let mut next = keys.clone();
                    next.remove(i);
                    emit(next);
                });
                html! {
                    <div class="row">
                        <span>{ labels.get(&display_value(key)).cloned().filter(|l| !l.is_empty()).unwrap_or_else(|| display_value(key)) }</span>
                        <span class="actions">
                            { link(&child, key) }
                            if !p.disabled {
                                <button type="button" class="icon-button" aria-label={t("Remove")} title={t("Remove")} onclick={remove}><Icon name="x" /></button>
                            }
                        </span>
                    </div>
                }
            }) }
            if keys.is_empty() { <div class="row muted">{ t("No items") }</div> }
            if !p.disabled {
                <div class="actions">
                    <button type="button" class="secondary" name={p.name()} onclick={{ let s = picking.clone(); Callback::from(move |_| s.set(true)) }}>
                        <Icon name="plus" />{ t("Add Existing") }
                    </button>
                </div>
            }
            if *picking {
                <ItemPicker collection={child.clone()} multiple=true exclude={keys.clone()} {on_pick} on_close={{ let s = picking.clone(); Callback::from(move |_| s.set(false)) }} />
            }
        </div>
    }
}

/// The junction collection, its field pointing at the related item, and the related collection.
pub fn junction_of(
    model: &Model,
    collection: &str,
    field: &str,
) -> Option<(String, String, String)> {
    let rel = model.o2m(collection, field)?;
    let junction = rel["collection"].as_str()?.to_string();
    let jf = rel["meta"]["junction_field"].as_str()?.to_string();
    let related = model.m2o(&junction, &jf)?["related_collection"]
        .as_str()?
        .to_string();
    Some((junction, jf, related))
}

#[function_component]
pub fn ManyToMany(p: &FieldProps) -> Html {
    let app = use_app();
    let picking = use_state(|| false);
    let picked = use_state(Labels::new);
    let Some((junction, jf, related)) = junction_of(&app.model, &p.collection, &p.name()) else {
        return html! { <span class="muted">{ t("This relation is not fully set up.") }</span> };
    };
    let jpk = app.model.primary_key(&junction);
    let rpk = app.model.primary_key(&related);
    // Rows as they will be sent: a kept junction row is its key, a new one `{jf: related key}`.
    let rows: Vec<Value> = p
        .value
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|r| match &r {
            Value::Object(o) if o.contains_key(&jpk) => o[&jpk].clone(),
            Value::Object(o) => {
                json!({ jf.clone(): key_of(o.get(&jf).unwrap_or(&Value::Null), &rpk) })
            }
            _ => r,
        })
        .collect();
    let mut labels = (*picked).clone();
    for r in p.value.as_array().into_iter().flatten() {
        if let Some(l) = label_of(&app.model, &related, &r[jf.as_str()]) {
            labels.insert(format!("j:{}", display_value(&r[jpk.as_str()])), l.clone());
            labels.insert(
                format!("r:{}", display_value(&key_of(&r[jf.as_str()], &rpk))),
                l,
            );
        }
    }
    let label = |row: &Value| match row {
        Value::Object(o) => labels
            .get(&format!("r:{}", display_value(&o[&jf])))
            .cloned()
            .unwrap_or_else(|| display_value(&o[&jf])),
        key => labels
            .get(&format!("j:{}", display_value(key)))
            .cloned()
            .unwrap_or_else(|| display_value(key)),
    };
    let emit = {
        let cb = p.on_change.clone();
        move |rows: Vec<Value>| cb.emit(Value::Array(rows))
    };
    let linked: Vec<Value> = p
        .value
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| key_of(&r[jf.as_str()], &rpk))
        .filter(|k| !k.is_null())
        .collect();
    let on_pick = {
        let (picking, picked, rows, emit, jf, rpk, model, related) = (
            picking.clone(),
            picked.clone(),
            rows.clone(),
            emit.clone(),
            jf.clone(),
            rpk.clone(),
            app.model.clone(),
            related.clone(),
        );
        Callback::from(move |chosen: Vec<Value>| {
            let mut next = rows.clone();
            let mut seen = (*picked).clone();
            for row in chosen {
                let key = row[rpk.as_str()].clone();
                seen.insert(
                    format!("r:{}", display_value(&key)),
                    label_of(&model, &related, &row).unwrap_or_default(),
                );
                next.push(json!({ jf.clone(): key }));
            }
            picked.set(seen);
            emit(next);
            picking.set(false);
        })
    };
    html! {
        <div class="related m2m">
            { for rows.iter().enumerate().map(|(i, row)| {
                let (rows, emit) = (rows.clone(), emit.clone());
                let remove = Callback::from(move |_: MouseEvent| {
                    let mut next = rows.clone();
                    next.remove(i);
                    emit(next);
                });
                html! {
                    <div class="row">
                        <span>{ label(row) }</span>
                        if !p.disabled {
                            <button type="button" class="icon-button" aria-label={t("Remove")} title={t("Remove")} onclick={remove}><Icon name="x" /></button>
                        }
                    </div>
                }
            }) }
            if rows.is_empty() { <div class="row muted">{ t("No items") }</div> }
            if !p.disabled {
                <div class="actions">
                    <button type="button" class="secondary" name={p.name()} onclick={{ let s = picking.clone(); Callback::from(move |_| s.set(true)) }}>
                        <Icon name="plus" />{ t("Add Existing") }
                    </button>
                </div>
            }
            if *picking {
                <ItemPicker collection={related.clone()} multiple=true exclude={linked} {on_pick} on_close={{ let s = picking.clone(); Callback::from(move |_| s.set(false)) }} />
            }
        </div>
    }
}
