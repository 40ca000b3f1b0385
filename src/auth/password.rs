//! Passwords, kept only as Argon2 PHC strings (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`).

use std::cell::RefCell;

use argon2::password_hash::{Output, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::RngCore;

thread_local! {
    /// The Argon2 working memory of this thread's checks (19 MiB with the default parameters),
    /// kept and reused: allocating it anew for every check leaves the allocator's per-thread
    /// arenas holding hundreds of megabytes after a burst of logins.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// A password hash in PHC form, checked to parse when it is made.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordDigest(String);

/// A string that is not an Argon2 PHC hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an Argon2 PHC hash string (make one with `orderd hash-password`): {0}")]
pub struct InvalidDigest(String);

impl std::fmt::Debug for PasswordDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordDigest([redacted])")
    }
}

impl PasswordDigest {
    /// Checks that `phc` is an Argon2 PHC string.
    pub fn parse(phc: &str) -> Result<PasswordDigest, InvalidDigest> {
        let parsed = PasswordHash::new(phc).map_err(|e| InvalidDigest(e.to_string()))?;
        if !parsed.algorithm.as_str().starts_with("argon2") {
            return Err(InvalidDigest(format!(
                "algorithm {} is not argon2",
                parsed.algorithm
            )));
        }
        Ok(PasswordDigest(phc.to_owned()))
    }

    /// Hashes `password` with Argon2id, the default parameters and a fresh salt.
    pub fn hash(password: &str) -> PasswordDigest {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).expect("16 bytes are a valid salt");
        let phc = Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .expect("default Argon2 parameters hash any password")
            .to_string();
        PasswordDigest(phc)
    }

    /// True when `password` is the one this digest was made from. The comparison takes the
    /// same time whatever the password.
    pub fn verify(&self, password: &str) -> bool {
        let parsed = PasswordHash::new(&self.0).expect("checked when parsed");
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return false;
        };
        let algorithm = Algorithm::try_from(parsed.algorithm);
        let version = parsed.version.map(Version::try_from).transpose();
        let params = Params::try_from(&parsed).and_then(|p| {
            Params::new(p.m_cost(), p.t_cost(), p.p_cost(), Some(expected.len()))
                .map_err(Into::into)
        });
        let mut salt_bytes = [0u8; 64];
        let (Ok(algorithm), Ok(version), Ok(params), Ok(salt)) =
            (algorithm, version, params, salt.decode_b64(&mut salt_bytes))
        else {
            return false;
        };
        let blocks = params.block_count();
        let argon2 = Argon2::new(algorithm, version.unwrap_or_default(), params);
        let mut out = vec![0u8; expected.len()];
        let hashed = BLOCKS.with(|memory| {
            let mut memory = memory.borrow_mut();
            if memory.len() < blocks {
                memory.resize(blocks, Block::default());
            }
            argon2
                .hash_password_into_with_memory(
                    password.as_bytes(),
                    salt,
                    &mut out,
                    &mut memory[..blocks],
                )
                .is_ok()
        });
        hashed && Output::new(&out).is_ok_and(|got| got == expected)
    }

    /// The PHC string.
    pub fn as_phc(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let digest = PasswordDigest::hash("s3cret");
        assert!(digest.verify("s3cret"));
        assert!(!digest.verify("s3cret "));
        assert!(!digest.verify(""));
        let again = PasswordDigest::parse(digest.as_phc()).unwrap();
        assert!(again.verify("s3cret"));
        assert!(!format!("{again:?}").contains("argon2"));
    }

    #[test]
    fn only_argon2_phc_strings_are_accepted() {
        assert!(PasswordDigest::parse("plain-password").is_err());
        assert!(PasswordDigest::parse("$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA").is_err());
    }
}
