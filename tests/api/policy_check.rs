//! `orderd policy check`, the binary as an operator runs it: the decision first, the statement
//! that decided next; exit status 0 allow, 1 deny, 2 a usage or configuration error.

use std::path::Path;
use std::process::{Command, Output};

const CONFIG: &str = r#"
[[accounts]]
domain_name = "acme"
domain_id = "dddddddddddddddddddddddddddddddd"
projects = [{ id = "dddddddddddddddddddddddddddddd01", region = "cn-north-4" }]
[[accounts.policies]]
name = "desktops-only"
file = "policies/desktops-only.json"
[[accounts.policies]]
name = "office-hours"
document = '''{"Version": "5.0", "Statement": [{"Sid": "NotFromOutside", "Effect": "Deny",
  "Action": "*:*:*", "Condition": {"NotIpAddress": {"g:SourceIp": "10.0.0.0/8"}}}]}'''
[[accounts.users]]
name = "ops"
policies = ["desktops-only", "office-hours"]
"#;

const DESKTOPS_ONLY: &str = r#"{"Version": "5.0", "Statement": [{"Sid": "Desktops",
  "Effect": "Allow", "Action": ["workspace:orders:create"], "Resource": ["*"],
  "Condition": {"StringEquals": {"workspace:CreateOrderType": ["createDesktops"]}}}]}"#;

fn write_config(dir: &Path, text: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("policies")).unwrap();
    std::fs::write(dir.join("policies/desktops-only.json"), DESKTOPS_ONLY).unwrap();
    let path = dir.join("orderd.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn check(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orderd"))
        .args(["policy", "check", "--config"])
        .arg(config)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("orderd runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn policy_check_prints_the_decision_and_what_decided_with_its_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), CONFIG);
    let desktops = [
        "--user",
        "ops",
        "--action",
        "workspace:orders:create",
        "--context",
        "workspace:CreateOrderType=createDesktops",
        "--context",
        "g:SourceIp=10.1.2.3",
    ];
    let allowed = check(&config, &desktops);
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
    let out = stdout(&allowed);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("allow"));
    assert_eq!(
        lines.next(),
        Some(
            "workspace:orders:create for user ops of account acme: allowed by Statement[0] \
             (\"Desktops\") of policy \"desktops-only\""
        )
    );
    assert!(
        out.contains("  workspace:CreateOrderType = createDesktops"),
        "{out}"
    );
    assert!(out.contains("  g:UserName = ops"), "{out}");

    let hosts = check(
        &config,
        &[
            "--user",
            "ops",
            "--action",
            "workspace:orders:create",
            "--context",
            "workspace:CreateOrderType=createExclusiveHosts",
            "--context",
            "g:SourceIp=10.1.2.3",
        ],
    );
    assert_eq!(hosts.status.code(), Some(1), "{}", stderr(&hosts));
    let out = stdout(&hosts);
    assert!(out.starts_with("deny\n"), "{out}");
    assert!(
        out.contains("no statement allows it (implicit deny)"),
        "{out}"
    );

    // From outside 10.0.0.0/8 (or with no address at all), the Deny decides.
    for address in [&["--context", "g:SourceIp=192.0.2.1"][..], &[]] {
        let mut args = desktops[..6].to_vec();
        args.extend_from_slice(address);
        let outside = check(&config, &args);
        assert_eq!(outside.status.code(), Some(1), "{}", stderr(&outside));
        let out = stdout(&outside);
        assert!(out.starts_with("deny\n"), "{out}");
        assert!(
            out.contains(
                "explicitly denied by Statement[0] (\"NotFromOutside\") of policy \"office-hours\""
            ),
            "{out}"
        );
    }
}

#[test]
fn policy_check_exits_2_on_usage_and_configuration_errors() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), CONFIG);
    let cases: &[(&[&str], &str)] = &[
        (
            &["--user", "nobody", "--action", "bss:order:view"],
            "no user \"nobody\"",
        ),
        (
            &["--user", "ops", "--action", "bss:order"],
            "is not an action",
        ),
        (&["--user", "ops"], "--action"),
        (
            &[
                "--user",
                "ops",
                "--action",
                "bss:order:view",
                "--context",
                "g:SourceIp",
            ],
            "use key=value",
        ),
    ];
    for (args, needle) in cases {
        let output = check(&config, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stdout(&output)
        );
        assert!(
            stderr(&output).contains(needle),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty(), "{args:?}: {}", stdout(&output));
    }
    let broken = write_config(dir.path(), &CONFIG.replace("NotIpAddress", "NotIpAdress"));
    let output = check(&broken, &["--user", "ops", "--action", "bss:order:view"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains(
            "policy \"office-hours\": inline document: Statement[0].Condition.NotIpAdress: \
             unknown operator"
        ),
        "{err}"
    );
    let missing = write_config(
        dir.path(),
        &CONFIG.replace("policies/desktops", "nowhere/desktops"),
    );
    let output = check(&missing, &["--user", "ops", "--action", "bss:order:view"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot read"),
        "{}",
        stderr(&output)
    );
}
