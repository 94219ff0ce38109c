//! "Create New" beside a many-to-one: the related collection's form in a dialog. Nothing is
//! written here; the new item travels inside the parent's value (`{author: {name: …}}`) and the
//! server creates both in one transaction when the parent is saved, as Directus does.

use crate::components::Modal;
use crate::i18n::{t, tf};
use crate::pages::content::form::ItemForm;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NewRelatedProps {
    pub collection: AttrValue,
    /// The staged item when it is edited again.
    #[prop_or_default]
    pub values: Option<Map<String, Value>>,
    pub on_add: Callback<Map<String, Value>>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn NewRelated(p: &NewRelatedProps) -> Html {
    let values = use_state(|| p.values.clone().unwrap_or_default());
    let on_field = {
        let values = values.clone();
        Callback::from(move |(name, value): (String, Value)| {
            let mut next = (*values).clone();
            next.insert(name, value);
            values.set(next);
        })
    };
    let add = {
        let (values, on_add) = (values.clone(), p.on_add.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !values.is_empty() {
                on_add.emit((*values).clone());
            }
        })
    };
    let footer = html! {<>
        <button type="button" class="secondary" onclick={p.on_close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="new-related" class="primary" disabled={values.is_empty()}>{ t("Add") }</button>
    </>};
    let name = crate::components::title_case(&p.collection);
    let title = tf("New item in {collection}", &[("collection", &name)]);
    html! {
        <Modal {title} on_close={p.on_close.clone()} {footer} wide=true>
            <form id="new-related" onsubmit={add} novalidate=true>
                <ItemForm collection={p.collection.clone()} values={Rc::new((*values).clone())}
                    errors={Rc::new(HashMap::new())} is_new=true {on_field} />
            </form>
        </Modal>
    }
}
