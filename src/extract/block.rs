//! Recognising block pages — anti-bot challenges, captcha and access-denied interstitials,
//! login walls — that arrive in place of the page that was asked for, often with status
//! 200, and naming the vendor that sent them.
//!
//! Evidence is weighed by how specific it is, and by the shape of the page (did it yield a
//! listing with a title; how much visible text it has, scripts, styles and `<noscript>`
//! excluded):
//!
//! - a vendor **challenge** signature (Cloudflare's `_cf_chl_opt`, a `#px-captcha` element,
//!   a `captcha-delivery.com` frame, an Incapsula incident frame, Alibaba's slider config
//!   `"action": "captcha"`, Amazon's `validateCaptcha` form, …) counts on a *small* page
//!   (under 20,000 characters of visible text) that yielded no listing; a challenge
//!   *title* ("Just a moment...") counts on any page without listings, and on a small page
//!   with listings, as the phrase markers do;
//! - a vendor **sensor** signature (a bot-manager script, a reCAPTCHA or Turnstile widget,
//!   a vendor cookie name in the page) sits on ordinary content pages too, so it counts
//!   only on a page without listings that is *bare* (under 400 characters of visible text
//!   and nothing marking it as content: `og:title`, `og:url`, a canonical link, JSON-LD),
//!   or that is small and whose visible text speaks of a challenge ("verify you are
//!   human", "press & hold", …);
//! - **login walls** (vendor `login-wall`): a small page without listings whose main
//!   content is a password form, or a bare page whose script, meta refresh or page config
//!   sends the visitor to a login URL (`login.1688.com`, `passport.…`, `/signin`);
//! - the **phrase markers** ([`super::DEFAULT_BLOCK_MARKERS`] plus a profile's
//!   `block_markers`) are the fallback, vendor `generic` unless a vendor signature in the
//!   page names one. They are matched only in the title and the visible text, never in the
//!   raw source, so a product page whose scripts mention "captcha" is content, and a
//!   seller literally named "Sign In" is content ("sign in" is not a marker);
//! - the **response**, when there is one ([`Served`]): `cf-mitigated: challenge` and
//!   `x-amzn-waf-action` are conclusive on their own; an edge denial (a 403 from
//!   `AkamaiGHost`, a 4xx with DataDome's block headers) or a 403/405/429 carrying a vendor
//!   sensor on a page without listings is a block; other vendor headers and cookie names
//!   (`server: cloudflare`, `x-iinfo`, `__cf_bm`, `_px3`, `incap_ses_…`) only name the
//!   vendor of a block the page itself shows.
//!
//! Evidence strings name our own signatures (and header values we matched exactly), never
//! free page text. This module does not decide what to do about a block (politeness backs
//! off); it only says whether, who and why.

use std::cell::OnceCell;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde::Serialize;

use super::rules::element_text;
use super::{DEFAULT_BLOCK_MARKERS, collapse_whitespace};

/// Interstitials are short: above this many characters of visible text a page is content.
const SMALL_PAGE_CHARS: usize = 20_000;

/// A page with less visible text than this is bare: nothing but the challenge or script.
const BARE_PAGE_CHARS: usize = 400;

/// A login form is the main content of a page with less visible text than this.
const LOGIN_PAGE_CHARS: usize = 3_000;

/// The vendor of a block recognised only by phrase markers.
pub const GENERIC: &str = "generic";

/// Why a page counts as a block page, and who sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockVerdict {
    /// `cloudflare`, `akamai`, `perimeterx`, `datadome`, `imperva`, `aws-waf`,
    /// `alibaba-slider`, `amazon-robot-check`, `recaptcha`, `hcaptcha`, `login-wall`, or
    /// `generic` (phrase markers only).
    pub vendor: String,
    /// The signatures that matched, in our words (`element #px-captcha; …`).
    pub evidence: String,
}

impl BlockVerdict {
    fn new(vendor: &str, evidence: impl Into<String>) -> Self {
        BlockVerdict {
            vendor: vendor.to_string(),
            evidence: evidence.into(),
        }
    }

    /// Recognised by phrase markers only, no vendor named.
    pub fn is_generic(&self) -> bool {
        self.vendor == GENERIC
    }
}

impl fmt::Display for BlockVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.vendor, self.evidence)
    }
}

/// What the server said besides the body: the status and the response headers (name,
/// value; names in any case, repeats kept).
#[derive(Debug, Clone, Copy)]
pub struct Served<'a> {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: &'a [(String, String)],
}

/// How much a signature says on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    /// Only an interstitial carries it.
    Challenge,
    /// Only an interstitial carries it, but it is worded loosely: a bare page only.
    Bare,
    /// Content pages carry it too (sensor scripts, captcha widgets on forms).
    Sensor,
}

/// Where a signature is looked for. Needles are lowercase; every needle of a list must
/// be present.
#[derive(Debug, Clone, Copy)]
enum Probe {
    /// A CSS selector matching an element.
    Element(&'static str),
    /// Substrings of the raw source (markup and scripts), lowercased.
    Source(&'static [&'static str]),
    /// Substrings of the visible text, lowercased.
    Text(&'static [&'static str]),
    /// Substrings of the `<title>`, lowercased.
    Title(&'static [&'static str]),
    /// A page config (`window._config_ = {"action": …}`) with this action.
    ConfigAction(&'static str),
}

#[derive(Debug, Clone, Copy)]
struct Signature {
    vendor: &'static str,
    weight: Weight,
    probe: Probe,
}

const fn sig(vendor: &'static str, weight: Weight, probe: Probe) -> Signature {
    Signature {
        vendor,
        weight,
        probe,
    }
}

use Probe::{ConfigAction, Element, Source, Text, Title};
use Weight::{Bare, Challenge, Sensor};

/// Vendor signatures, from vendor documentation and published challenge pages.
const SIGNATURES: &[Signature] = &[
    // Cloudflare: JS / managed challenge, Turnstile interstitial, "you have been blocked".
    sig("cloudflare", Challenge, Title(&["just a moment"])),
    sig(
        "cloudflare",
        Challenge,
        Title(&["attention required", "cloudflare"]),
    ),
    sig("cloudflare", Challenge, Source(&["_cf_chl_opt"])),
    sig("cloudflare", Challenge, Source(&["cf_chl_"])),
    sig(
        "cloudflare",
        Challenge,
        Source(&["/cdn-cgi/challenge-platform/", "/orchestrate/"]),
    ),
    sig(
        "cloudflare",
        Challenge,
        Element(
            "#challenge-form, #challenge-running, #challenge-stage, #cf-challenge-running, \
             #cf-please-wait, #trk_jschal_js, #cf-error-details, #cf-norobot-container",
        ),
    ),
    sig(
        "cloudflare",
        Challenge,
        Text(&["checking your browser before accessing"]),
    ),
    sig(
        "cloudflare",
        Challenge,
        Text(&["needs to review the security of your connection"]),
    ),
    sig(
        "cloudflare",
        Challenge,
        Text(&["you have been blocked", "cloudflare"]),
    ),
    sig(
        "cloudflare",
        Sensor,
        Source(&["challenges.cloudflare.com/turnstile"]),
    ),
    sig("cloudflare", Sensor, Element(".cf-turnstile")),
    sig(
        "cloudflare",
        Sensor,
        Source(&["/cdn-cgi/challenge-platform/"]),
    ),
    sig("cloudflare", Sensor, Source(&["__cf$cv$params"])),
    // Akamai: edge "Access Denied" with a reference number, Bot Manager interstitial.
    sig("akamai", Challenge, Text(&["access denied", "reference #"])),
    sig("akamai", Challenge, Text(&["errors.edgesuite.net"])),
    sig("akamai", Challenge, Source(&["/_sec/cp_challenge/"])),
    sig(
        "akamai",
        Challenge,
        Element("#sec-if-cpt-container, #sec-cpt-if, input[name=\"bm-verify\"]"),
    ),
    sig(
        "akamai",
        Challenge,
        Text(&["powered and protected by akamai"]),
    ),
    sig("akamai", Sensor, Source(&["_abck"])),
    sig("akamai", Sensor, Source(&["bm_sz"])),
    sig("akamai", Sensor, Source(&["ak_bmsc"])),
    // PerimeterX / HUMAN: block page with the press-and-hold captcha.
    sig(
        "perimeterx",
        Challenge,
        Element("#px-captcha, #px-captcha-wrapper, #px-captcha-modal"),
    ),
    sig("perimeterx", Challenge, Source(&["captcha.px-cdn.net"])),
    sig("perimeterx", Challenge, Source(&["captcha.px-cloud.net"])),
    sig("perimeterx", Challenge, Source(&["px-captcha"])),
    sig("perimeterx", Challenge, Source(&["_pxuuid"])),
    sig("perimeterx", Challenge, Text(&["press & hold"])),
    sig("perimeterx", Challenge, Text(&["press and hold"])),
    sig(
        "perimeterx",
        Challenge,
        Title(&["access to this page has been denied"]),
    ),
    sig("perimeterx", Sensor, Source(&["_pxappid"])),
    sig("perimeterx", Sensor, Source(&["client.perimeterx.net"])),
    sig("perimeterx", Sensor, Source(&["px-cloud.net"])),
    sig("perimeterx", Sensor, Source(&["perimeterx"])),
    // DataDome: the captcha or device-check frame comes from captcha-delivery.com.
    sig("datadome", Challenge, Source(&["captcha-delivery.com"])),
    sig("datadome", Sensor, Source(&["js.datadome.co"])),
    sig("datadome", Sensor, Source(&["ddjskey"])),
    sig("datadome", Sensor, Source(&["datadome"])),
    // Imperva / Incapsula: the incident frame; the resource script alone is a sensor.
    sig(
        "imperva",
        Challenge,
        Element("iframe[src*=\"_Incapsula_Resource\"], iframe[src*=\"_incapsula_resource\"]"),
    ),
    sig("imperva", Challenge, Source(&["incapsula incident id"])),
    sig(
        "imperva",
        Challenge,
        Source(&["_incapsula_resource", "incident_id"]),
    ),
    sig("imperva", Challenge, Title(&["pardon our interruption"])),
    sig("imperva", Sensor, Source(&["_incapsula_resource"])),
    sig("imperva", Sensor, Source(&["incap_ses_"])),
    sig("imperva", Sensor, Source(&["visid_incap_"])),
    // AWS WAF: the challenge interstitial (gokuProps) and the captcha.
    sig("aws-waf", Challenge, Source(&["gokuprops"])),
    sig("aws-waf", Challenge, Source(&["awswafcaptcha"])),
    sig("aws-waf", Challenge, Source(&["captcha.awswaf.com"])),
    sig("aws-waf", Sensor, Source(&["awswafintegration"])),
    sig("aws-waf", Sensor, Source(&["awswaf.com"])),
    sig("aws-waf", Sensor, Source(&["aws-waf-token"])),
    // Alibaba, Taobao, 1688: the slider ("punish") page. A punish URL alone is a sensor:
    // content pages carry one for a sub-request (a punished XHR, a login frame).
    sig("alibaba-slider", Challenge, ConfigAction("captcha")),
    sig(
        "alibaba-slider",
        Challenge,
        Element("#baxia-punish, #nocaptcha, #nc_1_wrapper, #nc_1_n1z"),
    ),
    sig("alibaba-slider", Challenge, Title(&["验证码拦截"])),
    sig(
        "alibaba-slider",
        Challenge,
        Title(&["captcha interception"]),
    ),
    sig(
        "alibaba-slider",
        Challenge,
        Text(&["请拖动下方滑块完成验证"]),
    ),
    sig("alibaba-slider", Challenge, Text(&["请按住滑块"])),
    sig("alibaba-slider", Sensor, Source(&["_____tmd_____/punish"])),
    sig("alibaba-slider", Sensor, Source(&["punish?x5secdata"])),
    sig("alibaba-slider", Sensor, Source(&["baxia"])),
    sig("alibaba-slider", Sensor, Source(&["x5sec"])),
    sig("alibaba-slider", Sensor, Source(&["nocaptcha"])),
    sig("alibaba-slider", Sensor, Source(&["/awsc/"])),
    // Amazon robot check: the captcha form, and the "continue shopping" button page.
    sig(
        "amazon-robot-check",
        Challenge,
        Element("form[action*=\"validateCaptcha\"]"),
    ),
    sig(
        "amazon-robot-check",
        Challenge,
        Source(&["/errors/validatecaptcha"]),
    ),
    sig("amazon-robot-check", Challenge, Source(&["opfcaptcha"])),
    sig(
        "amazon-robot-check",
        Challenge,
        Text(&["enter the characters you see below"]),
    ),
    sig(
        "amazon-robot-check",
        Challenge,
        Text(&["make sure you're not a robot"]),
    ),
    sig("amazon-robot-check", Challenge, Title(&["robot check"])),
    sig(
        "amazon-robot-check",
        Bare,
        Text(&["continue shopping", "amazon"]),
    ),
    sig(
        "amazon-robot-check",
        Bare,
        Source(&["continue shopping", "amzn"]),
    ),
    // Google's "unusual traffic" page; reCAPTCHA and hCaptcha widgets.
    sig(
        "recaptcha",
        Challenge,
        Element("form[action*=\"/sorry/index\"]"),
    ),
    sig(
        "recaptcha",
        Challenge,
        Text(&["our systems have detected unusual traffic"]),
    ),
    sig("recaptcha", Sensor, Element(".g-recaptcha")),
    sig("recaptcha", Sensor, Source(&["google.com/recaptcha/"])),
    sig("recaptcha", Sensor, Source(&["recaptcha.net/recaptcha/"])),
    sig("recaptcha", Sensor, Source(&["gstatic.com/recaptcha/"])),
    sig("hcaptcha", Sensor, Element(".h-captcha")),
    sig("hcaptcha", Sensor, Source(&["hcaptcha.com/1/api.js"])),
];

/// Wording of challenge pages: corroborates a sensor signature on a small page.
const CHALLENGE_WORDING: &[&str] = &[
    "verify you are human",
    "verify you are a human",
    "verify that you are human",
    "not a robot",
    "are you a robot",
    "are you human",
    "human verification",
    "security check",
    "security verification",
    "checking your browser",
    "checking if the site connection is secure",
    "enable javascript and cookies",
    "please enable js",
    "unusual traffic",
    "unusual activity",
    "suspicious activity",
    "automated access",
    "access denied",
    "access to this page has been denied",
    "you have been blocked",
    "captcha",
    "press & hold",
    "press and hold",
    "安全验证",
    "滑动验证",
    "完成验证",
];

/// A URL of a login page: a `login.`/`passport.` host or a `/login`, `/signin` path.
static LOGIN_URL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)//(?:login|passport|signin|auth|account)s?\.[a-z0-9-]+\.|/(?:login|signin|sign-in|sign_in|logon)(?:[./?#]|\.htm)",
    )
    .ok()
});

/// A script that navigates: assigns `location`, replaces it, or clicks a link.
static REDIRECT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)location(?:\.href)?\s*=|location\.(?:replace|assign)\s*\(|\.click\s*\(\s*\)|window\.open\s*\(")
        .ok()
});

/// `"action": "captcha"` in a page config (Alibaba's `window._config_`).
static CONFIG_ACTION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?i)["']?action["']?\s*:\s*["']([a-z_]+)["']"#).ok());

/// The page as block detection sees it, computed lazily.
struct Page<'a> {
    doc: &'a Html,
    source: &'a str,
    has_content: bool,
    title: String,
    /// Visible text, lowercased, and its length in characters.
    visible: OnceCell<(String, usize)>,
    source_lower: OnceCell<String>,
}

impl<'a> Page<'a> {
    fn new(doc: &'a Html, source: &'a str, has_content: bool) -> Self {
        Page {
            doc,
            source,
            has_content,
            title: document_title(doc).to_lowercase(),
            visible: OnceCell::new(),
            source_lower: OnceCell::new(),
        }
    }

    fn visible(&self) -> &str {
        &self.visible_text().0
    }

    fn visible_chars(&self) -> usize {
        self.visible_text().1
    }

    fn visible_text(&self) -> &(String, usize) {
        self.visible.get_or_init(|| {
            let text =
                collapse_whitespace(&element_text(self.doc.root_element(), None)).to_lowercase();
            let n = text.chars().count();
            (text, n)
        })
    }

    fn source_lower(&self) -> &str {
        self.source_lower.get_or_init(|| self.source.to_lowercase())
    }

    fn small(&self) -> bool {
        self.visible_chars() < SMALL_PAGE_CHARS
    }

    fn bare(&self) -> bool {
        self.visible_chars() < BARE_PAGE_CHARS
    }

    /// Marked as content: Open Graph identity, a canonical link or JSON-LD.
    fn identified(&self) -> bool {
        any_element(
            self.doc,
            r#"meta[property="og:title"], meta[property="og:url"], link[rel="canonical"], script[type="application/ld+json"]"#,
        )
        .is_some()
    }

    fn config_actions(&self) -> Vec<String> {
        let Some(re) = CONFIG_ACTION.as_ref() else {
            return Vec::new();
        };
        let src = self.source_lower();
        // Only page configs, not every "action" key in every script: the first keys after
        // `_config_`.
        let Some(at) = src.find("_config_") else {
            return Vec::new();
        };
        let mut end = (at + 4_000).min(src.len());
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        re.captures_iter(src.get(at..end).unwrap_or_default())
            .take(4)
            .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
            .collect()
    }

    fn matches(&self, probe: Probe) -> Option<String> {
        match probe {
            Element(css) => any_element(self.doc, css).map(|sel| format!("element {sel}")),
            Source(needles) => {
                let src = self.source_lower();
                needles
                    .iter()
                    .all(|n| src.contains(n))
                    .then(|| format!("markup contains {}", quoted(needles)))
            }
            Text(needles) => needles
                .iter()
                .all(|n| self.visible().contains(n))
                .then(|| format!("visible text contains {}", quoted(needles))),
            Title(needles) => needles
                .iter()
                .all(|n| self.title.contains(n))
                .then(|| format!("title contains {}", quoted(needles))),
            ConfigAction(action) => self
                .config_actions()
                .iter()
                .any(|a| a == action)
                .then(|| format!("page config says \"action\": \"{action}\"")),
        }
    }
}

fn quoted(needles: &[&str]) -> String {
    needles
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The first selector of a comma-separated list that matches an element, as written.
fn any_element(doc: &Html, css: &str) -> Option<String> {
    css.split(',').map(str::trim).find_map(|one| {
        let sel = Selector::parse(one).ok()?;
        doc.select(&sel).next().map(|_| one.to_string())
    })
}

/// One matched signature.
struct Hit {
    vendor: &'static str,
    weight: Weight,
    title: bool,
    evidence: String,
}

/// The vendor with the most hits among `hits` (ties: the first listed), with up to three
/// pieces of its evidence.
fn strongest<'h>(hits: impl Iterator<Item = &'h Hit> + Clone) -> Option<BlockVerdict> {
    let first = hits.clone().next()?;
    let count = |v: &str| hits.clone().filter(|h| h.vendor == v).count();
    let mut best = first.vendor;
    for h in hits.clone() {
        if count(h.vendor) > count(best) {
            best = h.vendor;
        }
    }
    let evidence: Vec<&str> = hits
        .filter(|h| h.vendor == best)
        .map(|h| h.evidence.as_str())
        .take(3)
        .collect();
    Some(BlockVerdict::new(best, evidence.join("; ")))
}

/// What the page's markup says: a verdict, or failing that the vendor whose sensor it
/// carries (for the response to confirm).
struct Markup {
    verdict: Option<BlockVerdict>,
    suspect: Option<BlockVerdict>,
}

/// `Some(verdict)` when the page is a block page, from its markup and, when given, the
/// response's status and headers.
pub fn detect(
    doc: &Html,
    source: &str,
    profile_markers: &[String],
    has_content: bool,
    served: Option<Served<'_>>,
) -> Option<BlockVerdict> {
    let markup = from_markup(doc, source, profile_markers, has_content);
    let Some(served) = served else {
        return markup.verdict;
    };
    if let Some(v) = verdict_from_response(served.status, served.headers, markup.verdict.as_ref()) {
        return Some(v);
    }
    // A refusal status with a vendor's sensor on a page without content.
    match (served.status, markup.suspect) {
        (403 | 405 | 429, Some(s)) if !has_content => Some(BlockVerdict::new(
            &s.vendor,
            format!("HTTP {} with {}", served.status, s.evidence),
        )),
        _ => None,
    }
}

fn from_markup(doc: &Html, source: &str, profile_markers: &[String], has_content: bool) -> Markup {
    let page = Page::new(doc, source, has_content);
    let markers: Vec<String> = DEFAULT_BLOCK_MARKERS
        .iter()
        .map(|m| m.to_lowercase())
        .chain(profile_markers.iter().map(|m| m.to_lowercase()))
        .collect();
    if has_content {
        // A page with content is only a block page on title evidence, and only when small
        // (measured only when the title says something: most pages are content).
        let hits: Vec<Hit> = SIGNATURES
            .iter()
            .filter(|s| s.weight == Challenge && matches!(s.probe, Title(_)))
            .filter_map(|s| hit(&page, s))
            .collect();
        let verdict = strongest(hits.iter())
            .filter(|_| page.small())
            .or_else(|| title_marker(&page, &markers).map(|why| BlockVerdict::new(GENERIC, why)));
        return Markup {
            verdict,
            suspect: None,
        };
    }
    let hits: Vec<Hit> = SIGNATURES.iter().filter_map(|s| hit(&page, s)).collect();
    let verdict = vendor_challenge(&page, &hits)
        .or_else(|| login_wall(&page))
        .or_else(|| vendor_sensor(&page, &hits))
        .or_else(|| {
            let why = title_marker(&page, &markers).or_else(|| text_marker(&page, &markers))?;
            Some(match strongest(hits.iter()) {
                Some(v) => BlockVerdict::new(&v.vendor, format!("{why}; {}", v.evidence)),
                None => BlockVerdict::new(GENERIC, why),
            })
        });
    let suspect = if verdict.is_none() {
        strongest(hits.iter())
    } else {
        None
    };
    Markup { verdict, suspect }
}

fn hit(page: &Page<'_>, s: &Signature) -> Option<Hit> {
    page.matches(s.probe).map(|evidence| Hit {
        vendor: s.vendor,
        weight: s.weight,
        title: matches!(s.probe, Title(_)),
        evidence,
    })
}

/// Challenge signatures on a small page without listings (challenge titles on any page
/// without listings; bare-only signatures on a bare page).
fn vendor_challenge(page: &Page<'_>, hits: &[Hit]) -> Option<BlockVerdict> {
    let counted = hits.iter().filter(|h| match h.weight {
        Challenge => page.small() || h.title,
        Bare => page.bare(),
        Sensor => false,
    });
    strongest(counted)
}

/// Sensor signatures on a bare, unidentified page, or on a small page that speaks of a
/// challenge.
fn vendor_sensor(page: &Page<'_>, hits: &[Hit]) -> Option<BlockVerdict> {
    let sensors = hits.iter().filter(|h| h.weight == Sensor);
    let v = strongest(sensors)?;
    if page.bare() && !page.identified() {
        return Some(BlockVerdict::new(
            &v.vendor,
            format!("{} on a bare page", v.evidence),
        ));
    }
    if page.small() {
        let wording = CHALLENGE_WORDING
            .iter()
            .find(|w| page.title.contains(*w) || page.visible().contains(*w))?;
        return Some(BlockVerdict::new(
            &v.vendor,
            format!("{}; visible text contains {wording:?}", v.evidence),
        ));
    }
    None
}

/// A password form as the main content of a small page, or a bare page that sends the
/// visitor to a login URL.
fn login_wall(page: &Page<'_>) -> Option<BlockVerdict> {
    if page.visible_chars() < LOGIN_PAGE_CHARS
        && any_element(page.doc, "input[type=\"password\" i]").is_some()
    {
        return Some(BlockVerdict::new(
            "login-wall",
            "a password form is the main content of a small page without listings",
        ));
    }
    if !page.bare() || page.identified() {
        return None;
    }
    if page.config_actions().iter().any(|a| a == "login") {
        return Some(BlockVerdict::new(
            "login-wall",
            "page config says \"action\": \"login\" on a bare page",
        ));
    }
    let login = LOGIN_URL.as_ref()?;
    let redirect = REDIRECT.as_ref()?;
    if let Ok(sel) = Selector::parse("meta[http-equiv]") {
        let refresh = page.doc.select(&sel).any(|m| {
            m.value()
                .attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
                && m.value().attr("content").is_some_and(|c| login.is_match(c))
        });
        if refresh {
            return Some(BlockVerdict::new(
                "login-wall",
                "a bare page whose meta refresh goes to a login URL",
            ));
        }
    }
    let Ok(sel) = Selector::parse("script") else {
        return None;
    };
    page.doc
        .select(&sel)
        .map(|s| s.text().collect::<String>())
        .any(|js| login.is_match(&js) && redirect.is_match(&js))
        .then(|| {
            BlockVerdict::new(
                "login-wall",
                "a bare page whose script sends the visitor to a login URL",
            )
        })
}

fn title_marker(page: &Page<'_>, markers: &[String]) -> Option<String> {
    let m = markers.iter().find(|m| page.title.contains(m.as_str()))?;
    (page.small() || !page.has_content).then(|| format!("title contains {m:?}"))
}

fn text_marker(page: &Page<'_>, markers: &[String]) -> Option<String> {
    if page.has_content || !page.small() {
        return None;
    }
    markers
        .iter()
        .find(|m| page.visible().contains(m.as_str()))
        .map(|m| format!("visible text of a small page without listings contains {m:?}"))
}

/// Combines what the response's status and headers say with the page's markup verdict
/// (`markup`, from [`detect`] without a response). Conclusive headers
/// (`cf-mitigated: challenge`, `x-amzn-waf-action: challenge|captcha`) block on their own;
/// an edge denial (403 from `AkamaiGHost`, a 4xx with DataDome's block headers) blocks;
/// vendor headers and cookie names name the vendor of a generic markup verdict. Otherwise
/// the markup verdict stands.
pub fn verdict_from_response(
    status: u16,
    headers: &[(String, String)],
    markup: Option<&BlockVerdict>,
) -> Option<BlockVerdict> {
    fn values<'h>(
        headers: &'h [(String, String)],
        name: &'static str,
    ) -> impl Iterator<Item = &'h str> {
        headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
    let header = |name: &'static str| values(headers, name);
    let with_markup = |vendor: &str, why: String| {
        let evidence = match markup {
            Some(m) if m.vendor == vendor || m.is_generic() => format!("{why}; {}", m.evidence),
            _ => why,
        };
        Some(BlockVerdict::new(vendor, evidence))
    };
    if header("cf-mitigated").any(|v| v.eq_ignore_ascii_case("challenge")) {
        return with_markup("cloudflare", "header cf-mitigated: challenge".into());
    }
    if let Some(action) = header("x-amzn-waf-action")
        .map(str::to_ascii_lowercase)
        .find(|v| v == "challenge" || v == "captcha")
    {
        return with_markup("aws-waf", format!("header x-amzn-waf-action: {action}"));
    }
    if let Some(m) = markup {
        if m.is_generic()
            && let Some((vendor, why)) = vendor_from_headers(headers)
        {
            return Some(BlockVerdict::new(vendor, format!("{}; {why}", m.evidence)));
        }
        return Some(m.clone());
    }
    if status == 403 && header("server").any(|v| v.to_ascii_lowercase().starts_with("akamaighost"))
    {
        return Some(BlockVerdict::new(
            "akamai",
            "HTTP 403 from server AkamaiGHost",
        ));
    }
    if (400..500).contains(&status) {
        for name in ["x-dd-b", "x-datadome-cid"] {
            if header(name).next().is_some() {
                return Some(BlockVerdict::new(
                    "datadome",
                    format!("HTTP {status} with header {name}"),
                ));
            }
        }
    }
    None
}

/// The vendor a response's headers and cookie names point to, with the evidence.
fn vendor_from_headers(headers: &[(String, String)]) -> Option<(&'static str, String)> {
    const HEADERS: &[(&str, &str, &str)] = &[
        // (header, value prefix or "" for any, vendor)
        ("server", "cloudflare", "cloudflare"),
        ("cf-ray", "", "cloudflare"),
        ("server", "akamaighost", "akamai"),
        ("x-datadome", "", "datadome"),
        ("x-datadome-cid", "", "datadome"),
        ("x-dd-b", "", "datadome"),
        ("x-iinfo", "", "imperva"),
        ("x-cdn", "incapsula", "imperva"),
        ("x-cdn", "imperva", "imperva"),
    ];
    const COOKIES: &[(&str, &str)] = &[
        // (cookie name prefix, vendor)
        ("__cf_bm", "cloudflare"),
        ("cf_clearance", "cloudflare"),
        ("__cfruid", "cloudflare"),
        ("_abck", "akamai"),
        ("bm_sz", "akamai"),
        ("ak_bmsc", "akamai"),
        ("datadome", "datadome"),
        ("_px", "perimeterx"),
        ("incap_ses_", "imperva"),
        ("visid_incap_", "imperva"),
        ("nlbi_", "imperva"),
        ("aws-waf-token", "aws-waf"),
        ("x5sec", "alibaba-slider"),
    ];
    for (k, v) in headers {
        let v_lower = v.trim().to_ascii_lowercase();
        for (name, prefix, vendor) in HEADERS {
            if k.eq_ignore_ascii_case(name) && v_lower.starts_with(prefix) {
                let shown = if prefix.is_empty() {
                    format!("header {name}")
                } else {
                    format!("header {name}: {prefix}")
                };
                return Some((vendor, shown));
            }
        }
        if k.eq_ignore_ascii_case("set-cookie") {
            let cookie = v_lower.split('=').next().unwrap_or_default().trim();
            for (prefix, vendor) in COOKIES {
                if cookie.starts_with(prefix) {
                    return Some((vendor, format!("cookie {prefix}…")));
                }
            }
        }
    }
    None
}

/// The text of the first `<title>` outside inline SVG.
fn document_title(doc: &Html) -> String {
    let Ok(sel) = Selector::parse("title") else {
        return String::new();
    };
    doc.select(&sel)
        .find(|t| !in_svg(*t))
        .map(|t| collapse_whitespace(&t.text().collect::<String>()))
        .unwrap_or_default()
}

fn in_svg(el: ElementRef<'_>) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "svg")
}

#[cfg(test)]
mod tests;
