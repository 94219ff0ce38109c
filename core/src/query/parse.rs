//! Parsing REST query strings and JSON into a `Query`.
