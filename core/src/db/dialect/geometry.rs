//! Geometry values: GeoJSON checked and written in one canonical form, and on SQLite (which has
//! no spatial types without SpatiaLite) the SQL functions the geometry filters compile to,
//! computed with the `geo` crate over GeoJSON text columns.

use geo::{BoundingRect, Intersects};
use rusqlite::functions::{Context, FunctionFlags};
use serde_json::Value;
use std::ptr::NonNull;

/// Name of the SQLite function `strata_intersects(a, b)`: do two GeoJSON geometries intersect.
pub const INTERSECTS: &str = "strata_intersects";
/// Name of the SQLite function `strata_intersects_bbox(a, b)`: do their bounding boxes.
pub const INTERSECTS_BBOX: &str = "strata_intersects_bbox";

/// A GeoJSON geometry given as an object or as a JSON string, in canonical text (`type` then
/// `coordinates`, numbers as given), or `None` when it is not a valid geometry.
pub fn canonical(v: &Value) -> Option<String> {
    let value: Value = match v {
        Value::String(s) => serde_json::from_str(s).ok()?,
        Value::Object(_) => v.clone(),
        _ => return None,
    };
    let parsed: geojson::Geometry = serde_json::from_value(value.clone()).ok()?;
    // Coordinates must convert into a geometry (positions of two or more numbers).
    geo::Geometry::<f64>::try_from(parsed).ok()?;
    let body = if value["type"] == "GeometryCollection" {
        "geometries"
    } else {
        "coordinates"
    };
    let canonical = serde_json::json!({"type": value["type"], body: value[body]});
    serde_json::to_string(&canonical).ok()
}

fn parse(text: &str) -> Option<geo::Geometry<f64>> {
    let g: geojson::Geometry = serde_json::from_str(text).ok()?;
    geo::Geometry::try_from(g).ok()
}

/// Whether two GeoJSON texts intersect; `None` when either is not a geometry.
pub fn intersects(a: &str, b: &str) -> Option<bool> {
    Some(parse(a)?.intersects(&parse(b)?))
}

/// Whether the bounding boxes of two GeoJSON texts intersect.
pub fn intersects_bbox(a: &str, b: &str) -> Option<bool> {
    let a = parse(a)?.bounding_rect()?;
    let b = parse(b)?.bounding_rect()?;
    Some(a.intersects(&b))
}

type Predicate = fn(&str, &str) -> Option<bool>;

/// Registers the geometry functions on one SQLite connection.
///
/// `handle` must be a live connection that the caller holds locked for the whole call (sqlx's
/// `LockedSqliteHandle`). The functions are owned by SQLite afterwards (freed when the
/// connection closes), so nothing here outlives the call.
#[allow(unsafe_code)]
pub fn register(handle: NonNull<rusqlite::ffi::sqlite3>) -> rusqlite::Result<()> {
    // SAFETY: the handle is valid and exclusively ours while the caller holds the lock; a
    // connection made by `from_handle` does not close the handle when dropped.
    let conn = unsafe { rusqlite::Connection::from_handle(handle.as_ptr()) }?;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let functions: [(&str, Predicate); 2] =
        [(INTERSECTS, intersects), (INTERSECTS_BBOX, intersects_bbox)];
    for (name, predicate) in functions {
        conn.create_scalar_function(name, 2, flags, move |ctx: &Context<'_>| {
            // NULL (or anything that is not GeoJSON text) compares as NULL, as in PostGIS.
            let text = |i: usize| ctx.get_raw(i).as_str().ok().map(str::to_string);
            Ok(match (text(0), text(1)) {
                (Some(a), Some(b)) => predicate(&a, &b),
                _ => None,
            })
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SQUARE: &str =
        r#"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}"#;

    #[test]
    fn geojson_is_checked_and_made_canonical() {
        let p = canonical(&json!({"coordinates": [1.5, 2], "type": "Point"}));
        assert_eq!(
            p.as_deref(),
            Some(r#"{"type":"Point","coordinates":[1.5,2]}"#)
        );
        assert!(canonical(&json!(SQUARE)).is_some());
        assert_eq!(canonical(&json!({"type": "Point"})), None);
        assert_eq!(
            canonical(&json!({"type": "Circle", "coordinates": [1, 2]})),
            None
        );
        assert_eq!(canonical(&json!("not json")), None);
        assert_eq!(canonical(&json!(42)), None);
    }

    #[test]
    fn intersection_and_bounding_boxes() {
        let inside = r#"{"type":"Point","coordinates":[5,5]}"#;
        let outside = r#"{"type":"Point","coordinates":[20,5]}"#;
        assert_eq!(intersects(SQUARE, inside), Some(true));
        assert_eq!(intersects(SQUARE, outside), Some(false));
        // A diagonal line whose box covers (9,1) but which passes far from it.
        let line = r#"{"type":"LineString","coordinates":[[0,0],[10,10]]}"#;
        let corner = r#"{"type":"Point","coordinates":[9,1]}"#;
        assert_eq!(intersects(line, corner), Some(false));
        assert_eq!(intersects_bbox(line, corner), Some(true));
        assert_eq!(intersects("{}", inside), None);
    }
}
