//! Examples from qs's README and test suite, plus the cases Directus's black-box tests rely on.

use super::{QsOptions, decode, parse};
use serde_json::{Value, json};

fn qs(raw: &str) -> Value {
    parse(raw, &QsOptions::default())
}

fn qs_with(raw: &str, depth: usize, array_limit: usize) -> Value {
    let opts = QsOptions {
        depth,
        array_limit,
        ..QsOptions::default()
    };
    parse(raw, &opts)
}

/// Directus's configuration: depth 10, arrayLimit 500.
fn directus(raw: &str) -> Value {
    qs_with(raw, 10, 500)
}

#[test]
fn nested_objects() {
    assert_eq!(qs("foo[bar]=baz"), json!({"foo": {"bar": "baz"}}));
    assert_eq!(qs("a%5Bb%5D=c"), json!({"a": {"b": "c"}}));
    assert_eq!(qs("a%5bb%5d=c"), json!({"a": {"b": "c"}}));
    assert_eq!(
        qs("foo[bar][baz]=foobarbaz"),
        json!({"foo": {"bar": {"baz": "foobarbaz"}}})
    );
    assert_eq!(qs(""), json!({}));
    assert_eq!(
        qs("a=15&b=true&c=null"),
        json!({"a": "15", "b": "true", "c": "null"})
    );
}

#[test]
fn depth_limit_keeps_the_rest_as_one_key() {
    assert_eq!(
        qs("a[b][c][d][e][f][g][h][i]=j"),
        json!({"a": {"b": {"c": {"d": {"e": {"f": {"[g][h][i]": "j"}}}}}}})
    );
    assert_eq!(
        qs_with("a[b][c][d][e][f][g][h][i]=j", 1, 20),
        json!({"a": {"b": {"[c][d][e][f][g][h][i]": "j"}}})
    );
    assert_eq!(qs_with("a[b][c]=d", 0, 20), json!({"a[b][c]": "d"}));
    let deep = "filter[a][b][c][d][e][f][g][h][i][_eq]=1";
    assert_eq!(
        directus(deep)["filter"]["a"]["b"]["c"]["d"]["e"]["f"]["g"]["h"]["i"]["_eq"],
        "1"
    );
    let deeper = "filter[a][b][c][d][e][f][g][h][i][j][_eq]=1";
    assert_eq!(
        directus(deeper)["filter"]["a"]["b"]["c"]["d"]["e"]["f"]["g"]["h"]["i"]["j"],
        json!({"[_eq]": "1"})
    );
}

#[test]
fn brackets_inside_groups_and_unterminated_groups() {
    assert_eq!(qs("a[b[c]]=d"), json!({"a": {"b[c]": "d"}}));
    assert_eq!(qs("a[b=c"), json!({"a": {"[b": "c"}}));
    assert_eq!(qs("a[b]c=d"), json!({"a": {"b": "d"}}));
    assert_eq!(qs("[a]=b"), json!({"a": "b"}));
    assert_eq!(qs("a[b=c]=d"), json!({"a": {"b=c": "d"}}));
}

#[test]
fn arrays() {
    assert_eq!(qs("a[]=b&a[]=c"), json!({"a": ["b", "c"]}));
    assert_eq!(qs("a[1]=c&a[0]=b"), json!({"a": ["b", "c"]}));
    assert_eq!(qs("a[1]=b&a[15]=c"), json!({"a": ["b", "c"]}));
    assert_eq!(qs("a[]=&a[]=b"), json!({"a": ["", "b"]}));
    assert_eq!(qs("a[0]=b&a[1]=&a[2]=c"), json!({"a": ["b", "", "c"]}));
    assert_eq!(qs("a[][b]=c"), json!({"a": [{"b": "c"}]}));
    assert_eq!(qs("a[10]=1&a[2]=2"), json!({"a": ["2", "1"]}));
    assert_eq!(qs("a[1][b][2][c]=1"), json!({"a": [{"b": [{"c": "1"}]}]}));
    assert_eq!(qs("a[1][2][3][c]=1"), json!({"a": [[[{"c": "1"}]]]}));
    assert_eq!(qs("a[1][2][3][c][1]=1"), json!({"a": [[[{"c": ["1"]}]]]}));
}

#[test]
fn repeated_keys_combine() {
    assert_eq!(qs("foo=bar&foo=baz"), json!({"foo": ["bar", "baz"]}));
    assert_eq!(
        qs("a=1&a=2&b[]=1&b[]=2"),
        json!({"a": ["1", "2"], "b": ["1", "2"]})
    );
    assert_eq!(qs("a[1]=b&a=c"), json!({"a": ["b", "c"]}));
    assert_eq!(qs("a[]=b&a=c"), json!({"a": ["b", "c"]}));
    assert_eq!(qs("a=b&a[1]=c"), json!({"a": ["b", "c"]}));
    assert_eq!(qs("a=b&a[]=c"), json!({"a": ["b", "c"]}));
}

#[test]
fn array_limit_turns_arrays_into_objects() {
    assert_eq!(qs("a[100]=b"), json!({"a": {"100": "b"}}));
    assert_eq!(qs_with("a[1]=b", 5, 0), json!({"a": {"1": "b"}}));
    assert_eq!(qs_with("a[19]=a", 5, 20), json!({"a": ["a"]}));
    assert_eq!(qs_with("a[20]=a", 5, 20), json!({"a": {"20": "a"}}));
    assert_eq!(
        qs_with("a[]=b&a=c", 5, 0),
        json!({"a": {"0": "b", "1": "c"}})
    );
    assert_eq!(
        qs_with("a=b&a[]=c", 5, 0),
        json!({"a": {"0": "b", "1": "c"}})
    );
    assert_eq!(
        qs_with("a[0]=b&a[1]=c", 5, 0),
        json!({"a": {"0": "b", "1": "c"}})
    );
    assert_eq!(qs_with("a[-1]=b", 5, 0), json!({"a": {"-1": "b"}}));
    assert_eq!(
        qs_with("a[0]=x&a=y", 5, 1),
        json!({"a": {"0": "x", "1": "y"}})
    );
    assert_eq!(
        qs_with("a[0]=x&a[]=y", 5, 1),
        json!({"a": {"0": "x", "1": "y"}})
    );
    assert_eq!(
        qs_with("a[1]=1&a[2]=2&a[3]=3&a[4]=4&a[5]=5&a[6]=6", 5, 5),
        json!({"a": {"1": "1", "2": "2", "3": "3", "4": "4", "5": "5", "6": "6"}})
    );
    // An overflow object keeps collecting at the next index.
    assert_eq!(
        qs_with("a[]=1&a[]=2&a[]=3&a[]=4", 5, 2),
        json!({"a": {"0": "1", "1": "2", "2": "3", "3": "4"}})
    );
    assert_eq!(
        qs_with("a[5]=x&a=y", 5, 3),
        json!({"a": {"5": "x", "6": "y"}})
    );
    assert_eq!(
        qs_with("a=y&a[5]=x", 5, 3),
        json!({"a": {"0": "y", "6": "x"}})
    );
}

#[test]
fn directus_array_limit_cases() {
    assert_eq!(
        directus("fields[500]=name"),
        json!({"fields": {"500": "name"}})
    );
    assert_eq!(directus("fields[499]=name"), json!({"fields": ["name"]}));
    assert!(directus("fields[501]=name&fields[502]=name")["fields"].is_object());
    let many = vec!["fields[]=name"; 502].join("&");
    let parsed = directus(&many);
    assert_eq!(parsed["fields"].as_object().map(|o| o.len()), Some(502));
    let exactly = vec!["fields[]=name"; 500].join("&");
    assert_eq!(
        directus(&exactly)["fields"].as_array().map(Vec::len),
        Some(500)
    );
    let repeated = vec!["fields=name"; 501].join("&");
    assert!(directus(&repeated)["fields"].is_object());
    assert_eq!(
        directus("fields[]=name&fields=[]=name&[]=name"),
        json!({"0": "name", "fields": ["name"], "fields=": ["name"]})
    );
}

#[test]
fn mixed_notations() {
    assert_eq!(qs("a[0]=b&a[b]=c"), json!({"a": {"0": "b", "b": "c"}}));
    assert_eq!(qs("a[]=b&a[t]=c"), json!({"a": {"0": "b", "t": "c"}}));
    assert_eq!(qs("a[t]=c&a[]=b"), json!({"a": {"0": "b", "t": "c"}}));
    assert_eq!(qs("a[b]=c&a=d"), json!({"a": [{"b": "c"}, "d"]}));
    assert_eq!(qs("a=d&a[b]=c"), json!({"a": ["d", {"b": "c"}]}));
    assert_eq!(qs("a[b]=c&a[]=d"), json!({"a": {"0": "d", "b": "c"}}));
}

#[test]
fn prototype_keys_are_dropped() {
    assert_eq!(qs("a[hasOwnProperty]=b"), json!({}));
    assert_eq!(
        qs("a[]=b&a[t]=u&a[hasOwnProperty]=c"),
        json!({"a": {"0": "b", "t": "u"}})
    );
    assert_eq!(qs("toString=x&__proto__[a]=b&ok=1"), json!({"ok": "1"}));
}

#[test]
fn keys_values_and_decoding() {
    assert_eq!(qs("a"), json!({"a": ""}));
    assert_eq!(qs("a=&b"), json!({"a": "", "b": ""}));
    assert_eq!(qs("=x&&b=1"), json!({"b": "1"}));
    assert_eq!(qs("a=b=c"), json!({"a": "b=c"}));
    assert_eq!(qs("a]=b]=c"), json!({"a]": "b]=c"}));
    assert_eq!(qs("a=hello+world%21"), json!({"a": "hello world!"}));
    assert_eq!(qs("%C3%A9t%C3%A9=%E2%9C%93"), json!({"été": "✓"}));
    assert_eq!(decode("100%"), "100%");
    assert_eq!(decode("%zz+1"), "%zz 1");
    assert_eq!(decode("%E2%9C"), "%E2%9C");
    assert_eq!(decode("%ED%A0%80"), "%ED%A0%80");
    assert_eq!(decode("a%20b%2Bc"), "a b+c");
    assert_eq!(qs("a=%5B1%5D"), json!({"a": "[1]"}));
}

#[test]
fn parameter_limit_and_key_order() {
    let opts = QsOptions {
        parameter_limit: 1,
        ..QsOptions::default()
    };
    assert_eq!(parse("a=b&c=d", &opts), json!({"a": "b"}));
    // Integer-like keys enumerate first, as in JavaScript.
    let out = qs("b=1&2=x&a=2&1=y");
    let keys: Vec<_> = out
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["1", "2", "b", "a"]);
}
