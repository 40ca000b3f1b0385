//! PayOrders (`POST /v3/orders/customer-orders/pay`) and CancelCustomerOrder
//! (`PUT /v2/orders/customer-orders/cancel`): 204 with no body when done.

use axum::extract::State;
use axum::http::StatusCode;

use super::FAMILY;
use crate::domain::ids::OrderId;
use crate::domain::order::Actor;
use crate::domain::violations::Violations;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::ApiJson;
use crate::http::guard::Caller;
use crate::service::ServiceError;
use crate::wire::bss::pay::{CancelRequest, PayRequest};

/// The order id a checked request names: one not of the order id form names no order.
fn order_id(checked: Result<String, Violations>) -> Result<OrderId, ApiError> {
    let text = checked.map_err(|v| ApiError::invalid(FAMILY, &v))?;
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
    let id = order_id(body.value.into_order_id())?;
    let payer = Actor::User(caller.user_name);
    done(
        state
            .orders
            .pay(&caller.account.domain_id, &id, payer)
            .await,
    )
}

pub(super) async fn cancel_customer_order(
    State(state): State<AppState>,
    caller: Caller,
    body: ApiJson<CancelRequest>,
) -> Result<StatusCode, ApiError> {
    let id = order_id(body.value.into_order_id())?;
    let actor = Actor::User(caller.user_name);
    done(
        state
            .orders
            .cancel(&caller.account.domain_id, &id, actor)
            .await,
    )
}

/// 204 when the service did it, else its refusal.
fn done(result: Result<(), ServiceError>) -> Result<StatusCode, ApiError> {
    result
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::service(FAMILY, e))
}
