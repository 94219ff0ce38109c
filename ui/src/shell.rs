//! The frame around every signed-in page: the module bar (content, files, users, activity,
//! notifications, settings; theme, language, sign-out), the module's navigation column and a
//! "skip to content" link for keyboard users.

use crate::api;
use crate::components::Icon;
use crate::i18n::{self, Lang, t};
use crate::route::{Module, Route};
use crate::state::use_app;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    pub children: Html,
}

#[function_component]
pub fn Shell(props: &ShellProps) -> Html {
    let app = use_app();
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let module = route.module();
    let nav_open = use_state(|| false);
    let mut modules = vec![
        (Module::Content, Route::Content, "content", t("Content")),
        (Module::Files, Route::Files, "folder", t("File Library")),
        (Module::Users, Route::Users, "users", t("User Directory")),
        (
            Module::Activity,
            Route::Activity,
            "activity",
            t("Activity Log"),
        ),
        (
            Module::Notifications,
            Route::Notifications,
            "bell",
            t("Notifications"),
        ),
    ];
    if app.admin {
        modules.push((Module::Settings, Route::Project, "settings", t("Settings")));
    }
    let project = app.settings["project_name"]
        .as_str()
        .unwrap_or("Strata")
        .to_string();
    let color = app.settings["project_color"]
        .as_str()
        .unwrap_or("#6644ff")
        .to_string();
    let toggle_theme = {
        let rerender = app.rerender.clone();
        Callback::from(move |_: MouseEvent| {
            crate::theme::toggle();
            rerender.emit(());
        })
    };
    let change_lang = {
        let rerender = app.rerender.clone();
        Callback::from(move |e: Event| {
            if let Some(l) = Lang::from_code(&crate::components::event_value(&e)) {
                i18n::set_lang(l);
                rerender.emit(());
            }
        })
    };
    let sign_out = {
        let reload = app.reload_session.clone();
        Callback::from(move |_: MouseEvent| {
            let reload = reload.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api::logout().await;
                reload.emit(());
            });
        })
    };
    let toggle_nav = {
        let nav_open = nav_open.clone();
        Callback::from(move |_: MouseEvent| nav_open.set(!*nav_open))
    };
    let user_name = {
        let u = &app.user;
        let full = format!(
            "{} {}",
            u["first_name"].as_str().unwrap_or(""),
            u["last_name"].as_str().unwrap_or("")
        );
        if full.trim().is_empty() {
            u["email"].as_str().unwrap_or("").to_string()
        } else {
            full.trim().to_string()
        }
    };
    let nav = crate::pages::nav(module, &route, &app);
    html! {
        <div class={classes!("shell", nav_open.then_some("nav-open"))}>
            <a class="skip" href="#main">{ t("Skip to content") }</a>
            <nav class="modules" aria-label={t("Modules")}>
                <div class="logo" style={format!("background:{color}")} title={project.clone()}>
                    { project.chars().next().unwrap_or('S').to_uppercase().to_string() }
                </div>
                { for modules.into_iter().map(|(m, to, icon, label)| html! {
                    <Link<Route> to={to} classes={classes!("module", (m == module).then_some("active"))}>
                        <span title={label} aria-label={label}><Icon name={icon} size={22} /></span>
                    </Link<Route>>
                }) }
                <div class="spacer"></div>
                <button class="module" onclick={toggle_theme} title={t("Toggle dark mode")} aria-label={t("Toggle dark mode")}>
                    <Icon name={if crate::theme::is_dark() { "sun" } else { "moon" }} size={20} />
                </button>
                <select class="lang" aria-label={t("Language")} onchange={change_lang}>
                    { for Lang::ALL.iter().map(|l| html! {
                        <option value={l.code()} title={l.name()} selected={*l == i18n::lang()}>{ &l.code()[..2] }</option>
                    }) }
                </select>
                <button class="module" onclick={sign_out} title={t("Sign out")} aria-label={t("Sign out")}>
                    <Icon name="logout" size={20} />
                </button>
            </nav>
            if let Some(nav) = nav {
                <nav class="navigation" aria-label={t("Navigation")}>
                    <div class="project">
                        <strong>{ project }</strong>
                        <span class="muted">{ user_name }</span>
                    </div>
                    { nav }
                </nav>
            }
            <button class="nav-toggle icon-button" onclick={toggle_nav} aria-label={t("Menu")}><Icon name="list" /></button>
            <div class="content">{ props.children.clone() }</div>
        </div>
    }
}
