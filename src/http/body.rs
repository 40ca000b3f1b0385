//! Reading request bodies within bounds. A body is read whole before it is used (a signature
//! covers it, so it is read before the caller is known), and a client that sends it slowly, or
//! stops half-way, would otherwise hold a task and up to `max_body_bytes` of memory for as long
//! as it likes. Three bounds apply to every body:
//!
//! - its size: at most `max_body_bytes` (a larger declared length is refused before reading);
//! - its time: it must have arrived whole within `body_timeout` of the first read, however
//!   steadily it trickles in (a per-read idle timeout, as tower-http's `TimeoutBody` applies,
//!   would let a client that sends a byte every few seconds hold it for ever);
//! - a budget of bytes shared by all requests (`body_budget_bytes`): a body takes its declared
//!   length (or each chunk as it comes) from the budget before it is read, and gives it back
//!   when its request has been answered. A body that finds the budget spent waits up to
//!   [`BUDGET_WAIT`], then is refused (429): memory held by bodies stays under the budget
//!   whatever the number of clients.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::config::Limits;

/// How long a body waits for its share of the budget before it is refused.
pub const BUDGET_WAIT: Duration = Duration::from_secs(1);

/// The bounds every body is read within, and the budget they share.
#[derive(Debug, Clone)]
pub struct Bodies {
    max_bytes: usize,
    timeout: Duration,
    budget: Arc<Semaphore>,
}

impl Bodies {
    /// The bounds `limits` set, with a budget of `body_budget_bytes`.
    pub fn new(limits: &Limits) -> Bodies {
        Bodies {
            max_bytes: limits.max_body_bytes,
            timeout: limits.body_timeout,
            budget: Arc::new(Semaphore::new(limits.body_budget_bytes)),
        }
    }
}

/// Why a body was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// It is (or declares to be) larger than `max_body_bytes`.
    #[error("request body is larger than the limit")]
    TooLarge,
    /// It did not arrive whole within the body timeout.
    #[error("the request body did not arrive within {}", humantime::format_duration(*.0))]
    TimedOut(Duration),
    /// The budget stayed spent for [`BUDGET_WAIT`].
    #[error("too many request bodies are being received at once; retry")]
    Busy,
    /// The connection failed or the body's framing is broken.
    #[error("the request body could not be read: {0}")]
    Unreadable(String),
}

/// A request's reader of its body: the shared bounds, and the share of the budget the request
/// holds until it is answered.
#[derive(Debug, Clone)]
pub struct BodyReader {
    bodies: Bodies,
    held: Arc<Mutex<Option<OwnedSemaphorePermit>>>,
}

/// Gives each request a [`BodyReader`]; the budget its body took is given back once the answer
/// is ready (the handler, and with it every copy of the body, is done).
pub async fn give_readers(State(bodies): State<Bodies>, mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(BodyReader {
        bodies,
        held: Arc::default(),
    });
    next.run(req).await
}

impl BodyReader {
    /// Reads `body` whole within the bounds. Reading the same request's body again (the
    /// guard hands the handler the copy it verified) takes nothing more from the budget.
    pub async fn read(&self, body: Body) -> Result<Bytes, BodyError> {
        let deadline = Instant::now() + self.bodies.timeout;
        let declared = body.size_hint().exact();
        if declared.is_some_and(|n| n > self.bodies.max_bytes as u64) {
            return Err(BodyError::TooLarge);
        }
        // Within max_bytes, which fits usize.
        self.reserve(declared.unwrap_or(0) as usize, deadline)
            .await?;
        let mut body = body;
        let mut chunks: Vec<Bytes> = Vec::new();
        let mut received = 0;
        loop {
            let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
                Err(_) => return Err(BodyError::TimedOut(self.bodies.timeout)),
                Ok(None) => break,
                Ok(Some(Err(err))) => return Err(BodyError::Unreadable(err.to_string())),
                Ok(Some(Ok(frame))) => frame,
            };
            let Ok(data) = frame.into_data() else {
                continue; // trailers: nothing orderd reads
            };
            received += data.len();
            if received > self.bodies.max_bytes {
                return Err(BodyError::TooLarge);
            }
            // A body without a declared length takes its share chunk by chunk.
            self.reserve(received, deadline).await?;
            chunks.push(data);
        }
        Ok(match chunks.len() {
            0 => Bytes::new(),
            1 => chunks.swap_remove(0),
            _ => Bytes::from(chunks.concat()),
        })
    }

    /// Makes the request's share of the budget at least `bytes`, waiting up to [`BUDGET_WAIT`]
    /// (and no later than `deadline`).
    async fn reserve(&self, bytes: usize, deadline: Instant) -> Result<(), BodyError> {
        let held = self.lock().as_ref().map_or(0, |p| p.num_permits());
        let Some(more) = bytes.checked_sub(held).filter(|more| *more > 0) else {
            return Ok(());
        };
        // Within max_bytes, and the budget itself fits u32 (checked with the settings).
        let more = u32::try_from(more).map_err(|_| BodyError::TooLarge)?;
        let wait = deadline.min(Instant::now() + BUDGET_WAIT);
        let budget = Arc::clone(&self.bodies.budget);
        let permit = tokio::time::timeout_at(wait, budget.acquire_many_owned(more))
            .await
            .map_err(|_| BodyError::Busy)?
            .map_err(|_| BodyError::Busy)?; // never closed
        let mut held = self.lock();
        match held.as_mut() {
            Some(share) => share.merge(permit),
            None => *held = Some(permit),
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<OwnedSemaphorePermit>> {
        // The guarded value is a permit count, valid whatever a panicking holder did.
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(max: usize, budget: usize, timeout: Duration) -> BodyReader {
        let limits = Limits {
            max_body_bytes: max,
            body_budget_bytes: budget,
            body_timeout: timeout,
            ..Limits::default()
        };
        BodyReader {
            bodies: Bodies::new(&limits),
            held: Arc::default(),
        }
    }

    fn chunked(parts: &[&'static [u8]]) -> Body {
        let frames = parts
            .iter()
            .map(|p| Ok::<_, std::io::Error>(hyper::body::Frame::data(Bytes::from_static(p))));
        Body::new(http_body_util::StreamBody::new(futures::stream::iter(
            frames.collect::<Vec<_>>(),
        )))
    }

    #[tokio::test]
    async fn a_body_holds_its_share_of_the_budget_until_its_reader_is_dropped() {
        let first = reader(10, 10, Duration::from_secs(5));
        assert_eq!(
            first.read(Body::from("0123456789")).await.unwrap(),
            "0123456789"
        );
        assert_eq!(first.bodies.budget.available_permits(), 0);
        // The same request's copy takes nothing more.
        assert_eq!(
            first.read(Body::from("0123456789")).await.unwrap().len(),
            10
        );

        let second = BodyReader {
            bodies: first.bodies.clone(),
            held: Arc::default(),
        };
        // Refused after waiting BUDGET_WAIT for the first to give its share back.
        assert_eq!(second.read(Body::from("x")).await, Err(BodyError::Busy));
        drop(first);
        assert_eq!(second.read(Body::from("x")).await.unwrap(), "x");
    }

    #[tokio::test]
    async fn chunks_without_a_declared_length_are_counted_and_capped() {
        let reader = reader(6, 6, Duration::from_secs(5));
        let body = reader.read(chunked(&[b"ab", b"cd", b"ef"])).await.unwrap();
        assert_eq!(body, "abcdef");
        let over = reader.read(chunked(&[b"abcd", b"efg"])).await;
        assert_eq!(over, Err(BodyError::TooLarge));
        let declared = reader.read(Body::from("0123456")).await;
        assert_eq!(declared, Err(BodyError::TooLarge));
    }
}
