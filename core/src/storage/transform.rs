//! Image transforms for `/assets` (`width`, `height`, `fit`, `quality`, `withoutEnlargement`,
//! `format`, system preset keys, a few `transforms` operations), run with decoding limits so
//! that huge headers, truncated files and decompression bombs fail cleanly instead of
//! exhausting memory.

use crate::error::{Error, ErrorCode, Result};
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use serde_json::Value;
use std::collections::HashMap;
use std::io::Cursor;

/// Bytes a decoded image may take (an 6000×6000 RGBA image is 144 MB).
const MAX_ALLOC: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Cover,
    Contain,
    Inside,
    Outside,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Tiff,
}

impl Format {
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Tiff => "image/tiff",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Tiff => "tiff",
        }
    }

    fn of_mime(mime: &str) -> Option<Format> {
        match mime {
            "image/jpeg" | "image/jpg" => Some(Format::Jpeg),
            "image/png" => Some(Format::Png),
            "image/webp" => Some(Format::Webp),
            "image/tiff" => Some(Format::Tiff),
            _ => None,
        }
    }
}

/// What a request asks of an image.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub fit: Option<Fit>,
    pub quality: Option<u8>,
    pub without_enlargement: bool,
    pub format: Option<Format>,
    /// `transforms`: `[["rotate", 90], ["blur", 2], ...]`.
    pub operations: Vec<(String, Vec<Value>)>,
}

fn illegal(msg: impl Into<String>) -> Error {
    Error::with_message(ErrorCode::IllegalAssetTransformation, msg.into())
}

impl Params {
    /// From the query (`accept` picks the format for `format=auto`); `max_operations` bounds
    /// `transforms`.
    pub fn from_query(
        q: &HashMap<String, String>,
        accept: &str,
        max_operations: usize,
    ) -> Result<Params> {
        let mut p = Params::default();
        if let Some(key) = q.get("key") {
            let (fit, size) = match key.as_str() {
                "system-small-cover" => (Fit::Cover, 64),
                "system-small-contain" => (Fit::Contain, 64),
                "system-medium-cover" => (Fit::Cover, 300),
                "system-medium-contain" => (Fit::Contain, 300),
                "system-large-cover" => (Fit::Cover, 800),
                "system-large-contain" => (Fit::Contain, 800),
                other => {
                    return Err(Error::invalid_query(format!(
                        "Key \"{other}\" isn't configured"
                    )));
                }
            };
            p.fit = Some(fit);
            p.width = Some(size);
            p.height = Some(size);
            return Ok(p);
        }
        let number = |k: &str| -> Result<Option<u32>> {
            q.get(k)
                .map(|v| {
                    v.parse::<u32>()
                        .map_err(|_| Error::invalid_query(format!("\"{k}\" must be a number")))
                })
                .transpose()
        };
        p.width = number("width")?.filter(|w| *w > 0);
        p.height = number("height")?.filter(|h| *h > 0);
        p.quality = match number("quality")? {
            Some(q) if (1..=100).contains(&q) => Some(q as u8),
            Some(_) => {
                return Err(Error::invalid_query(
                    "\"quality\" must be between 1 and 100",
                ));
            }
            None => None,
        };
        p.fit = match q.get("fit").map(String::as_str) {
            None => None,
            Some("cover") => Some(Fit::Cover),
            Some("contain") => Some(Fit::Contain),
            Some("inside") => Some(Fit::Inside),
            Some("outside") => Some(Fit::Outside),
            Some(_) => {
                return Err(Error::invalid_query(
                    "\"fit\" must be one of [cover, contain, inside, outside]",
                ));
            }
        };
        p.without_enlargement = q
            .get("withoutEnlargement")
            .is_some_and(|v| v.is_empty() || v == "true");
        p.format = match q.get("format").map(String::as_str) {
            None => None,
            Some("jpg" | "jpeg") => Some(Format::Jpeg),
            Some("png") => Some(Format::Png),
            Some("webp") => Some(Format::Webp),
            Some("tiff") => Some(Format::Tiff),
            Some("auto") => accept.contains("image/webp").then_some(Format::Webp),
            Some("avif") => return Err(illegal("AVIF output is not supported yet")),
            Some(_) => {
                return Err(Error::invalid_query(
                    "\"format\" must be one of [jpg, jpeg, png, webp, tiff, avif, auto]",
                ));
            }
        };
        if let Some(raw) = q.get("transforms") {
            let ops: Vec<Vec<Value>> = serde_json::from_str(raw).map_err(|_| {
                Error::invalid_query("\"transforms\" must be a JSON array of arrays")
            })?;
            if ops.len() > max_operations {
                return Err(illegal(format!(
                    "\"transforms\" can't have more than {max_operations} operations"
                )));
            }
            for mut op in ops {
                let name = match op.first().and_then(Value::as_str) {
                    Some(n) => n.to_string(),
                    None => return Err(Error::invalid_query("Each transform needs a name")),
                };
                op.remove(0);
                p.operations.push((name, op));
            }
        }
        Ok(p)
    }

    pub fn is_empty(&self) -> bool {
        *self == Params::default()
    }

    /// A name for the derived image of these parameters.
    pub fn cache_name(&self, format: Format) -> String {
        use sha2::Digest;
        let text = format!("{self:?}");
        let hash = sha2::Sha256::digest(text.as_bytes());
        let hex: String = hash.iter().take(12).map(|b| format!("{b:02x}")).collect();
        format!("{hex}.{}", format.extension())
    }

    /// The format of the result for a source of type `mime` (`None`: not transformable).
    pub fn output(&self, mime: &str) -> Option<Format> {
        let source = Format::of_mime(mime)?;
        Some(self.format.unwrap_or(source))
    }
}

fn reader(bytes: &[u8], max_dimension: u32) -> Result<ImageReader<Cursor<&[u8]>>> {
    let mut r = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| illegal(format!("Unreadable image: {e}")))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(max_dimension);
    limits.max_image_height = Some(max_dimension);
    limits.max_alloc = Some(MAX_ALLOC);
    r.limits(limits);
    Ok(r)
}

/// Width and height from the header alone (no decoding), for the file's metadata.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut r = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    // Only the header is read: the decoding limits do not apply to it.
    r.no_limits();
    r.into_dimensions().ok()
}

/// The transformed image and its MIME type.
pub fn apply(bytes: &[u8], format: Format, p: &Params, max_dimension: u32) -> Result<Vec<u8>> {
    let (w, h) = reader(bytes, max_dimension)?
        .into_dimensions()
        .map_err(|_| {
            illegal(format!(
                "Image is too large to be transformed, or image size couldn't be determined (the limit is {max_dimension}px)"
            ))
        })?;
    if w > max_dimension || h > max_dimension {
        return Err(illegal("Image is too large to be transformed"));
    }
    // The JPEG decoder fills a cut-off image with grey; a file without its end marker is
    // refused instead.
    if image::guess_format(bytes).ok() == Some(ImageFormat::Jpeg)
        && !bytes.windows(2).any(|w| w == [0xFF, 0xD9])
    {
        return Err(illegal("The image is truncated"));
    }
    let img = reader(bytes, max_dimension)?
        .decode()
        .map_err(|e| illegal(format!("The image can't be transformed: {e}")))?;
    let img = operations(resize(img, p), &p.operations)?;
    encode(&img, format, p.quality.unwrap_or(80))
}

fn resize(img: DynamicImage, p: &Params) -> DynamicImage {
    let (iw, ih) = (img.width(), img.height());
    let (w, h) = match (p.width, p.height) {
        (None, None) => return img,
        (Some(w), None) => (
            w,
            ((ih as f64) * w as f64 / iw as f64).round().max(1.0) as u32,
        ),
        (None, Some(h)) => (
            ((iw as f64) * h as f64 / ih as f64).round().max(1.0) as u32,
            h,
        ),
        (Some(w), Some(h)) => (w, h),
    };
    let (w, h) = if p.without_enlargement && (w > iw || h > ih) {
        let s = f64::min(iw as f64 / w as f64, ih as f64 / h as f64).min(1.0);
        (
            ((w as f64) * s).round().max(1.0) as u32,
            ((h as f64) * s).round().max(1.0) as u32,
        )
    } else {
        (w, h)
    };
    let filter = FilterType::Lanczos3;
    // Far larger than asked: a fast box-filter step first, Lanczos for the last factor of two.
    let img = {
        let (tw, th) = (w.saturating_mul(2), h.saturating_mul(2));
        if iw > tw.saturating_mul(2) && ih > th.saturating_mul(2) {
            let s = f64::max(tw as f64 / iw as f64, th as f64 / ih as f64);
            img.thumbnail_exact(
                ((iw as f64) * s).round().max(1.0) as u32,
                ((ih as f64) * s).round().max(1.0) as u32,
            )
        } else {
            img
        }
    };
    let (iw, ih) = (img.width(), img.height());
    match p.fit.unwrap_or(Fit::Cover) {
        Fit::Cover => img.resize_to_fill(w, h, filter),
        Fit::Inside => img.resize(w, h, filter),
        Fit::Contain => {
            let inner = img.resize(w, h, filter).to_rgba8();
            let mut canvas = image::RgbaImage::from_pixel(w, h, image::Rgba([0, 0, 0, 0]));
            let x = (w - inner.width()) / 2;
            let y = (h - inner.height()) / 2;
            image::imageops::overlay(&mut canvas, &inner, x.into(), y.into());
            DynamicImage::ImageRgba8(canvas)
        }
        Fit::Outside => {
            let s = f64::max(w as f64 / iw as f64, h as f64 / ih as f64);
            img.resize_exact(
                ((iw as f64) * s).round().max(1.0) as u32,
                ((ih as f64) * s).round().max(1.0) as u32,
                filter,
            )
        }
    }
}

fn operations(mut img: DynamicImage, ops: &[(String, Vec<Value>)]) -> Result<DynamicImage> {
    for (name, args) in ops {
        let arg = |i: usize| args.get(i).and_then(Value::as_f64);
        img = match name.as_str() {
            "rotate" => match arg(0).map(|a| (a.rem_euclid(360.0)) as u32) {
                Some(90) => img.rotate90(),
                Some(180) => img.rotate180(),
                Some(270) => img.rotate270(),
                Some(0) | None => img,
                Some(_) => return Err(illegal("\"rotate\" takes multiples of 90 degrees")),
            },
            "flip" => img.flipv(),
            "flop" => img.fliph(),
            "blur" => img.blur(arg(0).unwrap_or(1.0).clamp(0.3, 100.0) as f32),
            "greyscale" | "grayscale" => img.grayscale(),
            "negate" => {
                img.invert();
                img
            }
            "toFormat" | "jpeg" | "png" | "webp" | "tiff" | "resize" => img,
            other => {
                return Err(illegal(format!("Transform \"{other}\" is not supported")));
            }
        };
    }
    Ok(img)
}

fn encode(img: &DynamicImage, format: Format, quality: u8) -> Result<Vec<u8>> {
    let failed = |e: image::ImageError| Error::internal(format!("encoding the image: {e}"));
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            rgb.write_with_encoder(enc).map_err(failed)?;
        }
        Format::Png => img
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map_err(failed)?,
        Format::Tiff => img
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Tiff)
            .map_err(failed)?,
        Format::Webp => {
            let rgba = img.to_rgba8();
            let enc = webp::Encoder::from_rgba(rgba.as_raw(), rgba.width(), rgba.height());
            out = enc.encode(quality as f32).to_vec();
        }
    }
    Ok(out)
}
