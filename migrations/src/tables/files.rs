//! Files and folders, and the project settings singleton that points at them.

use super::{
    boolean, col, created_now, increments, integer, json, string, string_n, table, text, timestamp,
    uuid, uuid_pk,
};
use crate::{ColType, DefaultValue, OnDelete, TableDef};

pub(crate) const FOLDERS: TableDef = table(
    "directus_folders",
    &[
        uuid_pk("id"),
        string("name").not_null(),
        uuid("parent").references("directus_folders", "id", OnDelete::NoAction),
        string("type").not_null().default_str("files"),
    ],
);

pub(crate) const FILES: TableDef = table(
    "directus_files",
    &[
        uuid_pk("id"),
        string("storage").not_null(),
        string("filename_disk"),
        string("filename_download").not_null(),
        string("title"),
        string("type"),
        uuid("folder").references("directus_folders", "id", OnDelete::SetNull),
        uuid("uploaded_by").references("directus_users", "id", OnDelete::NoAction),
        // Directus renamed the former `uploaded_on` to `created_on` in place (20240716A).
        created_now("created_on").not_null(),
        uuid("modified_by").references("directus_users", "id", OnDelete::NoAction),
        created_now("modified_on").not_null(),
        string_n("charset", 50),
        col("filesize", ColType::BigInteger).default(DefaultValue::Null),
        col("width", ColType::UnsignedInteger),
        col("height", ColType::UnsignedInteger),
        col("duration", ColType::UnsignedInteger),
        string_n("embed", 200),
        text("description"),
        text("location"),
        text("tags"),
        json("metadata"),
        integer("focal_point_x"),
        integer("focal_point_y"),
        string_n("tus_id", 64),
        json("tus_data"),
        timestamp("uploaded_on"),
    ],
);

pub(crate) const SETTINGS: TableDef = table(
    "directus_settings",
    &[
        increments(),
        string_n("project_name", 100)
            .not_null()
            .default_str("Directus"),
        string("project_url"),
        string("project_color").not_null().default_str("#6644FF"),
        uuid("project_logo").references("directus_files", "id", OnDelete::NoAction),
        uuid("public_foreground").references("directus_files", "id", OnDelete::NoAction),
        uuid("public_background").references("directus_files", "id", OnDelete::NoAction),
        text("public_note"),
        col("auth_login_attempts", ColType::UnsignedInteger).default(DefaultValue::Int(25)),
        string_n("auth_password_policy", 100),
        string_n("storage_asset_transform", 7).default_str("all"),
        json("storage_asset_presets"),
        text("custom_css"),
        uuid("storage_default_folder").references("directus_folders", "id", OnDelete::SetNull),
        json("basemaps"),
        string("mapbox_key"),
        json("module_bar"),
        string_n("project_descriptor", 100),
        string("default_language").not_null().default_str("en-US"),
        json("custom_aspect_ratios"),
        uuid("public_favicon").references("directus_files", "id", OnDelete::NoAction),
        string("default_appearance").not_null().default_str("auto"),
        string("default_theme_light"),
        json("theme_light_overrides"),
        string("default_theme_dark"),
        json("theme_dark_overrides"),
        string("report_error_url"),
        string("report_bug_url"),
        string("report_feature_url"),
        boolean("public_registration")
            .not_null()
            .default_bool(false),
        boolean("public_registration_verify_email")
            .not_null()
            .default_bool(true),
        uuid("public_registration_role").references("directus_roles", "id", OnDelete::SetNull),
        json("public_registration_email_filter"),
        json("visual_editor_urls"),
        uuid("project_id"),
        boolean("mcp_enabled").not_null().default_bool(false),
        boolean("mcp_allow_deletes").not_null().default_bool(false),
        string("mcp_prompts_collection").default(DefaultValue::Null),
        boolean("mcp_system_prompt_enabled")
            .not_null()
            .default_bool(true),
        text("mcp_system_prompt").default(DefaultValue::Null),
        string("project_owner"),
        string("project_usage"),
        string("org_name"),
        boolean("product_updates"),
        string("project_status"),
        text("ai_openai_api_key"),
        text("ai_anthropic_api_key"),
        text("ai_system_prompt"),
        text("ai_google_api_key"),
        text("ai_openai_compatible_api_key"),
        text("ai_openai_compatible_base_url"),
        text("ai_openai_compatible_name"),
        json("ai_openai_compatible_models"),
        json("ai_openai_compatible_headers"),
        json("ai_openai_allowed_models"),
        json("ai_anthropic_allowed_models"),
        json("ai_google_allowed_models"),
        boolean("collaborative_editing_enabled")
            .not_null()
            .default_bool(false),
        text("ai_translation_default_model"),
        json("ai_translation_glossary"),
        text("ai_translation_style_guide"),
        string("license_key").default(DefaultValue::Null),
        text("license_token").default(DefaultValue::Null),
        boolean("mcp_oauth_enabled").not_null().default_bool(false),
        boolean("mcp_oauth_dcr_enabled")
            .not_null()
            .default_bool(false),
        boolean("mcp_oauth_cimd_enabled")
            .not_null()
            .default_bool(false),
        string("default_save_action")
            .not_null()
            .default_str("save-and-quit"),
    ],
);
