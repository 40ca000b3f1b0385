//! Name rules of cloud desktops: desktop names, computer names, user names and pool names.

/// A name that breaks a rule; the text says which.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NameError(pub String);

fn length(name: &str, min: usize, max: usize, what: &str) -> Result<usize, NameError> {
    let len = name.chars().count();
    if (min..=max).contains(&len) {
        Ok(len)
    } else {
        Err(NameError(format!(
            "must be {min} to {max} characters{what}, got {len}"
        )))
    }
}

/// `desktop_name`: the desktop's name (1–15 characters) when `size` is 1, the prefix of every
/// desktop's name (1–13 characters) when it is larger.
pub fn desktop_name(name: &str, size: u32) -> Result<(), NameError> {
    if size > 1 {
        length(name, 1, 13, " as a name prefix when size is above 1").map(drop)
    } else {
        length(name, 1, 15, "").map(drop)
    }
}

/// The two documented computer-name rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComputerNameRule {
    /// Creating desktops: letters, digits and `-`; starts with a letter or digit.
    Create,
    /// Assigning desktops: letters, digits, `-` and `_`; starts with a letter.
    Attach,
}

type CharRule = fn(char) -> bool;

/// `computer_name`: 1–15 characters, never ending with `-`.
pub fn computer_name(name: &str, rule: ComputerNameRule) -> Result<(), NameError> {
    length(name, 1, 15, "")?;
    let (allowed, first_ok): (CharRule, CharRule) = match rule {
        ComputerNameRule::Create => (
            |c| c.is_ascii_alphanumeric() || c == '-',
            |c| c.is_ascii_alphanumeric(),
        ),
        ComputerNameRule::Attach => (
            |c| c.is_ascii_alphanumeric() || c == '-' || c == '_',
            |c| c.is_ascii_alphabetic(),
        ),
    };
    if let Some(c) = name.chars().find(|&c| !allowed(c)) {
        let set = match rule {
            ComputerNameRule::Create => "letters, digits and -",
            ComputerNameRule::Attach => "letters, digits, - and _",
        };
        return Err(NameError(format!("may hold only {set}, found {c:?}")));
    }
    if !name.chars().next().is_some_and(first_ok) {
        return Err(NameError(match rule {
            ComputerNameRule::Create => "must start with a letter or digit".into(),
            ComputerNameRule::Attach => "must start with a letter".into(),
        }));
    }
    if name.ends_with('-') {
        return Err(NameError("must not end with -".into()));
    }
    Ok(())
}

/// The kind of directory a tenant's Workspace users live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectoryType {
    /// `LITE_AD`: names start with a letter, 1–20 characters.
    LiteAd,
    /// `LOCAL_AD`: names start with a letter or digit, 1–32 characters (1–64 where a list of
    /// users is assigned to one multi-user desktop).
    LocalAd,
}

/// The operating system family of a desktop, which caps user names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesktopOs {
    /// Windows: at most 20 characters.
    Windows,
    /// Linux: at most the directory's limit (32 or 64).
    Linux,
}

/// `user_name` of a desktop user: letters, digits, `-` and `_`, with the directory's first
/// character and length rule, capped by the OS. `local_ad_max` is 32 for `desktops[]` and 64 for
/// `attach_user_infos[]`.
pub fn user_name(
    name: &str,
    directory: DirectoryType,
    os: DesktopOs,
    local_ad_max: usize,
) -> Result<(), NameError> {
    let (dir_max, first_ok, first_rule): (usize, CharRule, &str) = match directory {
        DirectoryType::LiteAd => (20, |c| c.is_ascii_alphabetic(), "a letter (LITE_AD)"),
        DirectoryType::LocalAd => (
            local_ad_max,
            |c| c.is_ascii_alphanumeric(),
            "a letter or digit (LOCAL_AD)",
        ),
    };
    let (max, why) = match os {
        DesktopOs::Windows if dir_max > 20 => (20, " for a Windows desktop"),
        _ => (
            dir_max,
            match directory {
                DirectoryType::LiteAd => " in a LITE_AD domain",
                DirectoryType::LocalAd => " in a LOCAL_AD domain",
            },
        ),
    };
    length(name, 1, max, why)?;
    if let Some(c) = name
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        return Err(NameError(format!(
            "may hold only letters, digits, - and _, found {c:?}"
        )));
    }
    if !name.chars().next().is_some_and(first_ok) {
        return Err(NameError(format!("must start with {first_rule}")));
    }
    Ok(())
}

/// A desktop pool's `name`: 1–255 letters, digits and `-`.
///
/// The seed states 1–255; the API definition caps it at 64. The seed is the contract where it
/// states a rule, so orderd keeps 255.
pub fn pool_name(name: &str) -> Result<(), NameError> {
    length(name, 1, 255, "")?;
    match name
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-'))
    {
        Some(c) => Err(NameError(format!(
            "may hold only letters, digits and -, found {c:?}"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn desktop_names_are_shorter_as_prefixes() {
        assert!(desktop_name(&"d".repeat(15), 1).is_ok());
        assert!(desktop_name(&"d".repeat(14), 2).is_err());
        assert!(desktop_name(&"d".repeat(13), 2).is_ok());
        assert!(desktop_name("", 1).is_err());
    }

    #[test]
    fn computer_names_follow_the_create_and_attach_rules() {
        use ComputerNameRule::*;
        assert!(computer_name("1pc-a", Create).is_ok());
        assert!(computer_name("1pc", Attach).is_err());
        assert!(computer_name("pc_a", Create).is_err());
        assert!(computer_name("pc_a", Attach).is_ok());
        assert!(computer_name("pc-", Create).is_err());
        assert!(computer_name(&"p".repeat(16), Create).is_err());
    }

    #[test]
    fn user_names_depend_on_directory_and_os() {
        use DesktopOs::*;
        use DirectoryType::*;
        assert!(user_name("test", LiteAd, Linux, 32).is_ok());
        assert!(user_name("1test", LiteAd, Linux, 32).is_err());
        assert!(user_name("1test", LocalAd, Linux, 32).is_ok());
        assert!(user_name(&"u".repeat(21), LiteAd, Linux, 32).is_err());
        assert!(user_name(&"u".repeat(32), LocalAd, Linux, 32).is_ok());
        assert!(user_name(&"u".repeat(21), LocalAd, Windows, 32).is_err());
        assert!(user_name(&"u".repeat(64), LocalAd, Linux, 64).is_ok());
        assert!(user_name("a b", LocalAd, Linux, 32).is_err());
    }

    #[test]
    fn pool_names_are_letters_digits_and_hyphens() {
        assert!(pool_name("pool-1").is_ok());
        assert!(pool_name("pool_1").is_err());
        assert!(pool_name(&"p".repeat(256)).is_err());
    }

    proptest! {
        #[test]
        fn lite_ad_names_of_valid_characters_pass_exactly_when_short_enough(name in "[a-zA-Z][a-zA-Z0-9_-]{0,30}") {
            let ok = name.len() <= 20;
            prop_assert_eq!(user_name(&name, DirectoryType::LiteAd, DesktopOs::Linux, 32).is_ok(), ok);
        }
    }
}
