//! The routed pages, one module per studio module, and the navigation column each one shows.

pub mod activity;
pub mod content;
pub mod files;
pub mod first_run;
pub mod login;
pub mod notifications;
pub mod settings;
pub mod users;

use crate::route::{Module, Route};
use crate::state::AppCtx;
use yew::prelude::*;
use yew_router::prelude::*;

pub fn switch(route: Route) -> Html {
    match route {
        Route::Home | Route::Content | Route::Login => html! { <content::Overview /> },
        Route::Collection { collection } => html! { <content::list::Collection {collection} /> },
        Route::Item { collection, key } => {
            html! { <content::item::ItemPage {collection} key_={key} /> }
        }
        Route::Files => html! { <files::Files folder={None::<String>} /> },
        Route::Folder { folder } => html! { <files::Files folder={Some(folder)} /> },
        Route::Users => html! { <users::Users /> },
        Route::User { id } => html! { <users::UserPage {id} /> },
        Route::Activity => html! { <activity::Activity /> },
        Route::Notifications => html! { <notifications::Notifications /> },
        Route::Settings | Route::Project => html! { <settings::project::Project /> },
        Route::DataModel => html! { <settings::data_model::DataModel /> },
        Route::DataModelCollection { collection } => {
            html! { <settings::fields::Fields {collection} /> }
        }
        Route::Roles => html! { <settings::roles::Roles /> },
        Route::Role { id } => html! { <settings::roles::RolePage {id} /> },
        Route::Policies => html! { <settings::policies::Policies /> },
        Route::Policy { id } => html! { <settings::policies::PolicyPage {id} /> },
        Route::NotFound => html! { <Redirect<Route> to={Route::Home} /> },
    }
}

/// The navigation column of a module (none for modules with a single page).
pub fn nav(module: Module, route: &Route, app: &AppCtx) -> Option<Html> {
    match module {
        Module::Content => Some(content::nav(route, app)),
        Module::Files => Some(html! { <files::FolderNav /> }),
        Module::Settings => Some(settings::nav(route)),
        Module::Users | Module::Activity | Module::Notifications => None,
    }
}

/// One entry of a navigation column.
pub fn nav_link(to: Route, icon: &'static str, label: String, active: bool) -> Html {
    html! {
        <Link<Route> to={to} classes={classes!("nav-item", active.then_some("active"))}>
            <crate::components::Icon name={icon} />
            <span>{ label }</span>
        </Link<Route>>
    }
}
