//! Dialogs: a modal frame that closes on Escape or a click outside and puts the focus inside, and
//! the confirmation every destructive action asks for.

use super::Icon;
use crate::i18n::t;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub title: AttrValue,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub footer: Html,
    #[prop_or_default]
    pub wide: bool,
}

#[function_component]
pub fn Modal(props: &ModalProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            // Focus the first field (or the dialog itself) so the keyboard starts inside.
            if let Some(el) = dialog.cast::<web_sys::Element>() {
                let first = el
                    .query_selector("input:not([type=hidden]), select, textarea, button.primary")
                    .ok()
                    .flatten()
                    .or(Some(el.clone()));
                if let Some(f) = first.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = f.focus();
                }
            }
        });
    }
    let on_key = {
        let close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                close.emit(());
            }
        })
    };
    let on_backdrop = {
        let close = props.on_close.clone();
        Callback::from(move |e: MouseEvent| {
            let is_backdrop = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| el.class_list().contains("backdrop"));
            if is_backdrop {
                close.emit(());
            }
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="backdrop" onmousedown={on_backdrop} onkeydown={on_key}>
            <div class={classes!("modal", props.wide.then_some("wide"))} role="dialog" aria-modal="true"
                 aria-label={props.title.clone()} tabindex="-1" ref={dialog}>
                <header>
                    <h2>{ props.title.clone() }</h2>
                    <button class="icon-button" title={t("Close")} aria-label={t("Close")} onclick={close}>
                        <Icon name="x" />
                    </button>
                </header>
                <div class="modal-body">{ props.children.clone() }</div>
                if props.footer != Html::default() {
                    <footer>{ props.footer.clone() }</footer>
                }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    pub text: AttrValue,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
    /// The danger button's label; "Delete" (translated) when absent.
    #[prop_or_default]
    pub action: Option<AttrValue>,
}

/// "Are you sure?" with a danger button.
#[function_component]
pub fn Confirm(props: &ConfirmProps) -> Html {
    let footer = html! {<>
        <button class="secondary" onclick={props.on_cancel.reform(|_| ())}>{ t("Cancel") }</button>
        <button class="danger primary" onclick={props.on_confirm.reform(|_| ())}>{ props.action.clone().unwrap_or_else(|| t("Delete").into()) }</button>
    </>};
    html! {
        <Modal title={t("Are you sure?")} on_close={props.on_cancel.clone()} footer={footer}>
            <p>{ props.text.clone() }</p>
        </Modal>
    }
}
