//! User roles: the list with each role's user count, creating a role, and a role's page to
//! rename, describe or delete it, with the policies it holds and the users it has.

use super::access_common::{display_name, display_of, text_field};
use super::access_role::{RolePolicies, RoleUsers};
use crate::api::{self, ApiError, enc};
use crate::components::{Confirm, Empty, Icon, Modal, Page, Spinner};
use crate::i18n::t;
use crate::route::Route;
use crate::state::{Load, run, use_app, use_get};
use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

/// Creates a role from the name and description in the dialog and opens its page.
#[derive(Properties, PartialEq)]
struct CreateRoleProps {
    on_close: Callback<()>,
}

#[function_component]
fn CreateRole(p: &CreateRoleProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let name = use_state(String::new);
    let description = use_state(String::new);
    let submit = {
        let (app, navigator, name, description) = (
            app.clone(),
            navigator.clone(),
            name.clone(),
            description.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = json!({ "name": name.trim(), "description": (*description).clone() });
            let (app2, navigator) = (app.clone(), navigator.clone());
            run(
                &app,
                async move { api::post("/roles", &body).await },
                move |role| {
                    app2.ok(t("Role created"));
                    if let (Some(n), Some(id)) = (&navigator, role["id"].as_str()) {
                        n.push(&Route::Role { id: id.to_string() });
                    }
                },
            );
        })
    };
    let footer = html! {<>
        <button type="button" class="secondary" onclick={p.on_close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="create-role" class="primary" disabled={name.trim().is_empty()}>{ t("Create") }</button>
    </>};
    html! {
        <Modal title={t("Create Role")} on_close={p.on_close.clone()} {footer}>
            <form id="create-role" class="access-stack" onsubmit={submit}>
                { text_field("name", t("Name"), "text", (*name).clone(), true,
                    { let s = name.clone(); Callback::from(move |v| s.set(v)) }) }
                { text_field("description", t("Description"), "text", (*description).clone(), true,
                    { let s = description.clone(); Callback::from(move |v| s.set(v)) }) }
            </form>
        </Modal>
    }
}

#[function_component]
pub fn Roles() -> Html {
    let navigator = use_navigator();
    let creating = use_state(|| false);
    let (load, _) = use_get("/roles?fields=id,name,description,users&sort=name&limit=-1".into());
    let rows = load
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let actions = html! {
        <button class="primary" onclick={{ let c = creating.clone(); Callback::from(move |_| c.set(true)) }}>
            <Icon name="plus" />{ t("Create Role") }
        </button>
    };
    let row = |role: &Value| {
        let id = role["id"].as_str().unwrap_or("").to_string();
        let open = {
            let (navigator, id) = (navigator.clone(), id.clone());
            Callback::from(move |_: ()| {
                if let Some(n) = &navigator {
                    n.push(&Route::Role { id: id.clone() });
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
        let users = role["users"].as_array().map_or(0, Vec::len);
        html! {
            <tr key={id} tabindex="0" onclick={open.reform(|_: MouseEvent| ())} onkeydown={on_key}>
                <td><span class="user-cell"><Icon name="users" /><strong>{ display_of(&role["name"]) }</strong></span></td>
                <td class="muted">{ display_of(&role["description"]) }</td>
                <td class="count"><span class="badge">{ users }</span></td>
            </tr>
        }
    };
    html! {
        <Page title={t("User Roles")} subtitle={t("Settings")} {actions}>
            { match &load {
                Load::Loading => html! { <Spinner /> },
                Load::Failed(e) => html! { <Empty icon="lock" text={e.message.clone()} /> },
                Load::Ready(_) if rows.is_empty() => html! { <Empty icon="users" text={t("No roles")} /> },
                Load::Ready(_) => html! {
                    <div class="table-wrap">
                        <table>
                            <thead><tr><th>{ t("Name") }</th><th>{ t("Description") }</th><th class="count">{ t("Users") }</th></tr></thead>
                            <tbody>{ for rows.iter().map(row) }</tbody>
                        </table>
                    </div>
                },
            } }
            if *creating {
                <CreateRole on_close={{ let c = creating.clone(); Callback::from(move |_| c.set(false)) }} />
            }
        </Page>
    }
}

#[derive(Properties, PartialEq)]
pub struct RolePageProps {
    pub id: String,
}

#[function_component]
pub fn RolePage(p: &RolePageProps) -> Html {
    if p.id == "+" {
        // The "new role" address opens the creation dialog over the list.
        return html! { <Redirect<Route> to={Route::Roles} /> };
    }
    html! { <RoleEditor key={p.id.clone()} id={p.id.clone()} /> }
}

#[function_component]
fn RoleEditor(p: &RolePageProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let role = use_state(|| None::<Result<Value, ApiError>>);
    let name = use_state(String::new);
    let description = use_state(String::new);
    let icon = use_state(String::new);
    let confirm = use_state(|| false);
    let path = format!("/roles/{}?fields=id,name,icon,description", enc(&p.id));
    {
        let (role, name, description, icon, path) = (
            role.clone(),
            name.clone(),
            description.clone(),
            icon.clone(),
            path.clone(),
        );
        use_effect_with(path, move |path| {
            let path = path.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let res = api::get(&path).await;
                if let Ok(r) = &res {
                    name.set(r["name"].as_str().unwrap_or("").to_string());
                    description.set(r["description"].as_str().unwrap_or("").to_string());
                    icon.set(r["icon"].as_str().unwrap_or("").to_string());
                }
                role.set(Some(res));
            });
        });
    }
    let original = match &*role {
        Some(Ok(v)) => v.clone(),
        Some(Err(e)) => {
            return html! { <Page title={t("Role")}><Empty icon="lock" text={e.message.clone()} /></Page> };
        }
        None => return html! { <Page title={t("Role")}><Spinner /></Page> },
    };
    let dirty = original["name"].as_str().unwrap_or("") != name.as_str()
        || original["description"].as_str().unwrap_or("") != description.as_str()
        || original["icon"].as_str().unwrap_or("") != icon.as_str();
    let save = {
        let (app, id, name, description, icon, role) = (
            app.clone(),
            p.id.clone(),
            name.clone(),
            description.clone(),
            icon.clone(),
            role.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let icon = match icon.trim() {
                "" => Value::Null,
                name => Value::from(name),
            };
            let body =
                json!({ "name": name.trim(), "description": (*description).clone(), "icon": icon });
            let (app2, role) = (app.clone(), role.clone());
            let path = format!("/roles/{}", enc(&id));
            run(
                &app,
                async move { api::patch(&path, &body).await },
                move |saved| {
                    app2.ok(t("Role saved"));
                    role.set(Some(Ok(saved)));
                },
            );
        })
    };
    let delete = {
        let (app, navigator, id) = (app.clone(), navigator.clone(), p.id.clone());
        Callback::from(move |_| {
            let (app2, navigator) = (app.clone(), navigator.clone());
            let path = format!("/roles/{}", enc(&id));
            run(
                &app,
                async move { api::delete(&path, None).await },
                move |_| {
                    app2.ok(t("Role deleted"));
                    if let Some(n) = &navigator {
                        n.push(&Route::Roles);
                    }
                },
            );
        })
    };
    let actions = html! {<>
        <button class="danger" onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(true)) }}>
            <Icon name="trash" />{ t("Delete") }
        </button>
        <button class="primary" type="submit" form="role-form" disabled={!dirty || name.trim().is_empty()}>
            <Icon name="check" />{ t("Save") }
        </button>
    </>};
    let title = display_name(original["name"].as_str().unwrap_or(""));
    html! {
        <Page {title} subtitle={t("User Roles")} {actions}>
            <form id="role-form" class="form" onsubmit={save}>
                { text_field("name", t("Name"), "text", (*name).clone(), false,
                    { let s = name.clone(); Callback::from(move |v| s.set(v)) }) }
                { text_field("icon", t("Icon"), "text", (*icon).clone(), false,
                    { let s = icon.clone(); Callback::from(move |v| s.set(v)) }) }
                { text_field("description", t("Description"), "text", (*description).clone(), true,
                    { let s = description.clone(); Callback::from(move |v| s.set(v)) }) }
            </form>
            <RolePolicies role={p.id.clone()} />
            <RoleUsers role={p.id.clone()} />
            if *confirm {
                <Confirm text={t("Delete this role? Its users keep their accounts but lose the role's access.")}
                    on_confirm={delete} on_cancel={{ let c = confirm.clone(); Callback::from(move |_| c.set(false)) }} />
            }
        </Page>
    }
}
