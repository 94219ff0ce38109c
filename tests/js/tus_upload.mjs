// Uploads a file with tus-js-client in chunks, aborts once half of it is sent, then resumes
// from the server's offset with a new Upload on the same URL. Prints one JSON line:
// {"url", "offset_at_abort", "length"}.
// Usage: node tus_upload.mjs <endpoint> <access token> <file> <chunk size>
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Upload } from 'tus-js-client';

const [endpoint, token, file, chunk] = process.argv.slice(2);
const data = readFileSync(file);
const options = {
  endpoint,
  chunkSize: Number(chunk),
  retryDelays: [],
  headers: { Authorization: `Bearer ${token}` },
  metadata: { filename_download: basename(file), type: 'image/jpeg', title: 'Resumed' },
};
const fail = (e) => { console.error(String(e)); process.exit(1); };

const first = await new Promise((resolve) => {
  const up = new Upload(data, {
    ...options,
    onError: fail,
    onSuccess: () => fail('the first upload should have been interrupted'),
    onChunkComplete: (_, sent, total) => {
      if (sent >= total / 2) {
        up.abort(false).then(() => resolve({ url: up.url, sent }));
      }
    },
  });
  up.start();
});

// What the server holds now: the resumed upload continues from there.
const head = await fetch(new URL(first.url, endpoint), {
  method: 'HEAD',
  headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` },
});
const offset = Number(head.headers.get('upload-offset'));

await new Promise((resolve) => {
  const up = new Upload(data, { ...options, uploadUrl: first.url, onError: fail, onSuccess: resolve });
  up.start();
});
console.log(JSON.stringify({ url: first.url, offset_at_abort: offset, length: data.length }));
