//! Checks on the declared data: every table and column the API contract (spec §14) names, order,
//! foreign-key consistency, seeds and the Directus migration list.

use std::collections::HashSet;

use crate::{
    DIRECTUS_MIGRATIONS, PUBLIC_POLICY_ID, SeedValue, seed_rows, system_table, system_tables,
};

/// Spec §14 (v12.1 column lists, plus v11 ones) and §12 for `directus_files`.
const SPEC_COLUMNS: &[(&str, &str)] = &[
    (
        "directus_users",
        "id first_name last_name email password avatar location title description tags language \
         text_direction tfa_secret email_notifications appearance theme_light \
         theme_light_overrides theme_dark theme_dark_overrides status role token last_page \
         last_access provider external_identifier auth_data",
    ),
    ("directus_roles", "id name icon description parent"),
    (
        "directus_policies",
        "id name icon description ip_access enforce_tfa admin_access app_access",
    ),
    ("directus_access", "id role user policy sort"),
    (
        "directus_permissions",
        "id policy collection action permissions validation presets fields",
    ),
    (
        "directus_collections",
        "collection icon note display_template hidden singleton translations archive_field \
         archive_app_filter archive_value unarchive_value sort_field accountability color \
         item_duplication_fields sort group collapse preview_url versioning \
         autosave_revision_interval status",
    ),
    (
        "directus_fields",
        "id collection field special interface options display display_options readonly hidden \
         sort width translations note conditions required group validation validation_message \
         searchable",
    ),
    (
        "directus_relations",
        "id many_collection many_field one_collection one_field one_collection_field \
         one_allowed_collections junction_field sort_field one_deselect_action",
    ),
    (
        "directus_files",
        "id storage filename_disk filename_download title type folder uploaded_by created_on \
         modified_by modified_on charset filesize width height duration embed description \
         location tags metadata focal_point_x focal_point_y tus_id tus_data uploaded_on",
    ),
    ("directus_folders", "id name parent"),
    (
        "directus_activity",
        "id action user timestamp ip user_agent origin collection item",
    ),
    (
        "directus_revisions",
        "id activity collection item data delta parent version",
    ),
    (
        "directus_comments",
        "id collection item comment date_created date_updated user_created user_updated",
    ),
    (
        "directus_settings",
        "id project_name project_descriptor project_url project_color project_logo \
         public_foreground public_background public_favicon public_note default_language \
         default_appearance default_theme_light default_theme_dark theme_light_overrides \
         theme_dark_overrides custom_css auth_password_policy auth_login_attempts \
         public_registration public_registration_role public_registration_verify_email \
         public_registration_email_filter storage_asset_transform storage_asset_presets \
         storage_default_folder module_bar basemaps mapbox_key custom_aspect_ratios \
         report_error_url report_bug_url report_feature_url visual_editor_urls project_id \
         mcp_enabled ai_openai_api_key license_key project_owner",
    ),
    (
        "directus_presets",
        "id bookmark user role collection search layout layout_query layout_options \
         refresh_interval filter icon color",
    ),
    (
        "directus_flows",
        "id name icon color description status trigger accountability options operation \
         date_created user_created",
    ),
    (
        "directus_operations",
        "id name key type position_x position_y options resolve reject flow date_created \
         user_created",
    ),
    (
        "directus_shares",
        "id name collection item role password date_start date_end times_used max_uses \
         date_created user_created",
    ),
    (
        "directus_notifications",
        "id timestamp status recipient sender subject message collection item",
    ),
    (
        "directus_dashboards",
        "id name icon note color date_created user_created",
    ),
    (
        "directus_panels",
        "id dashboard name icon color show_header note type position_x position_y width height \
         options date_created user_created",
    ),
    (
        "directus_versions",
        "id key name collection item hash delta date_created date_updated user_created \
         user_updated",
    ),
    ("directus_translations", "id key language value"),
    ("directus_extensions", "id enabled folder source bundle"),
    (
        "directus_sessions",
        "token user expires ip user_agent origin share next_token oauth_client",
    ),
    ("directus_migrations", "version name timestamp"),
    ("directus_deployments", "id provider"),
    ("directus_deployment_projects", "id deployment external_id"),
    ("directus_deployment_runs", "id project external_id"),
    (
        "directus_oauth_clients",
        "client_id client_name redirect_uris",
    ),
    ("directus_oauth_codes", "id code_hash client user"),
    ("directus_oauth_consents", "id user client redirect_uri"),
    ("directus_oauth_tokens", "id client user session"),
];

#[test]
fn every_spec_table_has_its_spec_columns() {
    for (table, columns) in SPEC_COLUMNS {
        let def = system_table(table).unwrap_or_else(|| panic!("missing table {table}"));
        for column in columns.split_whitespace() {
            assert!(
                def.column(column).is_some(),
                "{table} lacks column {column}"
            );
        }
    }
    assert_eq!(
        system_tables().len(),
        SPEC_COLUMNS.len(),
        "tables beyond the spec list"
    );
    assert!(
        system_table("directus_webhooks").is_none(),
        "removed by 20251224A"
    );
}

#[test]
fn table_and_column_names_are_unique() {
    let mut tables = HashSet::new();
    for table in system_tables() {
        assert!(tables.insert(table.name), "duplicate table {}", table.name);
        let mut columns = HashSet::new();
        for column in table.columns {
            assert!(
                columns.insert(column.name),
                "duplicate {}.{}",
                table.name,
                column.name
            );
        }
        assert_eq!(
            table.columns.iter().filter(|c| c.primary_key).count(),
            1,
            "{}",
            table.name
        );
    }
}

#[test]
fn referenced_tables_come_first_and_keys_match_their_targets() {
    let mut created = HashSet::new();
    for table in system_tables() {
        created.insert(table.name);
        for column in table.columns {
            let Some(fk) = column.references else {
                continue;
            };
            assert!(
                created.contains(fk.table),
                "{}.{} before {}",
                table.name,
                column.name,
                fk.table
            );
            let target = system_table(fk.table).and_then(|t| t.column(fk.column));
            let target =
                target.unwrap_or_else(|| panic!("{}.{} has no target", table.name, column.name));
            assert!(
                target.primary_key || target.unique,
                "{}.{} is not a key",
                fk.table,
                fk.column
            );
            assert_eq!(
                column.ty, target.ty,
                "{}.{} type differs from its target",
                table.name, column.name
            );
        }
    }
}

#[test]
fn indexes_and_uniques_name_existing_columns() {
    for table in system_tables() {
        let listed = table
            .uniques
            .iter()
            .copied()
            .chain(table.indexes.iter().map(|i| i.columns));
        for columns in listed {
            for column in columns {
                assert!(
                    table.column(column).is_some(),
                    "{}: no column {column}",
                    table.name
                );
            }
        }
    }
}

#[test]
fn auto_increment_only_on_integer_keys() {
    for table in system_tables() {
        for column in table.columns.iter().filter(|c| c.auto_increment) {
            assert!(column.primary_key, "{}.{}", table.name, column.name);
            assert_eq!(column.ty, crate::ColType::UnsignedInteger);
        }
    }
}

#[test]
fn seeds_fit_their_tables() {
    for row in seed_rows() {
        let table = system_table(row.table).unwrap_or_else(|| panic!("no table {}", row.table));
        assert!(
            row.value(row.key_column).is_some(),
            "{}: key has no value",
            row.table
        );
        for (column, _) in row.values {
            assert!(table.column(column).is_some(), "{}.{column}", row.table);
        }
        for column in table
            .columns
            .iter()
            .filter(|c| !c.nullable && c.default.is_none())
        {
            assert!(
                row.value(column.name).is_some(),
                "{}.{} is required",
                row.table,
                column.name
            );
        }
    }
    let access = seed_rows().iter().find(|r| r.table == "directus_access");
    let access = access.unwrap_or_else(|| panic!("no public access row"));
    assert_eq!(
        access.value("policy"),
        Some(SeedValue::Str(PUBLIC_POLICY_ID))
    );
    assert_eq!(access.value("role"), Some(SeedValue::Null));
    assert_eq!(access.value("user"), Some(SeedValue::Null));
}

#[test]
fn directus_migrations_are_ordered_and_named_like_directus() {
    assert_eq!(DIRECTUS_MIGRATIONS.len(), 109);
    assert_eq!(
        DIRECTUS_MIGRATIONS[0],
        ("20201028A", "Remove Collection Foreign Keys")
    );
    assert!(DIRECTUS_MIGRATIONS.contains(&("20240806A", "Permissions Policies")));
    assert!(DIRECTUS_MIGRATIONS.contains(&("20220429C", "Drop Non Null From IP of Activity")));
    assert_eq!(
        DIRECTUS_MIGRATIONS.last(),
        Some(&("20260909A", "Add Flows Module"))
    );
    for pair in DIRECTUS_MIGRATIONS.windows(2) {
        assert!(pair[0].0 < pair[1].0, "{} !< {}", pair[0].0, pair[1].0);
    }
    for (version, name) in DIRECTUS_MIGRATIONS {
        assert_eq!(version.len(), 9, "{version}");
        assert!(
            !name.is_empty() && !name.contains('\''),
            "{version}: {name}"
        );
    }
}
