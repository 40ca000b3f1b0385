//! The `period_type` / `period_num` pair several order APIs send.

use crate::domain::period::{Period, PeriodLimits};
use crate::domain::violations::Violations;

/// Parses a mandatory `period_type`/`period_num` pair given with their field paths, recording a
/// missing field or a broken range under the path of the field at fault.
pub fn period_from_fields(
    (type_path, period_type): (&str, Option<i64>),
    (num_path, period_num): (&str, Option<i64>),
    limits: PeriodLimits,
    v: &mut Violations,
) -> Option<Period> {
    let period_type = v.required(type_path, period_type);
    let period_num = v.required(num_path, period_num);
    match Period::parse(period_type?, period_num?, limits) {
        Ok(period) => Some(period),
        Err(err) => {
            v.push(
                if err.is_about_num() {
                    num_path
                } else {
                    type_path
                },
                err.to_string(),
            );
            None
        }
    }
}
