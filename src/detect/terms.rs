//! The compiled-in default term lists (`seeds/brands/terms.toml`) and how a registry's
//! own `[terms]` combine with them.
//!
//! The defaults ship inside the binary so a registry with only `[[brand]]` tables still
//! recognises `replica`, `1:1`, `高仿` and `compatible with`. A registry extends each
//! list; `replace_defaults = true` in any merged file drops the defaults. This module only
//! assembles lists; matching them is the matcher's job.

use std::path::Path;

use super::registry::{Registry, Terms};

/// Text of the default term lists, as shipped.
pub const DEFAULT_TERMS_TOML: &str = include_str!("../../seeds/brands/terms.toml");

/// The default term lists. The file is compiled in and covered by a test, so it parses.
pub fn default_terms() -> Terms {
    Registry::from_toml(Path::new("seeds/brands/terms.toml"), DEFAULT_TERMS_TOML)
        .map(|r| r.terms)
        .unwrap_or_default()
}

/// The lists a detector uses: the defaults (unless replaced) plus the registry's own.
pub fn effective(own: &Terms) -> Terms {
    let mut t = if own.replace_defaults {
        Terms::default()
    } else {
        default_terms()
    };
    t.counterfeit_indicators
        .extend(own.counterfeit_indicators.iter().cloned());
    t.indicator_exclusions
        .extend(own.indicator_exclusions.iter().cloned());
    t.compatibility_phrases
        .extend(own.compatibility_phrases.iter().cloned());
    t.compatibility_suffixes
        .extend(own.compatibility_suffixes.iter().cloned());
    t.typo_exclusions
        .extend(own.typo_exclusions.iter().cloned());
    t.unbranded_phrases
        .extend(own.unbranded_phrases.iter().cloned());
    t.unbranded_exclusions
        .extend(own.unbranded_exclusions.iter().cloned());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_are_not_empty() {
        let r = Registry::from_toml(Path::new("terms.toml"), DEFAULT_TERMS_TOML)
            .expect("the default term lists parse");
        assert!(r.brands.is_empty());
        for list in [
            &r.terms.counterfeit_indicators,
            &r.terms.compatibility_phrases,
            &r.terms.compatibility_suffixes,
            &r.terms.indicator_exclusions,
            &r.terms.typo_exclusions,
            &r.terms.unbranded_phrases,
            &r.terms.unbranded_exclusions,
        ] {
            assert!(list.len() > 5);
        }
        assert!(r.terms.counterfeit_indicators.iter().any(|t| t == "高仿"));
    }

    #[test]
    fn registry_terms_extend_or_replace() {
        let own = Terms {
            counterfeit_indicators: vec!["bootleg".into()],
            ..Terms::default()
        };
        let t = effective(&own);
        assert!(t.counterfeit_indicators.iter().any(|x| x == "replica"));
        assert!(t.counterfeit_indicators.iter().any(|x| x == "bootleg"));
        let own = Terms {
            replace_defaults: true,
            ..own
        };
        assert_eq!(effective(&own).counterfeit_indicators, ["bootleg"]);
    }
}
