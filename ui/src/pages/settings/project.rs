//! (being written)
use yew::prelude::*;
#[function_component]
pub fn Project() -> Html {
    html! { <crate::components::Page title="Project" /> }
}
