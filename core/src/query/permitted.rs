//! The caller's read permissions applied to SQL: which fields may be named (anywhere: fields,
//! filters, sorts, aggregates), the item rule every level's statement carries, and fields
//! readable on some rows only read as `CASE WHEN <rule> THEN <value> END`.

use super::filter::{self, FilterCtx};
use crate::error::Result;
use crate::permissions::Action;
use crate::schema::FieldInfo;
use sea_query::{CaseStatement, Condition, Expr};

impl<'a> FilterCtx<'a> {
    /// The same context without permissions: for compiling the permission rules themselves.
    pub fn unrestricted(&self) -> FilterCtx<'a> {
        FilterCtx {
            schema: self.schema,
            backend: self.backend,
            access: None,
        }
    }

    /// Whether `collection` may be read at all.
    pub fn check_collection(&self, collection: &str) -> Result<()> {
        if let Some(access) = self.access {
            access.require(collection, Action::Read)?;
        }
        Ok(())
    }

    /// `field` of `collection` when the caller may read it; otherwise the 403 an unknown field
    /// gets (Directus does not tell the two apart).
    pub fn readable(&self, collection: &str, field: &str) -> Result<&'a FieldInfo> {
        let info = filter::field_or_forbidden(self.schema, collection, field)?;
        if let Some(access) = self.access {
            let rules = access.require(collection, Action::Read)?;
            if !rules.fields.contains(field) {
                return Err(super::ast::forbidden_field(field, collection));
            }
        }
        Ok(info)
    }

    /// Whether the caller may name `field` (used to expand `*` to the permitted fields).
    pub fn may_read(&self, collection: &str, field: &str) -> bool {
        match self.access {
            None => true,
            Some(access) => access
                .rules(collection, Action::Read)
                .is_some_and(|r| r.fields.contains(field)),
        }
    }

    /// `value`, an expression of `collection.field`, as the caller sees it: NULL on rows where
    /// the field is not readable.
    pub fn masked(&self, collection: &str, field: &str, value: Expr) -> Result<Expr> {
        let mask = self
            .access
            .and_then(|a| a.rules(collection, Action::Read))
            .and_then(|r| r.masks.get(field));
        match mask {
            None => Ok(value),
            Some(rule) => {
                let cond = filter::compile(&self.unrestricted(), collection, rule)?;
                Ok(CaseStatement::new()
                    .case(cond, value)
                    .finally(Expr::cust("NULL"))
                    .into())
            }
        }
    }

    /// The rows of `collection` the caller may read; `None` when all of them.
    pub fn permitted_rows(&self, collection: &str) -> Result<Option<Condition>> {
        let Some(access) = self.access else {
            return Ok(None);
        };
        match &access.require(collection, Action::Read)?.rows {
            None => Ok(None),
            Some(rule) => Ok(Some(filter::compile(
                &self.unrestricted(),
                collection,
                rule,
            )?)),
        }
    }
}
