//! PayOrders (`POST /v3/orders/customer-orders/pay`) and CancelCustomerOrder
//! (`PUT /v2/orders/customer-orders/cancel`): 204 with no body when done.

use axum::extract::State;
use axum::http::StatusCode;

use super::FAMILY;
use crate::domain::ids::OrderId;
use crate::domain::order::Actor;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::ApiJson;
use crate::http::guard::Caller;
use crate::wire::bss::pay::{CancelRequest, PayRequest};

/// The order id a request names: one not of the order id form names no order.
fn order_id(text: &str) -> Result<OrderId, ApiError> {
    text.parse().map_err(|_| {
        ApiError::new(
            FAMILY,
            ErrorKind::NoSuchOrder,
            format!("order_id: order {text} does not exist"),
        )
    })
}

pub(super) async fn pay_orders(
    State(state): State<AppState>,
    caller: Caller,
    body: ApiJson<PayRequest>,
) -> Result<StatusCode, ApiError> {
    let id = body
        .value
        .into_order_id()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let id = order_id(&id)?;
    state
        .orders
        .pay(
            &caller.account.domain_id,
            &id,
            Actor::User(caller.user_name),
        )
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn cancel_customer_order(
    State(state): State<AppState>,
    caller: Caller,
    body: ApiJson<CancelRequest>,
) -> Result<StatusCode, ApiError> {
    let id = body
        .value
        .into_order_id()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let id = order_id(&id)?;
    state
        .orders
        .cancel(
            &caller.account.domain_id,
            &id,
            Actor::User(caller.user_name),
        )
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(StatusCode::NO_CONTENT)
}
