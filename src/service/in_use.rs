//! What a project subscribes to of one cloud service: its delivered resources in use, each with
//! the order that bought it (DSC reads its editions and packages this way).

use crate::domain::resource::ResourceStatus;
use crate::store::ResourceQuery;

use super::{ListedResource, OrderService, ServiceError};

impl OrderService {
    /// The resources of `service_type` in project `project_id` of account `domain_id` that are
    /// delivered and in use, oldest first, each with its order. A project holds few of one
    /// service, so there is no paging.
    pub async fn subscriptions(
        &self,
        domain_id: &str,
        project_id: &str,
        service_type: &str,
    ) -> Result<Vec<ListedResource>, ServiceError> {
        let query = ResourceQuery {
            project_id: Some(project_id.to_owned()),
            service_type: Some(service_type.to_owned()),
            statuses: vec![ResourceStatus::InUse],
            ..ResourceQuery::of_account(domain_id, u32::MAX)
        };
        Ok(self.resource_list(&query, None).await?.resources)
    }
}
