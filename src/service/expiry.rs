//! A resource's time running out: on its expiry it renews itself (when auto-renewal is on and
//! the balance allows) or expires, then freezes when the grace period ends and closes when the
//! retention period ends. The steps are the domain's (`domain::subscription::due_step`).

use time::OffsetDateTime;

use crate::domain::balance::BalanceError;
use crate::domain::order::{Actor, Order};
use crate::domain::period::Period;
use crate::domain::resource::{Resource, ResourceStatus};
use crate::domain::subscription::{self, DueStep};
use crate::store::Change;

use super::subscriptions::{Family, update};
use super::{OrderService, ServiceError};

impl OrderService {
    /// Takes the step resource `id` of `project` is due for, if it still is at `now`; gives its
    /// next due time.
    pub(super) async fn settle_resource(
        &self,
        project: &str,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, ServiceError> {
        let Some(resource) = self
            .0
            .store
            .resources(project, &[id.to_owned()])
            .await?
            .pop()
        else {
            return Ok(None);
        };
        let domain_id = resource.domain_id().to_owned();
        self.retrying(&domain_id, || async {
            let Some(family) = self.family(&domain_id, id).await?.ok() else {
                return Ok(Change::default());
            };
            let main = &family.main;
            let now = now.min(self.0.clock.now());
            let (Some(due), Some(step)) = (
                main.due_at().filter(|at| *at <= now),
                subscription::due_step(main),
            ) else {
                return Ok(Change::default());
            };
            if let DueStep::AutoRenew(period) = step
                && let Some(change) = self.auto_renewal(&family, period, due).await?
            {
                return Ok(change);
            }
            let deadlines = self.0.settings.deadlines;
            let step = |r: &Resource| match step {
                DueStep::AutoRenew(_) | DueStep::Expire => r.expire(deadlines),
                DueStep::Freeze => r.freeze(deadlines),
                DueStep::Close => r.close(),
            };
            Ok(Change {
                resources: family
                    .members
                    .iter()
                    .filter(|(r, _)| r.status() != ResourceStatus::Closed)
                    .map(|(r, _)| update(r, step(r)))
                    .collect(),
                ..Change::default()
            })
        })
        .await?;
        Ok(self
            .0
            .store
            .resources(project, &[id.to_owned()])
            .await?
            .pop()
            .and_then(|r| r.due_at()))
    }

    /// The change that renews `family` by `period` at `at` for the system, paid from the
    /// balance; `None` when the balance does not cover it or it cannot be priced.
    async fn auto_renewal(
        &self,
        family: &Family,
        period: Period,
        at: OffsetDateTime,
    ) -> Result<Option<Change>, ServiceError> {
        let Ok(draft) = self.family_renewal_draft(family, period) else {
            return Ok(None);
        };
        let deadlines = self.0.settings.deadlines;
        let order = Order::place(self.0.ids.next(at)?, draft, at, deadlines)?;
        let (paid, payment) = match self.payment(&order, at, Actor::System).await {
            Ok(paid) => paid,
            Err(ServiceError::Balance(BalanceError::Insufficient { .. })) => return Ok(None),
            Err(err) => return Err(err),
        };
        let mut change = Change::new_order(order);
        change.merge(payment);
        if deadlines.delivery.is_zero() {
            change = change.transition(paid.complete(at)?);
        }
        for (r, _) in &family.members {
            let renewed = if r.id() == family.main.id() {
                r.auto_renewed(period)
            } else {
                r.renew(period)
            };
            if let Some(renewed) = renewed {
                change.resources.push(update(r, renewed));
            }
        }
        Ok(Some(change))
    }
}
