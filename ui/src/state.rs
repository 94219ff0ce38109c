//! What every page shares through one context: the signed-in user, the data model (collections,
//! fields, relations, read once and again after a change), the project's settings, and the
//! callbacks that reload them or show a notice. Also [`use_get`], the hook that loads a path.

use crate::api::{self, ApiError};
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum NoticeKind {
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u32,
    pub kind: NoticeKind,
    pub text: String,
}

/// The notices on screen. A reducer, so the timer that dismisses one acts on the list as it is
/// then, not on the list its closure captured.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Notices(pub Vec<Notice>);

pub enum NoticeAction {
    Show(Notice),
    Dismiss(u32),
}

/// At most this many notices show at once; the oldest gives way.
const MAX_NOTICES: usize = 4;

impl yew::Reducible for Notices {
    type Action = NoticeAction;

    fn reduce(self: Rc<Self>, action: NoticeAction) -> Rc<Self> {
        let mut list = self.0.clone();
        match action {
            NoticeAction::Show(n) => {
                list.push(n);
                let extra = list.len().saturating_sub(MAX_NOTICES);
                list.drain(..extra);
            }
            NoticeAction::Dismiss(id) => list.retain(|n| n.id != id),
        }
        Rc::new(Notices(list))
    }
}

/// The data model as `/collections`, `/fields` and `/relations` return it, with what the user
/// may do in each collection (`/permissions/me`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Model {
    pub collections: Vec<Value>,
    pub fields: Vec<Value>,
    pub relations: Vec<Value>,
    pub permissions: Value,
}

impl Model {
    /// Whether the user may `action` (create, read, update, delete) some items of `collection`.
    /// Only hides what would be refused; the server decides. Unknown permissions allow.
    pub fn can(&self, collection: &str, action: &str) -> bool {
        match self.permissions.get(collection) {
            Some(p) => p[action]["access"] != "none",
            None => self.permissions.is_null(),
        }
    }

    /// Whether `action` (create or update) may write `field`: the action's field list names it
    /// or holds `*`.
    pub fn can_write(&self, collection: &str, action: &str, field: &str) -> bool {
        if !self.can(collection, action) {
            return false;
        }
        match self.permissions[collection][action]["fields"].as_array() {
            Some(fields) => fields.iter().any(|f| f == "*" || f == field),
            None => true,
        }
    }

    pub fn collection(&self, name: &str) -> Option<&Value> {
        self.collections.iter().find(|c| c["collection"] == name)
    }

    /// Collections of the user's own data model (not `directus_*`), in the navigation's order.
    pub fn user_collections(&self) -> Vec<&Value> {
        let mut list: Vec<&Value> = self
            .collections
            .iter()
            .filter(|c| {
                !c["collection"]
                    .as_str()
                    .unwrap_or("directus_")
                    .starts_with("directus_")
            })
            .collect();
        list.sort_by_key(|c| {
            (
                c["meta"]["sort"].as_i64().unwrap_or(i64::MAX),
                c["collection"].as_str().unwrap_or("").to_string(),
            )
        });
        list
    }

    /// The collection's fields in their form order.
    pub fn fields_of(&self, collection: &str) -> Vec<&Value> {
        let mut list: Vec<&Value> = self
            .fields
            .iter()
            .filter(|f| f["collection"] == collection)
            .collect();
        list.sort_by_key(|f| f["meta"]["sort"].as_i64().unwrap_or(i64::MAX));
        list
    }

    pub fn field(&self, collection: &str, field: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|f| f["collection"] == collection && f["field"] == field)
    }

    /// The primary key's field name (`id` when the schema does not say).
    pub fn primary_key(&self, collection: &str) -> String {
        self.fields
            .iter()
            .find(|f| f["collection"] == collection && f["schema"]["is_primary_key"] == true)
            .and_then(|f| f["field"].as_str())
            .unwrap_or("id")
            .to_string()
    }

    /// The relation a many-to-one field `collection.field` stands on.
    pub fn m2o(&self, collection: &str, field: &str) -> Option<&Value> {
        self.relations
            .iter()
            .find(|r| r["collection"] == collection && r["field"] == field)
    }

    /// The relation whose `one_field` is the alias `collection.field` (o2m, or m2m's first half).
    pub fn o2m(&self, collection: &str, field: &str) -> Option<&Value> {
        self.relations
            .iter()
            .find(|r| r["related_collection"] == collection && r["meta"]["one_field"] == field)
    }

    /// The field shown to identify an item: the collection's display template's first field, or
    /// a name-like field, or the key.
    pub fn label_field(&self, collection: &str) -> String {
        if let Some(tpl) = self
            .collection(collection)
            .and_then(|c| c["meta"]["display_template"].as_str())
            && let Some(start) = tpl.find("{{")
            && let Some(end) = tpl[start..].find("}}")
        {
            return tpl[start + 2..start + end].trim().to_string();
        }
        for name in ["name", "title", "label", "email", "filename_download"] {
            if self.field(collection, name).is_some() {
                return name.to_string();
            }
        }
        self.primary_key(collection)
    }
}

/// The context every page reads.
#[derive(Clone, PartialEq)]
pub struct AppCtx {
    /// `/users/me` with the role.
    pub user: Rc<Value>,
    pub admin: bool,
    pub model: Rc<Model>,
    /// `/settings` (project name, colour, logo, languages).
    pub settings: Rc<Value>,
    pub reload_model: Callback<()>,
    pub reload_session: Callback<()>,
    pub notify: Callback<(NoticeKind, String)>,
    /// The language or theme changed: everything renders again.
    pub rerender: Callback<()>,
}

impl AppCtx {
    pub fn ok(&self, text: impl Into<String>) {
        self.notify.emit((NoticeKind::Success, text.into()));
    }

    pub fn fail(&self, e: &ApiError) {
        self.notify.emit((NoticeKind::Error, e.message.clone()));
    }
}

#[hook]
pub fn use_app() -> AppCtx {
    use_context::<AppCtx>().unwrap_or_else(|| AppCtx {
        user: Rc::new(Value::Null),
        admin: false,
        model: Rc::default(),
        settings: Rc::new(Value::Null),
        reload_model: Callback::noop(),
        reload_session: Callback::noop(),
        notify: Callback::noop(),
        rerender: Callback::noop(),
    })
}

/// A request's state in a component.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    Loading,
    Ready(Rc<Value>),
    Failed(ApiError),
}

impl Load {
    /// `data` of a ready body.
    pub fn data(&self) -> Option<&Value> {
        match self {
            Load::Ready(v) => Some(&v["data"]),
            _ => None,
        }
    }
}

/// How many times a [`use_get`] was asked to reload. A reducer, so a callback made during an
/// earlier render still counts up from the current value.
#[derive(Default, PartialEq)]
struct Reloads(u32);

impl Reducible for Reloads {
    type Action = ();

    fn reduce(self: Rc<Self>, _: ()) -> Rc<Self> {
        Rc::new(Reloads(self.0 + 1))
    }
}

/// GETs `path` (the whole body: `data` and `meta`) whenever it changes or `reload` is called;
/// a response that arrives after a newer request started is dropped.
#[hook]
pub fn use_get(path: String) -> (Load, Callback<()>) {
    let state = use_state(|| Load::Loading);
    let reloads = use_reducer(Reloads::default);
    let generation = use_mut_ref(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((path, reloads.0), move |(path, _)| {
            let path = path.clone();
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            wasm_bindgen_futures::spawn_local(async move {
                let res = api::request(gloo::net::http::Method::GET, &path, None).await;
                if *generation.borrow() == mine {
                    state.set(match res {
                        Ok(v) => Load::Ready(Rc::new(v)),
                        Err(e) => Load::Failed(e),
                    });
                }
            });
        });
    }
    let reload = Callback::from(move |_| reloads.dispatch(()));
    ((*state).clone(), reload)
}

/// Runs `fut` and reports its error as a notice; `then` gets the value on success.
pub fn run<T: 'static>(
    app: &AppCtx,
    fut: impl std::future::Future<Output = api::ApiResult<T>> + 'static,
    then: impl FnOnce(T) + 'static,
) {
    let app = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match fut.await {
            Ok(v) => then(v),
            Err(e) => app.fail(&e),
        }
    });
}
