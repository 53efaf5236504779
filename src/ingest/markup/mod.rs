//! HTML made safe for html5ever to parse in linear time: a tokenizer, the tree builder's element
//! groups, and the pass that bounds nesting, formatting elements and attributes.

mod bound;
mod foreign;
mod names;
mod scan;

pub use bound::bound_markup;
