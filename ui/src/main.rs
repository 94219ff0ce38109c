//! Strata's admin studio: a Yew app compiled to WebAssembly, served by the server at `/admin`,
//! talking to it only through the public REST API.

mod api;
mod app;
mod components;
mod i18n;
mod interfaces;
mod pages;
mod route;
mod shell;
mod state;
mod theme;
mod upload;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
