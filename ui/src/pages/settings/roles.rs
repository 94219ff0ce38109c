//! (being written)
use yew::prelude::*;
#[function_component]
pub fn Roles() -> Html {
    html! { <crate::components::Page title="Roles" /> }
}
#[derive(Properties, PartialEq)]
pub struct RolePageProps {
    pub id: String,
}
#[function_component]
pub fn RolePage(_p: &RolePageProps) -> Html {
    html! { <crate::components::Page title="RolePage" /> }
}
