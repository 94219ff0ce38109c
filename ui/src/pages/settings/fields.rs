//! (being written)
use yew::prelude::*;
#[derive(Properties, PartialEq)]
pub struct FieldsProps {
    pub collection: String,
}
#[function_component]
pub fn Fields(_p: &FieldsProps) -> Html {
    html! { <crate::components::Page title="Fields" /> }
}
