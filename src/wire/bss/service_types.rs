//! ListServiceTypes (`GET /v2/products/service-types`): the query and the answer. Terraform asks
//! for `?limit=1` when it starts, to learn that the endpoint answers.

use serde::{Deserialize, Serialize};

use super::params::{MAX_OFFSET, given, integer};
use crate::domain::service_type::{service_type_abbreviation, service_type_name};
use crate::domain::violations::Violations;

/// The most service types one page holds.
pub const MAX_LIMIT: i64 = 100;

/// The query string.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListServiceTypesQuery {
    /// Page size, 1–100, default 10.
    pub limit: Option<String>,
    /// Service types to skip, default 0.
    pub offset: Option<String>,
    /// Only services whose name contains this (1–128 characters, any case).
    pub service_type_name: Option<String>,
}

/// Which service types to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceTypeFilter {
    /// How many to skip.
    pub offset: usize,
    /// How many at most.
    pub limit: usize,
    /// Text the name must contain, lower-cased.
    pub name: Option<String>,
}

impl ListServiceTypesQuery {
    /// The filter and page asked for.
    pub fn into_filter(self) -> Result<ServiceTypeFilter, Violations> {
        let mut v = Violations::new();
        let limit = integer(&mut v, "limit", self.limit.as_deref(), 10, (1, MAX_LIMIT));
        let offset = integer(&mut v, "offset", self.offset.as_deref(), 0, (0, MAX_OFFSET));
        let name = given(self.service_type_name);
        if let Some(name) = &name
            && name.chars().count() > 128
        {
            v.push("service_type_name", "must be 1 to 128 characters");
        }
        match (limit, offset) {
            (Some(limit), Some(offset)) if v.is_empty() => Ok(ServiceTypeFilter {
                offset: usize::try_from(offset).expect("offset is 0 to i32::MAX"),
                limit: usize::try_from(limit).expect("limit is 1 to 100"),
                name: name.map(|n| n.to_lowercase()),
            }),
            _ => Err(v),
        }
    }
}

/// One `service_types[]` entry.
#[derive(Debug, Serialize)]
pub struct ServiceTypeView {
    /// Its name (`Data Security Center`).
    pub service_type_name: String,
    /// Its code (`hws.service.type.sdg`).
    pub service_type_code: String,
    /// Its abbreviation (`DSC`).
    pub abbreviation: String,
}

/// The answer.
#[derive(Debug, Serialize)]
pub struct ListServiceTypesResponse {
    /// How many service types the filter selects in all.
    pub total_count: usize,
    /// One page of them.
    pub service_types: Vec<ServiceTypeView>,
}

impl ListServiceTypesResponse {
    /// The page `filter` asks for of the services with these `codes`.
    pub fn new(codes: &[&str], filter: &ServiceTypeFilter) -> ListServiceTypesResponse {
        let selected: Vec<ServiceTypeView> = codes
            .iter()
            .map(|code| ServiceTypeView {
                service_type_name: service_type_name(code).to_owned(),
                service_type_code: (*code).to_owned(),
                abbreviation: service_type_abbreviation(code),
            })
            .filter(|s| {
                filter
                    .name
                    .as_ref()
                    .is_none_or(|part| s.service_type_name.to_lowercase().contains(part))
            })
            .collect();
        ListServiceTypesResponse {
            total_count: selected.len(),
            service_types: selected
                .into_iter()
                .skip(filter.offset)
                .take(filter.limit)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: &[&str] = &[
        "hws.service.type.dis",
        "hws.service.type.sdg",
        "hws.service.type.vdi",
    ];

    fn filter(limit: Option<&str>, offset: Option<&str>, name: Option<&str>) -> ServiceTypeFilter {
        ListServiceTypesQuery {
            limit: limit.map(str::to_owned),
            offset: offset.map(str::to_owned),
            service_type_name: name.map(str::to_owned),
        }
        .into_filter()
        .unwrap()
    }

    fn codes(response: &ListServiceTypesResponse) -> Vec<&str> {
        let types = &response.service_types;
        types.iter().map(|s| s.service_type_code.as_str()).collect()
    }

    #[test]
    fn terraforms_probe_gets_one_of_all() {
        let response = ListServiceTypesResponse::new(CODES, &filter(Some("1"), None, None));
        assert_eq!(response.total_count, 3);
        assert_eq!(codes(&response), ["hws.service.type.dis"]);
        assert_eq!(response.service_types[0].abbreviation, "DIS");
    }

    #[test]
    fn names_match_in_any_case_anywhere() {
        let response = ListServiceTypesResponse::new(CODES, &filter(None, None, Some("SECURITY")));
        assert_eq!(codes(&response), ["hws.service.type.sdg"]);
        let paged = ListServiceTypesResponse::new(CODES, &filter(Some("10"), Some("2"), None));
        assert_eq!(
            (paged.total_count, codes(&paged)),
            (3, vec!["hws.service.type.vdi"])
        );
    }

    #[test]
    fn broken_parameters_are_named() {
        let err = ListServiceTypesQuery {
            limit: Some("0".into()),
            offset: Some("x".into()),
            service_type_name: Some("n".repeat(129)),
        }
        .into_filter()
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("limit: must be an integer from 1 to 100"),
            "{err}"
        );
        assert!(
            err.contains("offset: must be an integer from 0 to"),
            "{err}"
        );
        assert!(
            err.contains("service_type_name: must be 1 to 128 characters"),
            "{err}"
        );
    }
}
