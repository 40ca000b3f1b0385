//! What orderd refuses to start on: an SQLite file that is not a database, and, with
//! `--check-database`, one with a damaged page. These start orderd on its default SQLite file
//! whatever `ORDERD_TEST_BACKEND` says: the file is what they are about.

use std::path::Path;

use orderd::config::Settings;
use orderd::{Application, StartError};

use crate::helpers::serve_args;

/// orderd's settings on the data directory `dir` (its SQLite file there), with `flags`.
fn settings(dir: &Path, flags: &[&str]) -> Settings {
    let mut all = vec![
        "--listen".to_owned(),
        "127.0.0.1:0".to_owned(),
        "--data-dir".to_owned(),
        dir.display().to_string(),
    ];
    all.extend(flags.iter().map(|f| f.to_string()));
    Settings::load(&serve_args(&all)).expect("settings")
}

/// Why orderd did not start on `dir` with `flags`.
async fn refusal(dir: &Path, flags: &[&str]) -> String {
    match Application::build(settings(dir, flags)).await {
        Ok(_) => panic!("orderd started on {}", dir.display()),
        Err(err @ StartError::Store(_)) => err.to_string(),
        Err(other) => panic!("refused for another reason: {other}"),
    }
}

#[tokio::test]
async fn a_database_file_that_is_empty_or_not_sqlite_is_refused_naming_it() {
    let cases: [(&[u8], &str); 2] = [
        (b"", "is empty (0 bytes), not an orderd database"),
        (
            b"\x00\x01garbage bytes, not a database",
            "does not start with SQLite's header",
        ),
    ];
    for (content, needle) in cases {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("orderd.db");
        std::fs::write(&file, content).unwrap();
        let refused = refusal(dir.path(), &[]).await;
        assert!(refused.contains(&file.display().to_string()), "{refused}");
        assert!(refused.contains(needle), "{refused}");
        assert_eq!(std::fs::read(&file).unwrap(), content, "left untouched");
    }
}

#[tokio::test]
async fn check_database_refuses_a_file_with_a_damaged_page_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = Application::build(settings(dir.path(), &[]))
        .await
        .expect("a first start");
    app.run_until(async {}).await.unwrap();
    Application::build(settings(dir.path(), &["--check-database"]))
        .await
        .expect("a sound file passes the check")
        .run_until(async {})
        .await
        .unwrap();

    let file = dir.path().join("orderd.db");
    let mut bytes = std::fs::read(&file).unwrap();
    let page = 4096;
    let middle = bytes.len() / page / 2 * page;
    assert!(middle >= page, "page 1 (the schema) is left alone");
    bytes[middle..middle + page].fill(0x55);
    std::fs::write(&file, bytes).unwrap();
    let refused = refusal(dir.path(), &["--check-database"]).await;
    assert!(
        refused.contains(&format!("{} is damaged", file.display())),
        "{refused}"
    );
}
