//! A short-lived cache of resolved accountabilities (token + client address → user, roles,
//! policies), so a burst of requests with one token costs one lookup. Writes through Strata that
//! change access clear it at once; changes made to the database behind Strata's back take
//! effect within the TTL (`STRATA_ACCOUNTABILITY_CACHE_TTL`, default 1 s, `0` disables).

use super::Accountability;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Bounds memory: past this many entries the cache starts afresh.
const MAX_ENTRIES: usize = 10_000;

type Key = (String, Option<IpAddr>);

pub struct AccountabilityCache {
    ttl: Duration,
    entries: Mutex<HashMap<Key, (Instant, Accountability)>>,
}

impl AccountabilityCache {
    pub fn new(ttl: Duration) -> Self {
        AccountabilityCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, token: &str, ip: Option<IpAddr>) -> Option<Accountability> {
        if self.ttl.is_zero() {
            return None;
        }
        let entries = self.entries.lock().ok()?;
        let (at, acc) = entries.get(&(token.to_string(), ip))?;
        (at.elapsed() < self.ttl).then(|| acc.clone())
    }

    pub fn put(&self, token: &str, ip: Option<IpAddr>, acc: &Accountability) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert((token.to_string(), ip), (Instant::now(), acc.clone()));
        }
    }

    /// Forgets everything (a session ended, a user or policy changed).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_clear() {
        let cache = AccountabilityCache::new(Duration::from_millis(50));
        let acc = Accountability {
            admin: true,
            ..Default::default()
        };
        cache.put("t", None, &acc);
        assert!(cache.get("t", None).is_some_and(|a| a.admin));
        assert!(
            cache.get("t", "10.0.0.1".parse().ok()).is_none(),
            "the address is part of the key"
        );
        std::thread::sleep(Duration::from_millis(60));
        assert!(cache.get("t", None).is_none());
        cache.put("t", None, &acc);
        cache.clear();
        assert!(cache.get("t", None).is_none());
        let off = AccountabilityCache::new(Duration::ZERO);
        off.put("t", None, &acc);
        assert!(off.get("t", None).is_none());
    }
}
