//! `/files` and `/assets` (spec §12) on local storage and on S3 (a moto server the test
//! starts): upload, every fit, format and quality of the transforms (the results decoded),
//! cached derivatives, byte ranges, replacement, delete — and hostile images answered with a
//! clean 4xx while the server keeps serving.

use image::{DynamicImage, ImageFormat, RgbImage};
use reqwest::multipart::{Form, Part};
use std::io::Cursor;
use strata_tests::*;

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .expect("jpeg");
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_pixel(w, h, image::Rgb([10, 200, 30]));
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("png");
    out
}

/// A PNG whose header claims `w`×`h` but whose data ends at once.
fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    let mut v = png(1, 1);
    v[16..20].copy_from_slice(&w.to_be_bytes());
    v[20..24].copy_from_slice(&h.to_be_bytes());
    // IHDR: type and data at 12..29, its CRC after.
    let crc = crc32fast::hash(&v[12..29]);
    v[29..33].copy_from_slice(&crc.to_be_bytes());
    v
}

/// A decompression bomb: a PNG of `side`×`side` black grey pixels whose zlib data encodes the
/// zero bytes as back-references (a few MB of file for hundreds of MB of pixels).
fn bomb_png(side: u32) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, len: u32) {
            self.acc |= u64::from(value) << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A fixed-Huffman code, written most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            let reversed = (0..len).fold(0, |r, i| (r << 1) | ((code >> i) & 1));
            self.put(reversed, len);
        }
    }
    let raw = u64::from(side) * (u64::from(side) + 1);
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman
    bits.code(0x30, 8); // literal 0
    let mut left = raw - 1;
    while left >= 258 {
        bits.code(0b1100_0101, 8); // length 258
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    let mut zlib = bits.out;
    zlib.extend_from_slice(&((((raw % 65521) as u32) << 16) | 1).to_be_bytes());
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        c.extend_from_slice(&crc.finalize().to_be_bytes());
        c
    };
    let mut ihdr = side.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit grey
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", &zlib));
    png.extend(chunk(b"IEND", &[]));
    png
}

async fn upload(s: &TestServer, token: &str, name: &str, mime: &str, bytes: Vec<u8>) -> Value {
    let form = Form::new().text("title", "Photo").part(
        "file",
        Part::bytes(bytes)
            .file_name(name.to_string())
            .mime_str(mime)
            .expect("mime"),
    );
    let r = s
        .send(
            s.request(reqwest::Method::POST, "/files")
                .bearer_auth(token)
                .multipart(form),
        )
        .await;
    data(&r, 200)
}

/// GET as raw bytes (status, body).
async fn get_bytes(
    s: &TestServer,
    token: Option<&str>,
    path: &str,
    range: Option<&str>,
) -> (u16, Vec<u8>, reqwest::header::HeaderMap) {
    let mut rb = reqwest::Client::new().get(s.url(path));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(r) = range {
        rb = rb.header("range", r);
    }
    let resp = rb.send().await.expect("request");
    let (status, headers) = (resp.status().as_u16(), resp.headers().clone());
    (status, resp.bytes().await.expect("body").to_vec(), headers)
}

fn decoded(bytes: &[u8]) -> (ImageFormat, u32, u32) {
    let format = image::guess_format(bytes).expect("an image");
    let img = image::load_from_memory(bytes).expect("decodes");
    (format, img.width(), img.height())
}

/// The whole file life cycle on the server's storage.
async fn life_cycle(s: &TestServer) {
    let token = s.admin_login().await;
    let t = Some(token.as_str());
    let original = jpeg(400, 300);
    let row = upload(
        s,
        &token,
        "holiday_photo.jpg",
        "image/jpeg",
        original.clone(),
    )
    .await;
    let id = row["id"].as_str().expect("id").to_string();
    assert_eq!(
        (
            row["type"].clone(),
            row["width"].clone(),
            row["height"].clone()
        ),
        (json!("image/jpeg"), json!(400), json!(300))
    );
    // A bigInteger: a string on PostgreSQL, as Directus answers it there.
    assert_eq!(
        row["filesize"].to_string().trim_matches('"'),
        original.len().to_string()
    );
    assert_eq!(
        (row["title"].clone(), row["filename_download"].clone()),
        (json!("Photo"), json!("holiday_photo.jpg"))
    );
    assert_eq!(row["filename_disk"], format!("{id}.jpg"));

    // The bytes as stored, whole and in ranges.
    let (status, body, headers) = get_bytes(s, t, &format!("/assets/{id}"), None).await;
    assert_eq!((status, body == original), (200, true));
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["accept-ranges"], "bytes");
    assert!(headers.contains_key("etag") && headers.contains_key("last-modified"));
    let (status, body, headers) =
        get_bytes(s, t, &format!("/assets/{id}"), Some("bytes=0-9")).await;
    assert_eq!((status, body.as_slice()), (206, &original[..10]));
    assert_eq!(
        headers["content-range"],
        format!("bytes 0-9/{}", original.len())
    );
    let (status, body, _) = get_bytes(s, t, &format!("/assets/{id}"), Some("bytes=-5")).await;
    assert_eq!(
        (status, body.as_slice()),
        (206, &original[original.len() - 5..])
    );
    let past = format!("bytes={}-", original.len());
    assert_eq!(
        get_bytes(s, t, &format!("/assets/{id}"), Some(&past))
            .await
            .0,
        416
    );

    // Every fit, format and quality, decoded.
    for (fit, w, h) in [
        ("cover", 100, 100),
        ("contain", 100, 100),
        ("inside", 100, 75),
        ("outside", 133, 100),
    ] {
        let (status, body, _) = get_bytes(
            s,
            t,
            &format!("/assets/{id}?width=100&height=100&fit={fit}"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{fit}");
        assert_eq!(decoded(&body), (ImageFormat::Jpeg, w, h), "{fit}");
    }
    for (name, format) in [
        ("jpg", ImageFormat::Jpeg),
        ("png", ImageFormat::Png),
        ("webp", ImageFormat::WebP),
        ("tiff", ImageFormat::Tiff),
    ] {
        let (status, body, headers) =
            get_bytes(s, t, &format!("/assets/{id}?width=80&format={name}"), None).await;
        assert_eq!(status, 200, "{name}");
        assert_eq!(decoded(&body), (format, 80, 60), "{name}");
        assert_eq!(headers["content-type"], format.to_mime_type(), "{name}");
    }
    let size = |q: u32| {
        let path = format!("/assets/{id}?width=300&quality={q}");
        async move { get_bytes(s, t, &path, None).await.1.len() }
    };
    assert!(
        size(10).await * 2 < size(95).await,
        "quality changes the size"
    );
    let (_, webp_low, _) =
        get_bytes(s, t, &format!("/assets/{id}?format=webp&quality=5"), None).await;
    let (_, webp_high, _) =
        get_bytes(s, t, &format!("/assets/{id}?format=webp&quality=95"), None).await;
    assert!(webp_low.len() < webp_high.len(), "webp quality applies");
    let (_, body, _) = get_bytes(
        s,
        t,
        &format!("/assets/{id}?width=800&withoutEnlargement"),
        None,
    )
    .await;
    assert_eq!(decoded(&body).1, 400);
    let (_, body, _) = get_bytes(s, t, &format!("/assets/{id}?key=system-small-cover"), None).await;
    assert_eq!(decoded(&body), (ImageFormat::Jpeg, 64, 64));
    let (_, body, _) = get_bytes(
        s,
        t,
        &format!(
            "/assets/{id}?transforms={}",
            fixtures::enc(r#"[["rotate",90]]"#)
        ),
        None,
    )
    .await;
    assert_eq!(decoded(&body), (ImageFormat::Jpeg, 300, 400));
    // Made once: the same request answers the same bytes from storage.
    let again = get_bytes(
        s,
        t,
        &format!("/assets/{id}?width=100&height=100&fit=cover"),
        None,
    )
    .await
    .1;
    assert_eq!(
        again,
        get_bytes(
            s,
            t,
            &format!("/assets/{id}?width=100&height=100&fit=cover"),
            None
        )
        .await
        .1
    );
    assert_error(
        &s.get(&format!("/assets/{id}?key=nope"), t).await,
        400,
        "INVALID_QUERY",
    );
    assert_error(
        &s.get(&format!("/assets/{id}"), None).await,
        403,
        "FORBIDDEN",
    );

    // Replaced: new bytes, new metadata, no stale derivative.
    let replacement = png(50, 40);
    let form = Form::new().part(
        "file",
        Part::bytes(replacement.clone())
            .file_name("new.png")
            .mime_str("image/png")
            .expect("mime"),
    );
    let r = s
        .send(
            s.request(reqwest::Method::PATCH, &format!("/files/{id}"))
                .bearer_auth(&token)
                .multipart(form),
        )
        .await;
    let row = data(&r, 200);
    assert_eq!(
        (row["type"].clone(), row["width"].clone()),
        (json!("image/png"), json!(50))
    );
    assert_eq!(
        get_bytes(s, t, &format!("/assets/{id}"), None).await.1,
        replacement
    );
    let (_, body, _) = get_bytes(
        s,
        t,
        &format!("/assets/{id}?width=100&height=100&fit=cover"),
        None,
    )
    .await;
    assert_eq!(decoded(&body), (ImageFormat::Png, 100, 100));

    // Imported from a URL (here the asset itself, with its token), with row fields.
    let url = s.url(&format!("/assets/{id}?access_token={token}"));
    let r = s
        .post(
            "/files/import",
            &json!({"url": url, "data": {"title": "Imported"}}),
            t,
        )
        .await;
    let imported = data(&r, 200);
    assert_eq!(
        (imported["title"].clone(), imported["type"].clone()),
        (json!("Imported"), json!("image/png"))
    );
    let copy = imported["id"].as_str().expect("id").to_string();
    assert_eq!(
        get_bytes(s, t, &format!("/assets/{copy}"), None).await.1,
        replacement
    );
    let r = s
        .send(
            s.request(reqwest::Method::DELETE, &format!("/files/{copy}"))
                .bearer_auth(&token),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.describe());

    // Deleted: the row and the bytes.
    let r = s
        .send(
            s.request(reqwest::Method::DELETE, &format!("/files/{id}"))
                .bearer_auth(&token),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.describe());
    assert_error(&s.get(&format!("/assets/{id}"), t).await, 403, "FORBIDDEN");
    assert_error(&s.get(&format!("/files/{id}"), t).await, 403, "FORBIDDEN");
}

#[tokio::test]
async fn files_on_local_storage() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        life_cycle(&s).await;
        let left: Vec<_> = std::fs::read_dir(s.db.path().join("uploads"))
            .expect("uploads folder")
            .flatten()
            .filter(|e| e.path().is_file())
            .collect();
        assert!(left.is_empty(), "deleted files leave nothing: {left:?}");
    })
    .await;
}

#[tokio::test]
async fn files_on_s3() {
    let moto = strata_tests::s3::S3Server::start().await;
    let env = moto.env("s3");
    let s = TestServer::start_env(Db::Sqlite, env).await;
    life_cycle(&s).await;
    assert_eq!(
        moto.object_count().await,
        0,
        "deleted files leave nothing in the bucket"
    );
}

#[tokio::test]
async fn hostile_images_get_a_clean_4xx() {
    // The dimension limit is raised so that the bomb meets the memory limit instead.
    let s = TestServer::start_env(
        Db::Sqlite,
        [("ASSETS_TRANSFORM_IMAGE_MAX_DIMENSION", "30000")],
    )
    .await;
    let token = s.admin_login().await;
    let t = Some(token.as_str());
    let huge = upload(
        &s,
        &token,
        "huge.png",
        "image/png",
        png_header_only(50_000, 50_000),
    )
    .await;
    assert_eq!(
        (huge["width"].clone(), huge["height"].clone()),
        (json!(50000), json!(50000))
    );
    let truncated = jpeg(600, 400);
    let truncated = truncated[..truncated.len() / 2].to_vec();
    let cut = upload(&s, &token, "cut.jpg", "image/jpeg", truncated).await;
    let bomb_bytes = bomb_png(20_000);
    assert!(
        bomb_bytes.len() < 4 << 20,
        "a small file: {}",
        bomb_bytes.len()
    );
    let bomb = upload(&s, &token, "bomb.png", "image/png", bomb_bytes).await;
    assert_eq!(bomb["width"], 20000);
    for (file, why) in [
        (&huge, "too large"),
        (&cut, "truncated"),
        (&bomb, "Memory limit"),
    ] {
        let id = file["id"].as_str().expect("id");
        let r = s.get(&format!("/assets/{id}?width=100"), t).await;
        let e = assert_error(&r, 400, "ILLEGAL_ASSET_TRANSFORMATION");
        assert!(
            e["message"].as_str().is_some_and(|m| m.contains(why)),
            "{why}: {e}"
        );
    }
    // Uploads lift the body limit for multipart only: JSON keeps MAX_PAYLOAD_SIZE (1 MB).
    let big = json!({"storage": "local", "filename_download": "x", "title": "x".repeat(2 << 20)});
    assert_error(&s.post("/files", &big, t).await, 400, "INVALID_PAYLOAD");
    assert_eq!(s.get("/server/ping", None).await.status, 200);
    let peak =
        std::fs::read_to_string(format!("/proc/{}/status", s.pid().expect("pid"))).expect("status");
    let kib: u64 = peak
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .expect("VmHWM");
    assert!(kib < 200 * 1024, "peak memory stays bounded: {kib} KiB");
}

#[tokio::test]
async fn an_interrupted_tus_upload_resumes_with_the_exact_bytes() {
    for_each_db(|db| async move {
        let s =
            TestServer::start_env(db, [("TUS_ENABLED", "true"), ("TUS_CHUNK_SIZE", "64kb")]).await;
        let token = s.admin_login().await;
        let bytes = jpeg(1200, 900);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.jpg");
        std::fs::write(&path, &bytes).expect("write");
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("js/tus_upload.mjs");
        let out = tokio::process::Command::new("node")
            .arg(script)
            .args([
                &s.url("/files/tus"),
                &token,
                path.to_string_lossy().as_ref(),
                "65536",
            ])
            .output()
            .await
            .expect("node runs tus-js-client");
        assert!(
            out.status.success(),
            "tus client: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).expect("JSON line");
        let offset = report["offset_at_abort"].as_u64().expect("offset");
        assert!(
            offset > 0 && offset < bytes.len() as u64,
            "interrupted half-way: {report}"
        );
        let id = report["url"]
            .as_str()
            .and_then(|u| u.rsplit('/').next())
            .expect("upload id")
            .to_string();
        let (status, body, _) = get_bytes(&s, Some(&token), &format!("/assets/{id}"), None).await;
        assert_eq!((status, body == bytes), (200, true), "the exact bytes");
        let row = data(
            &s.get(
                &format!("/files/{id}?fields=title,type,width"),
                Some(&token),
            )
            .await,
            200,
        );
        assert_eq!(
            row,
            json!({"title": "Resumed", "type": "image/jpeg", "width": 1200})
        );

        // The protocol's refusals.
        let tus = |m: reqwest::Method, path: &str| s.request(m, path).bearer_auth(&token);
        let r = s
            .send(tus(reqwest::Method::POST, "/files/tus").header("upload-length", "10"))
            .await;
        assert_eq!(r.status, 412, "no Tus-Resumable: {}", r.describe());
        let r = s
            .send(
                tus(reqwest::Method::POST, "/files/tus")
                    .header("tus-resumable", "1.0.0")
                    .header("upload-length", "10")
                    .header("upload-metadata", "filename_download YS50eHQ="),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.describe());
        let at = r.header("location").expect("location");
        let r = s
            .send(
                tus(reqwest::Method::PATCH, &at)
                    .header("tus-resumable", "1.0.0")
                    .header("upload-offset", "5")
                    .header("content-type", "application/offset+octet-stream")
                    .body(vec![0u8; 5]),
            )
            .await;
        assert_eq!(r.status, 409, "{}", r.describe());
        let r = s
            .send(
                tus(
                    reqwest::Method::HEAD,
                    &format!("/files/tus/{}", uuid::Uuid::new_v4()),
                )
                .header("tus-resumable", "1.0.0"),
            )
            .await;
        assert_eq!(r.status, 404);
        let r = s.send(tus(reqwest::Method::OPTIONS, "/files/tus")).await;
        assert_eq!(r.header("tus-version").as_deref(), Some("1.0.0"));
    })
    .await;
}
