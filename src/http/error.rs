//! The one HTTP error type, and the one place where errors become status codes and bodies.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::request_context::current_request_id;
use crate::domain::subscription::ResourceRefusal;
use crate::domain::violations::Violations;
use crate::service::ServiceError;
use crate::wire::Rejection;

/// Which error-code scheme a route answers in. Each API family has its own codes; routes that
/// belong to no API (an unknown path) answer as the API gateway does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// The API gateway in front of every service (`APIGW.xxxx`).
    Gateway,
    /// Data Security Center (`dsc.xxxxxxxx`).
    Dsc,
    /// Workspace App, the cloud application service (`WKS.002xxxxx`).
    WorkspaceApp,
    /// Customer business center: BSS order APIs and cloud service package orders (`CBC.xxxx`).
    Cbc,
    /// Intelligent EdgeSite, CloudPond (`IES.xxxxxxxx`).
    Ies,
    /// Identity and Access Management (`IAM.xxxx`).
    Iam,
    /// Workspace (`WKS.xxxx`); its bodies also carry `error_detail`.
    Workspace,
}

/// What went wrong, independent of the family's spelling of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request broke a rule of the API (400).
    InvalidParameter,
    /// The body is larger than the limit (413).
    BodyTooLarge,
    /// The body did not arrive within the body timeout (408).
    BodyTimeout,
    /// The body is not JSON (415).
    UnsupportedMediaType,
    /// A project, order or resource the request names does not exist (404).
    NotFound,
    /// The caller did not prove who they are (401).
    Unauthenticated,
    /// The caller may not do this, or not in this project or account (403).
    Forbidden,
    /// No API has this path (404).
    NoSuchApi,
    /// The path exists but not with this method (405).
    MethodNotAllowed,
    /// The request clashes with what is stored: a caller-named id reused with other content (409).
    Conflict,
    /// The server failed; the client did nothing wrong (500).
    Internal,
    /// An order to pay or cancel does not exist (400).
    NoSuchOrder,
    /// The order's status does not allow paying it (400).
    CannotPay,
    /// The order's status does not allow cancelling it (400).
    CannotCancel,
    /// The balance does not cover the payment (400).
    InsufficientBalance,
    /// A product a price inquiry names is not in the catalog (400).
    ProductNotFound,
    /// Too many changes at once to the same thing; retry (429).
    TooManyRequests,
    /// orderd cannot serve the request now: its store cannot write, or it serves as many
    /// connections as it may (503).
    Unavailable,
    /// A resource the request names does not exist (400).
    NoSuchResource,
    /// The resource's auto-renewal is already off (400).
    AutoRenewOff,
    /// The resource expired or is frozen (400).
    ExpiredOrFrozen,
    /// The resource can no longer be renewed (400).
    NotRenewable,
}

/// An error answer: the family and kind decide the status and `error_code`, the message says
/// what exactly was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The route's error-code scheme.
    pub family: Family,
    /// What went wrong.
    pub kind: ErrorKind,
    /// `error_msg`: which field broke which rule, or what was not found.
    pub message: String,
    /// `error_detail`, for the families whose bodies carry it (Workspace): every broken rule on
    /// a line of its own. `None` falls back to the message.
    pub detail: Option<String>,
}

/// The error body every API answers with.
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error_code: &'static str,
    error_msg: &'a str,
    /// Only the Workspace family's bodies carry it; other families' bodies are unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    error_detail: Option<&'a str>,
    /// The request's id, as the API gateway adds it to error bodies (the same as `X-Request-Id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<String>,
}

impl ApiError {
    /// An error of `kind` in `family` with `message`.
    pub fn new(family: Family, kind: ErrorKind, message: impl Into<String>) -> ApiError {
        ApiError {
            family,
            kind,
            message: message.into(),
            detail: None,
        }
    }

    /// A 400 that lists every violation.
    pub fn invalid(family: Family, violations: &Violations) -> ApiError {
        let mut lines: Vec<String> = violations.listed().map(ToString::to_string).collect();
        if violations.not_listed() > 0 {
            lines.push(format!("… and {} more", violations.not_listed()));
        }
        let detail = lines.join("\n");
        ApiError {
            detail: Some(detail),
            ..ApiError::new(family, ErrorKind::InvalidParameter, violations.to_string())
        }
    }

    /// The answer to a refused request: 400 for broken rules, 404 for what does not exist (each
    /// on a line of its own in `error_detail`), 403 for what is not the caller's, 400 in its
    /// own code for products the catalog lacks.
    pub fn rejected(family: Family, rejection: Rejection) -> ApiError {
        match rejection {
            Rejection::Invalid(v) => ApiError::invalid(family, &v),
            Rejection::NotFound(missing) => ApiError {
                detail: Some(missing.join("\n")),
                ..ApiError::not_found(family, missing.join("; "))
            },
            Rejection::Forbidden(message) => ApiError::new(family, ErrorKind::Forbidden, message),
            Rejection::ProductNotFound(missing) => ApiError {
                detail: Some(missing.join("\n")),
                ..ApiError::new(family, ErrorKind::ProductNotFound, missing.join("; "))
            },
        }
    }

    /// A 404 for something the request names.
    pub fn not_found(family: Family, message: impl Into<String>) -> ApiError {
        ApiError::new(family, ErrorKind::NotFound, message)
    }

    /// A 409: the request clashes with what is stored.
    pub fn conflict(family: Family, message: impl Into<String>) -> ApiError {
        ApiError::new(family, ErrorKind::Conflict, message)
    }

    /// The answer to a refusal of the service: what the client asked cannot be done (an unknown
    /// order, a status that does not allow it, too little balance), or the service failed.
    pub fn service(family: Family, err: ServiceError) -> ApiError {
        use crate::domain::balance::BalanceError;
        use crate::domain::clock::ClockError;
        use crate::domain::lifecycle::OrderEvent;
        let kind = match &err {
            ServiceError::NoSuchOrder(_) => ErrorKind::NoSuchOrder,
            ServiceError::NoSuchDelivery(_) => ErrorKind::NotFound,
            ServiceError::NoSuchMarker(_) => ErrorKind::InvalidParameter,
            ServiceError::Refused(r) if r.event == OrderEvent::Pay => ErrorKind::CannotPay,
            ServiceError::Refused(r) if r.event == OrderEvent::Cancel => ErrorKind::CannotCancel,
            ServiceError::Balance(BalanceError::Insufficient { .. }) => {
                ErrorKind::InsufficientBalance
            }
            ServiceError::Balance(BalanceError::Currency { .. }) => ErrorKind::InvalidParameter,
            ServiceError::Clock(ClockError::Backwards { .. }) => ErrorKind::InvalidParameter,
            ServiceError::Clock(ClockError::NotMovable) => ErrorKind::Conflict,
            ServiceError::Busy => ErrorKind::TooManyRequests,
            ServiceError::Resource(refusal) => match refusal {
                ResourceRefusal::NotFound(_) => ErrorKind::NoSuchResource,
                ResourceRefusal::AutoRenewOff(_) => ErrorKind::AutoRenewOff,
                ResourceRefusal::ExpiredOrFrozen(_) => ErrorKind::ExpiredOrFrozen,
                ResourceRefusal::NotRenewable(_) => ErrorKind::NotRenewable,
                _ => ErrorKind::InvalidParameter,
            },
            _ => return ApiError::internal(family, &err),
        };
        ApiError::new(family, kind, err.to_string())
    }

    /// The `error_code` of a resource a request over several resources did not act on
    /// (`fail_resource_infos[]`, in a 200).
    pub fn refusal_code(refusal: &ResourceRefusal) -> &'static str {
        match refusal {
            ResourceRefusal::NotFound(_) => "CBC.99003012",
            ResourceRefusal::PendingRenewal { .. } => "CBC.30050010",
            ResourceRefusal::InProgress { .. } => "CBC.99003651",
            ResourceRefusal::NotRenewable(_) => "CBC.30050013",
            ResourceRefusal::ExpiredOrFrozen(_) => "CBC.99003602",
            ResourceRefusal::AutoRenewOff(_) => "CBC.99003605",
            ResourceRefusal::NoPrice { .. } => "CBC.99006006",
            ResourceRefusal::NotMain { .. } | ResourceRefusal::NothingRenewed(_) => "CBC.0100",
        }
    }

    /// A failure of the service itself. The cause is logged here, once; the client gets an
    /// opaque message.
    fn internal(family: Family, cause: &ServiceError) -> ApiError {
        // Escaped (`?`): a cause may quote what a client sent.
        tracing::error!(error = ?cause.to_string(), "request failed inside the service");
        ApiError::new(
            family,
            ErrorKind::Internal,
            "internal error, please retry later",
        )
    }

    /// The HTTP status and `error_code` for this error.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        use ErrorKind::*;
        use Family::*;
        match (self.family, self.kind) {
            (_, NoSuchApi) => (StatusCode::NOT_FOUND, "APIGW.0101"),
            // The Workspace App definition documents its own 405 code; the other APIs document
            // none, so the gateway's answers.
            (WorkspaceApp, MethodNotAllowed) => (StatusCode::METHOD_NOT_ALLOWED, "WKS.00000405"),
            (_, MethodNotAllowed) => (StatusCode::METHOD_NOT_ALLOWED, "APIGW.0201"),
            (Iam, Unauthenticated) => (StatusCode::UNAUTHORIZED, "IAM.0004"),
            // The gateway verifies signatures and tokens before any service sees the request.
            (_, Unauthenticated) => (StatusCode::UNAUTHORIZED, "APIGW.0301"),
            (Cbc, Forbidden) => (StatusCode::FORBIDDEN, "CBC.0151"),
            (Iam, Forbidden) => (StatusCode::FORBIDDEN, "IAM.0003"),
            (_, Forbidden) => (StatusCode::FORBIDDEN, "APIGW.0302"),
            (Gateway, InvalidParameter | UnsupportedMediaType) => {
                (StatusCode::BAD_REQUEST, "APIGW.0201")
            }
            (Gateway, BodyTooLarge) => (StatusCode::PAYLOAD_TOO_LARGE, "APIGW.0201"),
            (Gateway, BodyTimeout) => (StatusCode::REQUEST_TIMEOUT, "APIGW.0201"),
            (Gateway, NotFound) => (StatusCode::NOT_FOUND, "APIGW.0101"),
            (Gateway, Conflict) => (StatusCode::CONFLICT, "APIGW.0201"),
            (Gateway, Internal) => (StatusCode::INTERNAL_SERVER_ERROR, "APIGW.0601"),

            (Dsc, InvalidParameter) => (StatusCode::BAD_REQUEST, "dsc.40000011"),
            (Dsc, BodyTooLarge) => (StatusCode::PAYLOAD_TOO_LARGE, "dsc.40000011"),
            (Dsc, BodyTimeout) => (StatusCode::REQUEST_TIMEOUT, "dsc.40000011"),
            (Dsc, UnsupportedMediaType) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "dsc.40000011"),
            (Dsc, NotFound) => (StatusCode::NOT_FOUND, "dsc.40400001"),
            (Dsc, Internal) => (StatusCode::INTERNAL_SERVER_ERROR, "dsc.50000001"),
            (Dsc, Conflict) => (StatusCode::CONFLICT, "dsc.40000011"),

            // The codes of the Workspace App API definition's error responses.
            (WorkspaceApp, InvalidParameter) => (StatusCode::BAD_REQUEST, "WKS.00211102"),
            (WorkspaceApp, BodyTooLarge) => (StatusCode::PAYLOAD_TOO_LARGE, "WKS.00211102"),
            (WorkspaceApp, BodyTimeout) => (StatusCode::REQUEST_TIMEOUT, "WKS.00211102"),
            (WorkspaceApp, UnsupportedMediaType) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "WKS.00211102")
            }
            (WorkspaceApp, NotFound) => (StatusCode::NOT_FOUND, "WKS.00211902"),
            (WorkspaceApp, Conflict) => (StatusCode::CONFLICT, "WKS.00211102"),
            (WorkspaceApp, Internal) => (StatusCode::INTERNAL_SERVER_ERROR, "WKS.00211401"),

            // CBC documents 400 .0100 and 500 .0999 for client and server faults, and
            // CBC.30000010 for an order that does not exist.
            (Cbc, InvalidParameter) => (StatusCode::BAD_REQUEST, "CBC.0100"),
            (Cbc, BodyTooLarge) => (StatusCode::PAYLOAD_TOO_LARGE, "CBC.0100"),
            (Cbc, BodyTimeout) => (StatusCode::REQUEST_TIMEOUT, "CBC.0100"),
            (Cbc, UnsupportedMediaType) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "CBC.0100"),
            (Cbc, NotFound) => (StatusCode::NOT_FOUND, "CBC.30000010"),
            (Cbc, Conflict) => (StatusCode::CONFLICT, "CBC.0100"),
            (Cbc, Internal) => (StatusCode::INTERNAL_SERVER_ERROR, "CBC.0999"),

            (Ies, InvalidParameter) => (StatusCode::BAD_REQUEST, "IES.00001005"),
            (Ies, BodyTooLarge) => (StatusCode::PAYLOAD_TOO_LARGE, "IES.00001005"),
            (Ies, BodyTimeout) => (StatusCode::REQUEST_TIMEOUT, "IES.00001005"),
            (Ies, UnsupportedMediaType) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "IES.00001005"),
            (Ies, NotFound) => (StatusCode::NOT_FOUND, "IES.00011002"),
            (Ies, Conflict) => (StatusCode::CONFLICT, "IES.00001005"),
            (Ies, Internal) => (StatusCode::INTERNAL_SERVER_ERROR, "SYS.0500"),

            (Iam, InvalidParameter) => (StatusCode::BAD_REQUEST, "IAM.0007"),
            (Iam, BodyTooLarge) => (StatusCode::PAYLOAD_TOO_LARGE, "IAM.0007"),
            (Iam, BodyTimeout) => (StatusCode::REQUEST_TIMEOUT, "IAM.0007"),
            (Iam, UnsupportedMediaType) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "IAM.0007"),
            (Iam, NotFound) => (StatusCode::NOT_FOUND, "IAM.0011"),
            (Iam, Conflict) => (StatusCode::CONFLICT, "IAM.0007"),
            (Iam, Internal) => (StatusCode::INTERNAL_SERVER_ERROR, "IAM.0006"),

            (Workspace, InvalidParameter) => (StatusCode::BAD_REQUEST, "WKS.0001"),
            (Workspace, BodyTooLarge) => (StatusCode::PAYLOAD_TOO_LARGE, "WKS.0001"),
            (Workspace, BodyTimeout) => (StatusCode::REQUEST_TIMEOUT, "WKS.0001"),
            (Workspace, UnsupportedMediaType) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "WKS.0001"),
            (Workspace, NotFound) => (StatusCode::NOT_FOUND, "WKS.0404"),
            (Workspace, Conflict) => (StatusCode::CONFLICT, "WKS.0001"),
            (Workspace, Internal) => (StatusCode::INTERNAL_SERVER_ERROR, "WKS.0500"),

            // Only the BSS order APIs pay and cancel; any other family answers with CBC's codes
            // too, as the gateway would pass BSS's answer through.
            (_, NoSuchOrder) => (StatusCode::BAD_REQUEST, "CBC.30000010"),
            (_, CannotPay) => (StatusCode::BAD_REQUEST, "CBC.99003106"),
            (_, CannotCancel) => (StatusCode::BAD_REQUEST, "CBC.99005010"),
            (_, InsufficientBalance) => (StatusCode::BAD_REQUEST, "CBC.99005003"),
            // Only BSS's price inquiry names products by spec; its documented "product not
            // found".
            (_, ProductNotFound) => (StatusCode::BAD_REQUEST, "CBC.99006006"),
            (_, NoSuchResource) => (StatusCode::BAD_REQUEST, "CBC.99003012"),
            (_, AutoRenewOff) => (StatusCode::BAD_REQUEST, "CBC.99003605"),
            (_, ExpiredOrFrozen) => (StatusCode::BAD_REQUEST, "CBC.99003602"),
            (_, NotRenewable) => (StatusCode::BAD_REQUEST, "CBC.30050013"),
            // The gateway's "backend unavailable", as 503: what load balancers and
            // orchestrators read as "not ready, try another".
            (_, Unavailable) => (StatusCode::SERVICE_UNAVAILABLE, "APIG.0202"),
            (Cbc, TooManyRequests) => (StatusCode::TOO_MANY_REQUESTS, "CBC.0250"),
            (_, TooManyRequests) => (StatusCode::TOO_MANY_REQUESTS, "APIG.0308"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error_code) = self.status_and_code();
        let error_detail = (self.family == Family::Workspace)
            .then(|| self.detail.as_deref().unwrap_or(&self.message));
        let body = ErrorBody {
            error_code,
            error_msg: &self.message,
            error_detail,
            request_id: current_request_id(),
        };
        (status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejections_map_to_400_404_and_403() {
        let mut v = Violations::new();
        v.push("a", "is required");
        let invalid = ApiError::rejected(Family::Workspace, Rejection::Invalid(v.clone()));
        assert_eq!(invalid, ApiError::invalid(Family::Workspace, &v));

        let missing = vec![
            "x: desktop d1 does not exist".to_owned(),
            "y: d2".to_owned(),
        ];
        let not_found = ApiError::rejected(Family::Workspace, Rejection::NotFound(missing));
        assert_eq!(not_found.kind, ErrorKind::NotFound);
        assert_eq!(not_found.message, "x: desktop d1 does not exist; y: d2");
        assert_eq!(
            not_found.detail.as_deref(),
            Some("x: desktop d1 does not exist\ny: d2")
        );

        let forbidden = ApiError::rejected(Family::Cbc, Rejection::Forbidden("tenantId: t".into()));
        assert_eq!(
            forbidden.status_and_code(),
            (StatusCode::FORBIDDEN, "CBC.0151")
        );
        assert_eq!(forbidden.message, "tenantId: t");

        let unknown = vec![
            "product_infos[0]: a".to_owned(),
            "product_infos[2]: b".into(),
        ];
        let unknown = ApiError::rejected(Family::Cbc, Rejection::ProductNotFound(unknown));
        assert_eq!(
            unknown.status_and_code(),
            (StatusCode::BAD_REQUEST, "CBC.99006006")
        );
        assert_eq!(unknown.message, "product_infos[0]: a; product_infos[2]: b");
    }
}
