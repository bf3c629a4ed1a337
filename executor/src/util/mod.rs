//! Small helpers with no runtime knowledge.

pub(crate) mod slab;
