//! `greysweep explain --brands REGISTRY.toml [--seller NAME] [--seller-url URL] [--price P]
//! "TITLE"`: run the brand detector on one listing and say what matched, how, and why it
//! is (or is not) flagged.
//!
//! The report goes to stdout; every piece of listing text in it passes through
//! [`terminal_safe`] (and loses its line breaks), because titles and seller names are
//! scraped and hostile. Rendering is a pure function, [`render_explanation`], so it can be
//! snapshot-tested; this module does no detection of its own.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::detect::{Finding, Subject};
use crate::output::terminal_safe;

/// Explain how the brand detector judges one listing title.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    brands: super::BrandArgs,
    /// Seller or store name as shown on the listing.
    #[arg(long, value_name = "NAME")]
    seller: Option<String>,
    /// Seller or store URL.
    #[arg(long = "seller-url", value_name = "URL")]
    seller_url: Option<String>,
    /// The platform's seller id.
    #[arg(long = "seller-id", value_name = "ID")]
    seller_id: Option<String>,
    /// Price as shown (`US$ 25`, `¥180`); a bare number is read in the brand's
    /// reference currency.
    #[arg(long, value_name = "P")]
    price: Option<String>,
    /// Listing description.
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// The listing's category or breadcrumb text (read for its goods).
    #[arg(long, value_name = "TEXT")]
    category: Option<String>,
    /// The listing title.
    title: String,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let detector = args.brands.detector()?;
    let subject = Subject {
        title: &args.title,
        description: args.description.as_deref(),
        seller_name: args.seller.as_deref(),
        seller_url: args.seller_url.as_deref(),
        price: args.price.as_deref(),
        seller_id: args.seller_id.as_deref(),
        category: args.category.as_deref(),
    };
    let findings = detector.assess(&subject);
    let set_aside = detector.set_aside(&subject, &findings);
    let mut out = std::io::stdout().lock();
    out.write_all(render_explanation(&subject, &findings, &set_aside).as_bytes())?;
    out.flush()?;
    Ok(super::EXIT_OK)
}

/// Listing text made safe for a terminal, on one line.
fn safe(text: &str) -> String {
    terminal_safe(text).replace('\n', "\\n")
}

/// The human-readable report for one listing and its findings.
/// `set_aside`: the names found and set aside without a finding
/// ([`crate::detect::Detector::set_aside`]), listed after the findings.
pub fn render_explanation(
    subject: &Subject<'_>,
    findings: &[Finding],
    set_aside: &[String],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "title:       \"{}\"", safe(subject.title));
    for (label, value) in [
        ("description", subject.description),
        ("seller", subject.seller_name),
        ("seller url", subject.seller_url),
        ("seller id", subject.seller_id),
        ("price", subject.price),
        ("category", subject.category),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{:<12} \"{}\"", format!("{label}:"), safe(v));
        }
    }
    let flagged = findings.iter().filter(|f| f.flagged).count();
    let _ = writeln!(out);
    if findings.is_empty() && set_aside.is_empty() {
        let _ = writeln!(out, "no brand of the registry is named: not flagged");
        return out;
    }
    if findings.is_empty() {
        let _ = writeln!(out, "no finding for any brand of the registry: not flagged");
    } else {
        let _ = writeln!(
            out,
            "{} brand(s) named, {} flagged",
            findings.len(),
            flagged
        );
    }
    for f in findings {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} — {}",
            safe(&f.brand),
            if f.flagged { "FLAGGED" } else { "not flagged" }
        );
        let _ = writeln!(
            out,
            "  matched:   \"{}\" in the {} ({}, for \"{}\")",
            safe(&f.matched_text),
            f.field,
            f.match_kind,
            safe(&f.matched_name)
        );
        let _ = writeln!(out, "  category:  {}", f.category);
        let classes = |c: &[u8]| {
            if c.is_empty() {
                "none".to_string()
            } else {
                c.iter().map(u8::to_string).collect::<Vec<_>>().join(", ")
            }
        };
        let words = if f.goods_words.is_empty() {
            String::new()
        } else {
            format!(" ({})", safe(&f.goods_words.join(", ")))
        };
        let _ = writeln!(
            out,
            "  goods:     listing classes {}{words}; brand classes {}",
            classes(&f.listing_classes),
            classes(&f.brand_classes)
        );
        let _ = writeln!(out, "  risk:      {} ({})", f.risk, f.risk_level());
        let _ = writeln!(out, "  reasons:");
        for s in &f.signals {
            let _ = writeln!(out, "    - {}", safe(s));
        }
    }
    if !set_aside.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "set aside (no finding):");
        for l in set_aside {
            let _ = writeln!(out, "  - {}", safe(l));
        }
    }
    out
}
