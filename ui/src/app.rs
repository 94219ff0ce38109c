//! The root: checks the session (the cookie, refreshed silently before it expires), shows the
//! login when there is none, and otherwise provides [`AppCtx`] to the shell and the routed page.

use crate::api::{self, ApiError};
use crate::i18n::t;
use crate::pages;
use crate::route::Route;
use crate::shell::Shell;
use crate::state::{AppCtx, Model, Notice, NoticeAction, NoticeKind, Notices};
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component]
pub fn App() -> Html {
    html! { <BrowserRouter><Root /></BrowserRouter> }
}

#[derive(Clone, PartialEq)]
enum Session {
    Checking,
    SignedOut,
    SignedIn {
        user: Rc<Value>,
        admin: bool,
        settings: Rc<Value>,
    },
}

async fn load_session() -> Result<(Value, bool, Value), ApiError> {
    let user = api::get("/users/me?fields=*,role.id,role.name").await?;
    let globals = api::get("/policies/me/globals")
        .await
        .unwrap_or(Value::Null);
    let settings = api::get("/settings").await.unwrap_or(Value::Null);
    Ok((user, globals["admin_access"] == true, settings))
}

async fn load_model() -> Result<Model, ApiError> {
    let list = |v: Value| v.as_array().cloned().unwrap_or_default();
    Ok(Model {
        collections: list(api::get("/collections").await?),
        fields: list(api::get("/fields").await?),
        relations: list(api::get("/relations").await?),
        permissions: api::get("/permissions/me").await.unwrap_or(Value::Null),
    })
}

#[function_component]
fn Root() -> Html {
    let session = use_state(|| Session::Checking);
    let model = use_state(Model::default);
    let notices = use_reducer(Notices::default);
    let next_notice = use_mut_ref(|| 0u32);
    let render_key = use_state(|| 0u32);
    let route = use_route::<Route>();

    let reload_session = {
        let session = session.clone();
        Callback::from(move |_| {
            let session = session.clone();
            wasm_bindgen_futures::spawn_local(async move {
                session.set(match load_session().await {
                    Ok((user, admin, settings)) => Session::SignedIn {
                        user: Rc::new(user),
                        admin,
                        settings: Rc::new(settings),
                    },
                    Err(_) => Session::SignedOut,
                });
            });
        })
    };
    let reload_model = {
        let model = model.clone();
        Callback::from(move |_| {
            let model = model.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(m) = load_model().await {
                    model.set(m);
                }
            });
        })
    };
    {
        let reload_session = reload_session.clone();
        use_effect_with((), move |_| {
            crate::theme::apply();
            crate::i18n::set_lang(crate::i18n::lang());
            reload_session.emit(());
        });
    }
    let signed_in = matches!(*session, Session::SignedIn { .. });
    {
        // The model is read once per sign-in; the access token is renewed at three quarters of
        // its life so a user at work never meets an expired session.
        let reload_model = reload_model.clone();
        use_effect_with(signed_in, move |signed_in| {
            let timer = signed_in.then(|| {
                reload_model.emit(());
                let every = (api::token_lifetime_ms() * 3 / 4).clamp(10_000, 3_600_000) as u32;
                gloo::timers::callback::Interval::new(every, || {
                    wasm_bindgen_futures::spawn_local(async {
                        let _ = api::refresh().await;
                    });
                })
            });
            move || drop(timer)
        });
    }
    let notify = {
        let notices = notices.clone();
        Callback::from(move |(kind, text): (NoticeKind, String)| {
            let id = {
                let mut n = next_notice.borrow_mut();
                *n += 1;
                *n
            };
            notices.dispatch(NoticeAction::Show(Notice { id, kind, text }));
            let notices = notices.clone();
            gloo::timers::callback::Timeout::new(5000, move || {
                notices.dispatch(NoticeAction::Dismiss(id))
            })
            .forget();
        })
    };
    let rerender = {
        let key = render_key.clone();
        Callback::from(move |_| key.set(*key + 1))
    };

    let body = match &*session {
        Session::Checking => html! { <div class="splash"><crate::components::Spinner /></div> },
        Session::SignedOut => html! { <pages::login::Login on_done={reload_session.clone()} /> },
        Session::SignedIn {
            user,
            admin,
            settings,
        } => {
            let ctx = AppCtx {
                user: user.clone(),
                admin: *admin,
                model: Rc::new((*model).clone()),
                settings: settings.clone(),
                reload_model,
                reload_session: reload_session.clone(),
                notify,
                rerender,
            };
            // Directus records each user's last page; an administrator without one is new here.
            let first_run = *admin && user["last_page"].is_null();
            html! {
                <ContextProvider<AppCtx> context={ctx}>
                    if first_run {
                        <pages::first_run::FirstRun />
                    } else if route == Some(Route::Login) {
                        <Redirect<Route> to={Route::Home} />
                    } else {
                        <Shell><Switch<Route> render={pages::switch} /></Shell>
                    }
                </ContextProvider<AppCtx>>
            }
        }
    };
    html! {
        <div class="studio" key={*render_key}>
            { body }
            <div class="notices" aria-live="polite">
                { for notices.0.iter().map(|n| html! {
                    <div key={n.id} class={classes!("notice", (n.kind == NoticeKind::Error).then_some("error"))} role={if n.kind == NoticeKind::Error {"alert"} else {"status"}}>
                        { n.text.clone() }
                    </div>
                }) }
            </div>
            <noscript>{ t("Strata's studio needs JavaScript.") }</noscript>
        </div>
    }
}
