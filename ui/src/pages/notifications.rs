//! (being written)
use yew::prelude::*;
#[function_component]
pub fn Notifications() -> Html {
    html! { <crate::components::Page title="Notifications" /> }
}
