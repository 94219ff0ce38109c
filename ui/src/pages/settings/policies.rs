//! Access policies: the list, creating a policy, and a policy's page with its settings (admin
//! and app access, two-factor enforcement, allowed IP ranges) and its permission matrix.

use super::access_common::{display_name, display_of, text_field};
use super::access_matrix::Matrix;
use crate::api::{self, ApiError, enc};
use crate::components::{Confirm, Empty, Icon, Modal, Page, Spinner, on_check};
use crate::i18n::t;
use crate::route::Route;
use crate::state::{Load, run, use_app, use_get};
use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component]
pub fn Policies() -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let creating = use_state(|| false);
    let name = use_state(String::new);
    let (load, _) = use_get(
        "/policies?fields=id,name,description,admin_access,app_access&sort=name&limit=-1".into(),
    );
    let rows = load
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let create = {
        let (app, navigator, name) = (app.clone(), navigator.clone(), name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = json!({ "name": name.trim() });
            let (app2, navigator) = (app.clone(), navigator.clone());
            run(
                &app,
                async move { api::post("/policies", &body).await },
                move |policy| {
                    app2.ok(t("Policy created"));
                    if let (Some(n), Some(id)) = (&navigator, policy["id"].as_str()) {
                        n.push(&Route::Policy { id: id.to_string() });
                    }
                },
            );
        })
    };
    let close = {
        let c = creating.clone();
        Callback::from(move |_| c.set(false))
    };
    let actions = html! {
        <button class="primary" onclick={{ let c = creating.clone(); Callback::from(move |_| c.set(true)) }}>
            <Icon name="plus" />{ t("Create Policy") }
        </button>
    };
    let footer = html! {<>
        <button type="button" class="secondary" onclick={close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="create-policy" class="primary" disabled={name.trim().is_empty()}>{ t("Create") }</button>
    </>};
    let row = |policy: &Value| {
        let id = policy["id"].as_str().unwrap_or("").to_string();
        let open = {
            let (navigator, id) = (navigator.clone(), id.clone());
            Callback::from(move |_: ()| {
                if let Some(n) = &navigator {
                    n.push(&Route::Policy { id: id.clone() });
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
                <td><span class="user-cell"><Icon name="shield" /><strong>{ display_of(&policy["name"]) }</strong></span></td>
                <td class="muted">{ display_of(&policy["description"]) }</td>
                <td>
                    if policy["admin_access"] == true { <span class="badge primary">{ t("Admin Access") }</span> }
                    else if policy["app_access"] == true { <span class="badge">{ t("App Access") }</span> }
                </td>
            </tr>
        }
    };
    html! {
        <Page title={t("Access Policies")} subtitle={t("Settings")} {actions}>
            { match &load {
                Load::Loading => html! { <Spinner /> },
                Load::Failed(e) => html! { <Empty icon="lock" text={e.message.clone()} /> },
                Load::Ready(_) if rows.is_empty() => html! { <Empty icon="shield" text={t("No policies")} /> },
                Load::Ready(_) => html! {
                    <div class="table-wrap">
                        <table>
                            <thead><tr><th>{ t("Name") }</th><th>{ t("Description") }</th><th>{ t("Access") }</th></tr></thead>
                            <tbody>{ for rows.iter().map(row) }</tbody>
                        </table>
                    </div>
                },
            } }
            if *creating {
                <Modal title={t("Create Policy")} on_close={close.clone()} {footer}>
                    <form id="create-policy" onsubmit={create}>
                        { text_field("name", t("Name"), "text", (*name).clone(), true,
                            { let s = name.clone(); Callback::from(move |v| s.set(v)) }) }
                    </form>
                </Modal>
            }
        </Page>
    }
}

#[derive(Properties, PartialEq)]
pub struct PolicyPageProps {
    pub id: String,
}

#[function_component]
pub fn PolicyPage(p: &PolicyPageProps) -> Html {
    if p.id == "+" {
        // The "new policy" address leads to the list, whose dialog creates one.
        return html! { <Redirect<Route> to={Route::Policies} /> };
    }
    html! { <PolicyEditor key={p.id.clone()} id={p.id.clone()} /> }
}

/// The policy's editable settings; `ip_access` is edited as comma-separated text.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    name: String,
    icon: String,
    description: String,
    admin_access: bool,
    app_access: bool,
    enforce_tfa: bool,
    ip_access: String,
}

impl Draft {
    fn of(v: &Value) -> Draft {
        let ip = match &v["ip_access"] {
            Value::Array(list) => list
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            Value::String(s) => s.clone(),
            _ => String::new(),
        };
        Draft {
            name: v["name"].as_str().unwrap_or("").to_string(),
            icon: v["icon"].as_str().unwrap_or("").to_string(),
            description: v["description"].as_str().unwrap_or("").to_string(),
            admin_access: v["admin_access"] == true,
            app_access: v["app_access"] == true,
            enforce_tfa: v["enforce_tfa"] == true,
            ip_access: ip,
        }
    }

    fn body(&self) -> Value {
        let ips: Vec<&str> = self
            .ip_access
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        json!({
            "name": self.name.trim(),
            "icon": if self.icon.trim().is_empty() { Value::Null } else { json!(self.icon.trim()) },
            "description": self.description,
            "admin_access": self.admin_access,
            "app_access": self.app_access,
            "enforce_tfa": self.enforce_tfa,
            "ip_access": if ips.is_empty() { Value::Null } else { json!(ips) },
        })
    }
}

#[function_component]
fn PolicyEditor(p: &PolicyPageProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let loaded = use_state(|| None::<Result<Value, ApiError>>);
    let draft = use_state(Draft::default);
    let confirm = use_state(|| false);
    {
        let (loaded, draft) = (loaded.clone(), draft.clone());
        let path = format!(
            "/policies/{}?fields=id,name,icon,description,admin_access,app_access,enforce_tfa,ip_access",
            enc(&p.id)
        );
        use_effect_with(path, move |path| {
            let path = path.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let res = api::get(&path).await;
                if let Ok(v) = &res {
                    draft.set(Draft::of(v));
                }
                loaded.set(Some(res));
            });
        });
    }
    let original = match &*loaded {
        Some(Ok(v)) => Draft::of(v),
        Some(Err(e)) => {
            return html! { <Page title={t("Policy")}><Empty icon="lock" text={e.message.clone()} /></Page> };
        }
        None => return html! { <Page title={t("Policy")}><Spinner /></Page> },
    };
    let edit = |apply: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            apply(&mut next, v);
            draft.set(next);
        })
    };
    let toggle = |apply: fn(&mut Draft, bool)| {
        let draft = draft.clone();
        on_check(Callback::from(move |on: bool| {
            let mut next = (*draft).clone();
            apply(&mut next, on);
            draft.set(next);
        }))
    };
    let save = {
        let (app, id, draft, loaded) = (app.clone(), p.id.clone(), draft.clone(), loaded.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = draft.body();
            let (app2, loaded, draft) = (app.clone(), loaded.clone(), draft.clone());
            let path = format!("/policies/{}", enc(&id));
            run(
                &app,
                async move { api::patch(&path, &body).await },
                move |saved| {
                    app2.ok(t("Policy saved"));
                    draft.set(Draft::of(&saved));
                    loaded.set(Some(Ok(saved)));
                },
            );
        })
    };
    let delete = {
        let (app, navigator, id) = (app.clone(), navigator.clone(), p.id.clone());
        Callback::from(move |_| {
            let (app2, navigator) = (app.clone(), navigator.clone());
            let path = format!("/policies/{}", enc(&id));
            run(
                &app,
                async move { api::delete(&path, None).await },
                move |_| {
                    app2.ok(t("Policy deleted"));
                    if let Some(n) = &navigator {
                        n.push(&Route::Policies);
                    }
                },
            );
        })
    };
    let actions = html! {<>
        <button class="danger" onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(true)) }}>
            <Icon name="trash" />{ t("Delete") }
        </button>
        <button class="primary" type="submit" form="policy-form" disabled={*draft == original || draft.name.trim().is_empty()}>
            <Icon name="check" />{ t("Save") }
        </button>
    </>};
    let check = |name: &'static str,
                 label: &'static str,
                 note: &'static str,
                 on: bool,
                 apply: fn(&mut Draft, bool)| {
        html! {
            <div class="field">
                <label class="inline"><input type="checkbox" {name} checked={on} onchange={toggle(apply)} />{ label }</label>
                <span class="note">{ note }</span>
            </div>
        }
    };
    html! {
        <Page title={display_name(&original.name)} subtitle={t("Access Policies")} {actions}>
            <form id="policy-form" class="form" onsubmit={save}>
                { text_field("name", t("Name"), "text", draft.name.clone(), false, edit(|d, v| d.name = v)) }
                { text_field("icon", t("Icon"), "text", draft.icon.clone(), false, edit(|d, v| d.icon = v)) }
                { text_field("description", t("Description"), "text", draft.description.clone(), true, edit(|d, v| d.description = v)) }
                { check("admin_access", t("Admin Access"), t("Full, unrestricted access to the project."), draft.admin_access, |d, on| d.admin_access = on) }
                { check("app_access", t("App Access"), t("Allows signing in to the studio."), draft.app_access, |d, on| d.app_access = on) }
                { check("enforce_tfa", t("Require Two-Factor Authentication"), t("Users must set up two-factor authentication."), draft.enforce_tfa, |d, on| d.enforce_tfa = on) }
                <div class="field">
                    <label class="label" for="f-ip_access">{ t("IP Access") }</label>
                    <input id="f-ip_access" name="ip_access" value={draft.ip_access.clone()} placeholder="10.0.0.0/8, 192.168.1.20"
                        oninput={crate::components::on_text(edit(|d, v| d.ip_access = v))} />
                    <span class="note">{ t("Comma-separated IP addresses or ranges allowed to use this policy; empty allows all.") }</span>
                </div>
            </form>
            <section class="access-section" aria-labelledby="policy-permissions">
                <header><h2 id="policy-permissions">{ t("Permissions") }</h2></header>
                if original.admin_access {
                    <p class="note-box">{ t("This policy has admin access: it can do everything, whatever the permissions below say.") }</p>
                }
                <Matrix policy={p.id.clone()} />
            </section>
            if *confirm {
                <Confirm text={t("Delete this policy? Roles and users that hold it lose its permissions.")}
                    on_confirm={delete} on_cancel={{ let c = confirm.clone(); Callback::from(move |_| c.set(false)) }} />
            }
        </Page>
    }
}
