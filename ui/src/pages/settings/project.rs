//! Settings → Project: the project's name, colour, descriptor, URL and logo, and the default
//! language and appearance, read from and saved to `/settings`.

use super::model_common::labelled;
use crate::api;
use crate::components::{Empty, Icon, Page, Spinner, on_select, on_text};
use crate::i18n::{Lang, t};
use crate::state::{Load, run, use_app, use_get};
use serde_json::{Value, json};
use yew::prelude::*;

/// Directus's default project colour, used while none is set.
const DEFAULT_COLOR: &str = "#6644FF";

#[function_component]
pub fn Project() -> Html {
    let (load, reload) = use_get("/settings".into());
    let body = match &load {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(e) => html! { <Empty icon="lock" text={e.message.clone()} /> },
        Load::Ready(_) => {
            let settings = load.data().cloned().unwrap_or(Value::Null);
            html! { <ProjectForm {settings} on_saved={reload} /> }
        }
    };
    html! {
        <Page title={t("Project Settings")} subtitle={t("Settings")}>{ body }</Page>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    settings: Value,
    on_saved: Callback<()>,
}

/// The settings as the form edits them.
#[derive(Clone, PartialEq)]
struct Draft {
    name: String,
    color: String,
    descriptor: String,
    url: String,
    logo: String,
    language: String,
    appearance: String,
}

impl Draft {
    fn of(s: &Value) -> Draft {
        let text = |key: &str, default: &str| s[key].as_str().unwrap_or(default).to_string();
        Draft {
            name: text("project_name", ""),
            color: text("project_color", DEFAULT_COLOR),
            descriptor: text("project_descriptor", ""),
            url: text("project_url", ""),
            logo: text("project_logo", ""),
            language: text("default_language", "en-US"),
            appearance: text("default_appearance", "auto"),
        }
    }

    fn body(&self) -> Value {
        let nullable = |s: &str| {
            if s.trim().is_empty() {
                Value::Null
            } else {
                Value::from(s.trim())
            }
        };
        json!({
            "project_name": self.name.trim(),
            "project_color": self.color,
            "project_descriptor": nullable(&self.descriptor),
            "project_url": nullable(&self.url),
            "project_logo": nullable(&self.logo),
            "default_language": self.language,
            "default_appearance": self.appearance,
        })
    }
}

fn edit(draft: &UseStateHandle<Draft>, set: fn(&mut Draft, String)) -> Callback<String> {
    let draft = draft.clone();
    Callback::from(move |v: String| {
        let mut next = (*draft).clone();
        set(&mut next, v);
        draft.set(next);
    })
}

#[function_component]
fn ProjectForm(p: &FormProps) -> Html {
    let app = use_app();
    let draft = use_state(|| Draft::of(&p.settings));
    let saved = use_state(|| Draft::of(&p.settings));
    let busy = use_state(|| false);
    let (images, _) = use_get(
        "/files?filter[type][_starts_with]=image&fields=id,title&sort=title&limit=-1".into(),
    );
    let images = images
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let d = (*draft).clone();
    let dirty = d != *saved;

    let submit = {
        let (app, draft, saved, busy, on_saved) = (
            app.clone(),
            draft.clone(),
            saved.clone(),
            busy.clone(),
            p.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let body = draft.body();
            let (app2, saved, next, on_saved, done) = (
                app.clone(),
                saved.clone(),
                (*draft).clone(),
                on_saved.clone(),
                busy.clone(),
            );
            let fut = async move {
                let res = api::patch("/settings", &body).await;
                done.set(false);
                res
            };
            run(&app, fut, move |_| {
                saved.set(next);
                app2.ok(t("Settings saved"));
                app2.reload_session.emit(());
                on_saved.emit(());
            });
        })
    };
    let select = |id: &'static str,
                  value: &str,
                  options: &[(&'static str, &'static str)],
                  on: Callback<String>| {
        html! {
            <select id={id} name={id} onchange={on_select(on)}>
                { for options.iter().map(|(v, label)| html! { <option value={*v} selected={value == *v}>{ *label }</option> }) }
            </select>
        }
    };
    let logo_known = d.logo.is_empty() || images.iter().any(|f| f["id"] == d.logo.as_str());
    html! {
        <form class="form model-project" onsubmit={submit}>
            <h2 class="model-heading full">{ t("Branding") }</h2>
            { labelled("project_name", t("Project Name"), false, None, html! {
                <input id="project_name" name="project_name" value={d.name.clone()} required=true
                    oninput={on_text(edit(&draft, |d, v| d.name = v))} />
            }) }
            { labelled("project_color", t("Project Color"), false, Some(t("The accent of the logo tile and the login page.")), html! {
                <span class="color-field">
                    <input id="project_color" name="project_color" type="color" value={d.color.to_lowercase()}
                        oninput={on_text(edit(&draft, |d, v| d.color = v.to_uppercase()))} />
                    <code>{ d.color.clone() }</code>
                </span>
            }) }
            { labelled("project_descriptor", t("Project Descriptor"), false, Some(t("A short line under the project name.")), html! {
                <input id="project_descriptor" name="project_descriptor" value={d.descriptor.clone()}
                    oninput={on_text(edit(&draft, |d, v| d.descriptor = v))} />
            }) }
            { labelled("project_url", t("Project URL"), false, Some(t("The address of the website this project feeds.")), html! {
                <input id="project_url" name="project_url" type="url" placeholder="https://example.com" value={d.url.clone()}
                    oninput={on_text(edit(&draft, |d, v| d.url = v))} />
            }) }
            { labelled("project_logo", t("Project Logo"), true, Some(t("An image from the file library, shown in the navigation.")), html! {
                <div class="model-logo">
                    <select id="project_logo" name="project_logo" onchange={on_select(edit(&draft, |d, v| d.logo = v))}>
                        <option value="" selected={d.logo.is_empty()}>{ t("No logo") }</option>
                        if !logo_known { <option value={d.logo.clone()} selected=true>{ d.logo.clone() }</option> }
                        { for images.iter().map(|f| {
                            let id = f["id"].as_str().unwrap_or("").to_string();
                            let title = f["title"].as_str().filter(|s| !s.is_empty()).unwrap_or(&id).to_string();
                            html! { <option value={id.clone()} selected={d.logo == id}>{ title }</option> }
                        }) }
                    </select>
                    <span class="model-logo-preview" style={format!("background: {}", d.color)}>
                        if d.logo.is_empty() {
                            <Icon name="image" />
                        } else {
                            <img src={format!("/assets/{}?key=system-small-contain", api::enc(&d.logo))} alt={t("Logo preview")} />
                        }
                    </span>
                </div>
            }) }
            <h2 class="model-heading full">{ t("Defaults") }</h2>
            { labelled("default_language", t("Default Language"), false, Some(t("For users who have not chosen one.")),
                select("default_language", &d.language, &Lang::ALL.map(|l| (l.code(), l.name())),
                    edit(&draft, |d, v| d.language = v))) }
            { labelled("default_appearance", t("Default Appearance"), false, None,
                select("default_appearance", &d.appearance, &[("auto", t("Automatic (system)")), ("light", t("Light")), ("dark", t("Dark"))],
                    edit(&draft, |d, v| d.appearance = v))) }
            <div class="field full">
                <span class="label" id="studio-languages">{ t("Studio Languages") }</span>
                <ul class="model-languages" aria-labelledby="studio-languages">
                    { for Lang::ALL.iter().map(|l| html! { <li class="badge">{ l.name() }</li> }) }
                </ul>
                <span class="note">{ t("The studio ships in these languages; each user picks one in the module bar.") }</span>
            </div>
            <div class="field full model-submit">
                if dirty { <span class="badge">{ t("Unsaved changes") }</span> }
                <button type="submit" class="primary" disabled={*busy || d.name.trim().is_empty()}>
                    <Icon name="check" />{ t("Save") }
                </button>
            </div>
        </form>
    }
}
