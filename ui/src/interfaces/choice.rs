//! Choosing editors: dropdown, radio buttons, checkboxes, tags, colour and slider. Choices come
//! from `meta.options.choices` (`[{text, value}]`).

use super::FieldProps;
use crate::components::{Icon, event_checked, event_value};
use crate::i18n::t;
use serde_json::Value;
use yew::prelude::*;

/// (value, label) pairs of the field's choices.
fn choices(p: &FieldProps) -> Vec<(Value, String)> {
    p.option("choices")
        .as_array()
        .map(|list| {
            list.iter()
                .map(|c| {
                    let value = if c.is_object() {
                        c["value"].clone()
                    } else {
                        c.clone()
                    };
                    let text = c["text"]
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| plain(&value));
                    (value, text)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The choice whose value's text is `text` (numbers stay numbers).
fn choice_value(choices: &[(Value, String)], text: &str) -> Value {
    choices
        .iter()
        .map(|(v, _)| v)
        .find(|v| plain(v) == text)
        .cloned()
        .unwrap_or_else(|| {
            if text.is_empty() {
                Value::Null
            } else {
                Value::from(text)
            }
        })
}

/// A list value: an array, or a comma-separated string (csv fields).
fn list_of(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::String(s) if !s.is_empty() => s.split(',').map(|x| Value::from(x.trim())).collect(),
        _ => Vec::new(),
    }
}

#[function_component]
pub fn Dropdown(p: &FieldProps) -> Html {
    let list = choices(p);
    let current = plain(&p.value);
    let on_change = {
        let (cb, list) = (p.on_change.clone(), list.clone());
        Callback::from(move |e: Event| cb.emit(choice_value(&list, &event_value(&e))))
    };
    html! {
        <select id={p.name()} name={p.name()} disabled={p.disabled} onchange={on_change}>
            <option value="" selected={current.is_empty()}>{ t("Select an option") }</option>
            { for list.iter().map(|(v, text)| html! {
                <option value={plain(v)} selected={plain(v) == current}>{ text.clone() }</option>
            }) }
        </select>
    }
}

#[function_component]
pub fn Radio(p: &FieldProps) -> Html {
    let current = plain(&p.value);
    html! {
        <div class="choices" role="radiogroup" aria-label={p.name()}>
            { for choices(p).into_iter().map(|(v, text)| {
                let cb = p.on_change.clone();
                let value = v.clone();
                html! {
                    <label class="inline">
                        <input type="radio" name={p.name()} value={plain(&v)} checked={plain(&v) == current} disabled={p.disabled}
                            onchange={Callback::from(move |_: Event| cb.emit(value.clone()))} />
                        { text }
                    </label>
                }
            }) }
        </div>
    }
}

#[function_component]
pub fn Checkboxes(p: &FieldProps) -> Html {
    let selected = list_of(&p.value);
    html! {
        <div class="choices" role="group" aria-label={p.name()}>
            { for choices(p).into_iter().map(|(v, text)| {
                let (cb, selected, value) = (p.on_change.clone(), selected.clone(), v.clone());
                let on = selected.contains(&v);
                html! {
                    <label class="inline">
                        <input type="checkbox" name={p.name()} value={plain(&v)} checked={on} disabled={p.disabled}
                            onchange={Callback::from(move |e: Event| {
                                let mut next: Vec<Value> = selected.iter().filter(|x| **x != value).cloned().collect();
                                if event_checked(&e) { next.push(value.clone()); }
                                cb.emit(Value::Array(next));
                            })} />
                        { text }
                    </label>
                }
            }) }
        </div>
    }
}

/// Free-form tags: Enter or a comma adds one, Backspace in the empty input removes the last.
#[function_component]
pub fn Tags(p: &FieldProps) -> Html {
    let draft = use_state(String::new);
    let tags = list_of(&p.value);
    let emit = {
        let cb = p.on_change.clone();
        move |list: Vec<Value>| {
            cb.emit(if list.is_empty() {
                Value::Null
            } else {
                Value::Array(list)
            })
        }
    };
    let onkeydown = {
        let (draft, tags, emit) = (draft.clone(), tags.clone(), emit.clone());
        Callback::from(move |e: KeyboardEvent| {
            let text = draft.trim().trim_end_matches(',').to_string();
            if (e.key() == "Enter" || e.key() == ",") && !text.is_empty() {
                e.prevent_default();
                let mut next = tags.clone();
                if !next.contains(&Value::from(text.as_str())) {
                    next.push(Value::from(text));
                }
                emit(next);
                draft.set(String::new());
            } else if e.key() == "Backspace" && draft.is_empty() && !tags.is_empty() {
                emit(tags[..tags.len() - 1].to_vec());
            }
        })
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(event_value(&e)))
    };
    html! {
        <div class="tags">
            { for tags.iter().enumerate().map(|(i, tag)| {
                let (tags, emit) = (tags.clone(), emit.clone());
                let remove = Callback::from(move |_: MouseEvent| {
                    let mut next = tags.clone();
                    next.remove(i);
                    emit(next);
                });
                html! {
                    <span class="tag">{ plain(tag) }
                        if !p.disabled {
                            <button type="button" onclick={remove} aria-label={format!("{} {}", t("Remove"), plain(tag))}><Icon name="x" size={12} /></button>
                        }
                    </span>
                }
            }) }
            if !p.disabled {
                <input id={p.name()} name={p.name()} placeholder={t("Add a tag and press Enter")} value={(*draft).clone()} {oninput} {onkeydown} />
            }
        </div>
    }
}

#[function_component]
pub fn Color(p: &FieldProps) -> Html {
    let current = plain(&p.value);
    let cb = p.on_change.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let v = event_value(&e);
        cb.emit(if v.is_empty() {
            Value::Null
        } else {
            Value::from(v)
        })
    });
    html! {
        <div class="color-field">
            <input type="color" aria-label={p.name()} value={if current.is_empty() { "#000000".to_string() } else { current.clone() }}
                disabled={p.disabled} oninput={oninput.clone()} />
            <input id={p.name()} name={p.name()} value={current} placeholder="#6644ff" disabled={p.disabled} {oninput} />
        </div>
    }
}

#[function_component]
pub fn Slider(p: &FieldProps) -> Html {
    let num = |k: &str, d: f64| p.option(k).as_f64().unwrap_or(d);
    let (min, max, step) = (
        num("minValue", 0.0),
        num("maxValue", 100.0),
        num("stepInterval", 1.0),
    );
    let integer = matches!(p.kind(), "integer" | "bigInteger");
    let cb = p.on_change.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let v: f64 = event_value(&e).parse().unwrap_or(min);
        cb.emit(if integer {
            Value::from(v.round() as i64)
        } else {
            Value::from(v)
        })
    });
    let shown = p.value.as_f64().map(|v| v.to_string()).unwrap_or_default();
    html! {
        <div class="slider-field">
            <input type="range" id={p.name()} name={p.name()} min={min.to_string()} max={max.to_string()} step={step.to_string()}
                value={if shown.is_empty() { min.to_string() } else { shown.clone() }} disabled={p.disabled} {oninput} />
            <output for={p.name()}>{ shown }</output>
        </div>
    }
}
