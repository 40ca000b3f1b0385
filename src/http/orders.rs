//! The step every project-level create-order handler ends with: place the checked, priced order
//! for the caller's project and answer `{"order_id"}`.

use axum::Json;

use super::AppState;
use super::error::{ApiError, Family};
use super::scope::ProjectScope;
use crate::domain::order::{Actor, OrderDraft, PricedOrder};
use crate::wire::common::OrderIdView;

/// Stores `order`, placed in the caller's project from `request_body`, and answers its id; a
/// failure to store it is `family`'s internal error. With `auto_pay`, the order is then paid as
/// that user when the balance allows (it stays pending payment when not).
pub async fn place_in_project(
    state: &AppState,
    family: Family,
    scope: ProjectScope,
    order: PricedOrder,
    request_body: String,
    auto_pay: Option<Actor>,
) -> Result<Json<OrderIdView>, ApiError> {
    let draft = OrderDraft::new(
        scope.account.domain_id,
        Some(scope.project.id),
        order,
        request_body,
    );
    let placed = match auto_pay {
        None => state.orders.place(draft).await,
        Some(payer) => state.orders.place_and_pay(draft, payer).await,
    }
    .map_err(|e| ApiError::service(family, e))?;
    Ok(Json(OrderIdView {
        order_id: placed.id().to_string(),
    }))
}
