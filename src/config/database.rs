//! Where the store lives, from `--database-url`.

use std::path::PathBuf;

use super::ConfigError;

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// An SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL server, by its connection URL (`postgres://...` or `postgresql://...`).
    Postgres(String),
}

/// Reads a database URL: `sqlite:PATH` or `sqlite://PATH` for an SQLite file, `postgres://...`
/// or `postgresql://...` for a PostgreSQL server. Anything else is refused, naming the URL.
pub fn parse_database_url(url: &str) -> Result<Database, ConfigError> {
    let refused = || ConfigError::DatabaseUrl(url.to_owned());
    if let Some(server) = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
    {
        return match server {
            "" => Err(refused()),
            _ => Ok(Database::Postgres(url.to_owned())),
        };
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .filter(|p| !p.is_empty())
        .ok_or_else(refused)?;
    Ok(Database::Sqlite(PathBuf::from(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_a_file() {
        for (url, path) in [
            ("sqlite:/tmp/x.db", "/tmp/x.db"),
            ("sqlite://tmp/x.db", "tmp/x.db"),
            ("sqlite:///tmp/x.db", "/tmp/x.db"),
            ("sqlite:data/orderd.db", "data/orderd.db"),
        ] {
            assert_eq!(
                parse_database_url(url).unwrap(),
                Database::Sqlite(path.into()),
                "{url}"
            );
        }
    }

    #[test]
    fn postgres_urls_are_kept_whole() {
        for url in [
            "postgres://orderd:secret@db.example:5432/orderd",
            "postgresql://localhost/orderd?sslmode=disable",
            "postgres:///orderd",
        ] {
            assert_eq!(
                parse_database_url(url).unwrap(),
                Database::Postgres(url.into()),
                "{url}"
            );
        }
    }

    #[test]
    fn other_urls_are_refused_naming_the_url_and_the_accepted_forms() {
        for url in [
            "mysql://x",
            "",
            "sqlite:",
            "sqlite://",
            "postgres://",
            "postgresql://",
            "postgres:x",
            "/tmp/x.db",
            "POSTGRES://host/db",
        ] {
            let err = parse_database_url(url).unwrap_err();
            assert!(
                matches!(&err, ConfigError::DatabaseUrl(u) if u == url),
                "{url}"
            );
            let message = err.to_string();
            assert!(message.contains(&format!("{url:?}")), "{message}");
            for form in ["sqlite:PATH", "postgres://", "postgresql://"] {
                assert!(message.contains(form), "{message}");
            }
        }
    }
}
