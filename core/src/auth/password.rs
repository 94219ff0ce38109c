//! Password hashing with argon2id (PHC strings, as node-argon2 writes them for Directus) and
//! verification of any argon2 PHC hash, including ones with an associated-data `data=` parameter.
//! Both run on the blocking pool: argon2 is deliberately slow.

use crate::error::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

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

pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(Error::internal)?
}

pub async fn verify(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify_blocking(&password, &hash))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
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
