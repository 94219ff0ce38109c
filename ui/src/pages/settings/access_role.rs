//! The two lists of a role's page: the policies the role holds (through `/access` rows), which
//! can be attached, detached or created on the spot, and the users who have the role.

use super::access_common::{avatar, display_of, text_field, user_name};
use crate::api::{self, enc};
use crate::components::{Empty, Icon, Modal, Spinner, on_select};
use crate::i18n::{t, tf};
use crate::route::Route;
use crate::state::{Load, run, use_app, use_get};
use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RoleProps {
    pub role: String,
}

#[function_component]
pub fn RolePolicies(p: &RoleProps) -> Html {
    let app = use_app();
    let (links, reload) = use_get(format!(
        "/access?filter[role][_eq]={}&fields=id,policy.id,policy.name&limit=-1",
        enc(&p.role)
    ));
    let (policies, reload_policies) = use_get("/policies?fields=id,name&sort=name&limit=-1".into());
    let chosen = use_state(String::new);
    let creating = use_state(|| false);
    let new_name = use_state(String::new);

    let rows = links
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let attached: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["policy"]["id"].as_str())
        .collect();
    let available: Vec<Value> = policies
        .data()
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter(|p| p["id"].as_str().is_some_and(|id| !attached.contains(&id)))
                .cloned()
                .collect()
        })
        .unwrap_or_default();

    let attach = {
        let (app, role, chosen, reload) =
            (app.clone(), p.role.clone(), chosen.clone(), reload.clone());
        Callback::from(move |_: MouseEvent| {
            if chosen.is_empty() {
                return;
            }
            let body = json!({ "role": role, "policy": *chosen });
            let (app2, chosen, reload) = (app.clone(), chosen.clone(), reload.clone());
            run(
                &app,
                async move { api::post("/access", &body).await },
                move |_| {
                    app2.ok(t("Policy attached"));
                    chosen.set(String::new());
                    reload.emit(());
                },
            );
        })
    };
    let detach = |access_id: String| {
        let (app, reload) = (app.clone(), reload.clone());
        Callback::from(move |_: MouseEvent| {
            let (app2, reload) = (app.clone(), reload.clone());
            let path = format!("/access/{}", enc(&access_id));
            run(
                &app,
                async move { api::delete(&path, None).await },
                move |_| {
                    app2.ok(t("Policy detached"));
                    reload.emit(());
                },
            );
        })
    };
    let create = {
        let (app, role, new_name, creating, reload, reload_policies) = (
            app.clone(),
            p.role.clone(),
            new_name.clone(),
            creating.clone(),
            reload.clone(),
            reload_policies.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (name, role) = (new_name.trim().to_string(), role.clone());
            let (app2, new_name, creating, reload, reload_policies) = (
                app.clone(),
                new_name.clone(),
                creating.clone(),
                reload.clone(),
                reload_policies.clone(),
            );
            run(
                &app,
                async move {
                    let policy =
                        api::post("/policies", &json!({ "name": name, "app_access": true }))
                            .await?;
                    api::post("/access", &json!({ "role": role, "policy": policy["id"] })).await
                },
                move |_| {
                    app2.ok(t("Policy created"));
                    new_name.set(String::new());
                    creating.set(false);
                    reload.emit(());
                    reload_policies.emit(());
                },
            );
        })
    };
    let close = {
        let c = creating.clone();
        Callback::from(move |_| c.set(false))
    };
    let footer = html! {<>
        <button type="button" class="secondary" onclick={close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="role-new-policy" class="primary" disabled={new_name.trim().is_empty()}>{ t("Create") }</button>
    </>};
    html! {
        <section class="access-section" aria-labelledby="role-policies">
            <header>
                <h2 id="role-policies">{ t("Policies") }</h2>
                <button class="secondary" onclick={{ let c = creating.clone(); Callback::from(move |_| c.set(true)) }}>
                    <Icon name="plus" />{ t("Create Policy") }
                </button>
            </header>
            { match &links {
                Load::Loading => html! { <Spinner /> },
                Load::Failed(e) => html! { <p class="form-error">{ e.message.clone() }</p> },
                Load::Ready(_) if rows.is_empty() => html! { <p class="muted">{ t("This role has no policies yet.") }</p> },
                Load::Ready(_) => html! {
                    <div class="related">
                        { for rows.iter().map(|r| {
                            let id = r["id"].as_str().map(str::to_string).unwrap_or_else(|| r["id"].to_string());
                            let name = display_of(&r["policy"]["name"]);
                            let policy = r["policy"]["id"].as_str().unwrap_or("").to_string();
                            html! {
                                <div class="row" key={id.clone()}>
                                    <Link<Route> to={Route::Policy { id: policy }} classes="access-link">
                                        <Icon name="shield" /><span>{ name.clone() }</span>
                                    </Link<Route>>
                                    <button class="icon-button" title={t("Detach")} aria-label={tf("Detach {name}", &[("name", &name)])} onclick={detach(id)}>
                                        <Icon name="x" />
                                    </button>
                                </div>
                            }
                        }) }
                    </div>
                },
            } }
            <div class="access-attach">
                <select name="policy" aria-label={t("Policy")} onchange={on_select({ let c = chosen.clone(); Callback::from(move |v| c.set(v)) })}>
                    <option value="" selected={chosen.is_empty()}>{ t("Choose an existing policy…") }</option>
                    { for available.iter().map(|pol| {
                        let pid = pol["id"].as_str().unwrap_or("").to_string();
                        html! { <option selected={*chosen == pid} value={pid.clone()}>{ display_of(&pol["name"]) }</option> }
                    }) }
                </select>
                <button class="secondary" disabled={chosen.is_empty()} onclick={attach}><Icon name="link" />{ t("Add Policy") }</button>
            </div>
            if *creating {
                <Modal title={t("Create Policy")} on_close={close.clone()} {footer}>
                    <form id="role-new-policy" onsubmit={create}>
                        { text_field("policy_name", t("Name"), "text", (*new_name).clone(), true,
                            { let s = new_name.clone(); Callback::from(move |v| s.set(v)) }) }
                    </form>
                </Modal>
            }
        </section>
    }
}

#[function_component]
pub fn RoleUsers(p: &RoleProps) -> Html {
    let (users, _) = use_get(format!(
        "/users?filter[role][_eq]={}&fields=id,email,first_name,last_name&sort=email&limit=-1",
        enc(&p.role)
    ));
    let rows = users
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    html! {
        <section class="access-section" aria-labelledby="role-users">
            <header><h2 id="role-users">{ t("Users in this Role") }</h2></header>
            { match &users {
                Load::Loading => html! { <Spinner /> },
                Load::Failed(e) => html! { <p class="form-error">{ e.message.clone() }</p> },
                Load::Ready(_) if rows.is_empty() => html! { <Empty icon="users" text={t("No users have this role.")} /> },
                Load::Ready(_) => html! {
                    <div class="related">
                        { for rows.iter().map(|u| {
                            let id = u["id"].as_str().unwrap_or("").to_string();
                            html! {
                                <Link<Route> to={Route::User { id: id.clone() }} classes="row access-link">
                                    <span class="user-cell">{ avatar(u, false) }<span>{ user_name(u) }</span></span>
                                    <span class="muted">{ u["email"].as_str().unwrap_or("") }</span>
                                </Link<Route>>
                            }
                        }) }
                    </div>
                },
            } }
        </section>
    }
}
