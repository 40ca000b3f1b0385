//! Wire parts several APIs share, one concern a file.

mod count;
mod length;
mod one_or_many;
mod order_id;
mod path;
mod period;
mod product_info;

pub use count::positive_int32;
pub use length::check_length;
pub use one_or_many::OneOrMany;
pub use order_id::OrderIdView;
pub use path::join_path;
pub use period::period_from_fields;
pub use product_info::{ProductInfo, ResolvedProduct};
