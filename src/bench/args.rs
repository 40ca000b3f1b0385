//! `orderd-bench`'s command line.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::TypedValueParser as _;

use super::mix::Mix;
use super::run::Stop;
use crate::config::demo;

/// How long a run lasts when neither `--duration` nor `--requests` is given.
const DEFAULT_DURATION: Duration = Duration::from_secs(10);

/// What to load the server with. Requests are signed as the demo account's root user.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// orderd's base URL.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Concurrent keep-alive connections, each sending its next request when the last is
    /// answered.
    #[arg(long, short = 'c', default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..).map(usize::from))]
    pub connections: usize,
    /// How long the measured run lasts: `10s`, `2m`, `1h` [default: 10s].
    #[arg(long, short = 'd', value_parser = humantime::parse_duration, conflicts_with = "requests")]
    pub duration: Option<Duration>,
    /// Stop after this many requests instead of after a duration.
    #[arg(long, short = 'n', value_parser = clap::value_parser!(u64).range(1..))]
    pub requests: Option<u64>,
    /// What to send, as kind=weight pairs: dsc, workspace, ies (orders placed), detail, list
    /// (BSS reads), pay (pays the orders this run placed).
    #[arg(long, default_value = "dsc=1")]
    pub mix: Mix,
    /// DSC orders to place (unpaid) before the measured run, not timed, with the same
    /// connections: a store of this many more orders.
    #[arg(long, default_value_t = 0)]
    pub prefill: u64,
    /// Before anything else, set the demo account's balance to this (CNY, `1000000000.00`)
    /// through the operator API: each pay debits it.
    #[arg(long, value_name = "AMOUNT")]
    pub balance: Option<String>,
    /// The operator API's bearer token, for `--balance`.
    #[arg(long, default_value = demo::OPERATOR_TOKEN)]
    pub operator_token: String,
    /// The server's process id, to measure its CPU time and resident set. Default: the process
    /// of this machine listening on the URL's port, when one can be seen.
    #[arg(long, value_name = "PID")]
    pub server_pid: Option<u32>,
    /// Also write the report to FILE as JSON.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

impl BenchArgs {
    /// When the measured run ends.
    pub fn stop(&self) -> Stop {
        match self.requests {
            Some(n) => Stop::Count(n),
            None => Stop::After(self.duration.unwrap_or(DEFAULT_DURATION)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: BenchArgs,
    }

    fn parse(flags: &[&str]) -> Result<BenchArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("bench").chain(flags.iter().copied())).map(|c| c.args)
    }

    #[test]
    fn a_run_lasts_ten_seconds_unless_told_a_duration_or_a_count() {
        assert!(matches!(parse(&[]).unwrap().stop(), Stop::After(d) if d == DEFAULT_DURATION));
        let two = parse(&["-d", "2m"]).unwrap().stop();
        assert!(matches!(two, Stop::After(d) if d == Duration::from_secs(120)));
        assert!(matches!(
            parse(&["-n", "500"]).unwrap().stop(),
            Stop::Count(500)
        ));
        assert!(parse(&["-n", "5", "-d", "1s"]).is_err());
        assert!(parse(&["-n", "0"]).is_err());
        assert!(parse(&["-c", "0"]).is_err());
    }

    #[test]
    fn a_bad_mix_is_a_usage_error_naming_the_kind() {
        let err = parse(&["--mix", "dsc=1,refund=1"]).unwrap_err().to_string();
        assert!(err.contains("refund"), "{err}");
    }
}
