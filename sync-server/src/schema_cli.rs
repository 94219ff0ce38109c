//! `strata schema snapshot [PATH]` and `strata schema apply PATH`: the data model to a file
//! (YAML by default, like Directus) and a file's model onto this database, after printing the
//! plan (Directus's wording) and asking, with a progress bar while it runs.

use anyhow::{Context, Result, anyhow};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use strata_core::App;
use strata_core::auth::Accountability;
use strata_core::schema::snapshot::{DiffKind, DiffRecord, SnapshotDiff};
use strata_core::services::schema::{apply, snapshot as snap};

fn admin() -> Accountability {
    Accountability {
        admin: true,
        app: true,
        ..Accountability::default()
    }
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn confirm(question: &str) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Err(anyhow!("{question} (no terminal to answer: pass --yes)"));
    }
    print!("{question} (y/N) ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes"))
}

pub async fn snapshot(app: &App, path: Option<&Path>, format: &str, yes: bool) -> Result<()> {
    let s = snap::take(app, &admin())
        .await
        .map_err(|e| anyhow!("{}", e.message))?;
    let yaml = format == "yaml" || path.is_some_and(is_yaml);
    let text = if yaml {
        serde_norway::to_string(&s.to_value())?
    } else {
        serde_json::to_string_pretty(&s.to_value())?
    };
    let Some(path) = path else {
        print!("{text}");
        return Ok(());
    };
    if path.exists()
        && !yes
        && !confirm("Snapshot already exists. Do you want to overwrite the file?")?
    {
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    let shown = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    println!("Snapshot saved to {}", shown.display());
    Ok(())
}

pub async fn apply(app: &App, path: &Path, yes: bool, dry_run: bool) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let value: serde_json::Value = if is_yaml(path) {
        serde_norway::from_str(&text).context("the provided YAML is invalid")?
    } else {
        serde_json::from_str(&text).context("the provided JSON is invalid")?
    };
    let acc = admin();
    // Like Directus's CLI: no version or vendor check.
    let Some((hash, diff)) = snap::diff(app, &acc, &value, true)
        .await
        .map_err(|e| anyhow!("{}", e.message))?
    else {
        println!("No changes to apply.");
        return Ok(());
    };
    let plan = plan(&diff);
    if dry_run {
        println!("{plan}");
        return Ok(());
    }
    if !yes && !confirm(&format!("{plan}\n\nWould you like to continue?"))? {
        return Ok(());
    }
    let steps = (diff.collections.len() + diff.fields.len() + diff.relations.len()) as u64;
    let bar = indicatif::ProgressBar::new(steps);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress_bar = bar.clone();
    let mut progress = move |step: &str| {
        progress_bar.set_message(step.to_string());
        progress_bar.inc(1);
    };
    apply::apply(app, &acc, &hash, &diff, true, &mut progress)
        .await
        .map_err(|e| anyhow!("{}", e.message))?;
    bar.finish_and_clear();
    println!("Snapshot applied successfully");
    Ok(())
}

fn entity(diff: &[DiffRecord]) -> &'static str {
    match diff.first() {
        Some(d) if d.path.is_empty() && d.kind == DiffKind::New => "Create",
        Some(d) if d.path.is_empty() && d.kind == DiffKind::Deleted => "Delete",
        _ => "Update",
    }
}

fn change_line(d: &DiffRecord) -> String {
    let path = d.path_string();
    // Directus drops a leading "meta" or "schema": `Set note to ...`.
    let shown = path.split_once('.').map_or(path.as_str(), |(_, rest)| rest);
    let show =
        |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
    match d.kind {
        DiffKind::Edited => format!("      - Set {shown} to {}", show(&d.rhs)),
        DiffKind::Deleted => format!("      - Remove {shown}"),
        DiffKind::New => format!("      - Add {shown} and set it to {}", show(&d.rhs)),
        DiffKind::Array => format!("      - Change {shown}"),
    }
}

/// The plan Directus prints before applying.
pub fn plan(diff: &SnapshotDiff) -> String {
    let mut sections = Vec::new();
    let mut lines = Vec::new();
    for c in &diff.collections {
        lines.push(format!("  - {} {}", entity(&c.diff), c.collection));
        if entity(&c.diff) == "Update" {
            lines.extend(
                c.diff
                    .iter()
                    .filter(|d| d.kind == DiffKind::Edited)
                    .map(change_line),
            );
        }
    }
    if !lines.is_empty() {
        sections.push(format!("Collections:\n{}", lines.join("\n")));
    }
    let mut lines = Vec::new();
    for f in &diff.fields {
        lines.push(format!(
            "  - {} {}.{}",
            entity(&f.diff),
            f.collection,
            f.field
        ));
        if entity(&f.diff) == "Update" {
            lines.extend(f.diff.iter().map(change_line));
        }
    }
    if !lines.is_empty() {
        sections.push(format!("Fields:\n{}", lines.join("\n")));
    }
    let mut lines = Vec::new();
    for r in &diff.relations {
        let related = r
            .related_collection
            .as_deref()
            .map(|c| format!(" → {c}"))
            .unwrap_or_default();
        lines.push(format!(
            "  - {} {}.{}{related}",
            entity(&r.diff),
            r.collection,
            r.field
        ));
    }
    if !lines.is_empty() {
        sections.push(format!("Relations:\n{}", lines.join("\n")));
    }
    format!(
        "The following changes will be applied:\n\n{}",
        sections.join("\n\n")
    )
}
