//! (being written)
use yew::prelude::*;
#[function_component]
pub fn Users() -> Html {
    html! { <crate::components::Page title="Users" /> }
}
#[derive(Properties, PartialEq)]
pub struct UserPageProps {
    pub id: String,
}
#[function_component]
pub fn UserPage(_p: &UserPageProps) -> Html {
    html! { <crate::components::Page title="UserPage" /> }
}
