//! The first screen a new project's administrator sees: name the project, pick its colour and
//! replace the generated password. Shown to an administrator who has no last page yet.

use crate::api;
use crate::components::on_text;
use crate::i18n::t;
use crate::state::{run, use_app};
use serde_json::json;
use yew::prelude::*;

#[function_component]
pub fn FirstRun() -> Html {
    let app = use_app();
    let name = use_state(|| {
        app.settings["project_name"]
            .as_str()
            .unwrap_or("Strata")
            .to_string()
    });
    let color = use_state(|| {
        app.settings["project_color"]
            .as_str()
            .unwrap_or("#6644FF")
            .to_lowercase()
    });
    let password = use_state(String::new);
    let submit = {
        let (app, name, color, password) =
            (app.clone(), name.clone(), color.clone(), password.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let settings = json!({ "project_name": *name, "project_color": *color });
            let password = (*password).clone();
            let reload = app.reload_session.clone();
            run(
                &app,
                async move {
                    api::patch("/settings", &settings).await?;
                    let mut me = json!({ "last_page": "/content" });
                    if !password.is_empty() {
                        me["password"] = password.into();
                    }
                    api::patch("/users/me", &me).await
                },
                move |_| reload.emit(()),
            );
        })
    };
    html! {
        <div class="login">
            <form class="login-card" onsubmit={submit}>
                <h1>{ t("Welcome to Strata") }</h1>
                <p class="muted">{ t("A few details and your project is ready.") }</p>
                <label>{ t("Project name") }
                    <input name="project_name" required=true value={(*name).clone()}
                        oninput={on_text({ let s = name.clone(); Callback::from(move |v| s.set(v)) })} />
                </label>
                <label>{ t("Project colour") }
                    <input name="project_color" type="color" value={(*color).clone()}
                        oninput={on_text({ let s = color.clone(); Callback::from(move |v| s.set(v)) })} />
                </label>
                <label>{ t("New password (leave empty to keep the current one)") }
                    <input name="password" type="password" autocomplete="new-password" minlength="8" value={(*password).clone()}
                        oninput={on_text({ let s = password.clone(); Callback::from(move |v| s.set(v)) })} />
                </label>
                <button class="primary" type="submit">{ t("Get started") }</button>
            </form>
        </div>
    }
}
