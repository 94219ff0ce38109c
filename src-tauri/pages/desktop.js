// The desktop's own page: create or open a project, then hand the window to the studio that the
// embedded engine serves; and the local API switch. Talks to the app through Tauri's commands.
const invoke = (cmd, args) => window.__TAURI__.core.invoke(cmd, args);
const $ = (id) => document.getElementById(id);
const views = ['new', 'open', 'api', 'busy'];
let state = null;

function show(view) {
  for (const v of views) $(`view-${v}`).hidden = v !== view;
  $('error').hidden = true;
  const first = document.querySelector(`#view-${view} input:not([type=checkbox]), #view-${view} button`);
  if (first) first.focus();
}

function fail(e) {
  const busy = !$('view-busy').hidden;
  if (busy) show(state && state.projects.length ? 'open' : 'new');
  $('error').textContent = String(e);
  $('error').hidden = false;
}

async function openProject(args) {
  $('busy-text').textContent = 'Opening the project…';
  show('busy');
  try {
    const opened = await invoke('open_project', args);
    if (opened.generated_password) {
      // Shown once, before the studio: the app created the administrator of an empty database.
      show('new');
      $('view-new').hidden = true;
      $('password-note').textContent = `This database had no users, so an administrator was created: admin@example.com with the password ${opened.generated_password}. Keep it now; it is not shown again.`;
      $('password-note').hidden = false;
      const go = document.createElement('button');
      go.className = 'primary';
      go.textContent = 'Continue to the Studio';
      go.addEventListener('click', () => { location.href = opened.studio_url; });
      $('password-note').after(go);
      go.focus();
      return;
    }
    location.href = opened.studio_url;
  } catch (e) {
    fail(e);
  }
}

function renderRecent() {
  const list = $('recent');
  list.replaceChildren();
  for (const p of state.projects) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'project';
    const url = p.location.includes('://');
    b.innerHTML = `<strong></strong><span class="muted"></span>`;
    b.querySelector('strong').textContent = p.name || 'Project';
    // A URL may carry a password: only its host and database are shown.
    b.querySelector('span').textContent = url ? p.location.replace(/\/\/[^@/]*@/, '//') : p.location;
    b.addEventListener('click', () => openProject({ location: p.location }));
    li.append(b);
    list.append(li);
  }
  list.hidden = state.projects.length === 0;
}

function renderApi() {
  const info = state.open && state.open.api;
  const form = $('api-form');
  form.on.checked = !!info;
  form.port.value = state.api_port;
  $('api-info').hidden = !info;
  if (info) {
    $('api-url').textContent = info.url;
    $('api-token').textContent = info.token || 'Sign in with POST /auth/login (this database had its users already)';
  }
}

async function route() {
  state = await invoke('desktop_state');
  const view = location.hash.slice(1);
  $('subtitle').textContent = state.open ? state.open.name : 'Local-first content, on your computer';
  renderRecent();
  renderApi();
  $('new-form').location.value = state.default_location;
  const first = state.projects.length === 0;
  $('new-title').textContent = first ? 'Welcome! Create your first project' : 'Create a project';
  if (view === 'api' && state.open) return show('api');
  if (view === 'new' || (first && view !== 'open')) return show('new');
  if (view === 'open') return show('open');
  // Started without a view: straight back into the most recent project.
  if (state.open) location.href = state.open.studio_url;
  else openProject({ location: state.projects[0].location });
}

$('new-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  if (!f.email.value.includes('@')) return fail('Give the administrator an e-mail address.');
  if (f.password.value.length < 8) return fail('The password needs at least 8 characters.');
  openProject({
    location: f.location.value,
    name: f.project_name.value,
    admin: { email: f.email.value.trim(), password: f.password.value, project_name: f.project_name.value },
    apiPort: f.serve_api.checked ? Number(f.api_port.value) : null,
  });
});

$('open-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (!e.target.location.value.trim()) return fail('Give a SQLite file or a database URL.');
  openProject({ location: e.target.location.value });
});

$('api-form').addEventListener('change', async () => {
  const f = $('api-form');
  try {
    const info = await invoke('serve_api', { port: f.on.checked ? Number(f.port.value) : null });
    state.open.api = info;
    if (info) state.api_port = Number(f.port.value);
    renderApi();
  } catch (e) {
    f.on.checked = false;
    fail(e);
  }
});

document.addEventListener('click', (e) => {
  const go = e.target.closest('[data-go]');
  if (go) location.hash = go.dataset.go;
  const browse = e.target.closest('[data-browse]');
  if (browse) {
    const input = browse.parentElement.querySelector('input');
    invoke('choose_sqlite_file', { new: browse.dataset.browse === 'new' })
      .then((path) => { if (path) input.value = path; })
      .catch(fail);
  }
  const copy = e.target.closest('[data-copy]');
  if (copy) navigator.clipboard.writeText($(copy.dataset.copy).textContent).catch(() => {});
});
$('to-studio').addEventListener('click', () => state.open && (location.href = state.open.studio_url));
window.addEventListener('hashchange', () => route().catch(fail));
route().catch(fail);
