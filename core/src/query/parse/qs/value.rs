//! JavaScript-like values for the `qs` port: sparse arrays, objects that enumerate keys in JS
//! order, "overflow" objects (arrays that passed `arrayLimit`), and qs's `utils.merge`,
//! `utils.combine` and `utils.compact` over them.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// A parsed value: a string leaf, an array (possibly sparse), or an object.
#[derive(Debug, Clone)]
pub(super) enum Js {
    Str(String),
    Arr(Arr),
    Obj(Obj),
}

impl Js {
    /// `typeof v === 'object'` (arrays included).
    fn is_object(&self) -> bool {
        !matches!(self, Js::Str(_))
    }

    /// The max index when this is an object qs created from an overflowing array.
    pub(super) fn overflow(&self) -> Option<f64> {
        match self {
            Js::Obj(o) => o.overflow,
            _ => None,
        }
    }

    /// `serde_json` value; holes are skipped (they are gone after `compact`).
    pub(super) fn into_json(self) -> Value {
        match self {
            Js::Str(s) => Value::String(s),
            Js::Arr(a) => Value::Array(a.items.into_values().map(Js::into_json).collect()),
            Js::Obj(o) => Value::Object(
                o.into_entries()
                    .into_iter()
                    .map(|(k, v)| (k, v.into_json()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

/// A JS array: `len` counts holes; only present elements are stored.
#[derive(Debug, Clone, Default)]
pub(super) struct Arr {
    len: usize,
    items: BTreeMap<usize, Js>,
}

impl Arr {
    pub(super) fn push(&mut self, v: Js) {
        self.items.insert(self.len, v);
        self.len += 1;
    }

    /// `arr[i] = v`.
    pub(super) fn set(&mut self, i: usize, v: Js) {
        self.items.insert(i, v);
        self.len = self.len.max(i + 1);
    }

    /// `[].concat(...)` semantics for one argument: arrays are spread (holes kept).
    fn concat(&mut self, v: Js) {
        match v {
            Js::Arr(a) => {
                for (i, item) in a.items {
                    self.items.insert(self.len + i, item);
                }
                self.len += a.len;
            }
            other => self.push(other),
        }
    }

    /// `utils.arrayToObject`: present elements keyed by index.
    fn into_object(self) -> Obj {
        let mut o = Obj::default();
        for (i, v) in self.items {
            o.insert(i.to_string(), v);
        }
        o
    }

    /// The overflow object qs makes when an array grows past `arrayLimit`.
    fn into_overflow(self) -> Js {
        let max = self.len.saturating_sub(1) as f64;
        let mut o = self.into_object();
        o.overflow = Some(max);
        Js::Obj(o)
    }

    fn checked(self, limit: usize) -> Js {
        if self.len > limit {
            self.into_overflow()
        } else {
            Js::Arr(self)
        }
    }
}

/// A JS object: insertion order, enumerated with array-index keys first (ascending).
#[derive(Debug, Clone, Default)]
pub(super) struct Obj {
    entries: Vec<(String, Js)>,
    index: HashMap<String, usize>,
    /// `Some(max index)` for objects qs marked as array overflow.
    pub(super) overflow: Option<f64>,
}

impl Obj {
    pub(super) fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// `obj[key] = v` (an existing key keeps its position).
    pub(super) fn insert(&mut self, key: String, v: Js) {
        match self.index.get(&key) {
            Some(&i) => self.entries[i].1 = v,
            None => {
                self.index.insert(key.clone(), self.entries.len());
                self.entries.push((key, v));
            }
        }
    }

    /// `obj[key] = f(obj[key])` for an existing key.
    pub(super) fn update(&mut self, key: &str, f: impl FnOnce(Js) -> Js) {
        if let Some(&i) = self.index.get(key) {
            let old = std::mem::replace(&mut self.entries[i].1, Js::Str(String::new()));
            self.entries[i].1 = f(old);
        }
    }

    /// Entries in `Object.keys` order.
    pub(super) fn into_entries(self) -> Vec<(String, Js)> {
        let mut indexed = Vec::new();
        let mut named = Vec::new();
        for (k, v) in self.entries {
            match array_index(&k) {
                Some(n) => indexed.push((n, k, v)),
                None => named.push((k, v)),
            }
        }
        indexed.sort_by_key(|(n, _, _)| *n);
        indexed
            .into_iter()
            .map(|(_, k, v)| (k, v))
            .chain(named)
            .collect()
    }
}

/// A key JS enumerates as an integer index (canonical decimal below 2^32 − 1).
fn array_index(key: &str) -> Option<u32> {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
    if !canonical || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u32>().ok().filter(|n| *n != u32::MAX)
}

/// qs's array-index test on a bracket's content: `String(parseInt(s, 10)) === s && >= 0`.
pub(super) fn js_index(s: &str) -> Option<f64> {
    let canonical = s == "0" || (!s.starts_with('0') && !s.is_empty());
    if !canonical || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: f64 = s.parse().ok()?;
    (js_number(n) == s).then_some(n)
}

/// `String(n)` for the integers and NaN qs produces.
pub(super) fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.abs() < 1e21 {
        format!("{n}")
    } else {
        let s = format!("{n:e}");
        if s.contains("e-") {
            s
        } else {
            s.replacen('e', "e+", 1)
        }
    }
}

/// `parseInt(s, 10)`.
fn js_parse_int(s: &str) -> f64 {
    let t = s.trim_start();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    let digits: &str = &rest[..rest.bytes().take_while(u8::is_ascii_digit).count()];
    digits.parse::<f64>().map_or(f64::NAN, |n| sign * n)
}

/// `utils.combine(a, b, arrayLimit)`: append `b` to the overflow object `a`, or concatenate.
pub(super) fn combine(a: Js, b: Js, limit: usize) -> Js {
    if let Js::Obj(mut o) = a {
        if let Some(max) = o.overflow {
            let next = max + 1.0;
            o.insert(js_number(next), b);
            o.overflow = Some(next);
            return Js::Obj(o);
        }
        return combine_concat(Js::Obj(o), b, limit);
    }
    combine_concat(a, b, limit)
}

fn combine_concat(a: Js, b: Js, limit: usize) -> Js {
    let mut out = Arr::default();
    out.concat(a);
    out.concat(b);
    out.checked(limit)
}

/// `utils.merge(target, source)` with `strictMerge: true` (the default since qs 6.15).
pub(super) fn merge(target: Js, source: Js, limit: usize) -> Js {
    match (target, source) {
        (target, Js::Str(s)) if s.is_empty() => target, // `if (!source) return target`
        (Js::Arr(mut t), s @ Js::Str(_)) => {
            let next = t.len;
            t.push(s);
            if next >= limit {
                let mut o = t.into_object();
                o.overflow = Some(next as f64);
                Js::Obj(o)
            } else {
                Js::Arr(t)
            }
        }
        (Js::Obj(mut o), s @ Js::Str(_)) => match o.overflow {
            Some(max) => {
                o.insert(js_number(max + 1.0), s);
                o.overflow = Some(max + 1.0);
                Js::Obj(o)
            }
            None => pair(Js::Obj(o), s),
        },
        (t @ Js::Str(_), s @ Js::Str(_)) => pair(t, s),
        (t @ Js::Str(_), Js::Obj(src)) => match src.overflow {
            Some(max) => {
                // `{0: target}` plus the source's entries shifted up by one index.
                let mut o = Obj::default();
                o.insert("0".into(), t);
                for (k, v) in src.into_entries() {
                    o.insert(js_number(js_parse_int(&k) + 1.0), v);
                }
                o.overflow = Some(max + 1.0);
                Js::Obj(o)
            }
            None => combine_concat(t, Js::Obj(src), limit),
        },
        (t @ Js::Str(_), s) => combine_concat(t, s, limit),
        (Js::Arr(t), Js::Arr(s)) => merge_arrays(t, s, limit),
        (Js::Arr(t), s) => merge_into_object(t.into_object(), s, limit),
        (Js::Obj(t), s) => merge_into_object(t, s, limit),
    }
}

fn pair(a: Js, b: Js) -> Js {
    let mut arr = Arr::default();
    arr.push(a);
    arr.push(b);
    Js::Arr(arr)
}

fn merge_arrays(mut t: Arr, s: Arr, limit: usize) -> Js {
    for (i, item) in s.items {
        match t.items.remove(&i) {
            Some(existing) if existing.is_object() && item.is_object() => {
                t.items.insert(i, merge(existing, item, limit));
            }
            Some(existing) => {
                t.items.insert(i, existing);
                t.push(item);
            }
            None => t.set(i, item),
        }
    }
    t.checked(limit)
}

fn merge_into_object(mut acc: Obj, source: Js, limit: usize) -> Js {
    let (entries, source_overflow) = match source {
        Js::Obj(o) => {
            let max = o.overflow;
            (o.into_entries(), max)
        }
        Js::Arr(a) => (a.into_object().into_entries(), None),
        Js::Str(_) => (Vec::new(), None),
    };
    for (key, value) in entries {
        if acc.contains(&key) {
            acc.update(&key, |old| merge(old, value, limit));
        } else {
            acc.insert(key.clone(), value);
        }
        if acc.overflow.is_none() {
            acc.overflow = source_overflow;
        }
        if let (Some(max), Some(n)) = (acc.overflow, js_index(&key))
            && n > max
        {
            acc.overflow = Some(n);
        }
    }
    Js::Obj(acc)
}

/// `utils.compact`: drop the holes of every array in the tree.
pub(super) fn compact(v: &mut Js) {
    match v {
        Js::Str(_) => {}
        Js::Arr(a) => {
            let items = std::mem::take(&mut a.items);
            a.len = 0;
            for (_, mut item) in items {
                compact(&mut item);
                a.push(item);
            }
        }
        Js::Obj(o) => o.entries.iter_mut().for_each(|(_, v)| compact(v)),
    }
}
