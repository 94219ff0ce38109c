//! The frame of a page (title bar with actions, content, optional side panel), the pager under
//! lists, the loading spinner and the empty state.

use super::Icon;
use crate::i18n::{t, tf};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub subtitle: Option<AttrValue>,
    #[prop_or_default]
    pub actions: Html,
    #[prop_or_default]
    pub sidebar: Option<Html>,
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn Page(props: &PageProps) -> Html {
    html! {
        <div class="page">
            <header class="page-header">
                <div class="titles">
                    if let Some(sub) = &props.subtitle {
                        <div class="subtitle">{ sub.clone() }</div>
                    }
                    <h1>{ props.title.clone() }</h1>
                </div>
                <div class="actions">{ props.actions.clone() }</div>
            </header>
            <div class="page-body">
                <main class="page-main" id="main">{ props.children.clone() }</main>
                if let Some(side) = &props.sidebar {
                    <aside class="page-side">{ side.clone() }</aside>
                }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PagerProps {
    /// 1-based.
    pub page: u64,
    pub limit: u64,
    pub total: u64,
    pub on_page: Callback<u64>,
}

#[function_component]
pub fn Pager(props: &PagerProps) -> Html {
    let pages = props.total.div_ceil(props.limit.max(1)).max(1);
    let page = props.page.min(pages);
    let from = if props.total == 0 {
        0
    } else {
        (page - 1) * props.limit + 1
    };
    let to = (page * props.limit).min(props.total);
    let go = |p: u64| props.on_page.reform(move |_: MouseEvent| p);
    html! {
        <nav class="pager" aria-label={t("Pagination")}>
            <span class="muted">{ tf("{from}–{to} of {total}", &[("from", &from.to_string()), ("to", &to.to_string()), ("total", &props.total.to_string())]) }</span>
            <button class="icon-button" disabled={page <= 1} onclick={go(page.saturating_sub(1))} aria-label={t("Previous page")}><Icon name="left" /></button>
            <span>{ tf("Page {page} of {pages}", &[("page", &page.to_string()), ("pages", &pages.to_string())]) }</span>
            <button class="icon-button" disabled={page >= pages} onclick={go(page + 1)} aria-label={t("Next page")}><Icon name="right" /></button>
        </nav>
    }
}

#[function_component]
pub fn Spinner() -> Html {
    html! { <div class="spinner" role="status" aria-label={t("Loading")}></div> }
}

#[derive(Properties, PartialEq)]
pub struct EmptyProps {
    pub icon: AttrValue,
    pub text: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn Empty(props: &EmptyProps) -> Html {
    html! {
        <div class="empty">
            <Icon name={props.icon.clone()} size={48} />
            <p>{ props.text.clone() }</p>
            { props.children.clone() }
        </div>
    }
}
