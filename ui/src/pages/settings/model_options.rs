//! The type-dependent parts of the field dialog: the interface's options (placeholder, choices,
//! slider range) and the relationship of a relational field (which collection, which foreign key,
//! which junction), or a summary of it when an existing field is edited.

use super::model_common::relatable;
use super::model_draft::Draft;
use super::model_relations::junction_names;
use super::model_types::{Kind, Link, Options, options_of};
use crate::components::{on_select, on_text};
use crate::i18n::{t, tf};
use crate::state::{Model, use_app};
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

/// A callback that changes one part of the draft.
fn change<T: 'static>(
    draft: &Draft,
    on_change: &Callback<Draft>,
    set: impl Fn(&mut Draft, T) + 'static,
) -> Callback<T> {
    let (draft, on_change) = (draft.clone(), on_change.clone());
    Callback::from(move |v| {
        let mut next = draft.clone();
        set(&mut next, v);
        on_change.emit(next);
    })
}

#[derive(Properties, PartialEq)]
pub struct PartProps {
    pub collection: AttrValue,
    pub kind: &'static Kind,
    pub draft: Draft,
    pub on_change: Callback<Draft>,
    /// The field being edited, if it exists already.
    #[prop_or_default]
    pub field: Option<Rc<Value>>,
}

/// The options of the field's interface, or nothing when it has none the dialog edits.
#[function_component]
pub fn InterfaceOptions(p: &PartProps) -> Html {
    let (d, on) = (&p.draft, &p.on_change);
    let body = match options_of(p.kind.interface) {
        Options::None => return Html::default(),
        Options::Placeholder => html! {
            <div class="field full">
                <label class="label" for="mf-placeholder">{ t("Placeholder") }</label>
                <input id="mf-placeholder" name="placeholder" value={d.placeholder.clone()}
                    oninput={on_text(change(d, on, |d, v| d.placeholder = v))} />
            </div>
        },
        Options::Range => {
            let number = |name: &'static str,
                          label: &'static str,
                          value: &String,
                          set: fn(&mut Draft, String)| {
                let id = format!("mf-{name}");
                html! {
                    <div class="field">
                        <label class="label" for={id.clone()}>{ label }</label>
                        <input {id} {name} type="number" step="any" value={value.clone()}
                            oninput={on_text(change(d, on, set))} />
                    </div>
                }
            };
            html! {<>
                { number("min", t("Minimum"), &d.min, |d, v| d.min = v) }
                { number("max", t("Maximum"), &d.max, |d, v| d.max = v) }
                { number("step", t("Step"), &d.step, |d, v| d.step = v) }
            </>}
        }
        Options::Choices => html! { <div class="field full">{ choices(d, on) }</div> },
    };
    html! {
        <section class="model-group">
            <h3>{ t("Options") }</h3>
            <div class="form">{ body }</div>
        </section>
    }
}

/// The choices, one a line: the stored value, then `=` and the label when they differ.
fn choices(d: &Draft, on: &Callback<Draft>) -> Html {
    html! {<>
        <label class="label" for="choices">{ t("Choices") }</label>
        <textarea id="choices" name="choices" class="code" rows="4" value={d.choices.clone()}
            placeholder={"draft=Draft\npublished=Published"}
            oninput={on_text(change(d, on, |d, v| d.choices = v))} />
        <span class="note">{ t("One choice a line: the stored value, or value=Label.") }</span>
    </>}
}

/// The many-to-one foreign keys of `related` that point at `collection` and have no
/// one-to-many alias yet: what a new one-to-many can stand on.
pub fn back_keys(model: &Model, collection: &str, related: &str) -> Vec<String> {
    model
        .relations
        .iter()
        .filter(|r| r["collection"] == related && r["related_collection"] == collection)
        .filter(|r| r["meta"]["one_field"].is_null())
        .filter_map(|r| r["field"].as_str().map(str::to_string))
        .collect()
}

/// Which collection a relational field links to (and through which keys).
#[function_component]
pub fn Relationship(p: &PartProps) -> Html {
    let app = use_app();
    let model = &app.model;
    let (d, on, c) = (&p.draft, &p.on_change, p.collection.as_str());
    if p.kind.link == Link::None {
        return Html::default();
    }
    let body = if let Some(field) = &p.field {
        summary(model, c, field, p.kind.link)
    } else if p.kind.link == Link::File {
        html! { <p class="model-note">{ t("The field holds a file of the file library.") }</p> }
    } else {
        let link = p.kind.link;
        let collection = c.to_string();
        let pick = change(d, on, {
            let model = model.clone();
            move |d: &mut Draft, related: String| {
                // A one-to-many reuses a foreign key pointing back when there is one.
                let existing = back_keys(&model, &collection, &related);
                d.back_field = existing.first().cloned().unwrap_or_default();
                d.new_back_field = format!("{collection}_id");
                d.related = related;
            }
        });
        let options = relatable(model, link == Link::ManyToOne);
        html! {<>
            <div class="field">
                <label class="label" for="mf-related">{ t("Related Collection") }<span class="required">{ "*" }</span></label>
                <select id="mf-related" name="related_collection" required=true onchange={on_select(pick)}>
                    <option value="" selected={d.related.is_empty()} disabled=true>{ t("Choose a collection") }</option>
                    { for options.iter().map(|name| html! {
                        <option value={name.clone()} selected={*name == d.related}>{ name.clone() }</option>
                    }) }
                </select>
            </div>
            if !d.related.is_empty() {
                { match link {
                    Link::OneToMany => back_key(model, c, d, on),
                    Link::ManyToMany => {
                        let (junction, here, there) = junction_names(c, &d.related);
                        html! { <p class="model-note field full">{ tf("A junction collection {junction} will be created, with the keys {here} and {there}.",
                            &[("junction", &junction), ("here", &here), ("there", &there)]) }</p> }
                    }
                    _ => Html::default(),
                } }
            }
        </>}
    };
    html! {
        <section class="model-group">
            <h3>{ t("Relationship") }</h3>
            <div class="form">{ body }</div>
        </section>
    }
}

/// A one-to-many's foreign key: one that exists, or a new one to be named.
fn back_key(model: &Model, c: &str, d: &Draft, on: &Callback<Draft>) -> Html {
    let existing = back_keys(model, c, &d.related);
    html! {<>
        <div class="field">
            <label class="label" for="mf-back">{ t("Foreign Key") }</label>
            <select id="mf-back" name="related_field" onchange={on_select(change(d, on, |d, v| d.back_field = v))}>
                { for existing.iter().map(|f| html! {
                    <option value={f.clone()} selected={*f == d.back_field}>{ f.clone() }</option>
                }) }
                <option value="" selected={d.back_field.is_empty()}>{ t("New field…") }</option>
            </select>
            <span class="note">{ tf("The field of {related} that points at this collection.", &[("related", &d.related)]) }</span>
        </div>
        if d.back_field.is_empty() {
            <div class="field">
                <label class="label" for="mf-new-back">{ t("New Foreign Key") }<span class="required">{ "*" }</span></label>
                <input id="mf-new-back" name="new_related_field" value={d.new_back_field.clone()}
                    oninput={on_text(change(d, on, |d, v| d.new_back_field = v))} />
            </div>
        }
    </>}
}

/// What an existing relational field links to; its relation is not changed from the dialog.
fn summary(model: &Model, c: &str, field: &Value, link: Link) -> Html {
    let name = field["field"].as_str().unwrap_or_default();
    let text_of = |v: &Value| v.as_str().unwrap_or("—").to_string();
    let text = match link {
        Link::OneToMany => model.o2m(c, name).map(|r| {
            tf(
                "Lists the items of {related} whose {key} points here.",
                &[
                    ("related", &text_of(&r["collection"])),
                    ("key", &text_of(&r["field"])),
                ],
            )
        }),
        Link::ManyToMany => model.o2m(c, name).map(|r| {
            tf(
                "Links items through the junction collection {junction}.",
                &[("junction", &text_of(&r["collection"]))],
            )
        }),
        _ => model.m2o(c, name).map(|r| {
            tf(
                "Points at an item of {related}.",
                &[("related", &text_of(&r["related_collection"]))],
            )
        }),
    };
    html! {
        <p class="model-note field full">
            { text.unwrap_or_else(|| t("This field has no relation yet.").to_string()) }
        </p>
    }
}
