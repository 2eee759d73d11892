//! Finder placeholder: proposes no plan yet.

use super::{PageView, Plan};

/// Plans this finder proposes for the page.
pub(super) fn plans(_view: &PageView<'_>) -> Vec<Plan> {
    Vec::new()
}
