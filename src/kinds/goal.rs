//! A goal (objective) and its key results.

use super::{IdRef, Meta};

/// An objective the product serves, measured by its key results.
#[derive(Clone, Debug)]
pub struct Goal {
    pub meta: Meta,
    pub owner: Option<IdRef>,
    pub timeframe: Option<String>,
    pub status: Option<String>,
    /// Indices into the site's key results, in the order written.
    pub key_results: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct KeyResult {
    pub id: IdRef,
    pub metric: String,
    pub unit: Option<String>,
    pub direction: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    /// Index of the goal it belongs to.
    pub goal: usize,
}

impl KeyResult {
    /// (current − baseline) / (target − baseline), clamped to 0..1; `None` when a
    /// figure is missing or target equals baseline.
    pub fn score(&self) -> Option<f64> {
        let (baseline, target, current) = (self.baseline?, self.target?, self.current?);
        let span = target - baseline;
        if span == 0.0 || !span.is_finite() {
            return None;
        }
        let score = (current - baseline) / span;
        score.is_finite().then(|| score.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::{FileId, Span, Spanned};

    fn kr(baseline: f64, target: f64, current: f64) -> KeyResult {
        KeyResult {
            id: Spanned::new("KR-1".into(), Span::file_start(FileId(0))),
            metric: "m".into(),
            unit: None,
            direction: None,
            baseline: Some(baseline),
            target: Some(target),
            current: Some(current),
            goal: 0,
        }
    }

    #[test]
    fn score_works_in_both_directions_and_clamps() {
        assert_eq!(
            kr(45.0, 10.0, 22.0).score().map(|s| (s * 1000.0).round()),
            Some(657.0)
        );
        assert_eq!(kr(0.0, 100.0, 25.0).score(), Some(0.25));
        assert_eq!(kr(0.0, 100.0, 150.0).score(), Some(1.0));
        assert_eq!(kr(0.0, 100.0, -5.0).score(), Some(0.0));
        assert_eq!(kr(5.0, 5.0, 5.0).score(), None);
    }
}
