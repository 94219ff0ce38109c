//! A collection's items as a table: column picking, sorting by a header, the filter builder,
//! search, pagination, bulk selection and deletion. Columns and sort are remembered per
//! collection in local storage. A singleton collection opens its one item's form instead.

use super::filter::{FilterBuilder, Rule, to_filter};
use super::item::ItemPage;
use crate::api::{self, enc};
use crate::components::{
    Confirm, Empty, Icon, Page, Pager, Spinner, display_value, on_check, on_text, title_case,
};
use crate::i18n::{t, tf};
use crate::route::Route;
use crate::state::{Load, Model, run, use_app, use_get};
use gloo::storage::{LocalStorage, Storage};
use serde_json::Value;
use std::collections::BTreeSet;
use yew::prelude::*;
use yew_router::prelude::*;

const LIMIT: u64 = 25;

#[derive(Properties, PartialEq)]
pub struct CollectionProps {
    pub collection: String,
}

#[function_component]
pub fn Collection(props: &CollectionProps) -> Html {
    let app = use_app();
    let singleton = app
        .model
        .collection(&props.collection)
        .is_some_and(|c| c["meta"]["singleton"] == true);
    if singleton {
        return html! { <ItemPage collection={props.collection.clone()} key_={String::new()} /> };
    }
    html! { <Table key={props.collection.clone()} collection={props.collection.clone()} /> }
}

/// The fields a table can show: stored columns and many-to-one fields, not aliases.
fn columns_available(model: &Model, collection: &str) -> Vec<String> {
    model
        .fields_of(collection)
        .into_iter()
        .filter(|f| {
            f["type"] != "alias"
                && f["meta"]["special"]
                    .as_array()
                    .is_none_or(|s| !s.iter().any(|x| x == "no-data"))
        })
        .filter_map(|f| f["field"].as_str().map(str::to_string))
        .collect()
}

fn default_columns(model: &Model, collection: &str) -> Vec<String> {
    let pk = model.primary_key(collection);
    let mut cols: Vec<String> = model
        .fields_of(collection)
        .into_iter()
        .filter(|f| {
            f["type"] != "alias" && f["meta"]["hidden"] != true && f["field"] != pk.as_str()
        })
        .filter_map(|f| f["field"].as_str().map(str::to_string))
        .take(5)
        .collect();
    if cols.is_empty() {
        cols.push(pk);
    }
    cols
}

#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Layout {
    columns: Vec<String>,
    sort: Option<String>,
}

#[derive(Properties, PartialEq)]
struct TableProps {
    collection: String,
}

#[function_component]
fn Table(props: &TableProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let c = props.collection.clone();
    let storage_key = format!("strata-layout-{c}");
    let layout = use_state(|| {
        LocalStorage::get::<Layout>(&storage_key).unwrap_or(Layout {
            columns: Vec::new(),
            sort: None,
        })
    });
    let page = use_state(|| 1u64);
    let search = use_state(String::new);
    let rules = use_state(Vec::<Rule>::new);
    let show_filters = use_state(|| false);
    let show_columns = use_state(|| false);
    let selected = use_state(BTreeSet::<String>::new);
    let confirm = use_state(|| false);

    let pk = app.model.primary_key(&c);
    let available = columns_available(&app.model, &c);
    let mut columns: Vec<String> = layout
        .columns
        .iter()
        .filter(|f| available.contains(f))
        .cloned()
        .collect();
    if columns.is_empty() {
        columns = default_columns(&app.model, &c);
    }
    let kind_of = |f: &str| {
        app.model
            .field(&c, f)
            .and_then(|f| f["type"].as_str())
            .unwrap_or("string")
            .to_string()
    };

    // Many-to-one columns read the related item's label; image columns its id for a thumbnail.
    let mut fields: Vec<String> = vec![pk.clone()];
    for col in &columns {
        match app
            .model
            .m2o(&c, col)
            .and_then(|r| r["related_collection"].as_str())
        {
            Some("directus_files") => fields.push(format!("{col}.id,{col}.type,{col}.title")),
            Some(related) => fields.push(format!("{col}.{}", app.model.label_field(related))),
            None => fields.push(col.clone()),
        }
    }
    let mut path = format!(
        "/items/{c}?fields={}&limit={LIMIT}&page={}&meta=filter_count",
        enc(&fields.join(",")),
        *page
    );
    if let Some(sort) = &layout.sort {
        path.push_str(&format!("&sort={}", enc(sort)));
    }
    if !search.is_empty() {
        path.push_str(&format!("&search={}", enc(&search)));
    }
    if let Some(filter) = to_filter(&rules, kind_of) {
        path.push_str(&format!("&filter={}", enc(&filter.to_string())));
    }
    let (load, reload) = use_get(path);

    let save_layout = {
        let (layout, key) = (layout.clone(), storage_key.clone());
        move |next: Layout| {
            let _ = LocalStorage::set(&key, &next);
            layout.set(next);
        }
    };
    let sort_by = |field: String| {
        let (layout, save, columns) = (layout.clone(), save_layout.clone(), columns.clone());
        Callback::from(move |_: MouseEvent| {
            let sort = match layout.sort.as_deref() {
                Some(s) if s == field => Some(format!("-{field}")),
                Some(s) if s == format!("-{field}") => None,
                _ => Some(field.clone()),
            };
            save(Layout {
                columns: columns.clone(),
                sort,
            });
        })
    };
    let toggle_column = |field: String| {
        let (layout, save, columns) = (layout.clone(), save_layout.clone(), columns.clone());
        Callback::from(move |on: bool| {
            let mut cols: Vec<String> = columns.clone();
            if on && !cols.contains(&field) {
                cols.push(field.clone());
            } else if !on && cols.len() > 1 {
                cols.retain(|f| *f != field);
            }
            save(Layout {
                columns: cols,
                sort: layout.sort.clone(),
            });
        })
    };
    let on_search = {
        let (search, page) = (search.clone(), page.clone());
        Callback::from(move |v: String| {
            page.set(1);
            search.set(v);
        })
    };
    let on_rules = {
        let (rules, page) = (rules.clone(), page.clone());
        Callback::from(move |r: Vec<Rule>| {
            page.set(1);
            rules.set(r);
        })
    };
    let delete_selected = {
        let (app, c, selected, confirm, reload) = (
            app.clone(),
            c.clone(),
            selected.clone(),
            confirm.clone(),
            reload.clone(),
        );
        Callback::from(move |_| {
            let keys: Vec<Value> = selected
                .iter()
                .map(|k| serde_json::from_str(k).unwrap_or(Value::from(k.as_str())))
                .collect();
            let (path, n) = (format!("/items/{c}"), keys.len());
            let (app2, selected, confirm, reload) = (
                app.clone(),
                selected.clone(),
                confirm.clone(),
                reload.clone(),
            );
            run(
                &app,
                async move { api::delete(&path, Some(&Value::Array(keys))).await },
                move |_| {
                    app2.ok(tf("{n} items deleted", &[("n", &n.to_string())]));
                    selected.set(BTreeSet::new());
                    confirm.set(false);
                    reload.emit(());
                },
            );
        })
    };

    let (rows, total) = match &load {
        Load::Ready(body) => (
            body["data"].as_array().cloned().unwrap_or_default(),
            body["meta"]["filter_count"].as_u64().unwrap_or(0),
        ),
        _ => (Vec::new(), 0),
    };
    let key_of = |row: &Value| row[pk.as_str()].to_string();
    let all_selected = !rows.is_empty() && rows.iter().all(|r| selected.contains(&key_of(r)));
    let select_all = {
        let (selected, keys) = (
            selected.clone(),
            rows.iter().map(key_of).collect::<Vec<_>>(),
        );
        Callback::from(move |on: bool| {
            let mut s = (*selected).clone();
            for k in &keys {
                if on {
                    s.insert(k.clone());
                } else {
                    s.remove(k);
                }
            }
            selected.set(s);
        })
    };
    let create = Route::Item {
        collection: c.clone(),
        key: "+".into(),
    };
    let (may_create, may_delete) = (app.model.can(&c, "create"), app.model.can(&c, "delete"));
    let actions = html! {<>
        if may_delete && !selected.is_empty() {
            <button class="danger" onclick={{ let confirm = confirm.clone(); Callback::from(move |_| confirm.set(true)) }}>
                <Icon name="trash" />{ tf("Delete {n}", &[("n", &selected.len().to_string())]) }
            </button>
        }
        if may_create {
            <Link<Route> to={create} classes="button primary"><Icon name="plus" />{ t("Create Item") }</Link<Route>>
        }
    </>};
    let filterable: Vec<(String, String)> =
        available.iter().map(|f| (f.clone(), kind_of(f))).collect();
    html! {
        <Page title={title_case(&c)} subtitle={t("Content")} {actions}>
            <div class="toolbar">
                <input class="search" type="search" name="search" placeholder={t("Search items…")} aria-label={t("Search items")}
                    value={(*search).clone()} oninput={on_text(on_search)} />
                <button class={classes!("secondary", (!rules.is_empty()).then_some("active"))} aria-expanded={show_filters.to_string()}
                    onclick={{ let s = show_filters.clone(); Callback::from(move |_| s.set(!*s)) }}>
                    <Icon name="filter" />{ t("Filter") }
                    if !rules.is_empty() { <span class="badge primary">{ rules.len() }</span> }
                </button>
                <button class="secondary" aria-expanded={show_columns.to_string()}
                    onclick={{ let s = show_columns.clone(); Callback::from(move |_| s.set(!*s)) }}>
                    <Icon name="columns" />{ t("Columns") }
                </button>
            </div>
            if *show_filters {
                <FilterBuilder fields={filterable} rules={(*rules).clone()} on_change={on_rules} />
            }
            if *show_columns {
                <div class="column-picker" role="group" aria-label={t("Columns")}>
                    { for available.iter().map(|f| html! {
                        <label class="inline">
                            <input type="checkbox" name={format!("column_{f}")} checked={columns.contains(f)} onchange={on_check(toggle_column(f.clone()))} />
                            { title_case(f) }
                        </label>
                    }) }
                </div>
            }
            { match &load {
                Load::Loading => html! { <Spinner /> },
                Load::Failed(e) => html! { <Empty icon="lock" text={e.message.clone()} /> },
                Load::Ready(_) if rows.is_empty() => html! { <Empty icon="box" text={t("No items")} /> },
                Load::Ready(_) => html! {
                    <div class="table-wrap">
                        <table>
                            <thead><tr>
                                <th class="check"><input type="checkbox" aria-label={t("Select all")} checked={all_selected} onchange={on_check(select_all)} /></th>
                                { for columns.iter().map(|col| {
                                    let dir = match layout.sort.as_deref() {
                                        Some(s) if s == col => "ascending",
                                        Some(s) if s.strip_prefix('-') == Some(col.as_str()) => "descending",
                                        _ => "none",
                                    };
                                    html! {
                                        <th aria-sort={dir}>
                                            <button class="sort" onclick={sort_by(col.clone())}>
                                                { title_case(col) }
                                                if dir == "ascending" { <Icon name="up" size={14} /> }
                                                if dir == "descending" { <Icon name="down" size={14} /> }
                                            </button>
                                        </th>
                                    }
                                }) }
                            </tr></thead>
                            <tbody>
                                { for rows.iter().map(|row| {
                                    let key = key_of(row);
                                    let raw_key = row[pk.as_str()].as_str().map(str::to_string).unwrap_or_else(|| key.clone());
                                    let open = {
                                        let (navigator, c, raw_key) = (navigator.clone(), c.clone(), raw_key.clone());
                                        Callback::from(move |_: ()| {
                                            if let Some(n) = &navigator { n.push(&Route::Item { collection: c.clone(), key: raw_key.clone() }); }
                                        })
                                    };
                                    let on_enter = {
                                        let open = open.clone();
                                        Callback::from(move |e: KeyboardEvent| if e.key() == "Enter" { open.emit(()) })
                                    };
                                    let toggle = {
                                        let (selected, key) = (selected.clone(), key.clone());
                                        Callback::from(move |on: bool| {
                                            let mut s = (*selected).clone();
                                            if on { s.insert(key.clone()); } else { s.remove(&key); }
                                            selected.set(s);
                                        })
                                    };
                                    html! {
                                        <tr class={classes!(selected.contains(&key).then_some("selected"))} tabindex="0" onclick={open.reform(|_: MouseEvent| ())} onkeydown={on_enter}>
                                            <td class="check" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                                                <input type="checkbox" aria-label={tf("Select item {key}", &[("key", &raw_key)])} checked={selected.contains(&key)} onchange={on_check(toggle)} />
                                            </td>
                                            { for columns.iter().map(|col| html! { <td>{ cell(&app.model, &c, col, &row[col.as_str()]) }</td> }) }
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                },
            } }
            <Pager page={*page} limit={LIMIT} total={total} on_page={{ let page = page.clone(); Callback::from(move |p| page.set(p)) }} />
            if *confirm {
                <Confirm text={tf("Delete {n} items? This cannot be undone.", &[("n", &selected.len().to_string())])}
                    on_confirm={delete_selected} on_cancel={{ let c = confirm.clone(); Callback::from(move |_| c.set(false)) }} />
            }
        </Page>
    }
}

/// One table cell: the related item's label, an image thumbnail, or the value.
fn cell(model: &Model, collection: &str, field: &str, value: &Value) -> Html {
    if let Some(rel) = model.m2o(collection, field) {
        if rel["related_collection"] == "directus_files" {
            if let Some(id) = value["id"].as_str() {
                if value["type"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("image/"))
                {
                    return html! { <img class="thumb" src={format!("/assets/{id}?key=system-small-cover")} alt={value["title"].as_str().unwrap_or("").to_string()} loading="lazy" /> };
                }
                return html! { <span>{ value["title"].as_str().unwrap_or(id).to_string() }</span> };
            }
            return html! {};
        }
        if let Some(related) = rel["related_collection"].as_str() {
            return html! { display_value(&value[model.label_field(related).as_str()]) };
        }
    }
    if value.is_boolean() {
        return html! { <span class={classes!("badge", (value == &Value::Bool(true)).then_some("primary"))}>{ display_value(value) }</span> };
    }
    html! { display_value(value) }
}
