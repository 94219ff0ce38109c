//! German. The English text is the key.

pub fn get(text: &str) -> Option<&'static str> {
    Some(match text {
        "Save" => "Speichern",
        _ => return None,
    })
}
