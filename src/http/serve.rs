//! Serving HTTP/1.1 connections within limits. `axum::serve` sets none: an idle or slow client
//! holds its connection for ever, past the descriptor limit `accept` fails for everyone, and a
//! stop waits for the slowest client. This accept loop drives hyper's HTTP/1 connections itself
//! (hyper-util's glue, as `axum::serve` does) and adds:
//!
//! - a head timeout: hyper's `header_read_timeout` closes a connection whose request head has
//!   not arrived whole in time. hyper (1.12, `proto::h1::conn`) starts that timer whenever it
//!   begins waiting for a head, which on a kept-alive connection is as soon as the previous
//!   answer is written, so the same timeout also closes idle kept-alive connections;
//! - a cap on open connections below the process's descriptor limit: past it a connection is
//!   accepted, told 503 if it listens, and closed at once, so the accept queue keeps moving and
//!   `accept` never fails for want of descriptors while established clients are served;
//! - a back-off on `accept` failures that last (no descriptors or memory left);
//! - a shutdown deadline: after the stop signal no connection is accepted, requests in flight
//!   finish, and connections still open at the deadline are dropped.
//!
//! HTTP/2 is not offered (neither did `axum::serve` with axum's default features): the SDKs speak
//! HTTP/1.1, and h2 would bring limits of its own to set.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tower::ServiceExt;

use super::error::{ApiError, ErrorKind, Family};
use crate::config::Limits;

/// Descriptors kept for everything but client connections: standard streams, the listener,
/// the runtime's own, the SQLite writer and readers (two each, the read pool being bounded) or
/// the PostgreSQL pool, the token key and configuration files.
pub const RESERVED_DESCRIPTORS: u64 = 64;

/// The most a connection's read buffer holds. hyper reads a body ahead of the handler, outside
/// the body budget, by what its buffer holds plus one chunk handed over: with its default
/// (about 400 KiB) a thousand connections sending bodies took 500 MB before any was read whole.
/// 64 KiB bounds that to about 128 KiB a connection; it is also the largest request head
/// (hyper answers 431 beyond it), far above what the SDKs send.
const READ_BUFFER_BYTES: usize = 64 * 1024;

/// How long the accept loop pauses after an `accept` failure that outlasts one connection.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// How connections are served.
#[derive(Debug, Clone, Copy)]
pub struct Serving {
    /// The most connections open at once.
    pub max_connections: usize,
    /// The process's descriptor limit the cap was derived from.
    pub descriptor_limit: u64,
    /// How long a request head may take, and a kept-alive connection may stay idle.
    pub header_timeout: Duration,
    /// How long requests in flight may take to finish after the stop signal.
    pub shutdown_timeout: Duration,
}

impl Serving {
    /// The serving limits of `limits`, with the connection cap lowered to what the process's
    /// descriptor limit (`RLIMIT_NOFILE`) leaves beside [`RESERVED_DESCRIPTORS`].
    pub fn new(limits: &Limits) -> Result<Serving, String> {
        let descriptor_limit = descriptor_limit()
            .map_err(|e| format!("cannot read the descriptor limit (RLIMIT_NOFILE): {e}"))?;
        Ok(Serving {
            max_connections: connection_cap(limits.max_connections, descriptor_limit)?,
            descriptor_limit,
            header_timeout: limits.header_timeout,
            shutdown_timeout: limits.shutdown_timeout,
        })
    }
}

/// The most connections served at once: `configured`, or fewer when the descriptor limit
/// `descriptors` leaves less room beside [`RESERVED_DESCRIPTORS`].
fn connection_cap(configured: usize, descriptors: u64) -> Result<usize, String> {
    let room = descriptors.saturating_sub(RESERVED_DESCRIPTORS);
    if room == 0 {
        return Err(format!(
            "the descriptor limit ({descriptors}, `ulimit -n`) leaves no room for connections \
             beside the {RESERVED_DESCRIPTORS} orderd keeps for its database and files; raise it"
        ));
    }
    Ok(usize::try_from(room).map_or(configured, |room| room.min(configured)))
}

/// The process's soft limit on open descriptors.
fn descriptor_limit() -> io::Result<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes only the struct it is given, which outlives the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(limit.rlim_cur)
}

/// Serves `router` on `listener` within `serving` until `shutdown` completes; then stops
/// accepting, lets requests in flight finish for up to the shutdown timeout, and drops the
/// connections still open.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    serving: Serving,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(serving.header_timeout)
        .max_buf_size(READ_BUFFER_BYTES)
        .keep_alive(true);
    let refusal = over_capacity_answer(serving.max_connections).await;
    let open = Arc::new(Semaphore::new(serving.max_connections));
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let mut accept_failing = false;
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        // Finished connections are reaped here, so the set holds only open ones.
        while connections.try_join_next().is_some() {}
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(err) => {
                accept_failed(&err, &mut accept_failing).await;
                continue;
            }
        };
        if std::mem::take(&mut accept_failing) {
            tracing::info!("accepting connections again");
        }
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            refuse(stream, &refusal);
            continue;
        };
        // Each request carries its connection's peer: identity policies judge `g:SourceIp`.
        let service = TowerToHyperService::new(router.clone().map_request(
            move |mut req: axum::http::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            },
        ));
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        connections.spawn(async move {
            if let Err(err) = connection.await {
                // A client that went away or sent no head in time: routine, not orderd's fault.
                tracing::debug!(error = %err, "connection ended early");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!(
        connections = connections.len(),
        "stopped accepting connections"
    );
    if tokio::time::timeout(serving.shutdown_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            connections = connections.len(),
            deadline = %humantime::format_duration(serving.shutdown_timeout),
            "shutdown deadline passed; dropping the connections still open"
        );
    }
    connections.shutdown().await;
}

/// Pauses after an `accept` failure that outlasts one connection (no descriptors or memory
/// left), so the loop neither spins nor stops; logs when such failures start.
async fn accept_failed(err: &io::Error, failing: &mut bool) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        err.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return; // that client gave up before it was taken; the next one is unaffected
    }
    if !std::mem::replace(failing, true) {
        tracing::warn!(error = %err, "cannot accept connections; retrying every 100 ms");
    }
    tokio::time::sleep(ACCEPT_BACKOFF).await;
}

/// The answer a connection past the cap gets before it is closed: 503 in the gateway's error
/// body, whole, so that a client reading it learns why.
async fn over_capacity_answer(max_connections: usize) -> Vec<u8> {
    let response = ApiError::new(
        Family::Gateway,
        ErrorKind::Unavailable,
        format!("orderd is serving as many connections as it may ({max_connections}); retry"),
    )
    .into_response();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("an error body is in memory");
    let mut answer = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    answer
}

/// Closes a connection past the cap at once, after writing `answer` if the socket takes it
/// without waiting (a fresh socket's send buffer always has room for it). Written on the plain
/// socket: tokio's `try_write` would first consult readiness the reactor may not have polled
/// yet for a socket just accepted.
fn refuse(stream: TcpStream, answer: &[u8]) {
    if let Ok(mut socket) = stream.into_std() {
        let _ = std::io::Write::write(&mut socket, answer);
    }
    tracing::debug!("connection refused: at the connection cap");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_descriptor_limit() {
        assert_eq!(connection_cap(4096, 1024), Ok(960));
        assert_eq!(connection_cap(8, 1024), Ok(8));
        assert_eq!(connection_cap(4096, u64::MAX), Ok(4096));
        let refused = connection_cap(4096, 64).unwrap_err();
        assert!(refused.contains("descriptor limit (64"), "{refused}");
    }

    #[tokio::test]
    async fn a_connection_past_the_cap_is_told_503_in_the_gateway_error_body() {
        let answer = String::from_utf8(over_capacity_answer(8).await).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(
            head.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{head}"
        );
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["error_code"], "APIG.0202");
        assert!(body["error_msg"].as_str().unwrap().contains("(8)"));
    }
}
