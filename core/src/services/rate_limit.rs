//! `RATE_LIMITER_*`: at most `points` requests per key (the client's IP) per `duration`
//! window, counted in this process or in Redis, so several servers share one limit.

use crate::config::RateLimiterConfig;
use crate::error::Error;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One fixed window per key: INCR, and the window's expiry set by its first request.
const REDIS_WINDOW: &str = "local n = redis.call('INCR', KEYS[1]) \
    if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end \
    return {n, redis.call('PTTL', KEYS[1])}";

enum Store {
    Memory(Mutex<HashMap<String, (u32, Instant)>>),
    Redis(redis::aio::ConnectionManager),
}

pub struct RateLimiter {
    pub points: u32,
    duration: Duration,
    prefix: String,
    store: Store,
}

impl RateLimiter {
    /// `None` when rate limiting is off; an error when the Redis store cannot be reached.
    pub async fn from_config(cfg: &RateLimiterConfig) -> Result<Option<Arc<RateLimiter>>, Error> {
        if !cfg.enabled {
            return Ok(None);
        }
        let store = match &cfg.redis {
            None => Store::Memory(Mutex::new(HashMap::new())),
            Some(url) => {
                let unavailable = |e: redis::RedisError| {
                    Error::service_unavailable("redis", &format!("rate limiter store: {e}"))
                };
                let client = redis::Client::open(url.0.as_str()).map_err(unavailable)?;
                Store::Redis(client.get_connection_manager().await.map_err(unavailable)?)
            }
        };
        Ok(Some(Arc::new(RateLimiter {
            points: cfg.points,
            duration: cfg.duration,
            prefix: cfg.key_prefix.clone(),
            store,
        })))
    }

    /// Counts one request for `key`; `Err(wait)` when it is past the limit.
    pub async fn consume(&self, key: &str) -> Result<(), Duration> {
        let (count, left) = match &self.store {
            Store::Memory(windows) => {
                let now = Instant::now();
                let Ok(mut windows) = windows.lock() else {
                    return Ok(());
                };
                if windows.len() > 100_000 {
                    windows.retain(|_, (_, end)| *end > now);
                }
                let window = windows
                    .entry(key.to_string())
                    .or_insert((0, now + self.duration));
                if window.1 <= now {
                    *window = (0, now + self.duration);
                }
                window.0 += 1;
                (window.0, window.1 - now)
            }
            Store::Redis(conn) => {
                let mut conn = conn.clone();
                let result: redis::RedisResult<(u32, i64)> = redis::Script::new(REDIS_WINDOW)
                    .key(format!("{}:{key}", self.prefix))
                    .arg(self.duration.as_millis() as u64)
                    .invoke_async(&mut conn)
                    .await;
                match result {
                    Ok((n, ttl)) => (n, Duration::from_millis(ttl.max(0) as u64)),
                    Err(e) => {
                        // An unreachable store must not take the API down with it.
                        tracing::warn!(error = %e, "rate limiter store unavailable");
                        return Ok(());
                    }
                }
            }
        };
        if count > self.points {
            Err(left)
        } else {
            Ok(())
        }
    }
}
