//! A hierarchical timer wheel whose deadlines fire through `SetReadiness`.

mod entry;
mod level;
pub mod wheel;

pub use crate::entry::TimerKey;
