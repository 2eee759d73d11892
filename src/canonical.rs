//! Canonical URLs: the one form of a URL that the frontier compares, queues and fetches.
//!
//! Directories decorate every link with tracking parameters (`spm=`, `utm_source=`,
//! `scm=`, …) and give the same parameters in different orders, so without a canonical
//! form one page is fetched once per variant. The canonical form drops the fragment and an
//! empty query, drops the query parameters a profile's [`QueryRules`] strip (by default
//! the well-known trackers in [`DEFAULT_STRIP`]), and sorts the rest by name (stably, so
//! repeated names keep their order). Host and scheme are lowercased and default ports
//! removed by the `url` crate's parser.
//!
//! Invariants: [`canonicalize_with`] is idempotent, and never decodes or re-encodes the
//! parameters it keeps (the server receives them byte for byte as the page wrote them).
//! This module does not judge scope or resolve relative links (the frontier and
//! `extract` do).

use url::Url;

/// Query parameters stripped by default: names that only ever identify a click, a
/// campaign or an experiment, on every site they appear on. A `*` matches any run of
/// characters; names are compared ignoring ASCII case.
///
/// Deliberately absent: names that track on some directories but carry content on others
/// (`ref`, `src`, `from`, `source`, `sr`, `sid`) — the shipped Alibaba, 1688 and
/// AliExpress profiles strip those with `strip_params` — and anything that selects
/// content (`page`, `p`, `q`, `keyword`, `SearchText`, `id`, `itemId`, `offerId`, `spu`,
/// `sort`, `cat`, …).
pub const DEFAULT_STRIP: &[&str] = &[
    // Campaign tagging (Google Analytics and everyone who copied it).
    "utm_*",
    "_ga",
    "_gl",
    // Alibaba group: page position, experiment and page-view ids.
    "spm",
    "scm",
    "pvid",
    "algo_pvid",
    "algo_expid",
    "algo_exp_id",
    "tracelog",
    // Ad-click ids.
    "gclid",
    "gclsrc",
    "gbraid",
    "wbraid",
    "dclid",
    "fbclid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "igshid",
    // Mail campaigns (Mailchimp, HubSpot, Marketo).
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    // Amazon's navigation trackers.
    "ref_",
    "pf_rd_*",
    "pd_rd_*",
];

/// One parameter name, or a glob of names (`utm_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamPattern(String);

impl ParamPattern {
    /// A pattern; `*` matches any run of characters. Lowercased: names are compared
    /// ignoring ASCII case.
    pub fn new(pattern: &str) -> Result<ParamPattern, String> {
        let p = pattern.trim();
        if p.is_empty() || p.chars().all(|c| c == '*') {
            return Err(format!(
                "{pattern:?} is not a parameter name or a glob of names like \"utm_*\""
            ));
        }
        if p.chars().any(|c| c.is_whitespace() || "&=#?".contains(c)) {
            return Err(format!(
                "{pattern:?} is not a parameter name (no spaces, '&', '=', '#' or '?')"
            ));
        }
        Ok(ParamPattern(p.to_ascii_lowercase()))
    }

    /// Whether `name` (percent-decoded) matches.
    pub fn matches(&self, name: &str) -> bool {
        glob_match(self.0.as_bytes(), name.to_ascii_lowercase().as_bytes())
    }

    /// The pattern as written (lowercased).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `*`-only glob matching, iterative with one backtrack point.
fn glob_match(pat: &[u8], s: &[u8]) -> bool {
    let (mut p, mut i) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while i < s.len() {
        if p < pat.len() && pat[p] == b'*' {
            star = Some((p, i));
            p += 1;
        } else if p < pat.len() && pat[p] == s[i] {
            p += 1;
            i += 1;
        } else if let Some((sp, si)) = star {
            p = sp + 1;
            i = si + 1;
            star = Some((sp, si + 1));
        } else {
            return false;
        }
    }
    pat[p..].iter().all(|c| *c == b'*')
}

/// Which query parameters of a site's URLs survive canonicalisation, from a site
/// profile's `default_strip`, `strip_params`, `keep_params` and `sort_params`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryRules {
    /// Strip [`DEFAULT_STRIP`] (unless `keep` is set, which decides alone).
    pub default_strip: bool,
    /// Further parameters to strip.
    pub strip: Vec<ParamPattern>,
    /// Allow-list mode: only these parameters survive.
    pub keep: Option<Vec<ParamPattern>>,
    /// Sort the surviving parameters by name.
    pub sort: bool,
}

impl Default for QueryRules {
    fn default() -> Self {
        QueryRules {
            default_strip: true,
            strip: Vec::new(),
            keep: None,
            sort: true,
        }
    }
}

impl QueryRules {
    /// Whether the parameter `name` (percent-decoded) is kept.
    pub fn keeps(&self, name: &str) -> bool {
        if let Some(keep) = &self.keep {
            return keep.iter().any(|k| k.matches(name));
        }
        if self.strip.iter().any(|s| s.matches(name)) {
            return false;
        }
        !(self.default_strip && default_pattern_matches(name))
    }
}

fn default_pattern_matches(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    DEFAULT_STRIP
        .iter()
        .any(|p| glob_match(p.as_bytes(), lower.as_bytes()))
}

/// `url` without a user name or password (`https://user:pw@host/` → `https://host/`).
/// greysweep never sends credentials: a URL that carries them (in a profile or on a
/// page) is fetched without them, so they reach neither the server, the logs nor the
/// evidence.
pub fn without_credentials(url: &Url) -> Url {
    let mut u = url.clone();
    if !u.username().is_empty() || u.password().is_some() {
        // Only URLs that cannot have credentials refuse these, and they have none.
        let _ = u.set_username("");
        let _ = u.set_password(None);
    }
    u
}

/// Canonical form under the default rules (tracking parameters stripped, parameters
/// sorted); see [`canonicalize_with`].
pub fn canonicalize(url: &Url) -> Url {
    canonicalize_with(url, &QueryRules::default())
}

/// Canonical form of a URL under `rules`: fragment dropped, stripped parameters and empty
/// `&&` pairs removed, the rest sorted by name (stable), an empty query removed. Kept
/// parameters are neither decoded nor re-encoded.
pub fn canonicalize_with(url: &Url, rules: &QueryRules) -> Url {
    let mut u = without_credentials(url);
    u.set_fragment(None);
    let Some(query) = u.query() else {
        return u;
    };
    let mut pairs: Vec<(String, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| (param_name(p), p))
        .filter(|(name, _)| rules.keeps(name))
        .collect();
    if rules.sort {
        // Stable: equal names keep their relative order (`a=2&a=1` stays as written).
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let joined = pairs.iter().map(|(_, p)| *p).collect::<Vec<_>>().join("&");
    if joined.is_empty() {
        u.set_query(None);
    } else if joined != query {
        u.set_query(Some(&joined));
    }
    u
}

/// The percent-decoded name of one `name=value` pair (`+` is a space, as in forms).
fn param_name(pair: &str) -> String {
    let raw = pair.split_once('=').map_or(pair, |(n, _)| n);
    let spaced = raw.replace('+', " ");
    percent_decode(&spaced)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = bytes.get(i + 1..i + 3)
            && let Ok(hex) = std::str::from_utf8(h)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_dropped() {
        let u = Url::parse("https://user:secret@shop.example/p?a=1#x").expect("url");
        assert_eq!(canonicalize(&u).as_str(), "https://shop.example/p?a=1");
        let u = Url::parse("http://only-user@shop.example/").expect("url");
        assert_eq!(without_credentials(&u).as_str(), "http://shop.example/");
    }

    fn u(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    fn canon(s: &str) -> String {
        canonicalize(&u(s)).to_string()
    }

    fn rules(strip: &[&str], keep: Option<&[&str]>, default_strip: bool) -> QueryRules {
        let pats = |v: &[&str]| {
            v.iter()
                .map(|p| ParamPattern::new(p).expect("pattern"))
                .collect::<Vec<_>>()
        };
        QueryRules {
            default_strip,
            strip: pats(strip),
            keep: keep.map(pats),
            sort: true,
        }
    }

    #[test]
    fn tracking_parameters_go_and_the_rest_is_sorted() {
        assert_eq!(
            canon("HTTP://Www.Example.com:80/p/1?spm=a2700.1&b=2&utm_source=x&a=1&UTM_Medium=y#f"),
            "http://www.example.com/p/1?a=1&b=2"
        );
        assert_eq!(canon("http://a.test/x?spm=1"), "http://a.test/x");
        assert_eq!(canon("http://a.test/x?"), "http://a.test/x");
        assert_eq!(canon("http://a.test/x?&&q=1&&"), "http://a.test/x?q=1");
        // Equal names keep their order; values are not re-encoded.
        assert_eq!(
            canon("http://a.test/s?q=b%20c&f=2&f=1&k=x,y"),
            "http://a.test/s?f=2&f=1&k=x,y&q=b%20c"
        );
        // Encoded names are matched decoded.
        assert_eq!(
            canon("http://a.test/x?utm%5Fsource=1&q=2"),
            "http://a.test/x?q=2"
        );
    }

    #[test]
    fn content_parameters_are_never_stripped_by_default() {
        let keep = [
            "page",
            "p",
            "q",
            "keyword",
            "keywords",
            "SearchText",
            "id",
            "itemId",
            "offerId",
            "spu",
            "sort",
            "ref",
            "src",
            "from",
            "source",
            "sr",
        ];
        let mut url = String::from("http://a.test/s?");
        for (i, k) in keep.iter().enumerate() {
            url.push_str(&format!("{k}={i}&"));
        }
        let out = canonicalize(&u(&url));
        assert_eq!(out.query_pairs().count(), keep.len(), "{out}");
    }

    #[test]
    fn canonicalisation_is_idempotent() {
        let all = [
            rules(&[], None, true),
            rules(&["src", "from", "x_*"], None, true),
            rules(&[], Some(&["q", "page"]), true),
            rules(&[], None, false),
            QueryRules {
                sort: false,
                ..rules(&["ref"], None, true)
            },
        ];
        for s in [
            "http://a.test/",
            "http://a.test/x?b=2&a=1&spm=3#frag",
            "http://a.test/x?q=%E6%89%8B%E6%9C%BA&page=2&ref=home&x_y=1&src=a&&",
            "http://A.test:80/x?a=1&a=0&A=2&_=3&%20=4&+=5&=6&q",
            "http://a.test/x?utm_source=1&utm_medium=2",
            "http://a.test/p?k=a b&l=é&m=%zz",
        ] {
            for r in &all {
                let once = canonicalize_with(&u(s), r);
                let twice = canonicalize_with(&once, r);
                assert_eq!(once, twice, "{s} under {r:?}");
                // And through a round trip of the text, as the store keeps it.
                assert_eq!(canonicalize_with(&u(once.as_str()), r), once);
            }
        }
    }

    #[test]
    fn profile_rules_strip_more_or_keep_only_some() {
        let r = rules(&["src", "from"], None, true);
        assert_eq!(
            canonicalize_with(&u("http://a.test/x?src=sem&from=x&spm=1&q=2"), &r).as_str(),
            "http://a.test/x?q=2"
        );
        let r = rules(&[], Some(&["SearchText", "page"]), true);
        assert_eq!(
            canonicalize_with(
                &u("http://a.test/s?tab=all&page=2&searchtext=sofa&spm=1"),
                &r
            )
            .as_str(),
            "http://a.test/s?page=2&searchtext=sofa"
        );
        let r = rules(&[], None, false);
        assert_eq!(
            canonicalize_with(&u("http://a.test/x?spm=1&b=2"), &r).as_str(),
            "http://a.test/x?b=2&spm=1"
        );
    }

    #[test]
    fn patterns_and_globs() {
        let p = ParamPattern::new("utm_*").expect("glob");
        assert!(p.matches("utm_source") && p.matches("UTM_") && !p.matches("xutm_"));
        let p = ParamPattern::new("*_id").expect("glob");
        assert!(p.matches("session_id") && !p.matches("id"));
        for bad in ["", "*", "a b", "a=b", "**"] {
            assert!(ParamPattern::new(bad).is_err(), "{bad:?}");
        }
    }
}
