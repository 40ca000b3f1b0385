//! Wire parts several APIs share, one concern a file.

mod choice;
mod integer;
mod length;
mod list;
mod one_or_many;
mod order_id;
mod path;
mod period;
mod product_info;

pub use choice::one_of;
pub use integer::{optional_range, positive_int32, range};
pub use length::{LengthWording, check_length, optional_length};
pub use list::{at_least_one, items, required_items};
pub use one_or_many::OneOrMany;
pub use order_id::OrderIdView;
pub use path::join_path;
pub use period::period_from_fields;
pub use product_info::{ProductInfo, ResolvedProduct, checked_size};
