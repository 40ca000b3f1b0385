//! Workspace: `POST /v2/{project_id}/periodic/subscribe/order`.

use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::guard::{Caller, Requires};
use super::orders;
use super::scope::ProjectScope;
use crate::auth::action::Action;
use crate::domain::order::Actor;
use crate::wire::common::OrderIdView;
use crate::wire::workspace::CreateOrderReq;
use crate::wire::workspace::shared::{Ctx, DIRECTORY_ID, directory_of};

const FAMILY: Family = Family::Workspace;

/// The Workspace routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v2/{project_id}/periodic/subscribe/order",
            post(create_order).requires(Action::WORKSPACE_ORDERS_CREATE),
        )
        .layer(Extension(FAMILY))
}

async fn create_order(
    State(state): State<AppState>,
    caller: Caller,
    scope: ProjectScope,
    body: ApiJson<CreateOrderReq>,
) -> Result<Json<OrderIdView>, ApiError> {
    let project_id = scope.project.id.as_str();
    let mut wanted = body.value.references();
    wanted.push(DIRECTORY_ID.to_owned());
    let mut existing = state
        .orders
        .resources(project_id, &wanted)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    let directory = existing.remove(DIRECTORY_ID);
    let ctx = Ctx {
        catalog: &state.catalog,
        domain_id: &scope.account.domain_id,
        project_id,
        now: state.orders.now(),
        existing: &existing,
        directory: directory_of(directory.as_ref()),
    };
    let auto_pay = body
        .value
        .auto_pay()
        .then_some(Actor::User(caller.user_name));
    let order = body
        .value
        .into_order(&ctx)
        .map_err(|rejection| ApiError::rejected(FAMILY, rejection))?;
    orders::place_in_project(&state, FAMILY, scope, order, body.raw, auto_pay).await
}
