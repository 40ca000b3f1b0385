//! `orderd-bench`: loads an orderd with AK/SK-signed requests and reports what it measured.
//! Exit status: 0 when every answer was the expected one, 1 when some were not (they are listed),
//! 2 when the run could not be made.

use std::process::ExitCode;

use clap::Parser;
use orderd::bench::{self, BenchArgs, Stop};

/// Load an orderd with SDK-signed requests (the demo account's root key) and report throughput,
/// latency percentiles, unexpected answers and the server's CPU per request and resident set.
#[derive(Debug, Parser)]
#[command(name = "orderd-bench", version, about)]
struct Cli {
    #[command(flatten)]
    args: BenchArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Cli::parse().args;
    let limit = match args.stop() {
        Stop::After(d) => humantime::format_duration(d).to_string(),
        Stop::Count(n) => format!("{n} requests"),
    };
    // The pre-fill can take minutes and prints nothing until the report: say what is under way.
    eprintln!(
        "orderd-bench: {}{} connections, {limit}, mix {}",
        match args.prefill {
            0 => String::new(),
            n => format!("pre-filling {n} DSC orders, then "),
        },
        args.connections,
        args.mix
    );
    let report = match bench::run(&args).await {
        Ok(report) => report,
        Err(e) => {
            eprintln!("orderd-bench: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{report}");
    if let Some(path) = &args.json
        && let Err(e) = report.write_json(path)
    {
        eprintln!("orderd-bench: {e}");
        return ExitCode::from(2);
    }
    if report.all_expected() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
