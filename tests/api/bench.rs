//! `orderd-bench` against a real server, for a second or two: it sends what its mix says, every
//! request is accepted, and what it did not expect is reported. Counts only, never timings.

use clap::Parser;
use orderd::bench::{self, BenchArgs, Kind, Report};
use serde_json::Value;

use crate::helpers::{TestApp, status_and_json};

#[derive(Parser)]
struct Flags {
    #[command(flatten)]
    args: BenchArgs,
}

/// `orderd-bench --url <app> flags...`, parsed as the binary parses them.
fn bench_args(app: &TestApp, flags: &[&str]) -> BenchArgs {
    let url = app.url("");
    let all = ["orderd-bench", "--url", url.as_str()];
    Flags::try_parse_from(all.into_iter().chain(flags.iter().copied()))
        .unwrap_or_else(|e| panic!("{flags:?}: {e}"))
        .args
}

fn requests_of(report: &Report, kind: Kind) -> u64 {
    let found = report.kinds.iter().find(|k| k.kind == kind);
    found.map_or(0, |k| k.requests)
}

#[tokio::test]
async fn bench_sends_every_kind_of_its_mix_and_every_answer_is_the_expected_one() {
    let app = TestApp::spawn().await;
    let before = app.order_count().await;
    let flags = [
        "--connections",
        "4",
        "--requests",
        "240",
        "--prefill",
        "20",
        "--balance",
        "1000000000.00",
        "--mix",
        "dsc=1,workspace=1,ies=1,detail=1,list=1,pay=1",
    ];
    let report = bench::run(&bench_args(&app, &flags)).await.expect("a run");
    assert!(report.all_expected(), "{report}");
    assert_eq!(report.requests, 240, "{report}");
    let by_kind: u64 = report.kinds.iter().map(|k| k.requests).sum();
    assert_eq!(by_kind, 240, "{report}");
    for kind in Kind::ALL {
        assert!(requests_of(&report, kind) > 0, "no {kind} sent: {report}");
    }
    let prefill = report.prefill.as_ref().expect("a prefill");
    assert_eq!((prefill.requested, prefill.placed), (20, 20), "{report}");
    let creates: u64 = [Kind::Dsc, Kind::Workspace, Kind::Ies]
        .into_iter()
        .map(|k| requests_of(&report, k))
        .sum();
    assert_eq!(app.order_count().await - before, 20 + creates, "{report}");
    // Every pay paid an order of this run: completed orders are exactly the pays.
    let (status, paid) =
        status_and_json(app.get("/v2/orders/customer-orders?status=5&limit=1").await).await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(
        paid["total_count"],
        requests_of(&report, Kind::Pay),
        "{report}"
    );
    let server = report
        .server
        .as_ref()
        .expect("the server found by its port");
    assert_eq!(
        server.pid,
        std::process::id(),
        "the test's own process serves"
    );
    assert!(server.rss_bytes > 0, "{report}");
}

#[tokio::test]
async fn bench_reports_each_answer_it_did_not_expect_by_kind_and_status() {
    let app = TestApp::spawn().await;
    let flags = [
        "-c",
        "2",
        "-n",
        "40",
        "--balance",
        "0",
        "--mix",
        "dsc=1,pay=1",
    ];
    let report = bench::run(&bench_args(&app, &flags)).await.expect("a run");
    let pays = requests_of(&report, Kind::Pay);
    assert!(pays > 0, "{report}");
    assert!(!report.all_expected());
    assert_eq!(report.unexpected.len(), 1, "{report}");
    let refused = &report.unexpected[0];
    assert_eq!((refused.kind, refused.status), (Kind::Pay, Some(400)));
    assert_eq!(refused.count, pays, "every pay finds no balance");
    assert!(
        refused.first_bodies[0].contains("CBC.99005003"),
        "{:?}",
        refused.first_bodies
    );
    assert!(
        report.to_string().contains("UNEXPECTED pay 400"),
        "{report}"
    );
}

#[tokio::test]
async fn bench_refuses_a_mix_whose_pays_would_find_no_order() {
    let app = TestApp::spawn().await;
    let err = bench::run(&bench_args(&app, &["--mix", "list=1,pay=1"]))
        .await
        .expect_err("no create kind to place orders to pay");
    assert!(
        err.to_string()
            .contains("pay pays the orders this run places"),
        "{err}"
    );
}

/// The fields `bench/README.md` documents for `--json`.
const REPORT_FIELDS: [&str; 18] = [
    "url",
    "connections",
    "mix",
    "duration_seconds",
    "request_count",
    "started_at",
    "balance_set",
    "prefill",
    "elapsed_seconds",
    "requests",
    "throughput",
    "latency",
    "kinds",
    "unexpected",
    "substituted_creates",
    "connects",
    "server",
    "server_not_measured",
];
const LATENCY_FIELDS: [&str; 6] = [
    "p50_us", "p90_us", "p99_us", "p99_9_us", "max_us", "mean_us",
];

#[tokio::test]
async fn the_bench_binary_runs_for_a_duration_and_writes_its_report_as_json() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let pid = std::process::id().to_string();
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_orderd-bench"))
        .args(["--url", &app.url(""), "-c", "2", "--duration", "1s"])
        .args(["--mix", "dsc=3,list=1", "--server-pid", &pid, "--json"])
        .arg(&json)
        .output()
        .await
        .expect("orderd-bench runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("every answer was the expected one"),
        "{stdout}"
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    for field in REPORT_FIELDS {
        assert!(report.get(field).is_some(), "{field} missing: {report}");
    }
    for field in LATENCY_FIELDS {
        assert!(report["latency"][field].is_u64(), "{field}: {report}");
        assert!(
            report["kinds"][0]["latency"][field].is_u64(),
            "{field}: {report}"
        );
    }
    assert_eq!(report["duration_seconds"], 1.0);
    assert_eq!(report["mix"], "dsc=3,list=1");
    assert!(report["requests"].as_u64().unwrap() > 0, "{report}");
    assert_eq!(report["unexpected"], Value::Array(vec![]));
    let kinds: Vec<&str> = report["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["dsc", "list"]);
    assert_eq!(report["server"]["pid"], std::process::id());
    for field in [
        "cpu_seconds",
        "cpu_us_per_request",
        "rss_bytes",
        "peak_rss_bytes",
    ] {
        assert!(report["server"][field].is_number(), "{field}: {report}");
    }
}
