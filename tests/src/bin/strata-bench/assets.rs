//! Transform throughput: a 2000×1500 JPEG turned into a 400 px wide WebP — cold (every request a
//! new transform: distinct heights with `fit=inside` give the same 400×300 output under new
//! cache names) and cached (one parameter set, served from storage).

use super::{drive, report, wrk};
use std::io::Cursor;
use strata_tests::{Db, TestServer};

const AUTH: &str = "Bearer bench-token";

async fn upload(server: &TestServer) -> Option<String> {
    let img = image::RgbImage::from_fn(2000, 1500, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 256) as u8])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .ok()?;
    let part = reqwest::multipart::Part::bytes(jpeg)
        .file_name("photo.jpg")
        .mime_str("image/jpeg")
        .ok()?;
    let form = reqwest::multipart::Form::new().part("file", part);
    let resp = reqwest::Client::new()
        .post(server.url("/files"))
        .header("authorization", AUTH)
        .multipart(form)
        .send()
        .await
        .ok()?;
    let body: serde_json::Value = resp.json().await.ok()?;
    body["data"]["id"].as_str().map(str::to_string)
}

pub async fn run(server: &TestServer, db: Db, seconds: u64, connections: usize, use_wrk: bool) {
    let Some(id) = upload(server).await else {
        eprintln!("{db}: could not upload the benchmark image");
        return;
    };
    let base = server.url(&format!("/assets/{id}"));
    let cold_base = base.clone();
    let o = drive(server, seconds, connections, move |c, n| {
        let url = format!(
            "{cold_base}?width=400&height={}&fit=inside&format=webp",
            300 + n
        );
        c.get(url).header("authorization", AUTH)
    })
    .await;
    report(db, "transform 2000×1500 JPEG → 400 px WebP (cold)", &o);
    let cached = format!("{base}?width=400&format=webp");
    let o = match use_wrk {
        true => wrk::drive(server, seconds, connections, &cached, false).await,
        false => None,
    };
    let o = match o {
        Some(o) => o,
        None => {
            drive(server, seconds, connections, move |c, _| {
                c.get(&cached).header("authorization", AUTH)
            })
            .await
        }
    };
    report(db, "transform 2000×1500 JPEG → 400 px WebP (cached)", &o);
}
