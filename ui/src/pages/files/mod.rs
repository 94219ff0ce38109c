//! (being written)
use yew::prelude::*;
#[derive(Properties, PartialEq)]
pub struct FilesProps {
    pub folder: Option<String>,
}
#[function_component]
pub fn Files(_p: &FilesProps) -> Html {
    html! { <crate::components::Page title="Files" /> }
}
#[function_component]
pub fn FolderNav() -> Html {
    html! { <crate::components::Page title="FolderNav" /> }
}
