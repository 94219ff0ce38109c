//! Getting files into the library: the hidden `<input type="file">` the page's "Upload Files"
//! button opens, the drop zone (the whole listing accepts drops, the band above it lights up),
//! and one progress bar per file while it is sent.

use crate::components::Icon;
use crate::i18n::{t, tf};
use crate::state::use_app;
use crate::upload::{self, carries_files, files_of, files_of_input};
use std::rc::Rc;
use web_sys::File;
use yew::prelude::*;

/// A file being sent.
#[derive(Clone, PartialEq)]
struct Upload {
    id: u32,
    name: String,
    progress: f64,
}

enum Step {
    Start(u32, String),
    Progress(u32, f64),
    Finish(u32),
}

/// The uploads under way; a reducer, because progress arrives from callbacks that outlive the
/// render that started them.
#[derive(Default, PartialEq)]
struct Uploads(Vec<Upload>);

impl Reducible for Uploads {
    type Action = Step;

    fn reduce(self: Rc<Self>, step: Step) -> Rc<Self> {
        let mut list = self.0.clone();
        match step {
            Step::Start(id, name) => list.push(Upload {
                id,
                name,
                progress: 0.0,
            }),
            Step::Progress(id, p) => {
                if let Some(u) = list.iter_mut().find(|u| u.id == id) {
                    u.progress = p;
                }
            }
            Step::Finish(id) => list.retain(|u| u.id != id),
        }
        Rc::new(Uploads(list))
    }
}

#[derive(Properties, PartialEq)]
pub struct UploaderProps {
    /// The folder new files go into (the root when `None`).
    pub folder: Option<String>,
    /// The hidden file input, so a button elsewhere on the page can open it.
    pub input: NodeRef,
    /// Called after each file is stored.
    pub on_uploaded: Callback<()>,
    /// The listing, which accepts drops too.
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn Uploader(p: &UploaderProps) -> Html {
    let app = use_app();
    let uploads = use_reducer(Uploads::default);
    let next_id = use_mut_ref(|| 0u32);
    // dragenter/dragleave also fire for every child crossed, so count them.
    let depth = use_mut_ref(|| 0i32);
    let over = use_state(|| false);
    // An upload ends renders later: it must call the page's newest `on_uploaded`, because the
    // one of the render that started it would reload the listing only once for several files.
    let on_uploaded = use_mut_ref(Callback::noop);
    *on_uploaded.borrow_mut() = p.on_uploaded.clone();

    let start = {
        let (app, uploads, folder, done) = (
            app.clone(),
            uploads.dispatcher(),
            p.folder.clone(),
            on_uploaded,
        );
        Callback::from(move |files: Vec<File>| {
            for file in files {
                let id = {
                    let mut n = next_id.borrow_mut();
                    *n += 1;
                    *n
                };
                let name = file.name();
                uploads.dispatch(Step::Start(id, name.clone()));
                let progress = {
                    let uploads = uploads.clone();
                    Callback::from(move |f: f64| uploads.dispatch(Step::Progress(id, f)))
                };
                let finished = {
                    let (app, uploads, done) = (app.clone(), uploads.clone(), done.clone());
                    Callback::from(move |res: Result<serde_json::Value, _>| {
                        uploads.dispatch(Step::Finish(id));
                        match res {
                            Ok(_) => {
                                app.ok(tf("{name} uploaded", &[("name", &name)]));
                                done.borrow().emit(());
                            }
                            Err(e) => app.fail(&e),
                        }
                    })
                };
                upload::upload(file, folder.clone(), progress, finished);
            }
        })
    };

    let on_change = start.reform(|e: Event| files_of_input(&e));
    let on_enter = {
        let (depth, over) = (depth.clone(), over.clone());
        Callback::from(move |e: DragEvent| {
            if carries_files(&e) {
                e.prevent_default();
                *depth.borrow_mut() += 1;
                over.set(true);
            }
        })
    };
    // Without preventing dragover the browser would not allow the drop (it would open the file).
    let on_over = Callback::from(|e: DragEvent| {
        if carries_files(&e) {
            e.prevent_default();
        }
    });
    let on_leave = {
        let (depth, over) = (depth.clone(), over.clone());
        Callback::from(move |e: DragEvent| {
            if carries_files(&e) {
                let mut d = depth.borrow_mut();
                *d = (*d - 1).max(0);
                if *d == 0 {
                    over.set(false);
                }
            }
        })
    };
    let on_drop = {
        let (depth, over, start) = (depth.clone(), over.clone(), start.clone());
        Callback::from(move |e: DragEvent| {
            if carries_files(&e) {
                e.prevent_default();
                *depth.borrow_mut() = 0;
                over.set(false);
                start.emit(files_of(&e));
            }
        })
    };

    html! {
        <div class="files-drop" ondragenter={on_enter} ondragover={on_over} ondragleave={on_leave} ondrop={on_drop}>
            <input type="file" multiple=true name="file" class="hidden-input" tabindex="-1"
                aria-label={t("Upload Files")} ref={p.input.clone()} onchange={on_change} />
            <div class={classes!("dropzone", over.then_some("over"))}>
                <Icon name="upload" size={22} />
                <span>{ if *over { t("Drop to upload") } else { t("Drag and drop files here to upload them") } }</span>
            </div>
            if !uploads.0.is_empty() {
                <ul class="uploads" aria-live="polite" aria-label={t("Uploads")}>
                    { for uploads.0.iter().map(|u| {
                        let percent = (u.progress * 100.0).round() as u32;
                        html! {
                            <li key={u.id}>
                                <div class="upload-line">
                                    <span class="upload-name">{ &u.name }</span>
                                    <span class="muted">{ format!("{percent} %") }</span>
                                </div>
                                <div class="progress" role="progressbar" aria-label={u.name.clone()}
                                    aria-valuemin="0" aria-valuemax="100" aria-valuenow={percent.to_string()}>
                                    <div style={format!("width:{percent}%")}></div>
                                </div>
                            </li>
                        }
                    }) }
                </ul>
            }
            { p.children.clone() }
        </div>
    }
}
