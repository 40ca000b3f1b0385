//! The HTTP layer: one module per API family, each thin: extract, convert, call the service,
//! answer. Every error answer is built in [`error`].

pub mod body;
pub mod bss;
pub mod dsc;
pub mod error;
pub mod extract;
pub mod guard;
pub mod health;
pub mod iam;
pub mod idempotency;
pub mod ies;
pub mod operator;
pub mod orders;
pub mod package;
pub mod password_checks;
pub mod rating;
pub mod request_context;
pub mod scope;
pub mod serve;
pub mod workspace;
pub mod workspace_app;

use std::sync::Arc;

use axum::Router;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;

use crate::auth::Auth;
use crate::config::Limits;
use crate::domain::account::Accounts;
use crate::domain::catalog::Catalog;
use crate::service::OrderService;
use error::{ApiError, ErrorKind, Family};

/// What every handler can reach: one shared [`AppParts`], so that the clone axum makes for each
/// request is one reference count.
#[derive(Clone)]
pub struct AppState(Arc<AppParts>);

impl AppState {
    /// The state of a router serving `parts`.
    pub fn new(parts: AppParts) -> AppState {
        AppState(Arc::new(parts))
    }
}

impl std::ops::Deref for AppState {
    type Target = AppParts;

    fn deref(&self) -> &AppParts {
        &self.0
    }
}

/// The services and settings handlers use.
pub struct AppParts {
    /// Places orders.
    pub orders: OrderService,
    /// What can be ordered.
    pub catalog: Arc<Catalog>,
    /// Who may order.
    pub accounts: Arc<Accounts>,
    /// Who the callers are and what they may do.
    pub auth: Arc<Auth>,
    /// Who may use the operator endpoints, and what they may do.
    pub operator: Arc<Operator>,
    /// Where password checks run, bounded.
    pub password_checks: password_checks::PasswordChecks,
}

/// The operator endpoints' settings.
#[derive(Debug)]
pub struct Operator {
    /// The bearer token they require; `None`: they refuse every request.
    pub token: Option<crate::auth::secret::Secret>,
    /// Whether a reset may drop every order with a clock that cannot be moved.
    pub allow_reset: bool,
}

/// Every route, with the request-id and logging middleware and the bounds request bodies are
/// read within.
pub fn router(state: AppState, limits: &Limits) -> Router {
    Router::new()
        .merge(health::router())
        .merge(dsc::router())
        .merge(workspace_app::router())
        .merge(package::router())
        .merge(ies::router())
        .merge(iam::router())
        .merge(bss::router())
        .merge(rating::router())
        .merge(operator::router())
        .merge(workspace::router())
        .fallback(no_such_api)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            body::Bodies::new(limits),
            body::give_readers,
        ))
        .layer(axum::Extension(Arc::clone(&state.auth)))
        .layer(axum::Extension(state.orders.clone()))
        .layer(CatchPanicLayer::custom(panic_answer))
        .layer(axum::middleware::from_fn_with_state(
            state.orders.clone(),
            shared_clock,
        ))
        .layer(axum::middleware::from_fn(request_context::request_context))
        .with_state(state)
}

/// With a clock several nodes share, brings it up to where any node moved it before the request
/// is served: every node answers on the same clock. (One small read; a system clock needs none.)
async fn shared_clock(
    axum::extract::State(orders): axum::extract::State<OrderService>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if orders.clock_is_shared()
        && let Err(err) = orders.sync_clock().await
    {
        tracing::warn!(error = %err, "cannot read the shared clock; serving on this node's");
    }
    next.run(req).await
}

async fn no_such_api(method: Method, uri: axum::http::Uri) -> impl IntoResponse {
    ApiError::new(
        Family::Gateway,
        ErrorKind::NoSuchApi,
        format!("no API {method} {}", uri.path()),
    )
}

/// 405 in the route's family where the route's router sets it as its methods' fallback, else
/// the gateway's.
pub(crate) async fn method_not_allowed(
    family: Option<axum::Extension<Family>>,
    method: Method,
    uri: axum::http::Uri,
) -> impl IntoResponse {
    ApiError::new(
        family.map_or(Family::Gateway, |f| f.0),
        ErrorKind::MethodNotAllowed,
        format!("{} does not accept {method}", uri.path()),
    )
}

/// A bug is never the client's fault and never a dropped connection: a handler that panicked is
/// logged, once, with what it said, and answered with the gateway's opaque 500 error body.
fn panic_answer(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let said = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = said, "a request handler panicked");
    ApiError::new(
        Family::Gateway,
        ErrorKind::Internal,
        "internal error, please retry later",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_an_opaque_json_500() {
        let response = panic_answer(Box::new("index out of bounds"));
        assert_eq!(response.status(), 500);
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error_code"], "APIGW.0601");
        assert_eq!(body["error_msg"], "internal error, please retry later");
    }
}
