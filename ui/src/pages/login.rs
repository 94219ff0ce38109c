//! Sign-in: e-mail and password, then the one-time code when the account has two-factor auth.

use crate::api;
use crate::components::{Icon, on_text};
use crate::i18n::t;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoginProps {
    pub on_done: Callback<()>,
}

#[function_component]
pub fn Login(props: &LoginProps) -> Html {
    let email = use_state(String::new);
    let password = use_state(String::new);
    let otp = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let project = use_state(|| "Strata".to_string());
    {
        let project = project.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(info) = api::get("/server/info").await
                    && let Some(name) = info["project"]["project_name"].as_str()
                {
                    project.set(name.to_string());
                }
            });
        });
    }
    let submit = {
        let (email, password, otp, error, busy, done) = (
            email.clone(),
            password.clone(),
            otp.clone(),
            error.clone(),
            busy.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (email, password, otp, error, busy, done) = (
                (*email).clone(),
                (*password).clone(),
                otp.clone(),
                error.clone(),
                busy.clone(),
                done.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let code = (*otp).clone();
                match api::login(&email, &password, code.as_deref()).await {
                    Ok(()) => done.emit(()),
                    Err(e) if e.code == "INVALID_OTP" && code.is_none() => {
                        otp.set(Some(String::new()));
                        error.set(None);
                    }
                    Err(e) => error.set(Some(match e.code.as_str() {
                        "INVALID_CREDENTIALS" => t("Wrong e-mail or password.").to_string(),
                        "INVALID_OTP" => t("That code is not valid.").to_string(),
                        _ => e.message,
                    })),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <div class="login">
            <form class="login-card" onsubmit={submit}>
                <div class="login-brand"><Icon name="box" size={32} /><h1>{ (*project).clone() }</h1></div>
                <h2>{ t("Sign in") }</h2>
                if let Some(code) = (*otp).clone() {
                    <label>{ t("One-time code") }
                        <input name="otp" inputmode="numeric" autocomplete="one-time-code" required=true value={code}
                            oninput={on_text({ let otp = otp.clone(); Callback::from(move |v| otp.set(Some(v))) })} />
                    </label>
                } else {
                    <label>{ t("E-mail") }
                        <input name="email" type="email" autocomplete="username" required=true value={(*email).clone()}
                            oninput={on_text({ let s = email.clone(); Callback::from(move |v| s.set(v)) })} />
                    </label>
                    <label>{ t("Password") }
                        <input name="password" type="password" autocomplete="current-password" required=true value={(*password).clone()}
                            oninput={on_text({ let s = password.clone(); Callback::from(move |v| s.set(v)) })} />
                    </label>
                }
                if let Some(msg) = (*error).clone() {
                    <p class="form-error" role="alert">{ msg }</p>
                }
                <button class="primary" type="submit" disabled={*busy}>{ t("Sign in") }</button>
            </form>
        </div>
    }
}
