//! One keep-alive HTTP/1.1 connection, one request at a time (as wrk's connections are).
//!
//! hyper's connection API rather than a pooled client: each worker owns exactly one connection,
//! and on two shared cores the client's own CPU is taken from the server, so it does no more
//! than write the request and read the answer.

use std::net::SocketAddr;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::BenchError;

/// A connection to the server.
pub struct Connection {
    sender: SendRequest<Full<Bytes>>,
}

impl Connection {
    /// Connects to `addr`.
    pub async fn open(addr: SocketAddr) -> Result<Connection, BenchError> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|source| BenchError::Connect { addr, source })?;
        // Requests are small and sent whole: waiting to coalesce them only adds latency.
        stream
            .set_nodelay(true)
            .map_err(|source| BenchError::Connect { addr, source })?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(BenchError::Http)?;
        // The connection's I/O runs on its own task; its end shows in the next send.
        tokio::spawn(connection);
        Ok(Connection { sender })
    }

    /// False once the server closed the connection (or it failed).
    pub fn is_open(&self) -> bool {
        !self.sender.is_closed()
    }

    /// Sends `request` and reads the whole answer.
    pub async fn send(
        &mut self,
        request: Request<Full<Bytes>>,
    ) -> Result<(StatusCode, Bytes), BenchError> {
        self.sender.ready().await.map_err(BenchError::Http)?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(BenchError::Http)?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(BenchError::Http)?
            .to_bytes();
        Ok((status, body))
    }
}
