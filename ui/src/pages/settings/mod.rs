//! Settings (administrators): the project, the data model, roles and policies.

pub mod access_common;
pub mod access_matrix;
pub mod access_permission;
pub mod access_role;
pub mod data_model;
pub mod fields;
pub mod model_common;
pub mod model_draft;
pub mod model_field;
pub mod model_options;
pub mod model_relations;
pub mod model_types;
pub mod policies;
pub mod project;
pub mod roles;

use crate::i18n::t;
use crate::pages::nav_link;
use crate::route::Route;
use yew::prelude::*;

pub fn nav(route: &Route) -> Html {
    let data_model = matches!(route, Route::DataModel | Route::DataModelCollection { .. });
    let roles = matches!(route, Route::Roles | Route::Role { .. });
    let policies = matches!(route, Route::Policies | Route::Policy { .. });
    let project = matches!(route, Route::Project | Route::Settings);
    html! {<>
        { nav_link(Route::Project, "settings", t("Project Settings").into(), project) }
        { nav_link(Route::DataModel, "box", t("Data Model").into(), data_model) }
        { nav_link(Route::Roles, "users", t("User Roles").into(), roles) }
        { nav_link(Route::Policies, "shield", t("Access Policies").into(), policies) }
    </>}
}
