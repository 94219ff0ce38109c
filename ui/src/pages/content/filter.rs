//! The filter builder above a collection's table: rows of field, operator and value, combined
//! with `_and` into the Directus filter the list request sends.

use crate::components::{Icon, on_select, on_text, title_case};
use crate::i18n::t;
use serde_json::{Value, json};
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub field: String,
    pub op: String,
    pub value: String,
}

/// The operators offered for a field type, with their labels.
fn operators(kind: &str) -> Vec<(&'static str, &'static str)> {
    let mut ops = vec![("_eq", t("Equals")), ("_neq", t("Doesn't equal"))];
    match kind {
        "integer" | "bigInteger" | "float" | "decimal" | "dateTime" | "date" | "time"
        | "timestamp" => {
            ops.extend([
                ("_gt", t("Greater than")),
                ("_gte", t("Greater than or equal")),
                ("_lt", t("Less than")),
                ("_lte", t("Less than or equal")),
                ("_in", t("Is one of")),
            ]);
        }
        "boolean" => {}
        _ => ops.extend([
            ("_contains", t("Contains")),
            ("_ncontains", t("Doesn't contain")),
            ("_starts_with", t("Starts with")),
            ("_ends_with", t("Ends with")),
            ("_in", t("Is one of")),
            ("_empty", t("Is empty")),
            ("_nempty", t("Isn't empty")),
        ]),
    }
    ops.extend([("_null", t("Is null")), ("_nnull", t("Isn't null"))]);
    ops
}

/// Operators that take no value.
fn unary(op: &str) -> bool {
    matches!(op, "_null" | "_nnull" | "_empty" | "_nempty")
}

/// A typed filter value from the text the user typed.
fn typed(kind: &str, text: &str) -> Value {
    match kind {
        "integer" | "bigInteger" => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| text.into()),
        "float" | "decimal" => text
            .trim()
            .parse::<f64>()
            .map(Value::from)
            .unwrap_or_else(|_| text.into()),
        "boolean" => Value::Bool(text == "true"),
        _ => Value::from(text),
    }
}

/// The rules as one Directus filter (`None` when there are none).
pub fn to_filter(rules: &[Rule], kind_of: impl Fn(&str) -> String) -> Option<Value> {
    let parts: Vec<Value> = rules
        .iter()
        .filter(|r| !r.field.is_empty())
        .map(|r| {
            let kind = kind_of(&r.field);
            let value = if unary(&r.op) {
                Value::Bool(true)
            } else if r.op == "_in" {
                Value::Array(r.value.split(',').map(|v| typed(&kind, v.trim())).collect())
            } else {
                typed(&kind, &r.value)
            };
            json!({ r.field.clone(): { r.op.clone(): value } })
        })
        .collect();
    (!parts.is_empty()).then(|| json!({ "_and": parts }))
}

#[derive(Properties, PartialEq)]
pub struct FilterProps {
    /// (field name, type) of the filterable fields.
    pub fields: Vec<(String, String)>,
    pub rules: Vec<Rule>,
    pub on_change: Callback<Vec<Rule>>,
}

#[function_component]
pub fn FilterBuilder(props: &FilterProps) -> Html {
    let update = |i: usize, f: fn(&mut Rule, String)| {
        let (rules, cb) = (props.rules.clone(), props.on_change.clone());
        Callback::from(move |v: String| {
            let mut rules = rules.clone();
            if let Some(r) = rules.get_mut(i) {
                f(r, v);
            }
            cb.emit(rules);
        })
    };
    let add = {
        let (rules, cb, first) = (
            props.rules.clone(),
            props.on_change.clone(),
            props.fields.first().cloned(),
        );
        Callback::from(move |_: MouseEvent| {
            let mut rules = rules.clone();
            rules.push(Rule {
                field: first.as_ref().map(|f| f.0.clone()).unwrap_or_default(),
                op: "_eq".into(),
                value: String::new(),
            });
            cb.emit(rules);
        })
    };
    html! {
        <div class="filters" role="group" aria-label={t("Filters")}>
            { for props.rules.iter().enumerate().map(|(i, rule)| {
                let kind = props.fields.iter().find(|f| f.0 == rule.field).map(|f| f.1.clone()).unwrap_or_default();
                let remove = {
                    let (rules, cb) = (props.rules.clone(), props.on_change.clone());
                    Callback::from(move |_: MouseEvent| {
                        let mut rules = rules.clone();
                        rules.remove(i);
                        cb.emit(rules);
                    })
                };
                html! {
                    <div class="filter-row">
                        <select name="filter_field" aria-label={t("Field")} onchange={on_select(update(i, |r, v| r.field = v))}>
                            { for props.fields.iter().map(|(f, _)| html! {
                                <option value={f.clone()} selected={*f == rule.field}>{ title_case(f) }</option>
                            }) }
                        </select>
                        <select name="filter_operator" aria-label={t("Operator")} onchange={on_select(update(i, |r, v| r.op = v))}>
                            { for operators(&kind).into_iter().map(|(op, label)| html! {
                                <option value={op} selected={op == rule.op}>{ label }</option>
                            }) }
                        </select>
                        if unary(&rule.op) {
                            <span></span>
                        } else if kind == "boolean" {
                            <select name="filter_value" aria-label={t("Value")} onchange={on_select(update(i, |r, v| r.value = v))}>
                                <option value="" selected={rule.value.is_empty()}>{ "—" }</option>
                                <option value="true" selected={rule.value == "true"}>{ t("True") }</option>
                                <option value="false" selected={rule.value == "false"}>{ t("False") }</option>
                            </select>
                        } else {
                            <input name="filter_value" aria-label={t("Value")} value={rule.value.clone()}
                                placeholder={if rule.op == "_in" { t("Values, separated by commas") } else { t("Value") }}
                                oninput={on_text(update(i, |r, v| r.value = v))} />
                        }
                        <button class="icon-button" onclick={remove} aria-label={t("Remove filter")} title={t("Remove filter")}><Icon name="x" /></button>
                    </div>
                }
            }) }
            <div><button class="secondary" onclick={add}><Icon name="plus" />{ t("Add Filter") }</button></div>
        </div>
    }
}
