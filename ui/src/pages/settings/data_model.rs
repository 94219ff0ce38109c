//! (being written)
use yew::prelude::*;
#[function_component]
pub fn DataModel() -> Html {
    html! { <crate::components::Page title="DataModel" /> }
}
