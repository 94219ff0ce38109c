//! Every string the studio shows goes through `t("…")`/`tf("…")`; this checks that the German
//! table (ui/src/i18n/de.rs) translates each one and holds nothing that is no longer used.

use std::collections::BTreeSet;
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("ui/src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/de.rs") {
            out.push(std::fs::read_to_string(&path).expect("source"));
        }
    }
}

/// The string literals right after each of `calls` (no escapes other than `\"` are used).
fn literals(text: &str, calls: &[&str]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for call in calls {
        for (i, _) in text.match_indices(call) {
            let before = text[..i].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &text[i + call.len()..];
            let mut lit = String::new();
            let mut chars = rest.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => lit.push(chars.next().unwrap_or('\\')),
                    '"' => break,
                    c => lit.push(c),
                }
            }
            found.insert(lit);
        }
    }
    found
}

#[test]
fn every_studio_string_has_a_german_translation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let used: BTreeSet<String> = files
        .iter()
        .flat_map(|f| literals(f, &["t(\"", "tf(\""]))
        .collect();
    assert!(
        used.len() > 100,
        "the studio's strings are found ({})",
        used.len()
    );
    let de = std::fs::read_to_string(root.join("i18n/de.rs")).expect("de.rs");
    let keys: BTreeSet<String> = de
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"'))
        .filter_map(|l| l.split_once("\" => ").map(|(k, _)| k.replace("\\\"", "\"")))
        .collect();
    let missing: Vec<&String> = used.difference(&keys).collect();
    assert!(
        missing.is_empty(),
        "strings without a German translation: {missing:#?}"
    );
    let unused: Vec<&String> = keys.difference(&used).collect();
    assert!(
        unused.is_empty(),
        "German entries no longer used: {unused:#?}"
    );
}
