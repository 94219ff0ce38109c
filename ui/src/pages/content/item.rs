//! The item page: reads the item with its relations, edits it through the form, and saves only
//! what changed (Ctrl+S too); also duplicates ("Save as Copy"), deletes, shows the revisions and
//! reverts to one. A new item has the key `+`; a singleton's item has none.

use super::form::{ItemForm, visible_fields};
use super::history::History;
use crate::api::{self, ApiError, enc};
use crate::components::{Confirm, Empty, Icon, Page, Spinner, title_case};
use crate::i18n::t;
use crate::interfaces::{interface_of, key_of, relational::junction_of};
use crate::route::Route;
use crate::state::{AppCtx, Model, use_app};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ItemProps {
    pub collection: String,
    /// `+` for a new item, empty for a singleton.
    pub key_: String,
}

/// `fields=` for reading an item with what its relational editors show.
fn read_fields(model: &Model, c: &str) -> String {
    let mut out = vec!["*".to_string()];
    for f in model.fields_of(c) {
        let name = f["field"].as_str().unwrap_or("");
        match interface_of(f).as_str() {
            "select-dropdown-m2o" | "file" | "file-image" if model.m2o(c, name).is_some() => {
                out.push(format!("{name}.*"))
            }
            "list-o2m" | "translations" if model.o2m(c, name).is_some() => {
                out.push(format!("{name}.*"))
            }
            "list-m2m" => {
                if let Some((_, jf, _)) = junction_of(model, c, name) {
                    out.push(format!("{name}.*,{name}.{jf}.*"));
                }
            }
            _ => {}
        }
    }
    out.join(",")
}

fn item_path(c: &str, key: &str) -> String {
    if key.is_empty() {
        format!("/items/{c}")
    } else {
        format!("/items/{c}/{}", enc(key))
    }
}

/// Reads the item; when a related collection is not readable, reads its own fields only.
async fn read(model: &Model, c: &str, key: &str) -> Result<Value, ApiError> {
    let full = format!(
        "{}?fields={}",
        item_path(c, key),
        enc(&read_fields(model, c))
    );
    match api::get(&full).await {
        Err(e) if e.status == 403 => api::get(&format!("{}?fields=*", item_path(c, key))).await,
        other => other,
    }
}

/// The values of a copy: no key, no one-to-many children (they belong to the original), and
/// related objects reduced to their keys.
fn copy_of(model: &Model, c: &str, values: &Map<String, Value>) -> Value {
    let pk = model.primary_key(c);
    let mut out = Map::new();
    for (name, value) in values {
        let Some(field) = model.field(c, name) else {
            continue;
        };
        if *name == pk || field["type"] == "alias" {
            continue;
        }
        let value = match model
            .m2o(c, name)
            .and_then(|r| r["related_collection"].as_str())
        {
            Some(related) => key_of(value, &model.primary_key(related)),
            None => value.clone(),
        };
        out.insert(name.clone(), value);
    }
    Value::Object(out)
}

#[function_component]
pub fn ItemPage(p: &ItemProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let c = p.collection.clone();
    let is_new = p.key_ == "+";
    let item = use_state(|| {
        if is_new {
            Some(Ok(Value::Object(Map::new())))
        } else {
            None::<Result<Value, ApiError>>
        }
    });
    let edits = use_state(Map::<String, Value>::new);
    let errors = use_state(HashMap::<String, String>::new);
    let confirm = use_state(|| false);
    let version = use_state(|| 0u32);
    let model_ready = !app.model.collections.is_empty();
    {
        let (item, edits, model, c, key) = (
            item.clone(),
            edits.clone(),
            app.model.clone(),
            c.clone(),
            p.key_.clone(),
        );
        use_effect_with((c.clone(), key.clone(), *version, model_ready), move |_| {
            if !is_new && model_ready {
                wasm_bindgen_futures::spawn_local(async move {
                    let res = read(&model, &c, &key).await;
                    edits.set(Map::new());
                    item.set(Some(res));
                });
            }
        });
    }
    let original = match &*item {
        Some(Ok(v)) => v.as_object().cloned().unwrap_or_default(),
        _ => Map::new(),
    };
    let mut values = original.clone();
    values.extend(edits.iter().map(|(k, v)| (k.clone(), v.clone())));
    let values = Rc::new(values);

    let on_field = {
        let (edits, errors) = (edits.clone(), errors.clone());
        Callback::from(move |(name, value): (String, Value)| {
            let mut next = (*edits).clone();
            next.insert(name.clone(), value);
            edits.set(next);
            if errors.contains_key(&name) {
                let mut e = (*errors).clone();
                e.remove(&name);
                errors.set(e);
            }
        })
    };
    let pk = app.model.primary_key(&c);
    let after_write =
        |app: &AppCtx, errors: UseStateHandle<HashMap<String, String>>, e: ApiError| {
            if let Some(field) = &e.field {
                let mut map = (*errors).clone();
                map.insert(field.clone(), e.message.clone());
                errors.set(map);
            }
            app.fail(&e);
        };
    let save = {
        let (app, c, key, edits, errors, version, navigator, values, pk) = (
            app.clone(),
            c.clone(),
            p.key_.clone(),
            edits.clone(),
            errors.clone(),
            version.clone(),
            navigator.clone(),
            values.clone(),
            pk.clone(),
        );
        Callback::from(move |_: ()| {
            let missing: HashMap<String, String> = visible_fields(&app.model, &c, &values, is_new)
                .into_iter()
                .filter(|(f, flags)| {
                    let v = values
                        .get(f["field"].as_str().unwrap_or(""))
                        .unwrap_or(&Value::Null);
                    flags.required
                        && (v.is_null() || v == "" || v.as_array().is_some_and(Vec::is_empty))
                })
                .map(|(f, _)| {
                    (
                        f["field"].as_str().unwrap_or("").to_string(),
                        t("This field is required").to_string(),
                    )
                })
                .collect();
            if !missing.is_empty() {
                errors.set(missing);
                app.notify.emit((
                    crate::state::NoticeKind::Error,
                    t("Some required fields are empty.").to_string(),
                ));
                return;
            }
            let body = Value::Object((*edits).clone());
            let (app, c, key, errors, version, navigator, pk) = (
                app.clone(),
                c.clone(),
                key.clone(),
                errors.clone(),
                version.clone(),
                navigator.clone(),
                pk.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let res = if is_new {
                    api::post(&format!("/items/{c}"), &body).await
                } else {
                    api::patch(&item_path(&c, &key), &body).await
                };
                match res {
                    Ok(saved) => {
                        errors.set(HashMap::new());
                        if is_new {
                            app.ok(t("Item created"));
                            let new_key = crate::components::display_value(&saved[pk.as_str()]);
                            if let Some(n) = &navigator {
                                n.replace(&Route::Item {
                                    collection: c.clone(),
                                    key: new_key,
                                });
                            }
                        } else {
                            app.ok(t("Item saved"));
                            version.set(*version + 1);
                        }
                    }
                    Err(e) => after_write(&app, errors, e),
                }
            });
        })
    };
    let duplicate = {
        let (app, c, values, navigator, pk, errors) = (
            app.clone(),
            c.clone(),
            values.clone(),
            navigator.clone(),
            pk.clone(),
            errors.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let body = copy_of(&app.model, &c, &values);
            let (app, c, navigator, pk, errors) = (
                app.clone(),
                c.clone(),
                navigator.clone(),
                pk.clone(),
                errors.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::post(&format!("/items/{c}"), &body).await {
                    Ok(saved) => {
                        app.ok(t("Copy created"));
                        let key = crate::components::display_value(&saved[pk.as_str()]);
                        if let Some(n) = &navigator {
                            n.push(&Route::Item {
                                collection: c.clone(),
                                key,
                            });
                        }
                    }
                    Err(e) => after_write(&app, errors, e),
                }
            });
        })
    };
    let delete = {
        let (app, c, key, navigator) = (app.clone(), c.clone(), p.key_.clone(), navigator.clone());
        Callback::from(move |_| {
            let (app2, c2, navigator) = (app.clone(), c.clone(), navigator.clone());
            let path = item_path(&c, &key);
            crate::state::run(
                &app,
                async move { api::delete(&path, None).await },
                move |_| {
                    app2.ok(t("Item deleted"));
                    if let Some(n) = &navigator {
                        n.push(&Route::Collection { collection: c2 });
                    }
                },
            );
        })
    };
    let revert = {
        let (app, c, key, version) = (app.clone(), c.clone(), p.key_.clone(), version.clone());
        Callback::from(move |data: Value| {
            let body = copy_of(&app.model, &c, data.as_object().unwrap_or(&Map::new()));
            let (app2, version) = (app.clone(), version.clone());
            let path = item_path(&c, &key);
            crate::state::run(
                &app,
                async move { api::patch(&path, &body).await },
                move |_| {
                    app2.ok(t("Item reverted"));
                    version.set(*version + 1);
                },
            );
        })
    };
    let onkeydown = {
        let save = save.clone();
        Callback::from(move |e: KeyboardEvent| {
            if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("s") {
                e.prevent_default();
                save.emit(());
            }
        })
    };
    let singleton = p.key_.is_empty();
    let title = if is_new {
        t("Creating Item").to_string()
    } else if singleton {
        title_case(&c)
    } else {
        let label = app.model.label_field(&c);
        crate::components::display_value(&values.get(&label).cloned().unwrap_or(Value::Null))
    };
    let dirty = !edits.is_empty();
    let may = |action: &str| app.model.can(&c, action);
    let may_save = may(if is_new { "create" } else { "update" });
    let actions = html! {<>
        if dirty { <span class="badge">{ t("Unsaved changes") }</span> }
        if !is_new && !singleton {
            if may("delete") {
                <button class="icon-button danger" title={t("Delete")} aria-label={t("Delete")} onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(true)) }}><Icon name="trash" /></button>
            }
            if may("create") {
                <button class="secondary" onclick={duplicate}><Icon name="copy" />{ t("Save as Copy") }</button>
            }
        }
        if may_save {
            <button class="primary" onclick={save.reform(|_| ())} title="Ctrl+S"><Icon name="check" />{ t("Save") }</button>
        }
    </>};
    let sidebar = (!is_new && !singleton).then(|| html! {
        <History collection={c.clone()} item={p.key_.clone()} version={*version} on_revert={revert} />
    });
    let back = if singleton {
        None
    } else {
        Some(AttrValue::from(title_case(&c)))
    };
    html! {
        <div {onkeydown}>
            <Page {title} subtitle={back} {actions} {sidebar}>
                { match &*item {
                    None => html! { <Spinner /> },
                    Some(Err(e)) => html! { <Empty icon="lock" text={e.message.clone()} /> },
                    Some(Ok(_)) => html! {
                        <form onsubmit={save.reform(|e: SubmitEvent| e.prevent_default())}>
                            <ItemForm collection={c.clone()} {values} errors={Rc::new((*errors).clone())} {is_new} {on_field} />
                            <button type="submit" hidden=true>{ t("Save") }</button>
                        </form>
                    },
                } }
                if *confirm {
                    <Confirm text={t("Delete this item? This cannot be undone.")} on_confirm={delete}
                        on_cancel={{ let c = confirm.clone(); Callback::from(move |_| c.set(false)) }} />
                }
            </Page>
        </div>
    }
}
