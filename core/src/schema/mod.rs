//! The schema overview: introspected tables, columns and foreign keys merged with
//! `directus_collections`, `directus_fields` and `directus_relations`.
