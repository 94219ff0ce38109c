//! Text-like editors: input (text and numbers), textarea, markdown with a safe preview, code/JSON,
//! toggle and date/time.

use super::FieldProps;
use crate::components::{event_checked, event_value};
use crate::i18n::t;
use serde_json::Value;
use wasm_bindgen::JsValue;
use yew::prelude::*;

fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The value an input's text stands for, by the field's type (empty → null).
fn parse(kind: &str, text: String) -> Value {
    if text.is_empty() {
        return Value::Null;
    }
    match kind {
        "integer" | "bigInteger" => text
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::String(text)),
        "float" | "decimal" => text
            .parse::<f64>()
            .map(Value::from)
            .unwrap_or(Value::String(text)),
        _ => Value::String(text),
    }
}

#[function_component]
pub fn Input(p: &FieldProps) -> Html {
    let kind = p.kind().to_string();
    let (input_type, step) = match kind.as_str() {
        "integer" | "bigInteger" => ("number", "1"),
        "float" | "decimal" => ("number", "any"),
        _ => ("text", ""),
    };
    let on_change = p.on_change.clone();
    let oninput =
        Callback::from(move |e: InputEvent| on_change.emit(parse(&kind, event_value(&e))));
    html! {
        <input id={p.name()} name={p.name()} type={input_type} step={(!step.is_empty()).then_some(step)}
            placeholder={p.option("placeholder").as_str().unwrap_or("").to_string()}
            value={text_of(&p.value)} disabled={p.disabled} {oninput} />
    }
}

#[function_component]
pub fn TextArea(p: &FieldProps) -> Html {
    let on_change = p.on_change.clone();
    html! {
        <textarea id={p.name()} name={p.name()} value={text_of(&p.value)} disabled={p.disabled}
            placeholder={p.option("placeholder").as_str().unwrap_or("").to_string()}
            oninput={Callback::from(move |e: InputEvent| on_change.emit(parse("text", event_value(&e))))} />
    }
}

/// Markdown: the source in a textarea, or a preview built from elements (never raw HTML, so
/// content cannot inject scripts into the studio).
#[function_component]
pub fn Markdown(p: &FieldProps) -> Html {
    let preview = use_state(|| false);
    let toggle = {
        let preview = preview.clone();
        Callback::from(move |_: MouseEvent| preview.set(!*preview))
    };
    html! {
        <div class="markdown">
            <div class="toolbar">
                <button type="button" class="secondary" onclick={toggle} aria-pressed={preview.to_string()}>
                    { if *preview { t("Edit") } else { t("Preview") } }
                </button>
            </div>
            if *preview {
                <div class="md-preview">{ render_markdown(&text_of(&p.value)) }</div>
            } else {
                <TextArea ..p.clone() />
            }
        </div>
    }
}

/// Headings, paragraphs, lists, bold, italics and inline code.
pub fn render_markdown(src: &str) -> Html {
    let mut blocks = Vec::new();
    let mut list: Vec<Html> = Vec::new();
    let flush = |list: &mut Vec<Html>, blocks: &mut Vec<Html>| {
        if !list.is_empty() {
            blocks.push(html! { <ul>{ for list.drain(..) }</ul> });
        }
    };
    for line in src.lines() {
        let line = line.trim_end();
        if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            list.push(html! { <li>{ inline(item) }</li> });
            continue;
        }
        flush(&mut list, &mut blocks);
        let level = line.chars().take_while(|c| *c == '#').count();
        if (1..=3).contains(&level) && line[level..].starts_with(' ') {
            let text = inline(line[level + 1..].trim());
            blocks.push(match level {
                1 => html! { <h1>{ text }</h1> },
                2 => html! { <h2>{ text }</h2> },
                _ => html! { <h3>{ text }</h3> },
            });
        } else if !line.is_empty() {
            blocks.push(html! { <p>{ inline(line) }</p> });
        }
    }
    flush(&mut list, &mut blocks);
    html! { <>{ for blocks }</> }
}

fn inline(text: &str) -> Html {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        // At the same place `**` wins over `*`.
        let next = ["**", "*", "`"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min_by_key(|(i, m)| (*i, std::cmp::Reverse(m.len())));
        let Some((start, mark)) = next else {
            out.push(html! { rest });
            break;
        };
        let after = &rest[start + mark.len()..];
        let Some(end) = after.find(mark) else {
            out.push(html! { rest });
            break;
        };
        out.push(html! { &rest[..start] });
        let inner = after[..end].to_string();
        out.push(match mark {
            "**" => html! { <strong>{ inner }</strong> },
            "*" => html! { <em>{ inner }</em> },
            _ => html! { <code>{ inner }</code> },
        });
        rest = &after[end + mark.len()..];
    }
    html! { <>{ for out }</> }
}

/// Code and JSON: JSON fields keep the text while it does not parse, and say so.
#[function_component]
pub fn Code(p: &FieldProps) -> Html {
    let json = p.kind() == "json";
    let initial = if json && !p.value.is_null() && !p.value.is_string() {
        serde_json::to_string_pretty(&p.value).unwrap_or_default()
    } else {
        text_of(&p.value)
    };
    let text = use_state(|| initial);
    let invalid = use_state(|| false);
    let oninput = {
        let (text, invalid, on_change) = (text.clone(), invalid.clone(), p.on_change.clone());
        Callback::from(move |e: InputEvent| {
            let v = event_value(&e);
            if !json {
                on_change.emit(parse("text", v.clone()));
            } else if v.trim().is_empty() {
                invalid.set(false);
                on_change.emit(Value::Null);
            } else {
                match serde_json::from_str::<Value>(&v) {
                    Ok(parsed) => {
                        invalid.set(false);
                        on_change.emit(parsed);
                    }
                    Err(_) => invalid.set(true),
                }
            }
            text.set(v);
        })
    };
    html! {<>
        <textarea class="code" id={p.name()} name={p.name()} value={(*text).clone()} disabled={p.disabled} spellcheck="false" {oninput} />
        if *invalid { <span class="error">{ t("Not valid JSON yet") }</span> }
    </>}
}

#[function_component]
pub fn Toggle(p: &FieldProps) -> Html {
    let on_change = p.on_change.clone();
    let label = p
        .option("label")
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| t("Enabled").to_string());
    html! {
        <label class="inline toggle">
            <input type="checkbox" id={p.name()} name={p.name()} checked={p.value == Value::Bool(true)} disabled={p.disabled}
                onchange={Callback::from(move |e: Event| on_change.emit(Value::Bool(event_checked(&e))))} />
            { label }
        </label>
    }
}

/// Dates and times with the browser's pickers. `timestamp` values are UTC instants, shown and
/// entered in local time; `dateTime` values have no zone and are kept as written.
#[function_component]
pub fn DateTime(p: &FieldProps) -> Html {
    let kind = p.kind().to_string();
    let raw = text_of(&p.value);
    let (input_type, shown) = match kind.as_str() {
        "date" => ("date", raw.get(..10).unwrap_or(&raw).to_string()),
        "time" => ("time", raw.clone()),
        "timestamp" if !raw.is_empty() => ("datetime-local", local_of(&raw)),
        _ => ("datetime-local", raw.get(..16).unwrap_or(&raw).to_string()),
    };
    let on_change = p.on_change.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let v = event_value(&e);
        on_change.emit(match (kind.as_str(), v.is_empty()) {
            (_, true) => Value::Null,
            ("timestamp", _) => Value::String(String::from(
                js_sys::Date::new(&JsValue::from_str(&v)).to_iso_string(),
            )),
            ("dateTime", _) if v.len() == 16 => Value::String(format!("{v}:00")),
            _ => Value::String(v),
        })
    });
    html! { <input id={p.name()} name={p.name()} type={input_type} value={shown} disabled={p.disabled} {oninput} /> }
}

/// An ISO instant as `YYYY-MM-DDTHH:MM` in the browser's zone.
fn local_of(iso: &str) -> String {
    let d = js_sys::Date::new(&JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}
