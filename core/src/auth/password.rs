//! Password hashing with argon2id (PHC strings, as node-argon2 writes them for Directus) and
//! verification of any argon2 PHC hash, including ones with an associated-data `data=` parameter.
//! Both run on the blocking pool: argon2 is deliberately slow.

use crate::error::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// Directus's `HASH_*` defaults: argon2id, 4 MiB, 10 passes, 1 lane, 32-byte output.
const MEMORY_COST_KIB: u32 = 4096;
const TIME_COST: u32 = 10;
const PARALLELISM: u32 = 1;
const HASH_LENGTH: usize = 32;

fn hasher() -> Result<Argon2<'static>> {
    let params = Params::new(MEMORY_COST_KIB, TIME_COST, PARALLELISM, Some(HASH_LENGTH))
        .map_err(Error::internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_blocking(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Ok(hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(Error::internal)?
        .to_string())
}

/// False for a wrong password and for anything that is not an argon2 PHC string.
pub fn verify_blocking(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// At most one argon2 computation per core at a time: a burst of logins queues here instead
/// of starving the blocking pool and everything else on the machine.
fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        Semaphore::new(
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
        )
    })
}

async fn on_blocking_pool<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    let _permit = permits().acquire().await.map_err(Error::internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(Error::internal)
}

pub async fn hash(password: String) -> Result<String> {
    on_blocking_pool(move || hash_blocking(&password)).await?
}

/// Verifies against `hash`, or (when there is no account) against a dummy hash and fails, in
/// the same time.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    on_blocking_pool(move || match hash {
        Some(hash) => verify_blocking(&password, &hash),
        None => {
            verify_blocking(&password, &dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// A real hash of nothing in particular, verified when an account does not exist so that the
/// answer takes as long as for one that does.
fn dummy_hash() -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| hash_blocking("strata-dummy-password").unwrap_or_default())
        .clone()
}

/// Whether `candidate` matches a Directus password policy: a JavaScript regex literal
/// (`/pattern/flags`, lookarounds allowed) or a bare pattern. An unreadable policy rejects
/// nothing but is logged.
pub fn satisfies_policy(policy: Option<&str>, candidate: &str) -> bool {
    let Some(policy) = policy.map(str::trim).filter(|p| !p.is_empty()) else {
        return true;
    };
    let (pattern, flags) = match policy
        .strip_prefix('/')
        .and_then(|rest| rest.rsplit_once('/'))
    {
        Some((pattern, flags)) => (pattern, flags),
        None => (policy, ""),
    };
    let pattern = if flags.contains('i') {
        format!("(?i){pattern}")
    } else {
        pattern.to_string()
    };
    match fancy_regex::Regex::new(&pattern) {
        Ok(re) => re.is_match(candidate).unwrap_or(false),
        Err(e) => {
            tracing::warn!(error = %e, "auth_password_policy is not a valid regular expression; ignored");
            true
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn password_policies_are_javascript_regex_literals() {
        assert!(super::satisfies_policy(None, "x"));
        assert!(super::satisfies_policy(Some("/^.{8,}$/"), "long enough"));
        assert!(!super::satisfies_policy(Some("/^.{8,}$/"), "short"));
        // Directus's "strong" preset uses lookaheads.
        let strong =
            r"/(?=^.{8,}$)(?=.*\d)(?=.*[A-Z])(?=.*[a-z])(?=.*[!@#$%^&*()_+}{';'?>.<,])(?!.*\s).*$/";
        assert!(super::satisfies_policy(Some(strong), "Abcdef1!x"));
        assert!(!super::satisfies_policy(Some(strong), "abcdefgh"));
    }

    use super::*;

    #[test]
    fn round_trip_and_wrong_password() {
        let h = hash_blocking("correct horse").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=4096,t=10,p=1$"), "{h}");
        assert!(verify_blocking("correct horse", &h));
        assert!(!verify_blocking("wrong horse", &h));
        assert!(!verify_blocking("x", "not-a-hash"));
    }

    #[test]
    fn verifies_hashes_with_associated_data() {
        // A PHC string carrying `data=` (argon2 associated data), built here with the same
        // library so the test does not depend on an external fixture.
        let params = argon2::ParamsBuilder::new()
            .m_cost(4096)
            .t_cost(3)
            .p_cost(1)
            .data(argon2::AssociatedData::new(b"directus").expect("ad"))
            .build()
            .expect("params");
        let a = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let h = a
            .hash_password(b"password", &salt)
            .expect("hash")
            .to_string();
        assert!(h.contains("data="), "{h}");
        assert!(verify_blocking("password", &h));
        assert!(!verify_blocking("Password", &h));
    }
}
