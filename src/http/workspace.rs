//! Workspace: `POST /v2/{project_id}/periodic/subscribe/order`.

use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::guard::{BodyFacts, Caller, Requires};
use super::orders;
use super::scope::ProjectScope;
use crate::auth::action::Action;
use crate::auth::policy::RequestFacts;
use crate::auth::policy::keys::{
    WORKSPACE_ACCESS_MODE, WORKSPACE_ASSOCIATE_PUBLIC_IP, WORKSPACE_CREATE_ORDER_TYPE,
};
use crate::domain::order::Actor;
use crate::wire::common::OrderIdView;
use crate::wire::json::parse_json;
use crate::wire::workspace::CreateOrderReq;
use crate::wire::workspace::shared::{Ctx, DIRECTORY_ID, directory_of};

const FAMILY: Family = Family::Workspace;

/// The Workspace routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v2/{project_id}/periodic/subscribe/order",
            post(create_order).requires_judging_body(Action::WORKSPACE_ORDERS_CREATE, &ORDER_FACTS),
        )
        .layer(Extension(FAMILY))
}

/// What identity policies may judge an order by: the seed's condition keys, and paying (an
/// auto-paid order also needs `bss:order:update`, a dependency the seed lists).
static ORDER_FACTS: BodyFacts = BodyFacts {
    keys: &[
        WORKSPACE_CREATE_ORDER_TYPE,
        WORKSPACE_ASSOCIATE_PUBLIC_IP,
        WORKSPACE_ACCESS_MODE,
    ],
    dependents: &[Action::BSS_ORDER_UPDATE],
    read: order_facts,
};

fn order_facts(body: &str) -> RequestFacts {
    let Ok(order) = parse_json::<CreateOrderReq>(body) else {
        return RequestFacts::default();
    };
    let seen = order.conditions();
    let mut facts = RequestFacts::default();
    if let Some(order_type) = seen.order_type {
        facts
            .keys
            .push((WORKSPACE_CREATE_ORDER_TYPE, order_type.to_owned()));
    }
    let public_ip = seen.associates_public_ip.to_string();
    facts.keys.push((WORKSPACE_ASSOCIATE_PUBLIC_IP, public_ip));
    if let Some(mode) = seen.access_mode {
        facts.keys.push((WORKSPACE_ACCESS_MODE, mode.to_owned()));
    }
    if seen.auto_pay {
        let why = "extend_param.is_auto_pay pays the order";
        facts.dependents.push((Action::BSS_ORDER_UPDATE, why));
    }
    facts
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
