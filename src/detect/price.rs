//! Price text as directories show it (`US$ 12.50`, `¥18.00-20.00`, `€1.299,00`, `Rs 450`)
//! → an amount and a currency, and conversion to US dollars for comparing with a brand's
//! reference price.
//!
//! Parsing is forgiving (the lower end of a range, thousands separators either way) but
//! never guesses a currency it cannot see: a bare number has no currency, and the caller
//! decides what that means. Rates are approximate defaults, overridable per registry; the
//! comparison only needs to tell "a fifth of the price" from "about the price".

use std::collections::BTreeMap;

/// A parsed price.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Price {
    pub amount: f64,
    /// ISO 4217 code, when the text names a currency.
    pub currency: Option<&'static str>,
}

/// Approximate US dollars per unit.
pub(crate) const DEFAULT_USD_RATES: &[(&str, f64)] = &[
    ("USD", 1.0),
    ("EUR", 1.08),
    ("GBP", 1.27),
    ("CNY", 0.14),
    ("JPY", 0.0067),
    ("INR", 0.012),
    ("HKD", 0.128),
    ("AUD", 0.66),
    ("CAD", 0.73),
    ("RUB", 0.011),
];

/// Currency markers, longest first within a family so `US$` wins over `$`.
const MARKERS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("USD", "USD"),
    ("HK$", "HKD"),
    ("HKD", "HKD"),
    ("AU$", "AUD"),
    ("AUD", "AUD"),
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("CAD", "CAD"),
    ("EUR", "EUR"),
    ("€", "EUR"),
    ("GBP", "GBP"),
    ("£", "GBP"),
    ("INR", "INR"),
    ("₹", "INR"),
    ("RS.", "INR"),
    ("RS ", "INR"),
    ("JPY", "JPY"),
    ("JP¥", "JPY"),
    ("円", "JPY"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("元", "CNY"),
    ("RUB", "RUB"),
    ("₽", "RUB"),
    ("$", "USD"),
];

/// Parses the first amount in `text` and the currency it names, if any.
pub(crate) fn parse(text: &str) -> Option<Price> {
    let upper = text.to_uppercase();
    let currency = MARKERS
        .iter()
        .find(|(m, _)| {
            if *m == "RS " {
                upper.starts_with("RS ") || upper.contains(" RS ")
            } else {
                upper.contains(m)
            }
        })
        .map(|&(_, c)| c);
    let amount = first_number(text)?;
    Some(Price { amount, currency })
}

/// The first number, reading `1,299.00` and `1.299,00` both as 1299 and `12,50` as 12.5.
fn first_number(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let run: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let run = run.trim_end_matches([',', '.']);
    let last_dot = run.rfind('.');
    let last_comma = run.rfind(',');
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(d), None) => (run.matches('.').count() == 1 && run.len() - d - 1 != 3).then_some(d),
        (None, Some(c)) => (run.matches(',').count() == 1 && run.len() - c - 1 != 3).then_some(c),
        (None, None) => None,
    };
    let mut digits = String::with_capacity(run.len());
    for (i, ch) in run.char_indices() {
        if ch.is_ascii_digit() {
            digits.push(ch);
        } else if Some(i) == decimal {
            digits.push('.');
        }
    }
    let v: f64 = digits.parse().ok()?;
    (v.is_finite() && v > 0.0).then_some(v)
}

/// US dollars per unit of `currency`: the registry's rate, else the default.
pub(crate) fn usd_rate(currency: &str, overrides: &BTreeMap<String, f64>) -> Option<f64> {
    overrides.get(currency).copied().or_else(|| {
        DEFAULT_USD_RATES
            .iter()
            .find(|(c, _)| *c == currency)
            .map(|&(_, r)| r)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<(f64, Option<&'static str>)> {
        parse(s).map(|p| (p.amount, p.currency))
    }

    #[test]
    fn common_price_texts() {
        assert_eq!(p("US$ 12.50"), Some((12.5, Some("USD"))));
        assert_eq!(p("¥18.00-20.00"), Some((18.0, Some("CNY"))));
        assert_eq!(p("$1,299.00 / piece"), Some((1299.0, Some("USD"))));
        assert_eq!(p("€1.299,00"), Some((1299.0, Some("EUR"))));
        assert_eq!(p("12,50 EUR"), Some((12.5, Some("EUR"))));
        assert_eq!(p("Rs 450"), Some((450.0, Some("INR"))));
        assert_eq!(p("45"), Some((45.0, None)));
        assert_eq!(p("1.299"), Some((1299.0, None)));
        assert_eq!(p("HK$ 300"), Some((300.0, Some("HKD"))));
        assert_eq!(p("negotiable"), None);
    }

    #[test]
    fn rates_default_and_override() {
        let mut o = BTreeMap::new();
        assert_eq!(usd_rate("USD", &o), Some(1.0));
        o.insert("CNY".to_string(), 0.2);
        assert_eq!(usd_rate("CNY", &o), Some(0.2));
        assert_eq!(usd_rate("XXX", &o), None);
    }
}
