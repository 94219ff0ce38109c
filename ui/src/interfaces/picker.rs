//! The dialog that picks related items (many-to-one, one-to-many, many-to-many, files): a
//! searchable, paged list of the related collection, one or several at a time.

use super::items_path;
use crate::api::enc;
use crate::components::{Empty, Modal, Pager, Spinner, display_value, on_text};
use crate::i18n::{t, tf};
use crate::state::{Load, use_app, use_get};
use serde_json::Value;
use yew::prelude::*;

const LIMIT: u64 = 10;

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub collection: AttrValue,
    #[prop_or_default]
    pub multiple: bool,
    /// Keys already linked, left out of the list.
    #[prop_or_default]
    pub exclude: Vec<Value>,
    /// The picked rows (key and label field).
    pub on_pick: Callback<Vec<Value>>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ItemPicker(p: &PickerProps) -> Html {
    let app = use_app();
    let search = use_state(String::new);
    let page = use_state(|| 1u64);
    let chosen = use_state(Vec::<Value>::new);
    let c = p.collection.to_string();
    let pk = app.model.primary_key(&c);
    let label = app.model.label_field(&c);
    let image = c == "directus_files";
    let fields = if image {
        format!("{pk},{label},type")
    } else {
        format!("{pk},{label}")
    };
    let mut path = format!(
        "{}?fields={}&limit={LIMIT}&page={}&meta=filter_count",
        items_path(&c),
        enc(&fields),
        *page
    );
    if !search.is_empty() {
        path.push_str(&format!("&search={}", enc(&search)));
    }
    if !p.exclude.is_empty() {
        let filter = serde_json::json!({ pk.clone(): { "_nin": p.exclude } });
        path.push_str(&format!("&filter={}", enc(&filter.to_string())));
    }
    let (load, _) = use_get(path);
    let rows = load
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let total = match &load {
        Load::Ready(b) => b["meta"]["filter_count"].as_u64().unwrap_or(0),
        _ => 0,
    };
    let pick = |row: Value| {
        let (multiple, chosen, on_pick, pk) =
            (p.multiple, chosen.clone(), p.on_pick.clone(), pk.clone());
        Callback::from(move |_: MouseEvent| {
            if !multiple {
                on_pick.emit(vec![row.clone()]);
                return;
            }
            let mut list = (*chosen).clone();
            if let Some(i) = list.iter().position(|r| r[pk.as_str()] == row[pk.as_str()]) {
                list.remove(i);
            } else {
                list.push(row.clone());
            }
            chosen.set(list);
        })
    };
    let footer = p.multiple.then(|| {
        let (chosen, on_pick, none) = (chosen.clone(), p.on_pick.clone(), chosen.is_empty());
        let count = chosen.len().to_string();
        html! {
            <button class="primary" disabled={none} onclick={Callback::from(move |_| on_pick.emit((*chosen).clone()))}>
                { tf("Select {n}", &[("n", &count)]) }
            </button>
        }
    });
    html! {
        <Modal title={tf("Select from {c}", &[("c", &crate::components::title_case(c.trim_start_matches("directus_")))])}
               on_close={p.on_close.clone()} wide=true footer={footer.unwrap_or_default()}>
            <input type="search" name="picker_search" placeholder={t("Search…")} aria-label={t("Search")}
                value={(*search).clone()} oninput={on_text({ let (s, pg) = (search.clone(), page.clone()); Callback::from(move |v| { pg.set(1); s.set(v) }) })} />
            { match &load {
                Load::Loading => html! { <Spinner /> },
                Load::Failed(e) => html! { <Empty icon="lock" text={e.message.clone()} /> },
                Load::Ready(_) if rows.is_empty() => html! { <Empty icon="box" text={t("No items")} /> },
                Load::Ready(_) => html! {
                    <div class="related" role="listbox" aria-multiselectable={p.multiple.to_string()}>
                        { for rows.iter().map(|row| {
                            let on = chosen.iter().any(|r| r[pk.as_str()] == row[pk.as_str()]);
                            let key = display_value(&row[pk.as_str()]);
                            let text = display_value(&row[label.as_str()]);
                            html! {
                                <button type="button" class={classes!("row", "pick", on.then_some("selected"))} role="option" aria-selected={on.to_string()} onclick={pick(row.clone())}>
                                    if image && row["type"].as_str().is_some_and(|t| t.starts_with("image/")) {
                                        <img class="thumb" src={format!("/assets/{key}?key=system-small-cover")} alt="" />
                                    }
                                    <span>{ if text.is_empty() { key.clone() } else { text } }</span>
                                    <span class="muted">{ key }</span>
                                </button>
                            }
                        }) }
                    </div>
                },
            } }
            <Pager page={*page} limit={LIMIT} {total} on_page={{ let page = page.clone(); Callback::from(move |n| page.set(n)) }} />
        </Modal>
    }
}
