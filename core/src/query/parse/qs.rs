//! A port of Node's `qs.parse` (qs 6.15, `lib/parse.js`) as Directus configures it: the first
//! stage of reading a REST query string, before the parameters are sanitised into a `Query`.
//!
//! Covered: `&`-separated parts (at most `parameter_limit`), `%5B`/`%5D` read as brackets,
//! `+` as space and `decodeURIComponent` (a malformed escape leaves the text undecoded),
//! `a[b][c]=x` nesting up to `depth` bracket groups (the rest stays one literal key), `a[]=`,
//! `a[0]=` (sparse indices compacted), repeated keys → arrays, indices ≥ `array_limit` and arrays
//! longer than `array_limit` → objects keyed by index, `a=x&a[b]=y` → `["x", {"b": "y"}]`
//! (`strictMerge`), keys naming `Object.prototype` members dropped. Not ported: the options
//! Directus leaves at their defaults (`allowDots`, `comma`, charsets, `strictNullHandling`, ...).

mod value;

use serde_json::Value;
use value::{Arr, Js, Obj, combine, compact, js_index, merge};

/// The `qs.parse` options that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QsOptions {
    /// Bracket groups parsed per key (`QUERYSTRING_MAX_PARSE_DEPTH`; qs default 5).
    pub depth: usize,
    /// Largest array size / index + 1 kept as an array (`QUERYSTRING_ARRAY_LIMIT`; qs default 20).
    pub array_limit: usize,
    /// Parts read from the string; the rest is ignored (qs default 1000).
    pub parameter_limit: usize,
}

impl Default for QsOptions {
    /// qs's own defaults.
    fn default() -> Self {
        QsOptions {
            depth: 5,
            array_limit: 20,
            parameter_limit: 1000,
        }
    }
}

/// `qs.parse(raw, options)`: always an object; every leaf is a string. `raw` is the query
/// without its leading `?`.
pub fn parse(raw: &str, opts: &QsOptions) -> Value {
    let mut root = Js::Obj(Obj::default());
    if !raw.is_empty() {
        for (key, val) in parse_values(raw, opts).into_entries() {
            if let Some(parsed) = parse_keys(&key, val, opts) {
                root = merge(root, parsed, opts.array_limit);
            }
        }
    }
    compact(&mut root);
    root.into_json()
}

/// Splits into `key → value` (values of a repeated key combined into an array).
fn parse_values(raw: &str, opts: &QsOptions) -> Obj {
    let clean = raw
        .replace("%5B", "[")
        .replace("%5b", "[")
        .replace("%5D", "]")
        .replace("%5d", "]");
    let mut out = Obj::default();
    for part in clean.split('&').take(opts.parameter_limit) {
        let pos = match part.find("]=") {
            Some(i) => Some(i + 1),
            None => part.find('='),
        };
        let (key, val) = match pos {
            None => (decode(part), String::new()),
            Some(p) => (decode(&part[..p]), decode(&part[p + 1..])),
        };
        if out.contains(&key) {
            out.update(&key, |old| combine(old, Js::Str(val), opts.array_limit));
        } else {
            out.insert(key, Js::Str(val));
        }
    }
    out
}

/// `utils.decode`: `+` → space, then `decodeURIComponent`, or the input when that throws.
pub fn decode(s: &str) -> String {
    let plus = s.replace('+', " ");
    percent_decode(&plus).unwrap_or(plus)
}

/// `decodeURIComponent`: `None` on a malformed escape or invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            let next = s[i..].find('%').map_or(s.len(), |j| i + j);
            out.push_str(&s[i..next]);
            i = next;
            continue;
        }
        // A run of consecutive `%XX` escapes must be valid UTF-8 on its own.
        let mut run = Vec::new();
        while i < bytes.len() && bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            run.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        }
        out.push_str(std::str::from_utf8(&run).ok()?);
    }
    Some(out)
}

/// Members of `Object.prototype`: qs drops keys naming them (`allowPrototypes: false`).
const PROTOTYPE_KEYS: [&str; 12] = [
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
];

fn is_prototype_key(key: &str) -> bool {
    PROTOTYPE_KEYS.contains(&key)
}

/// `parseKeys`: the value wrapped in the objects/arrays its key describes.
fn parse_keys(key: &str, val: Js, opts: &QsOptions) -> Option<Js> {
    if key.is_empty() {
        return None;
    }
    let chain = split_key(key, opts.depth)?;
    Some(parse_object(&chain, val, opts))
}

/// `splitKeyIntoSegments`: `a[b][c[]]` → `["a", "[b]", "[c[]]"]`; past `depth` groups the rest
/// of the key becomes one literal segment. `None` when a segment names a prototype member.
fn split_key(key: &str, depth: usize) -> Option<Vec<String>> {
    if depth == 0 {
        return (!is_prototype_key(key)).then(|| vec![key.to_string()]);
    }
    let bytes = key.as_bytes();
    let first = key.find('[');
    let parent = first.map_or(key, |i| &key[..i]);
    let mut segments = Vec::new();
    if !parent.is_empty() {
        if is_prototype_key(parent) {
            return None;
        }
        segments.push(parent.to_string());
    }
    let mut open = first;
    let mut collected = 0;
    while let Some(start) = open {
        if collected >= depth {
            break;
        }
        let mut level = 1;
        let mut close = None;
        let mut i = start + 1;
        while i < bytes.len() && close.is_none() {
            match bytes[i] {
                b'[' => level += 1,
                b']' => {
                    level -= 1;
                    if level == 0 {
                        close = Some(i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let Some(end) = close else {
            // Unterminated group: the raw remainder stays one literal segment.
            segments.push(format!("[{}]", &key[start..]));
            return Some(segments);
        };
        if is_prototype_key(&key[start + 1..end]) {
            return None;
        }
        segments.push(key[start..=end].to_string());
        collected += 1;
        open = key[end + 1..].find('[').map(|j| end + 1 + j);
    }
    if let Some(start) = open {
        segments.push(format!("[{}]", &key[start..]));
    }
    Some(segments)
}

/// `parseObject`: builds the value from the innermost segment outwards.
fn parse_object(chain: &[String], val: Js, opts: &QsOptions) -> Js {
    let limit = opts.array_limit;
    let mut leaf = val;
    for root in chain.iter().rev() {
        leaf = if root == "[]" {
            if leaf.overflow().is_some() {
                leaf
            } else {
                combine(Js::Arr(Arr::default()), leaf, limit)
            }
        } else {
            let bracketed = root.len() >= 2 && root.starts_with('[') && root.ends_with(']');
            let clean = if bracketed {
                &root[1..root.len() - 1]
            } else {
                root.as_str()
            };
            let mut obj = Obj::default();
            match js_index(clean).filter(|_| bracketed) {
                Some(i) if i < limit as f64 => {
                    let mut arr = Arr::default();
                    arr.set(i as usize, leaf);
                    Js::Arr(arr)
                }
                Some(i) => {
                    obj.insert(clean.to_string(), leaf);
                    obj.overflow = Some(i);
                    Js::Obj(obj)
                }
                None => {
                    if clean != "__proto__" {
                        obj.insert(clean.to_string(), leaf);
                    }
                    Js::Obj(obj)
                }
            }
        };
    }
    leaf
}

#[cfg(test)]
mod tests;
