//! ShowCustomerOrderDetails: `GET /v2/orders/customer-orders/details/{order_id}`, scoped to the
//! caller's account.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};

use super::FAMILY;
use crate::domain::ids::OrderId;
use crate::domain::violations::Violations;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::guard::Caller;
use crate::wire::bss::OrderDetailsResponse;

fn page(query: &HashMap<String, String>) -> Result<(usize, usize), Violations> {
    let mut v = Violations::new();
    let mut int = |name: &str, default: usize, min: usize, max: usize| match query.get(name) {
        None => Some(default),
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                v.push(
                    name,
                    format!("must be an integer from {min} to {max}, got {text:?}"),
                );
                None
            }
        },
    };
    let limit = int("limit", 10, 1, 100);
    let offset = int("offset", 0, 0, usize::MAX);
    match (limit, offset) {
        (Some(limit), Some(offset)) => Ok((offset, limit)),
        _ => Err(v),
    }
}

pub(super) async fn show_customer_order_details(
    State(state): State<AppState>,
    caller: Caller,
    Path(order_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<OrderDetailsResponse>, ApiError> {
    let (offset, limit) = page(&query).map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let not_found = || ApiError::not_found(FAMILY, format!("order {order_id} does not exist"));
    let id: OrderId = order_id.parse().map_err(|_| not_found())?;
    let order = state
        .orders
        .order(&caller.account.domain_id, &id)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?
        .ok_or_else(not_found)?;
    Ok(Json(OrderDetailsResponse::new(&order, offset, limit)))
}
