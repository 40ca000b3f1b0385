//! The `orderd` binary: parse the command line, load settings, run.

use clap::{Parser, Subcommand};
use orderd::Application;
use orderd::config::{ServeArgs, Settings};
use orderd::policy_check::CheckArgs;
use tracing_subscriber::EnvFilter;

// mimalloc: per-thread free lists make a request's many small allocations a fraction of glibc
// malloc's cost (14% of the request threads' time in a profile), and it gives freed memory back
// to the system on its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Huawei Cloud's yearly/monthly order APIs, wire-compatible with the official SDKs.
#[derive(Debug, Parser)]
#[command(name = "orderd", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the order APIs over HTTP. Logs go to stderr (filter with RUST_LOG).
    Serve(ServeArgs),
    /// Read a password from the first line of stdin; print its Argon2 PHC hash for a user's
    /// `password_hash` in the configuration file.
    HashPassword,
    /// Identity policies, without a request.
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    /// Print whether a user's policies allow an action (`allow` or `deny`) and which statement
    /// decided. Exit status: 0 allow, 1 deny, 2 a usage or configuration error.
    Check(CheckArgs),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = match Cli::parse().command {
        Command::Serve(args) => args,
        Command::HashPassword => return hash_password(),
        Command::Policy(PolicyCommand::Check(args)) => return policy_check(&args),
    };
    match serve(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn hash_password() -> std::process::ExitCode {
    let mut line = String::new();
    if std::io::stdin().read_line(&mut line).is_err()
        || line.trim_end_matches(['\r', '\n']).is_empty()
    {
        eprintln!("orderd hash-password: give the password on the first line of stdin");
        return std::process::ExitCode::FAILURE;
    }
    let password = line.trim_end_matches(['\r', '\n']);
    println!(
        "{}",
        orderd::auth::password::PasswordDigest::hash(password).as_phc()
    );
    std::process::ExitCode::SUCCESS
}

fn policy_check(args: &CheckArgs) -> std::process::ExitCode {
    match orderd::policy_check::check(args, time::OffsetDateTime::now_utc()) {
        Ok(verdict) => {
            println!("{}", verdict.lines.join("\n"));
            std::process::ExitCode::from(if verdict.allowed { 0 } else { 1 })
        }
        Err(message) => {
            eprintln!("orderd policy check: {message}");
            std::process::ExitCode::from(2)
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let settings = Settings::load(&args).map_err(|e| e.to_string())?;
    let app = Application::build(settings)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(addr = %app.local_addr(), "orderd listening");
    app.run_until(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("orderd stopped");
    Ok(())
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
