//! Where configuration values come from (process environment over an optional `.env` file,
//! `*_FILE` secrets) and how Directus-style strings are cast: `15m`, `1mb`, `true`, CSV lists.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// A failure to read one variable; the message names it so startup can say what to fix.
#[derive(Debug, thiserror::Error)]
#[error("invalid value for {name}: {reason}")]
pub struct ConfigError {
    pub name: String,
    pub reason: String,
}

impl ConfigError {
    pub fn new(name: &str, reason: impl Into<String>) -> Self {
        ConfigError {
            name: name.to_string(),
            reason: reason.into(),
        }
    }
}

/// A snapshot of variables. Tests build one from a map; the binary from the real environment.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    pub fn from_map(vars: HashMap<String, String>) -> Self {
        Env { vars }
    }

    /// The process environment layered over `CONFIG_PATH` (default `.env`) when that file exists.
    pub fn from_process() -> Result<Self, ConfigError> {
        let process: HashMap<String, String> = std::env::vars().collect();
        let path = process
            .get("CONFIG_PATH")
            .cloned()
            .unwrap_or_else(|| ".env".into());
        let mut vars = HashMap::new();
        if Path::new(&path).is_file() {
            let iter = dotenvy::from_path_iter(&path)
                .map_err(|e| ConfigError::new("CONFIG_PATH", e.to_string()))?;
            for item in iter {
                let (k, v) = item.map_err(|e| ConfigError::new("CONFIG_PATH", e.to_string()))?;
                vars.insert(k, v);
            }
        }
        vars.extend(process);
        Ok(Env { vars })
    }

    /// The raw value; empty strings count as unset. `NAME_FILE=/path` provides `NAME` from the
    /// file's contents (Docker-style secrets), read when `NAME` itself is absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Loads `NAME` from `NAME_FILE` for every variable that has only the file form.
    pub fn resolve_file(&mut self, name: &str) -> Result<(), ConfigError> {
        if self.get(name).is_some() {
            return Ok(());
        }
        let file_var = format!("{name}_FILE");
        if let Some(path) = self.get(&file_var).map(str::to_string) {
            let content = std::fs::read_to_string(&path)
                .map_err(|e| ConfigError::new(&file_var, e.to_string()))?;
            self.vars
                .insert(name.to_string(), content.trim_end().to_string());
        }
        Ok(())
    }

    pub fn string(&self, name: &str, default: &str) -> String {
        self.get(name).unwrap_or(default).to_string()
    }

    pub fn opt_string(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_string)
    }

    pub fn bool(&self, name: &str, default: bool) -> Result<bool, ConfigError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => parse_bool(v).ok_or_else(|| {
                ConfigError::new(name, format!("expected true or false, got {v:?}"))
            }),
        }
    }

    pub fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, ConfigError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse()
                .map_err(|_| ConfigError::new(name, format!("expected a number, got {v:?}"))),
        }
    }

    /// A duration in the `ms` package's syntax (`15m`, `7d`, `10s`, `500` = milliseconds).
    pub fn duration(&self, name: &str, default: &str) -> Result<Duration, ConfigError> {
        let raw = self.get(name).unwrap_or(default);
        parse_duration(raw).ok_or_else(|| {
            ConfigError::new(
                name,
                format!("expected a duration like 15m or 7d, got {raw:?}"),
            )
        })
    }

    /// A byte size in the `bytes` package's syntax (`1mb`, `100kb`, `512` = bytes).
    pub fn size(&self, name: &str, default: &str) -> Result<usize, ConfigError> {
        let raw = self.get(name).unwrap_or(default);
        parse_size(raw)
            .ok_or_else(|| ConfigError::new(name, format!("expected a size like 1mb, got {raw:?}")))
    }

    /// A comma-separated list (an `array:` prefix is accepted and ignored).
    pub fn list(&self, name: &str, default: &str) -> Vec<String> {
        let raw = self.get(name).unwrap_or(default);
        let raw = raw.strip_prefix("array:").unwrap_or(raw);
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }
}

pub fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `"15m"` → `(15.0, "m")`: the leading number and the (lower-cased) unit after it.
fn number_and_unit(raw: &str) -> Option<(f64, String)> {
    let s = raw.trim().to_ascii_lowercase();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    Some((num.parse().ok()?, unit.trim().to_string()))
}

pub fn parse_duration(raw: &str) -> Option<Duration> {
    let (n, unit) = number_and_unit(raw)?;
    let ms_per_unit = match unit.as_str() {
        "" | "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => 1.0,
        "s" | "sec" | "secs" | "second" | "seconds" => 1e3,
        "m" | "min" | "mins" | "minute" | "minutes" => 60e3,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600e3,
        "d" | "day" | "days" => 86_400e3,
        "w" | "week" | "weeks" => 604_800e3,
        "y" | "yr" | "yrs" | "year" | "years" => 31_557_600e3,
        _ => return None,
    };
    Some(Duration::from_millis((n * ms_per_unit).round() as u64))
}

pub fn parse_size(raw: &str) -> Option<usize> {
    let (n, unit) = number_and_unit(raw)?;
    let factor = match unit.as_str() {
        "" | "b" => 1.0,
        "kb" => 1024.0,
        "mb" => 1024.0 * 1024.0,
        "gb" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((n * factor) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_the_ms_package() {
        assert_eq!(parse_duration("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration("7d"), Some(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse_duration("500"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5h"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("soon"), None);
    }

    #[test]
    fn sizes_follow_the_bytes_package() {
        assert_eq!(parse_size("1mb"), Some(1_048_576));
        assert_eq!(parse_size("100kb"), Some(102_400));
        assert_eq!(parse_size("42"), Some(42));
        assert_eq!(parse_size("big"), None);
    }

    #[test]
    fn invalid_values_name_the_variable() {
        let env = Env::from_map([("PORT".to_string(), "eighty".to_string())].into());
        let err = env.number::<u16>("PORT", 8050).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("invalid value for PORT: expected a number, got \"eighty\"")
        );
    }
}
