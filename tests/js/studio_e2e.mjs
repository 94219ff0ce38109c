// The studio end to end in headless Chromium (Debian's, through playwright-core): a new
// administrator signs in, names the project, builds a data model with several field types and a
// many-to-one, creates/edits/filters/deletes items, uploads an image and sees its thumbnail, and
// gives a role a filtered read permission whose user then sees only the allowed items.
// Usage: node studio_e2e.mjs <base url> <screenshot dir> <admin email> <admin password>
// Prints progress, then one JSON line: timings and what the editor saw.
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const [base, out, email, password] = process.argv.slice(2);
const only = process.env.STUDIO_STEPS ? process.env.STUDIO_STEPS.split(',') : null;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(15000);
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e}`));
const report = {};

const shot = (name) => page.screenshot({ path: `${out}/${name}.png` });
const step = async (name, fn) => {
  if (only && !only.includes(name)) return;
  const t0 = Date.now();
  try {
    await fn();
  } catch (e) {
    await shot(`failed-${name}`).catch(() => {});
    console.log(`step ${name} failed: ${e.stack || e}`);
    await browser.close();
    process.exit(1);
  }
  console.log(`step ${name}: ${Date.now() - t0} ms`);
};
const button = (name, scope = page) => scope.getByRole('button', { name, exact: true });
const dialog = () => page.getByRole('dialog');
const notice = (text) => page.locator('.notice', { hasText: text }).first().waitFor();
const nav = (name) => page.locator('nav.navigation').getByRole('link', { name, exact: true }).click();
const rows = () => page.locator('table tbody tr');
const rowTitles = async () => (await rows().locator('td:nth-child(2)').allInnerTexts()).map((t) => t.trim());
const go = (path) => page.goto(base + path);

async function signIn(user, pass) {
  await page.getByLabel('E-mail').fill(user);
  await page.getByLabel('Password').fill(pass);
  await button('Sign in').click();
}

// A 64×64 PNG made here, so nothing is downloaded.
function png(size) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const o = y * (size * 3 + 1) + 1 + x * 3; raw[o] = x * 4; raw[o + 1] = y * 4; raw[o + 2] = 200;
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

await step('login', async () => {
  // Time to first render: navigation start until the sign-in form is on screen (cold cache),
  // then again with the browser's cache (files revalidated, 304).
  await go('/admin');
  await page.getByLabel('E-mail').waitFor();
  report.first_render_ms = Math.round(await page.evaluate(() => performance.now()));
  await page.reload();
  await page.getByLabel('E-mail').waitFor();
  report.first_render_cached_ms = Math.round(await page.evaluate(() => performance.now()));
  await shot('login');
  await signIn(email, 'wrong-password');
  await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();
  await signIn(email, password);
  // First run: name the project.
  await page.locator('input[name=project_name]').fill('E2E Project');
  await button('Get started').click();
  await page.locator('.modules .logo', { hasText: 'E' }).waitFor();
});

async function createCollection(name) {
  await go('/admin/settings/data-model');
  await button('Create Collection').click();
  await dialog().locator('input[name=collection]').fill(name);
  await button('Create', dialog()).click();
  await page.getByRole('button', { name: 'Create Field', exact: true }).waitFor();
}

async function createField(spec) {
  await button('Create Field').click();
  const d = dialog();
  await d.locator('input[name=field]').fill(spec.field);
  await d.locator('select[name=type]').selectOption(spec.type);
  if (spec.related) await d.locator('select[name=related_collection]').selectOption(spec.related);
  if (spec.choices) await d.locator('textarea[name=choices]').fill(spec.choices);
  if (spec.required) await d.locator('input[name=required]').check();
  if (spec.width) await d.locator('select[name=width]').selectOption(spec.width);
  await button('Save Field', d).click();
  await d.waitFor({ state: 'detached' });
  await page.locator('main').getByText(spec.field, { exact: true }).first().waitFor();
}

await step('model', async () => {
  await createCollection('authors');
  await createField({ field: 'name', type: 'string', required: true });
  await createCollection('articles');
  await createField({ field: 'title', type: 'string', required: true });
  await createField({ field: 'body', type: 'markdown' });
  await createField({ field: 'views', type: 'integer', width: 'half' });
  await createField({ field: 'published', type: 'boolean', width: 'half' });
  await createField({ field: 'status', type: 'dropdown', choices: 'draft=Draft\nlive=Live' });
  await createField({ field: 'tags', type: 'tags' });
  await createField({ field: 'author', type: 'm2o', related: 'authors' });
  await createField({ field: 'cover', type: 'image' });
  await shot('fields');
  await go('/admin/settings/data-model');
  await page.locator('main').getByText('articles').first().waitFor();
  await shot('data-model');
});

async function createItem(collection, fill) {
  await go('/admin/content');
  await nav(collection);
  await page.getByRole('link', { name: 'Create Item' }).click();
  await fill();
  await button('Save').click();
  await notice('Item created');
}

await step('content', async () => {
  for (const name of ['Ann', 'Bob']) {
    await createItem('Authors', () => page.locator('input[name=name]').fill(name));
  }
  const article = async (title, views, published, author) => {
    await page.locator('input[name=title]').fill(title);
    await page.locator('textarea[name=body]').fill('# Heading\n\nSome **bold** text.');
    await page.locator('input[name=views]').fill(String(views));
    if (published) await page.locator('input[name=published]').check();
    await page.locator('select[name=status]').selectOption(published ? 'live' : 'draft');
    await page.locator('input[name=tags]').fill('news');
    await page.locator('input[name=tags]').press('Enter');
    if (author.startsWith('new:')) {
      // A new author, made in the dialog and created together with the article.
      author = author.slice(4);
      await page.locator('.m2o').getByRole('button', { name: 'Create New' }).click();
      await dialog().locator('input[name=name]').fill(author);
      await button('Add', dialog()).click();
    } else {
      await page.locator('button[name=author]').click();
      await dialog().getByRole('option', { name: new RegExp(author) }).click();
    }
    await page.locator('.m2o', { hasText: author }).waitFor();
  };
  await createItem('Articles', () => article('Hello world', 100, true, 'Ann'));
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('.md-preview strong', { hasText: 'bold' }).waitFor();
  await shot('item');
  await createItem('Articles', () => article('Draft notes', 3, false, 'Bob'));
  await createItem('Articles', () => article('Temporary', 7, false, 'new:Cleo'));

  // Edit through the table: open the row, change a field, save with the keyboard.
  await nav('Articles');
  await rows().filter({ hasText: 'Hello world' }).click();
  await page.locator('input[name=views]').fill('150');
  await page.keyboard.press('Control+s');
  await notice('Item saved');

  // Filter: views greater than 50 leaves one row.
  await nav('Articles');
  await rows().first().waitFor();
  await button('Filter').click();
  await button('Add Filter').click();
  await page.locator('select[name=filter_field]').selectOption('views');
  await page.locator('select[name=filter_operator]').selectOption('_gt');
  await page.locator('input[name=filter_value]').fill('50');
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
  if ((await rowTitles()).join() !== 'Hello world') throw new Error(`filtered rows: ${await rowTitles()}`);
  await shot('content');
  await page.locator('.filter-row').getByRole('button', { name: 'Remove filter' }).click();

  // Search, select, delete.
  await page.locator('input[name=search]').fill('Temporary');
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
  await rows().first().locator('input[type=checkbox]').check();
  await button('Delete 1').click();
  await button('Delete', dialog()).click();
  await notice('1 items deleted');
});

await step('files', async () => {
  await go('/admin/files');
  await page.locator('input[type=file][name=file]').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: png(64) });
  await notice('uploaded');
  const thumb = page.locator('.file-card img').first();
  await thumb.waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector('.file-card img');
    return img && img.complete && img.naturalWidth > 0;
  });
  await shot('files');

  // A folder: made, opened, renamed, deleted (what it held moves up).
  await button('New Folder').click();
  await dialog().locator('input[name=name]').fill('Photos');
  await button('Create', dialog()).click();
  // The image moves into it through its detail dialog...
  await page.locator('.file-card .file-open').first().click();
  await dialog().locator('select[name=folder]').selectOption({ label: 'Photos' });
  await button('Save', dialog()).click();
  await notice('File saved');
  await page.getByText('No files in this folder yet').waitFor();
  await page.locator('.folder-chip', { hasText: 'Photos' }).click();
  await page.locator('.file-card img').first().waitFor();
  await button('Rename Folder').click();
  await dialog().locator('input[name=name]').fill('Pictures');
  await button('Save', dialog()).click();
  await page.locator('h1', { hasText: 'Pictures' }).waitFor();
  await button('Delete Folder').click();
  await button('Delete', dialog()).click();
  await notice('Folder deleted');
  // ...and comes back up to the library's root when the folder is deleted.
  await page.locator('h1', { hasText: 'File Library' }).waitFor();
  await page.locator('.file-card img').first().waitFor();
});

await step('access', async () => {
  // A role whose policy reads only published articles (and the authors for their names).
  await go('/admin/settings/roles');
  await button('Create Role').click();
  await dialog().locator('input[name=name]').fill('Editors');
  await button('Create', dialog()).click();
  await button('Create Policy').click();
  await page.locator('input[name=policy_name]').fill('Published articles');
  await page.locator('input[name=policy_name]').press('Enter');
  await page.getByRole('link', { name: 'Published articles' }).waitFor();
  await shot('roles');
  await page.getByRole('link', { name: 'Published articles' }).click();
  await page.locator('table.matrix').waitFor();
  const cell = (label) => page.locator(`button.perm[aria-label^="${label}:"]`);
  await cell('authors read').click();
  await button('All Access').click();
  await page.locator('button.perm.all[aria-label^="authors read:"]').waitFor();
  await cell('articles read').click();
  await button('Use Custom').click();
  await dialog().locator('textarea[name=permissions]').fill('{"published":{"_eq":true}}');
  await button('Save Permission', dialog()).click();
  await page.locator('button.perm.custom[aria-label^="articles read:"]').waitFor();
  await shot('policy');

  // The role's user, made in the user directory.
  await go('/admin/users');
  await page.getByRole('link', { name: 'Create User' }).or(page.getByRole('button', { name: 'Create User' })).first().click();
  await page.locator('input[name=first_name]').fill('Eddie');
  await page.locator('input[name=email]').fill('editor@example.com');
  await page.locator('input[name=password]').fill('Editor-Pass-1');
  await page.locator('select[name=role]').selectOption({ label: 'Editors' });
  await button('Save').click();
  await notice('');
  await go('/admin/users');
  await rows().filter({ hasText: 'editor@example.com' }).waitFor();
  await shot('users');

  await go('/admin/settings/project');
  await page.locator('input[name=project_name]').waitFor();
  await shot('settings');
  await go('/admin/activity');
  await rows().first().waitFor();
  await shot('activity');

  // Sign out, sign in as the editor: only the published article is listed.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn('editor@example.com', 'Editor-Pass-1');
  await page.locator('nav.modules').getByRole('link', { name: 'Content' }).click();
  await nav('Articles');
  await rows().first().waitFor();
  report.editor_sees = await rowTitles();
  await shot('editor-content');
});

// Dark theme and German, on one page, to show both work.
await step('looks', async () => {
  await page.getByRole('button', { name: 'Toggle dark mode' }).click();
  await page.locator('select.lang').selectOption('de-DE');
  await page.locator('nav.navigation').waitFor();
  await shot('dark-german');
});

report.problems = problems;
await browser.close();
console.log(JSON.stringify(report));
if (problems.length) process.exit(1);
