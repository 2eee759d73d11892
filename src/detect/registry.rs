//! The brand registry: which brands are protected and who may sell them.

use std::path::Path;

use serde::Deserialize;

use crate::config::{ConfigError, parse_toml, read_file};

/// All brands of one or more registry files.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// The brands, in file order.
    pub brands: Vec<Brand>,
}

/// One protected brand.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// Canonical name.
    pub name: String,
    /// Other names it goes by (other scripts, abbreviations).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Authorised sellers: seller names, store URLs or store hosts.
    #[serde(default)]
    pub authorised_sellers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    #[serde(default)]
    brand: Vec<Brand>,
}

impl Registry {
    /// Reads one registry file.
    pub fn load(file: &Path) -> Result<Self, ConfigError> {
        let src = read_file(file)?;
        Self::from_toml(file, &src)
    }

    /// Parses a registry from its TOML text.
    pub fn from_toml(file: &Path, src: &str) -> Result<Self, ConfigError> {
        let raw: RawRegistry = parse_toml(file, src)?;
        for (i, b) in raw.brand.iter().enumerate() {
            if b.name.trim().is_empty() {
                return Err(ConfigError::at_key(
                    file,
                    src,
                    &format!("brand[{i}].name"),
                    "must not be empty",
                ));
            }
        }
        Ok(Registry { brands: raw.brand })
    }

    /// Adds the brands of `other`.
    pub fn merge(&mut self, other: Registry) {
        self.brands.extend(other.brands);
    }
}

impl Brand {
    /// Whether a seller (by name, store URL or host) is authorised for this brand.
    pub fn is_authorised(&self, seller_name: Option<&str>, seller_url: Option<&str>) -> bool {
        let host = seller_url
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        self.authorised_sellers.iter().any(|a| {
            let a_trim = a.trim();
            if let Some(name) = seller_name
                && name.trim().eq_ignore_ascii_case(a_trim)
            {
                return true;
            }
            let a_host = url::Url::parse(a_trim)
                .ok()
                .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
                .unwrap_or_else(|| a_trim.to_ascii_lowercase());
            host.as_deref() == Some(a_host.as_str())
        })
    }
}
