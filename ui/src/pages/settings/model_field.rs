//! The field dialog: a new field's key and type, or an existing field's settings, with the
//! interface's options, the relationship, the form settings (required, read-only, hidden, width,
//! note, default value), validation and conditions; it saves through `/fields` and `/relations`.

use super::model_common::{key_problem, pk_type, setter, toggle};
use super::model_draft::Draft;
use super::model_options::{InterfaceOptions, Relationship};
use super::model_relations::{Plan, create, junction_names};
use super::model_types::{GROUPS, KINDS, Kind, Link, find, group_label, kind_label, kind_of};
use crate::api::{self, enc};
use crate::components::{Modal, on_select, on_text};
use crate::i18n::{t, tf};
use crate::state::{AppCtx, use_app};
use serde_json::{Value, json};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldDialogProps {
    pub collection: AttrValue,
    /// The field to edit; `None` to create one.
    #[prop_or_default]
    pub field: Option<Rc<Value>>,
    /// The keys the collection's fields have already.
    pub taken: Rc<Vec<String>>,
    pub on_close: Callback<()>,
    /// Called after a successful save (the model has been asked to reload).
    pub on_saved: Callback<()>,
}

/// What saving the dialog sends.
enum Request {
    Create { body: Value, plan: Plan },
    Update { body: Value },
}

/// Checks the draft and turns it into the request for a new field.
fn create_request(
    app: &AppCtx,
    c: &str,
    d: &Draft,
    kind: &Kind,
    taken: &[String],
) -> Result<Request, String> {
    if let Some(problem) = d.key_problem(taken) {
        return Err(problem.into());
    }
    let model = &app.model;
    let related = d.related.clone();
    if matches!(
        kind.link,
        Link::ManyToOne | Link::OneToMany | Link::ManyToMany
    ) && related.is_empty()
    {
        return Err(t("Choose the related collection.").into());
    }
    let db_type = match kind.link {
        Link::ManyToOne => pk_type(model, &related),
        _ => kind.db_type.to_string(),
    };
    let mut body = json!({ "field": d.field, "type": db_type, "meta": d.meta(Some(kind))? });
    if db_type != "alias" {
        body["schema"] = d.schema(&db_type)?;
    }
    let plan = match kind.link {
        Link::None => Plan::Plain,
        Link::ManyToOne => Plan::ManyToOne { related },
        Link::File => Plan::ManyToOne {
            related: "directus_files".into(),
        },
        Link::OneToMany => {
            let create_back = d.back_field.is_empty();
            let back = if create_back {
                d.new_back_field.trim().to_string()
            } else {
                d.back_field.clone()
            };
            if create_back {
                let exists = model.field(&related, &back).is_some();
                match key_problem(&back) {
                    _ if back.is_empty() => return Err(t("Name the new foreign key.").into()),
                    Some(problem) => return Err(problem.into()),
                    None if exists => {
                        return Err(
                            t("The related collection already has a field with this key.").into(),
                        );
                    }
                    None => {}
                }
            }
            Plan::OneToMany {
                back_type: pk_type(model, c),
                related,
                back,
                create_back,
            }
        }
        Link::ManyToMany => {
            let (junction, here_key, there_key) = junction_names(c, &related);
            if model.collection(&junction).is_some() {
                return Err(tf(
                    "A collection named {name} exists already.",
                    &[("name", &junction)],
                ));
            }
            Plan::ManyToMany {
                here_type: pk_type(model, c),
                there_type: pk_type(model, &related),
                related,
                junction,
                here_key,
                there_key,
            }
        }
    };
    Ok(Request::Create { body, plan })
}

/// Checks the draft and turns it into the PATCH of an existing field. Relational fields and
/// fields of a type the dialog does not know keep their interface, options and flags.
fn update_request(field: &Value, d: &Draft, kind: Option<&Kind>) -> Result<Request, String> {
    let own = kind.filter(|k| k.link == Link::None);
    let mut body = json!({ "meta": d.meta(own)? });
    let schema = &field["schema"];
    // The primary key's column and alias fields (no column) are left alone.
    if schema.is_object() && schema["is_primary_key"] != true {
        body["schema"] = d.schema(field["type"].as_str().unwrap_or("string"))?;
    }
    Ok(Request::Update { body })
}

/// The `<select>` of types, grouped; an edited field may only move to types of its own column.
fn type_select(d: &Draft, field: Option<&Value>, on_change: Callback<String>) -> Html {
    let column = field.map(|f| f["type"].as_str().unwrap_or("").to_string());
    let allowed = |k: &Kind| match &column {
        None => true,
        Some(ty) => k.key == d.kind || (k.link == Link::None && k.db_type == ty),
    };
    html! {
        <select id="mf-type" name="type" onchange={on_select(on_change)} disabled={field.is_some() && d.kind.is_empty()}>
            if d.kind.is_empty() {
                <option value="" selected=true>{ column.clone().unwrap_or_default() }</option>
            }
            { for GROUPS.iter().map(|group| html! {
                <optgroup label={group_label(group)}>
                    { for KINDS.iter().filter(|k| k.group == *group).map(|k| html! {
                        <option value={k.key} selected={d.kind == k.key} disabled={!allowed(k)}>{ kind_label(k.key) }</option>
                    }) }
                </optgroup>
            }) }
        </select>
    }
}

#[function_component]
pub fn FieldDialog(p: &FieldDialogProps) -> Html {
    let app = use_app();
    let draft = use_state(|| match &p.field {
        Some(f) => Draft::of(f, kind_of(f)),
        None => Draft::default(),
    });
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let kind = find(&draft.kind);
    let d = (*draft).clone();
    let set = setter(&draft);
    let update = |f: fn(&mut Draft, String)| {
        let (d, set) = (d.clone(), set.clone());
        Callback::from(move |v: String| {
            let mut next = d.clone();
            f(&mut next, v);
            set.emit(next);
        })
    };
    let flag = |f: fn(&mut Draft, bool)| {
        let (d, set) = (d.clone(), set.clone());
        Callback::from(move |v: bool| {
            let mut next = d.clone();
            f(&mut next, v);
            set.emit(next);
        })
    };
    let on_type = update(Draft::choose_kind);
    let submit = {
        let (app, d, error, busy) = (app.clone(), d.clone(), error.clone(), busy.clone());
        let (c, field, taken) = (p.collection.to_string(), p.field.clone(), p.taken.clone());
        let on_saved = p.on_saved.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = match (&field, find(&d.kind)) {
                (Some(f), kind) => update_request(f, &d, kind),
                (None, Some(kind)) => create_request(&app, &c, &d, kind, &taken),
                (None, None) => Err(t("Choose a type.").to_string()),
            };
            let request = match request {
                Ok(r) => r,
                Err(problem) => return error.set(Some(problem)),
            };
            error.set(None);
            busy.set(true);
            let (app, c, busy, on_saved) = (app.clone(), c.clone(), busy.clone(), on_saved.clone());
            let key = field
                .as_ref()
                .and_then(|f| f["field"].as_str())
                .unwrap_or_default()
                .to_string();
            wasm_bindgen_futures::spawn_local(async move {
                let (result, done) = match request {
                    Request::Create { body, plan } => {
                        (create(&c, &body, &plan).await, t("Field created"))
                    }
                    Request::Update { body } => {
                        let path = format!("/fields/{}/{}", enc(&c), enc(&key));
                        (
                            api::patch(&path, &body).await.map(|_| ()),
                            t("Field updated"),
                        )
                    }
                };
                busy.set(false);
                match result {
                    Ok(()) => {
                        app.ok(done);
                        app.reload_model.emit(());
                        on_saved.emit(());
                    }
                    Err(e) => app.fail(&e),
                }
            });
        })
    };
    let editing = p.field.is_some();
    let title = if editing {
        tf("Edit Field {field}", &[("field", &d.field)])
    } else {
        t("Create Field").to_string()
    };
    let has_column = match &p.field {
        Some(f) => f["schema"].is_object() && f["schema"]["is_primary_key"] != true,
        None => kind.is_some_and(|k| !matches!(k.link, Link::OneToMany | Link::ManyToMany)),
    };
    let footer = html! {<>
        <button type="button" class="secondary" onclick={p.on_close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="field-form" class="primary" disabled={*busy}>{ t("Save Field") }</button>
    </>};
    let part = |kind: &'static Kind| {
        html! {<>
            <Relationship collection={p.collection.clone()} {kind} draft={d.clone()} on_change={set.clone()} field={p.field.clone()} />
            if kind.link == Link::None {
                <InterfaceOptions collection={p.collection.clone()} {kind} draft={d.clone()} on_change={set.clone()} />
            }
        </>}
    };
    html! {
        <Modal {title} on_close={p.on_close.clone()} {footer} wide=true>
            <form id="field-form" class="model-field-form" onsubmit={submit} novalidate=true>
                <div class="form">
                    <div class="field">
                        <label class="label" for="mf-field">{ t("Key") }<span class="required">{ "*" }</span></label>
                        <input id="mf-field" name="field" value={d.field.clone()} disabled={editing} autocomplete="off"
                            placeholder={t("e.g. title")} oninput={on_text(update(|d, v| d.field = v))} />
                        <span class="note">{ t("Lowercase letters, digits and underscores; cannot be changed later.") }</span>
                    </div>
                    <div class="field">
                        <label class="label" for="mf-type">{ t("Type") }</label>
                        { type_select(&d, p.field.as_deref(), on_type) }
                    </div>
                </div>
                { kind.map(part).unwrap_or_default() }
                <section class="model-group">
                    <h3>{ t("Field Settings") }</h3>
                    <div class="form">
                        { toggle("required", t("Required"), Some(t("A value must be given.")), d.required, flag(|d, v| d.required = v)) }
                        { toggle("readonly", t("Read-only"), Some(t("Shown, but cannot be edited.")), d.readonly, flag(|d, v| d.readonly = v)) }
                        { toggle("hidden", t("Hidden"), Some(t("Not shown in the item form.")), d.hidden, flag(|d, v| d.hidden = v)) }
                        if has_column {
                            { toggle("is_nullable", t("Nullable"), Some(t("The column may hold no value.")), d.nullable, flag(|d, v| d.nullable = v)) }
                        }
                        <div class="field">
                            <label class="label" for="mf-width">{ t("Width") }</label>
                            <select id="mf-width" name="width" onchange={on_select(update(|d, v| d.width = v))}>
                                <option value="half" selected={d.width == "half"}>{ t("Half width") }</option>
                                <option value="full" selected={d.width == "full"}>{ t("Full width") }</option>
                                <option value="fill" selected={d.width == "fill"}>{ t("Fill") }</option>
                            </select>
                        </div>
                        if has_column {
                            <div class="field">
                                <label class="label" for="mf-default">{ t("Default Value") }</label>
                                <input id="mf-default" name="default_value" value={d.default_value.clone()}
                                    placeholder={t("None")} oninput={on_text(update(|d, v| d.default_value = v))} />
                            </div>
                        }
                        <div class="field full">
                            <label class="label" for="mf-note">{ t("Note") }</label>
                            <input id="mf-note" name="note" value={d.note.clone()} placeholder={t("A hint shown under the field")}
                                oninput={on_text(update(|d, v| d.note = v))} />
                        </div>
                    </div>
                </section>
                <section class="model-group">
                    <h3>{ t("Validation") }</h3>
                    <div class="form">
                        <div class="field full">
                            <label class="label" for="mf-validation">{ t("Validation Filter") }</label>
                            <textarea id="mf-validation" name="validation" class="code" rows="4" value={d.validation.clone()}
                                placeholder={r#"{ "title": { "_contains": "Strata" } }"#} oninput={on_text(update(|d, v| d.validation = v))} />
                            <span class="note">{ t("A JSON filter every saved value must match; empty for none.") }</span>
                        </div>
                        <div class="field full">
                            <label class="label" for="mf-validation-message">{ t("Validation Message") }</label>
                            <input id="mf-validation-message" name="validation_message" value={d.validation_message.clone()}
                                oninput={on_text(update(|d, v| d.validation_message = v))} />
                        </div>
                    </div>
                </section>
                <section class="model-group">
                    <h3>{ t("Conditions") }</h3>
                    <div class="field">
                        <label class="label" for="mf-conditions">{ t("Conditions") }</label>
                        <textarea id="mf-conditions" name="conditions" class="code" rows="4" value={d.conditions.clone()}
                            placeholder={r#"[{ "name": "…", "rule": { "status": { "_eq": "draft" } }, "hidden": true }]"#}
                            oninput={on_text(update(|d, v| d.conditions = v))} />
                        <span class="note">{ t("Optional JSON list of rules that change the field in the form.") }</span>
                    </div>
                </section>
                if let Some(problem) = &*error {
                    <p class="form-error" role="alert">{ problem.clone() }</p>
                }
            </form>
        </Modal>
    }
}
