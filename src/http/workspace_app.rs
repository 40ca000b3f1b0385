//! Workspace App: `POST /v1/{project_id}/bundles/subscribe/order`.

use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::guard::Requires;
use super::orders;
use super::scope::ProjectScope;
use crate::auth::action::Action;
use crate::wire::common::OrderIdView;
use crate::wire::workspace_app::CreateOrderRequest;

const FAMILY: Family = Family::WorkspaceApp;

/// The Workspace App routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/{project_id}/bundles/subscribe/order",
            post(create_order)
                .requires(Action::WORKSPACE_ORDERS_CREATE)
                // The definition documents this API's own 405 (`WKS.00000405`).
                .fallback(super::method_not_allowed),
        )
        .layer(Extension(FAMILY))
}

async fn create_order(
    State(state): State<AppState>,
    scope: ProjectScope,
    body: ApiJson<CreateOrderRequest>,
) -> Result<Json<OrderIdView>, ApiError> {
    let order = body
        .value
        .into_order(&state.catalog)
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    orders::place_in_project(&state, FAMILY, scope, order, body.raw, None).await
}
