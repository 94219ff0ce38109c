//! The query language as data: what a client asked for, before it meets the schema.
