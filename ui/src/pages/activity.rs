//! (being written)
use yew::prelude::*;
#[function_component]
pub fn Activity() -> Html {
    html! { <crate::components::Page title="Activity" /> }
}
