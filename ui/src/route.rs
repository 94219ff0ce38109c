//! The studio's URLs, as Directus's app has them (`/admin/content/<collection>/<key>`, `+` for a
//! new item), so links in mails and notifications open the same pages.

use yew_router::prelude::*;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/admin")]
    Home,
    #[at("/admin/login")]
    Login,
    #[at("/admin/content")]
    Content,
    #[at("/admin/content/:collection")]
    Collection { collection: String },
    #[at("/admin/content/:collection/:key")]
    Item { collection: String, key: String },
    #[at("/admin/files")]
    Files,
    #[at("/admin/files/folders/:folder")]
    Folder { folder: String },
    #[at("/admin/users")]
    Users,
    #[at("/admin/users/:id")]
    User { id: String },
    #[at("/admin/activity")]
    Activity,
    #[at("/admin/notifications")]
    Notifications,
    #[at("/admin/settings")]
    Settings,
    #[at("/admin/settings/project")]
    Project,
    #[at("/admin/settings/data-model")]
    DataModel,
    #[at("/admin/settings/data-model/:collection")]
    DataModelCollection { collection: String },
    #[at("/admin/settings/roles")]
    Roles,
    #[at("/admin/settings/roles/:id")]
    Role { id: String },
    #[at("/admin/settings/policies")]
    Policies,
    #[at("/admin/settings/policies/:id")]
    Policy { id: String },
    #[not_found]
    #[at("/admin/404")]
    NotFound,
}

/// The module a route belongs to, for the module bar's highlight and the navigation column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    Content,
    Files,
    Users,
    Activity,
    Notifications,
    Settings,
}

impl Route {
    pub fn module(&self) -> Module {
        match self {
            Route::Files | Route::Folder { .. } => Module::Files,
            Route::Users | Route::User { .. } => Module::Users,
            Route::Activity => Module::Activity,
            Route::Notifications => Module::Notifications,
            Route::Settings
            | Route::Project
            | Route::DataModel
            | Route::DataModelCollection { .. }
            | Route::Roles
            | Route::Role { .. }
            | Route::Policies
            | Route::Policy { .. } => Module::Settings,
            _ => Module::Content,
        }
    }
}
