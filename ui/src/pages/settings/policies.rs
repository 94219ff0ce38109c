//! (being written)
use yew::prelude::*;
#[function_component]
pub fn Policies() -> Html {
    html! { <crate::components::Page title="Policies" /> }
}
#[derive(Properties, PartialEq)]
pub struct PolicyPageProps {
    pub id: String,
}
#[function_component]
pub fn PolicyPage(_p: &PolicyPageProps) -> Html {
    html! { <crate::components::Page title="PolicyPage" /> }
}
