//! The user directory: a searchable, paged table of every user, and one user's page to create,
//! edit or delete an account (name, e-mail, password, role, status, title, description).

use crate::api::{self, ApiError, enc};
use crate::components::{Confirm, Empty, Icon, Page, Pager, Spinner, on_select, on_text};
use crate::i18n::{Lang, t, tf};
use crate::pages::settings::access_common::{avatar, display_of, text_field, user_name};
use crate::route::Route;
use crate::state::{Load, run, use_app, use_get};
use serde_json::{Map, Value};
use yew::prelude::*;
use yew_router::prelude::*;

const LIMIT: u64 = 25;

/// The account statuses Directus knows, with their labels.
fn statuses() -> [(&'static str, &'static str); 5] {
    [
        ("active", t("Active")),
        ("invited", t("Invited")),
        ("draft", t("Draft")),
        ("suspended", t("Suspended")),
        ("archived", t("Archived")),
    ]
}

fn status_badge(status: &str) -> Html {
    let label = statuses()
        .iter()
        .find(|(v, _)| *v == status)
        .map(|(_, l)| *l)
        .unwrap_or(status);
    html! { <span class={classes!("badge", format!("status-{status}"))}>{ label.to_string() }</span> }
}

#[function_component]
pub fn Users() -> Html {
    let navigator = use_navigator();
    let page = use_state(|| 1u64);
    let search = use_state(String::new);
    let mut path = format!(
        "/users?fields={}&sort=email&limit={LIMIT}&page={}&meta=filter_count",
        enc("id,first_name,last_name,email,status,role.name"),
        *page
    );
    if !search.is_empty() {
        path.push_str(&format!("&search={}", enc(&search)));
    }
    let (load, _) = use_get(path);
    let on_search = {
        let (search, page) = (search.clone(), page.clone());
        Callback::from(move |v: String| {
            page.set(1);
            search.set(v);
        })
    };
    let create = {
        let navigator = navigator.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(n) = &navigator {
                n.push(&Route::User { id: "+".into() });
            }
        })
    };
    let actions = html! {
        <button class="primary" onclick={create}><Icon name="plus" />{ t("Create User") }</button>
    };
    let total = match &load {
        Load::Ready(body) => body["meta"]["filter_count"].as_u64().unwrap_or(0),
        _ => 0,
    };
    let rows = load
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let row = |user: &Value| {
        let id = user["id"].as_str().unwrap_or("").to_string();
        let open = {
            let (navigator, id) = (navigator.clone(), id.clone());
            Callback::from(move |_: ()| {
                if let Some(n) = &navigator {
                    n.push(&Route::User { id: id.clone() });
                }
            })
        };
        let on_key = {
            let open = open.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" {
                    open.emit(())
                }
            })
        };
        html! {
            <tr key={id} tabindex="0" onclick={open.reform(|_: MouseEvent| ())} onkeydown={on_key}>
                <td><span class="user-cell">{ avatar(user, false) }<span>{ user_name(user) }</span></span></td>
                <td>{ user["email"].as_str().unwrap_or("") }</td>
                <td>{ display_of(&user["role"]["name"]) }</td>
                <td>{ status_badge(user["status"].as_str().unwrap_or("")) }</td>
            </tr>
        }
    };
    html! {
        <Page title={t("User Directory")} {actions}>
            <div class="toolbar">
                <input class="search" type="search" name="search" placeholder={t("Search users…")}
                    aria-label={t("Search users")} value={(*search).clone()} oninput={on_text(on_search)} />
            </div>
            { match &load {
                Load::Loading => html! { <Spinner /> },
                Load::Failed(e) => html! { <Empty icon="lock" text={e.message.clone()} /> },
                Load::Ready(_) if rows.is_empty() => html! { <Empty icon="users" text={t("No users")} /> },
                Load::Ready(_) => html! {<>
                    <div class="table-wrap">
                        <table>
                            <thead><tr>
                                <th>{ t("Name") }</th><th>{ t("Email") }</th><th>{ t("Role") }</th><th>{ t("Status") }</th>
                            </tr></thead>
                            <tbody>{ for rows.iter().map(row) }</tbody>
                        </table>
                    </div>
                    <Pager page={*page} limit={LIMIT} {total}
                        on_page={{ let page = page.clone(); Callback::from(move |p| page.set(p)) }} />
                </>},
            } }
        </Page>
    }
}

#[derive(Properties, PartialEq)]
pub struct UserPageProps {
    pub id: String,
}

#[function_component]
pub fn UserPage(p: &UserPageProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let is_new = p.id == "+";
    let user = use_state(|| None::<Result<Value, ApiError>>);
    let edits = use_state(Map::<String, Value>::new);
    let confirm = use_state(|| false);
    let version = use_state(|| 0u32);
    let (roles, _) = use_get("/roles?fields=id,name&sort=name&limit=-1".into());
    {
        let (user, edits, id) = (user.clone(), edits.clone(), p.id.clone());
        use_effect_with((id, *version), move |(id, _)| {
            if id == "+" {
                // A new account is active unless the form says otherwise.
                edits.set(Map::from_iter([(
                    "status".to_string(),
                    Value::from("active"),
                )]));
                user.set(Some(Ok(Value::Object(Map::new()))));
            } else {
                edits.set(Map::new());
                let path = format!(
                    "/users/{}?fields={}",
                    enc(id),
                    enc(
                        "id,first_name,last_name,email,role,status,language,title,description,last_access"
                    )
                );
                wasm_bindgen_futures::spawn_local(async move {
                    user.set(Some(api::get(&path).await));
                });
            }
        });
    }
    let original = match &*user {
        Some(Ok(v)) => v.clone(),
        Some(Err(e)) => {
            return html! { <Page title={t("User")}><Empty icon="lock" text={e.message.clone()} /></Page> };
        }
        None => return html! { <Page title={t("User")}><Spinner /></Page> },
    };
    let value = |f: &str| -> String {
        let v = edits.get(f).unwrap_or(&original[f]);
        v.as_str().unwrap_or("").to_string()
    };
    let set = |f: &'static str| {
        let edits = edits.clone();
        Callback::from(move |v: String| {
            let mut next = (*edits).clone();
            // An emptied password means "keep the current one", so it is not sent.
            if f == "password" && v.is_empty() {
                next.remove(f);
            } else {
                let value = if v.is_empty() && matches!(f, "role" | "language") {
                    Value::Null
                } else {
                    Value::from(v)
                };
                next.insert(f.to_string(), value);
            }
            edits.set(next);
        })
    };
    let save = {
        let (app, navigator, edits, version, id) = (
            app.clone(),
            navigator.clone(),
            edits.clone(),
            version.clone(),
            p.id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = Value::Object((*edits).clone());
            let (app2, navigator, version) = (app.clone(), navigator.clone(), version.clone());
            let id = id.clone();
            run(
                &app,
                async move {
                    if is_new {
                        api::post("/users", &body).await
                    } else {
                        api::patch(&format!("/users/{}", enc(&id)), &body).await
                    }
                },
                move |saved| {
                    if is_new {
                        app2.ok(t("User created"));
                        if let (Some(n), Some(new_id)) = (&navigator, saved["id"].as_str()) {
                            n.replace(&Route::User {
                                id: new_id.to_string(),
                            });
                        }
                    } else {
                        app2.ok(t("User saved"));
                        version.set(*version + 1);
                    }
                },
            );
        })
    };
    let delete = {
        let (app, navigator, id) = (app.clone(), navigator.clone(), p.id.clone());
        Callback::from(move |_| {
            let (app2, navigator) = (app.clone(), navigator.clone());
            let path = format!("/users/{}", enc(&id));
            run(
                &app,
                async move { api::delete(&path, None).await },
                move |_| {
                    app2.ok(t("User deleted"));
                    if let Some(n) = &navigator {
                        n.push(&Route::Users);
                    }
                },
            );
        })
    };
    let title = if is_new {
        t("Create User").to_string()
    } else {
        user_name(&original)
    };
    let actions = html! {<>
        if !is_new {
            <button class="danger" onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(true)) }}>
                <Icon name="trash" />{ t("Delete") }
            </button>
        }
        <button class="primary" type="submit" form="user-form" disabled={edits.is_empty()}>
            <Icon name="check" />{ t("Save") }
        </button>
    </>};
    let role_options = roles
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let role = value("role");
    let language = value("language");
    // A language the studio has no texts for still shows as the account's choice.
    let other_language = (!language.is_empty() && !Lang::ALL.iter().any(|l| l.code() == language))
        .then(|| language.clone());
    let status = match value("status") {
        s if s.is_empty() => "active".to_string(),
        s => s,
    };
    let sidebar = (!is_new).then(|| html! {
        <div class="user-summary">
            { avatar(&original, true) }
            <h3>{ user_name(&original) }</h3>
            <span class="muted">{ original["email"].as_str().unwrap_or("") }</span>
            { status_badge(original["status"].as_str().unwrap_or("")) }
            if let Some(last) = original["last_access"].as_str() {
                <span class="muted">{ tf("Last access: {when}", &[("when", &last.replace('T', " ").chars().take(16).collect::<String>())]) }</span>
            }
        </div>
    });
    html! {
        <Page {title} subtitle={t("User Directory")} {actions} {sidebar}>
            <form id="user-form" class="form" onsubmit={save}>
                { text_field("first_name", t("First Name"), "text", value("first_name"), false, set("first_name")) }
                { text_field("last_name", t("Last Name"), "text", value("last_name"), false, set("last_name")) }
                { text_field("email", t("Email"), "email", value("email"), false, set("email")) }
                { text_field("password", t("Password"), "password", value("password"), false, set("password")) }
                <div class="field">
                    <label class="label" for="f-role">{ t("Role") }</label>
                    <select id="f-role" name="role" onchange={on_select(set("role"))}>
                        <option value="" selected={role.is_empty()}>{ t("No role") }</option>
                        { for role_options.iter().map(|r| {
                            let rid = r["id"].as_str().unwrap_or("").to_string();
                            html! { <option selected={rid == role} value={rid.clone()}>{ display_of(&r["name"]) }</option> }
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="f-status">{ t("Status") }</label>
                    <select id="f-status" name="status" onchange={on_select(set("status"))}>
                        { for statuses().into_iter().map(|(v, l)| html! { <option value={v} selected={v == status}>{ l }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="f-language">{ t("Language") }</label>
                    <select id="f-language" name="language" onchange={on_select(set("language"))}>
                        <option value="" selected={language.is_empty()}>{ t("Project default") }</option>
                        { for Lang::ALL.iter().map(|l| html! { <option value={l.code()} selected={l.code() == language}>{ l.name() }</option> }) }
                        if let Some(code) = other_language { <option value={code.clone()} selected=true>{ code }</option> }
                    </select>
                </div>
                { text_field("title", t("Title"), "text", value("title"), false, set("title")) }
                { text_field("description", t("Description"), "textarea", value("description"), true, set("description")) }
            </form>
            if *confirm {
                <Confirm text={t("Delete this user? This cannot be undone.")} on_confirm={delete}
                    on_cancel={{ let c = confirm.clone(); Callback::from(move |_| c.set(false)) }} />
            }
        </Page>
    }
}
