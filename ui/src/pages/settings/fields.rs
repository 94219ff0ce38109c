//! Settings → Data Model → a collection: its fields in form order (each opening the field
//! dialog), deleting a field or the whole collection, and the collection's own settings (note,
//! display template, singleton, hidden).

use super::model_common::labelled;
use super::model_field::FieldDialog;
use super::model_types::{kind_label, kind_of};
use crate::api;
use crate::components::{Confirm, Empty, Icon, Page, Spinner, on_check, on_text, title_case};
use crate::i18n::{t, tf};
use crate::route::Route;
use crate::state::{run, use_app};
use serde_json::{Value, json};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldsProps {
    pub collection: String,
}

/// What the page has open over it.
#[derive(Clone, PartialEq)]
enum Dialog {
    None,
    Create,
    Edit(Value),
    DeleteField(String),
    DeleteCollection,
}

#[function_component]
pub fn Fields(p: &FieldsProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let dialog = use_state(|| Dialog::None);
    let c = p.collection.clone();
    let close = {
        let d = dialog.clone();
        Callback::from(move |_| d.set(Dialog::None))
    };
    let open = |next: Dialog| {
        let d = dialog.clone();
        Callback::from(move |_: MouseEvent| d.set(next.clone()))
    };

    let Some(collection) = app.model.collection(&c).cloned() else {
        // The model is still loading, or the address names no collection.
        return html! {
            <Page title={title_case(&c)} subtitle={t("Data Model")}>
                if app.model.collections.is_empty() {
                    <Spinner />
                } else {
                    <Empty icon="box" text={t("This collection does not exist.")}>
                        <Link<Route> to={Route::DataModel} classes="button secondary">{ t("Back to the data model") }</Link<Route>>
                    </Empty>
                }
            </Page>
        };
    };

    let delete_field = {
        let (app, c, close) = (app.clone(), c.clone(), close.clone());
        move |field: String| {
            let (app, c, close) = (app.clone(), c.clone(), close.clone());
            Callback::from(move |_| {
                let path = format!("/fields/{c}/{}", api::enc(&field));
                let (app2, close) = (app.clone(), close.clone());
                run(
                    &app,
                    async move { api::delete(&path, None).await },
                    move |_| {
                        app2.reload_model.emit(());
                        app2.ok(t("Field deleted"));
                        close.emit(());
                    },
                );
            })
        }
    };
    let delete_collection = {
        let (app, c, navigator) = (app.clone(), c.clone(), navigator.clone());
        Callback::from(move |_| {
            let path = format!("/collections/{c}");
            let (app2, navigator) = (app.clone(), navigator.clone());
            run(
                &app,
                async move { api::delete(&path, None).await },
                move |_| {
                    app2.reload_model.emit(());
                    app2.ok(t("Collection deleted"));
                    if let Some(n) = &navigator {
                        n.push(&Route::DataModel);
                    }
                },
            );
        })
    };

    let pk = app.model.primary_key(&c);
    let fields = app.model.fields_of(&c);
    let taken: Rc<Vec<String>> = Rc::new(
        fields
            .iter()
            .filter_map(|f| f["field"].as_str().map(str::to_string))
            .collect(),
    );
    let row = |f: &&Value| {
        let name = f["field"].as_str().unwrap_or("").to_string();
        let meta = &f["meta"];
        let edit = open(Dialog::Edit((*f).clone()));
        let on_key = {
            let (d, f) = (dialog.clone(), (*f).clone());
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" {
                    d.set(Dialog::Edit(f.clone()))
                }
            })
        };
        let remove = {
            let d = dialog.clone();
            let name = name.clone();
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                d.set(Dialog::DeleteField(name.clone()))
            })
        };
        let interface = meta["interface"].as_str().unwrap_or("");
        html! {
            <tr key={name.clone()} tabindex="0" onclick={edit} onkeydown={on_key}>
                <td>
                    <span class="model-name">
                        <Icon name={if name == pk { "lock" } else { "edit" }} size={16} />
                        <span><strong>{ title_case(&name) }</strong><code class="model-key">{ name.clone() }</code></span>
                    </span>
                </td>
                <td><span class="badge">{ kind_of(f).map_or(t("Other"), |k| kind_label(k.key)) }</span><span class="muted model-type">{ f["type"].as_str().unwrap_or("") }</span></td>
                <td class="muted">{ interface }</td>
                <td class="model-badges">
                    if name == pk { <span class="badge primary">{ t("Primary Key") }</span> }
                    if meta["required"] == true { <span class="badge model-required">{ t("Required") }</span> }
                    if meta["readonly"] == true { <span class="badge">{ t("Read Only") }</span> }
                    if meta["hidden"] == true { <span class="badge">{ t("Hidden") }</span> }
                </td>
                <td class="model-actions">
                    if name != pk {
                        <button class="icon-button danger" onclick={remove}
                            title={t("Delete Field")} aria-label={tf("Delete field {field}", &[("field", &name)])}>
                            <Icon name="trash" />
                        </button>
                    }
                </td>
            </tr>
        }
    };

    let actions = html! {<>
        <button class="danger" onclick={open(Dialog::DeleteCollection)}><Icon name="trash" />{ t("Delete Collection") }</button>
        <Link<Route> to={Route::Collection { collection: c.clone() }} classes="button secondary"><Icon name="content" />{ t("View Content") }</Link<Route>>
        <button class="primary" onclick={open(Dialog::Create)}><Icon name="plus" />{ t("Create Field") }</button>
    </>};
    html! {
        <Page title={title_case(&c)} subtitle={t("Data Model")} {actions}>
            <section class="model-section" aria-labelledby="fields-heading">
                <header><h2 id="fields-heading">{ t("Fields") }</h2><span class="muted">{ tf("{n} fields", &[("n", &fields.len().to_string())]) }</span></header>
                if fields.is_empty() {
                    <Empty icon="list" text={t("No fields yet")} />
                } else {
                    <div class="table-wrap">
                        <table class="model-table">
                            <thead><tr>
                                <th>{ t("Field") }</th><th>{ t("Type") }</th><th>{ t("Interface") }</th><th></th>
                                <th class="model-actions"><span class="visually-hidden">{ t("Actions") }</span></th>
                            </tr></thead>
                            <tbody>{ for fields.iter().map(row) }</tbody>
                        </table>
                    </div>
                }
            </section>
            <CollectionSettings key={c.clone()} collection={collection} />
            { match &*dialog {
                Dialog::None => html! {},
                Dialog::Create => html! { <FieldDialog collection={c.clone()} taken={taken.clone()} on_close={close.clone()} on_saved={close.clone()} /> },
                Dialog::Edit(f) => html! { <FieldDialog collection={c.clone()} field={Some(Rc::new(f.clone()))} taken={taken.clone()} on_close={close.clone()} on_saved={close.clone()} /> },
                Dialog::DeleteField(f) => html! {
                    <Confirm text={tf("Delete the field {field} and all its data? This cannot be undone.", &[("field", f)])}
                        on_confirm={delete_field(f.clone())} on_cancel={close.clone()} />
                },
                Dialog::DeleteCollection => html! {
                    <Confirm text={tf("Delete the collection {collection} with all its items and fields? This cannot be undone.", &[("collection", &c)])}
                        on_confirm={delete_collection.clone()} on_cancel={close.clone()} />
                },
            } }
        </Page>
    }
}

#[derive(Properties, PartialEq)]
struct SettingsProps {
    /// The collection as `/collections` returns it.
    collection: Value,
}

/// The collection's own settings, saved with PATCH /collections/:c.
#[function_component]
fn CollectionSettings(p: &SettingsProps) -> Html {
    let app = use_app();
    let meta = &p.collection["meta"];
    let text = |key: &str| meta[key].as_str().unwrap_or("").to_string();
    let note = use_state(|| text("note"));
    let template = use_state(|| text("display_template"));
    let singleton = use_state(|| meta["singleton"] == true);
    let hidden = use_state(|| meta["hidden"] == true);
    let name = p.collection["collection"]
        .as_str()
        .unwrap_or("")
        .to_string();

    let save = {
        let app = app.clone();
        let (note, template, singleton, hidden) = (
            note.clone(),
            template.clone(),
            singleton.clone(),
            hidden.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let nullable = |s: &str| {
                if s.trim().is_empty() {
                    Value::Null
                } else {
                    Value::from(s.trim())
                }
            };
            let body = json!({ "meta": {
                "note": nullable(&note), "display_template": nullable(&template),
                "singleton": *singleton, "hidden": *hidden,
            } });
            let path = format!("/collections/{name}");
            let app2 = app.clone();
            run(
                &app,
                async move { api::patch(&path, &body).await },
                move |_| {
                    app2.reload_model.emit(());
                    app2.ok(t("Collection saved"));
                },
            );
        })
    };
    let set_text = |s: &UseStateHandle<String>| {
        let s = s.clone();
        on_text(Callback::from(move |v| s.set(v)))
    };
    let set_flag = |s: &UseStateHandle<bool>| {
        let s = s.clone();
        on_check(Callback::from(move |v| s.set(v)))
    };
    html! {
        <section class="model-section" aria-labelledby="collection-settings-heading">
            <header><h2 id="collection-settings-heading">{ t("Collection Settings") }</h2></header>
            <form class="form" onsubmit={save}>
                { labelled("collection_note", t("Note"), false, Some(t("Describes the collection in the navigation.")), html! {
                    <input id="collection_note" name="note" value={(*note).clone()} oninput={set_text(&note)} />
                }) }
                { labelled("display_template", t("Display Template"), false, Some(t("How items are shown in relations, e.g. {{title}}.")), html! {
                    <input id="display_template" name="display_template" value={(*template).clone()} oninput={set_text(&template)} />
                }) }
                <div class="field full choices" role="group" aria-label={t("Collection Settings")}>
                    <label class="inline"><input type="checkbox" name="singleton" checked={*singleton} onchange={set_flag(&singleton)} />{ t("Singleton") }</label>
                    <label class="inline"><input type="checkbox" name="hidden" checked={*hidden} onchange={set_flag(&hidden)} />{ t("Hidden in the navigation") }</label>
                </div>
                <div class="field full model-submit">
                    <button type="submit" class="primary"><Icon name="check" />{ t("Save Settings") }</button>
                </div>
            </form>
        </section>
    }
}
