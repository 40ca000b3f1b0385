//! The database the HTTP tests run orderd on, chosen by `ORDERD_TEST_BACKEND`: `sqlite` (the
//! default: orderd's own file in the test's data directory) or `postgres` (a schema of its own in
//! the server at `ORDERD_TEST_DATABASE_URL`, dropped when the test is done with it).

use std::time::Duration;

use tokio_postgres::{Client, Config, NoTls};

/// The PostgreSQL server tests use when `ORDERD_TEST_DATABASE_URL` is not set.
const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// How long to wait for PostgreSQL to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long dropping a schema may take in all before the test gives up on it.
const DROP_TIMEOUT: Duration = Duration::from_secs(30);

/// Where one orderd and its restarts keep their data.
pub struct TestDatabase {
    schema: Option<Schema>,
}

impl TestDatabase {
    /// A database for the backend `ORDERD_TEST_BACKEND` names. Panics, naming the URL, when that
    /// is PostgreSQL and it cannot be reached.
    pub async fn create() -> TestDatabase {
        let backend = std::env::var("ORDERD_TEST_BACKEND").unwrap_or_default();
        let schema = match backend.as_str() {
            "" | "sqlite" => None,
            "postgres" => {
                let server = std::env::var("ORDERD_TEST_DATABASE_URL")
                    .unwrap_or_else(|_| DEFAULT_URL.to_owned());
                Some(Schema::create(server).await)
            }
            other => panic!("ORDERD_TEST_BACKEND must be sqlite or postgres, got {other:?}"),
        };
        TestDatabase { schema }
    }

    /// The `--database-url` to start orderd with: `None` for its default SQLite file in the data
    /// directory, else the PostgreSQL URL with the test's schema as the search path.
    pub fn url(&self) -> Option<&str> {
        self.schema.as_ref().map(|schema| schema.url.as_str())
    }
}

/// A lock a test holds on orderd's database that keeps orderd from committing a write:
/// SQLite's write lock on the file, or PostgreSQL's lock on the health probe's table.
pub enum WritesHeld {
    Sqlite(rusqlite::Connection),
    Postgres(Client),
}

impl TestDatabase {
    /// Takes a lock that keeps orderd, with its data in `data_dir`, from committing a write,
    /// until [`WritesHeld::release`].
    pub async fn hold_writes(&self, data_dir: &std::path::Path) -> WritesHeld {
        match &self.schema {
            None => {
                let conn = rusqlite::Connection::open(data_dir.join("orderd.db")).unwrap();
                conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
                WritesHeld::Sqlite(conn)
            }
            Some(schema) => {
                let client = connect(&schema.url).await.unwrap();
                client
                    .batch_execute("BEGIN; LOCK TABLE health_probe IN ACCESS EXCLUSIVE MODE")
                    .await
                    .unwrap();
                WritesHeld::Postgres(client)
            }
        }
    }
}

impl WritesHeld {
    /// Lets orderd write again.
    pub async fn release(self) {
        match self {
            WritesHeld::Sqlite(conn) => conn.execute_batch("ROLLBACK").unwrap(),
            WritesHeld::Postgres(client) => client.batch_execute("ROLLBACK").await.unwrap(),
        }
    }
}

/// A schema created for one test in the server at `server`, dropped with this value.
struct Schema {
    server: String,
    name: String,
    url: String,
}

impl Schema {
    async fn create(server: String) -> Schema {
        assert!(
            server.starts_with("postgres://") || server.starts_with("postgresql://"),
            "ORDERD_TEST_DATABASE_URL must be a postgres:// URL, got {server:?}"
        );
        let name = format!("orderd_test_{:016x}", rand::random::<u64>());
        let client = connect(&server).await.unwrap_or_else(|e| {
            panic!("ORDERD_TEST_BACKEND=postgres, but PostgreSQL at {server} is unreachable: {e}")
        });
        client
            .batch_execute(&format!("CREATE SCHEMA \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("CREATE SCHEMA {name} in {server}: {}", causes(&e)));
        let url = with_search_path(&server, &name);
        Schema { server, name, url }
    }
}

impl Drop for Schema {
    /// Drops the schema from a thread of its own: `Drop` cannot await, and the test's runtime may
    /// be the one blocked here. Bounded by the connect, lock and overall timeouts.
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                tokio::time::timeout(DROP_TIMEOUT, drop_schema(&server, &name))
                    .await
                    .map_err(|_| format!("no answer within {DROP_TIMEOUT:?}"))?
            })
        })
        .join()
        .unwrap_or_else(|_| Err("the dropping thread panicked".to_owned()));
        if let Err(e) = dropped {
            let message = format!("schema {} left in {}: {e}", self.name, self.server);
            if std::thread::panicking() {
                eprintln!("{message}");
            } else {
                panic!("{message}");
            }
        }
    }
}

/// A client of the PostgreSQL server at `url`, its connection driven on the current runtime.
/// Gives up after `CONNECT_TIMEOUT`, handshake included.
async fn connect(url: &str) -> Result<Client, String> {
    let mut config: Config = url.parse().map_err(|e| format!("bad URL: {e}"))?;
    config.connect_timeout(CONNECT_TIMEOUT);
    let (client, connection) = tokio::time::timeout(CONNECT_TIMEOUT, config.connect(NoTls))
        .await
        .map_err(|_| format!("no answer within {CONNECT_TIMEOUT:?}"))?
        .map_err(|e| causes(&e))?;
    tokio::spawn(connection);
    Ok(client)
}

/// `error` and each of its sources, joined by `: `.
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// Ends the sessions of the orderd that used the schema (named by their `application_name`:
/// a server the test left running, or one whose runtime is blocked here with a transaction
/// open), then drops the schema.
async fn drop_schema(server: &str, name: &str) -> Result<(), String> {
    let client = connect(server).await?;
    client
        .batch_execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE application_name = '{name}' AND pid <> pg_backend_pid(); \
             SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS \"{name}\" CASCADE"
        ))
        .await
        .map_err(|e| causes(&e))
}

/// `url` with the libpq query parameters that make `schema` the connection's search path and
/// its application name (by which its sessions are found when the schema is dropped).
fn with_search_path(url: &str, schema: &str) -> String {
    let separator = match url.rfind('?') {
        None => "?",
        Some(_) if url.ends_with(['?', '&']) => "",
        Some(_) => "&",
    };
    format!("{url}{separator}options=-csearch_path%3D{schema}&application_name={schema}")
}

#[test]
fn the_search_path_is_one_more_query_parameter_of_the_url() {
    let cases = [
        (
            "postgres://h/db",
            "postgres://h/db?options=-csearch_path%3Ds&application_name=s",
        ),
        (
            "postgres://h/db?sslmode=disable",
            "postgres://h/db?sslmode=disable&options=-csearch_path%3Ds&application_name=s",
        ),
        (
            "postgres://h/db?",
            "postgres://h/db?options=-csearch_path%3Ds&application_name=s",
        ),
        (
            "postgres://h/db?a=1&",
            "postgres://h/db?a=1&options=-csearch_path%3Ds&application_name=s",
        ),
    ];
    for (url, expected) in cases {
        assert_eq!(with_search_path(url, "s"), expected, "case {url}");
    }
}

#[tokio::test]
async fn the_test_database_is_the_default_sqlite_file_or_a_postgres_schema_dropped_after_use() {
    let database = TestDatabase::create().await;
    let Some(schema) = &database.schema else {
        assert_eq!(database.url(), None, "SQLite: orderd's default file");
        return;
    };
    let (server, name) = (schema.server.clone(), schema.name.clone());
    let client = connect(&schema.url).await.expect("orderd's URL connects");
    let row = client.query_one("SHOW search_path", &[]).await.unwrap();
    assert_eq!(row.get::<_, String>(0), name, "the search path");
    let row = client
        .query_one("SHOW application_name", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), name, "the application name");
    drop(client);
    drop(database);
    let client = connect(&server).await.expect("the server connects");
    let row = client
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = $1",
            &[&name],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 0, "{name} dropped");
}
