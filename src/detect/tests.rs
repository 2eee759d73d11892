//! Unit tests of the detector on a small registry: each trick sellers use and each trap
//! an honest listing falls into.

use std::path::Path;

use super::*;

const REGISTRY: &str = r#"
[[brand]]
name = "Nike"
aliases = ["耐克"]
product_lines = ["Air Jordan"]
authorised_sellers = ["Nike Official Store", "https://nike.en.alibaba.com"]
reference_price = { amount = 120.0, currency = "USD" }

[[brand]]
name = "Louis Vuitton"
aliases = ["LV", "路易威登"]

[[brand]]
name = "Apple"
aliases = ["苹果"]
product_lines = ["iPhone", "AirPods"]
void_contexts = ["apple cider vinegar", "pineapple", "apple juice"]
void_terms = ["水果"]

[[brand]]
name = "Bose"

[[brand]]
name = "Bosch"

[[brand]]
name = "Canon"

[[brand]]
name = "Chanel"
aliases = ["香奈儿"]

[[brand]]
name = "Rolex"
reference_price = { amount = 8000.0, currency = "USD" }

[[brand]]
name = "Adidas"

[[brand]]
name = "Gucci"

[[brand]]
name = "Samsung"
"#;

fn detector() -> Detector {
    let r = Registry::from_toml(Path::new("t.toml"), REGISTRY).expect("registry parses");
    Detector::new(r)
}

/// The detector of a registry written inline in a test.
fn detector_of(src: &str) -> Detector {
    Detector::new(Registry::from_toml(Path::new("t.toml"), src).expect("parses"))
}

/// A detector of a registry that gives each brand its name and nothing else.
fn detector_named(names: &[&str]) -> Detector {
    let src: String = names
        .iter()
        .map(|n| format!("[[brand]]\nname = {n:?}\n\n"))
        .collect();
    detector_of(&src)
}

fn one(d: &Detector, title: &str) -> Option<Finding> {
    let f = d.assess(&Subject {
        title,
        seller_name: Some("Some Trading Co."),
        ..Subject::default()
    });
    assert!(f.len() <= 1, "{title}: {f:?}");
    f.into_iter().next()
}

/// Asserts that every title is read as what the product fits: a compatibility mention,
/// not flagged.
fn fits_only(d: &Detector, titles: &[&str]) {
    for &title in titles {
        let f = one(d, title).expect("finding");
        assert_eq!(
            f.category,
            Category::CompatibilityMention,
            "{title}: {:?}",
            f.signals
        );
        assert!(!f.flagged, "{title}");
    }
}

/// Asserts that each title names a brand, reported as `unrelated_goods` (never flagged)
/// with a signal that contains `reason`.
/// Why the detector reads the name, alias or product line `text` as weak (`check
/// --names`), or `strong`.
fn weak_reason_of(d: &Detector, text: &str) -> &'static str {
    d.readings()
        .into_iter()
        .flat_map(|b| b.names)
        .find(|n| n.text == text)
        .and_then(|n| n.weak)
        .unwrap_or("strong")
}

fn unrelated_because(d: &Detector, titles: &[&str], reason: &str) {
    for t in titles {
        let f = one(d, t).expect("the name is reported");
        assert_eq!(f.category, Category::UnrelatedGoods, "{t}: {:?}", f.signals);
        assert!(!f.flagged, "{t}");
        assert!(
            f.signals.iter().any(|s| s.contains(reason)),
            "{t}: {:?}",
            f.signals
        );
    }
}

/// Asserts that each title is flagged.
fn all_flagged(d: &Detector, titles: &[&str]) {
    for t in titles {
        let f = one(d, t).expect("the name is reported");
        assert!(f.flagged, "{t}: {:?}", f.signals);
    }
}

/// Asserts that no title is flagged (a name may be reported, set aside).
fn none_flagged(d: &Detector, titles: &[&str]) {
    for t in titles {
        assert!(one(d, t).is_none_or(|f| !f.flagged), "{t}: {:?}", one(d, t));
    }
}

/// Asserts that each title is flagged as a copy (`counterfeit_indicators`).
fn all_copies(d: &Detector, titles: &[&str]) {
    for t in titles {
        let f = one(d, t).expect("the name is reported");
        assert_eq!(
            f.category,
            Category::CounterfeitIndicators,
            "{t}: {:?}",
            f.signals
        );
        assert!(f.flagged, "{t}");
    }
}

fn kind(d: &Detector, title: &str) -> (String, MatchKind) {
    let f = one(d, title).unwrap_or_else(|| panic!("no match in {title:?}"));
    (f.brand, f.match_kind)
}

/// Asserts that each title names its brand behind a mask.
fn all_masked(d: &Detector, cases: &[(&str, &str)]) {
    for &(t, brand) in cases {
        assert_eq!(kind(d, t), (brand.to_string(), MatchKind::Masked), "{t}");
    }
}

/// Asserts that no title names a brand.
fn none_named(d: &Detector, titles: &[&str]) {
    for t in titles {
        assert!(one(d, t).is_none(), "{t}: {:?}", one(d, t));
    }
}

#[test]
fn exact_alias_and_product_lines() {
    let d = detector();
    assert_eq!(
        kind(&d, "NIKE running shoes"),
        ("Nike".into(), MatchKind::Exact)
    );
    assert_eq!(
        kind(&d, "正品耐克运动鞋"),
        ("Nike".into(), MatchKind::Alias)
    );
    assert_eq!(
        kind(&d, "Air Jordan 1 retro high"),
        ("Nike".into(), MatchKind::Alias)
    );
    assert_eq!(
        kind(&d, "LouisVuitton bag"),
        ("Louis Vuitton".into(), MatchKind::Exact)
    );
}

#[test]
fn evasions_are_matched_and_named() {
    let d = detector();
    let cases = [
        ("Ｎｉｋｅ shoes", "Nike", MatchKind::Homoglyph),
        ("R\u{043E}lex watch", "Rolex", MatchKind::Homoglyph),
        ("Ch\u{03B1}nel bag", "Chanel", MatchKind::Homoglyph),
        ("L V bag", "Louis Vuitton", MatchKind::Spacing),
        ("L.V. bag", "Louis Vuitton", MatchKind::Spacing),
        ("Lou-is Vuit ton bag", "Louis Vuitton", MatchKind::Spacing),
        ("N\u{200B}ike socks", "Nike", MatchKind::Spacing),
        ("N I K E socks", "Nike", MatchKind::Spacing),
        ("耐 克 运动鞋", "Nike", MatchKind::Spacing),
        ("N1ke shoes", "Nike", MatchKind::Leetspeak),
        ("Guccl belt", "Gucci", MatchKind::Leetspeak),
        ("Ch@nel perfume", "Chanel", MatchKind::Leetspeak),
        ("$amsung phone", "Samsung", MatchKind::Leetspeak),
        ("Addidas trainers", "Adidas", MatchKind::Typo),
        ("Rolexx watch", "Rolex", MatchKind::Typo),
        ("Louis Viton handbag", "Louis Vuitton", MatchKind::Typo),
    ];
    for (title, brand, k) in cases {
        assert_eq!(kind(&d, title), (brand.to_string(), k), "{title}");
    }
}

#[test]
fn traps_do_not_match() {
    let d = detector();
    for title in [
        "Fresh pineapple chunks",
        "Organic apple cider vinegar 500ml",
        "canonical ubuntu server",
        "nickel alloy wire",
        "4 channel HDMI switch",
        "water cannon toy",
        "can on/off switch",
        "so ny sweater",
        "新鲜苹果 水果 5斤",
        "deli meat slicer",
        "roles and responsibilities poster",
        "Bosco chocolate syrup",
    ] {
        assert_eq!(one(&d, title), None, "{title}");
    }
}

#[test]
fn bosch_is_not_bose() {
    let d = detector();
    assert_eq!(kind(&d, "Bosch drill").0, "Bosch");
    assert_eq!(kind(&d, "Bose headphones").0, "Bose");
}

#[test]
fn categories() {
    let d = detector();
    let f = one(&d, "AAA replica Rolex submariner").expect("match");
    assert_eq!(f.category, Category::CounterfeitIndicators);
    assert!(f.flagged && f.risk >= 80);
    assert!(f.signals.iter().any(|s| s.contains("\"replica\"")));

    let f = one(&d, "Silicone case compatible with Apple iPhone 15").expect("match");
    assert_eq!(f.category, Category::CompatibilityMention);
    assert!(!f.flagged);

    let f = one(&d, "Screen protector for iPhone 15 Pro").expect("match");
    assert_eq!(f.category, Category::CompatibilityMention);

    let f = one(&d, "Nike shoes for men").expect("match");
    assert_eq!(f.category, Category::UnauthorisedBrandUse);
    assert!(f.flagged);

    let f = one(&d, "Apple AAA batteries charger").expect("match");
    assert_eq!(f.category, Category::UnauthorisedBrandUse);

    let f = one(&d, "高仿香奈儿包包").expect("match");
    assert_eq!(f.category, Category::CounterfeitIndicators);

    let f = one(&d, "适用于苹果手机壳").expect("match");
    assert_eq!(f.category, Category::CompatibilityMention);
}

#[test]
fn authorised_sellers_are_never_flagged() {
    let d = detector();
    let f = d.assess(&Subject {
        title: "Nike Air Max replica",
        seller_name: Some("nike official store"),
        ..Subject::default()
    });
    assert_eq!(f[0].category, Category::Authorised);
    assert!(!f[0].flagged);
    let f = d.assess(&Subject {
        title: "Nike Air Max",
        seller_url: Some("https://nike.en.alibaba.com/product/1.html"),
        ..Subject::default()
    });
    assert_eq!(f[0].category, Category::Authorised);
}

#[test]
fn price_far_below_reference_is_a_counterfeit_signal() {
    let d = detector();
    let f = d.assess(&Subject {
        title: "Rolex Submariner automatic watch",
        price: Some("US$ 45.00"),
        ..Subject::default()
    });
    assert_eq!(f[0].category, Category::CounterfeitIndicators);
    assert!(f[0].signals.iter().any(|s| s.starts_with("price")));
    let f = d.assess(&Subject {
        title: "Rolex Submariner automatic watch",
        price: Some("US$ 7,500.00"),
        ..Subject::default()
    });
    assert_eq!(f[0].category, Category::UnauthorisedBrandUse);
}

#[test]
fn seller_name_using_the_brand_raises_risk() {
    let d = detector();
    let plain = d.assess(&Subject {
        title: "Nike running shoes",
        seller_name: Some("Fujian Shoes Co."),
        ..Subject::default()
    });
    let posing = d.assess(&Subject {
        title: "Nike running shoes",
        seller_name: Some("Nike Official Store Outlet"),
        ..Subject::default()
    });
    assert!(posing[0].risk > plain[0].risk);
    assert!(
        posing[0]
            .signals
            .iter()
            .any(|s| s.contains("uses the brand"))
    );
}

#[test]
fn several_brands_give_several_findings() {
    let d = detector();
    let f = d.assess(&Subject {
        title: "Gucci x Adidas collab tee",
        ..Subject::default()
    });
    let brands: Vec<_> = f.iter().map(|f| f.brand.as_str()).collect();
    assert_eq!(brands, ["Gucci", "Adidas"]);
}

#[test]
fn detector_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Detector>();
}

#[test]
fn hermes_spelled_with_its_accent_is_exact() {
    let r =
        Registry::from_toml(Path::new("t.toml"), "[[brand]]\nname = \"Hermès\"\n").expect("parses");
    let d = Detector::new(r);
    let f = d.assess(&Subject {
        title: "Hermès scarf",
        ..Subject::default()
    });
    assert_eq!(f[0].match_kind, MatchKind::Exact);
    let f = d.assess(&Subject {
        title: "Hermes scarf",
        ..Subject::default()
    });
    assert_eq!(f[0].brand, "Hermès");
}

#[test]
fn minimal_registry_semantics_hold() {
    // A registry with only name / aliases / authorised_sellers (like the bundled demo).
    let r = Registry::from_toml(
        Path::new("demo.toml"),
        "[[brand]]\nname = \"Acme\"\naliases = [\"ACME Tools\"]\nauthorised_sellers = [\"Acme Direct\"]\n",
    )
    .expect("parses");
    let d = Detector::new(r);
    let f = d.assess(&Subject {
        title: "Acme anvil 20kg",
        seller_name: Some("Road Runner Trading"),
        ..Subject::default()
    });
    assert_eq!(f.len(), 1);
    assert!(f[0].flagged);
    let f = d.assess(&Subject {
        title: "ACME Tools anvil",
        seller_name: Some("Acme Direct"),
        ..Subject::default()
    });
    assert_eq!(f.len(), 1);
    assert!(!f[0].flagged);
    assert!(
        d.assess(&Subject {
            title: "Anvil 20kg cast iron",
            ..Subject::default()
        })
        .is_empty()
    );
}

#[test]
fn example_registry_loads_and_detects() {
    let src = include_str!("../../seeds/brands/example.toml");
    let r = Registry::from_toml(Path::new("seeds/brands/example.toml"), src).expect("parses");
    assert_eq!(r.pricing.far_below_ratio, Some(0.3));
    let d = Detector::new(r);
    let f = d.assess(&Subject {
        title: "Top grade N1ke Air Max",
        ..Subject::default()
    });
    assert_eq!(f[0].category, Category::CounterfeitIndicators);
    assert!(
        d.assess(&Subject {
            title: "Coach bus seat covers",
            ..Subject::default()
        })
        .is_empty()
    );
}

#[test]
fn description_and_seller_id() {
    let d = detector();
    let f = d.assess(&Subject {
        title: "Running shoes men breathable",
        description: Some("Same design as Nike Pegasus, AAA quality"),
        ..Subject::default()
    });
    assert_eq!(f[0].field, "description");
    assert_eq!(f[0].category, Category::CounterfeitIndicators);
}

#[test]
fn odd_text_never_panics_and_matched_text_is_from_the_listing() {
    let d = detector();
    let alphabet: Vec<char> = "Nike LV.-_ 1@$!|耐克香奈儿\u{200B}\u{00AD}\u{0301}\u{202E}\u{FEFF}ｎｉｋｅ\u{043E}\u{03BF}🙂👩‍👩‍👧ﬁǅ\u{0}\t\n\u{1b}[Ⅻ①"
        .chars()
        .collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..2000 {
        let mut s = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 24) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        for f in d.assess(&Subject {
            title: &s,
            description: Some(&s),
            seller_name: Some(&s),
            seller_url: Some(&s),
            price: Some(&s),
            seller_id: Some(&s),
            category: Some(&s),
        }) {
            assert!(s.contains(&f.matched_text), "{s:?}: {f:?}");
            assert!(f.risk <= 100);
        }
    }
}

#[test]
fn product_line_price_beats_the_brand_floor() {
    let src = r#"
[[brand]]
name = "Nike"
product_lines = [{ name = "Air Jordan", reference_price = { amount = 180.0, currency = "USD" } }]
reference_price = { amount = 25.0, currency = "USD" }
"#;
    let d = detector_of(src);
    let judge = |title: &str, price: &str| {
        d.assess(&Subject {
            title,
            price: Some(price),
            ..Subject::default()
        })[0]
            .category
    };
    assert_eq!(
        judge("Nike Air Jordan 1 high", "US$ 30"),
        Category::CounterfeitIndicators
    );
    assert_eq!(
        judge("Nike running socks", "US$ 30"),
        Category::UnauthorisedBrandUse
    );
    assert_eq!(
        judge("Nike running socks", "¥ 20"),
        Category::CounterfeitIndicators
    );
}

#[test]
fn evasion_in_a_second_mention_still_counts() {
    let d = detector();
    let f = one(&d, "Nike running shoes N1ke logo").expect("match");
    assert_eq!(f.match_kind, MatchKind::Exact);
    assert!(f.signals.iter().any(|s| s.contains("leetspeak")), "{f:?}");
    let plain = one(&d, "Nike running shoes").expect("match");
    assert!(f.risk > plain.risk);
}

#[test]
fn short_names_glued_to_digits_are_codes() {
    let d = detector();
    assert_eq!(one(&d, "LV2 level protection vest"), None);
    assert_eq!(one(&d, "Body armour 3LV rating"), None);
    assert_eq!(kind(&d, "2024 LV bag").0, "Louis Vuitton");
    assert_eq!(kind(&d, "Rolex2024 new").0, "Rolex");
}

#[test]
fn empty_registry_finds_nothing() {
    let d = Detector::new(Registry::default());
    assert!(
        d.assess(&Subject {
            title: "Replica Nike 1:1 AAA",
            ..Subject::default()
        })
        .is_empty()
    );
}

#[test]
fn store_path_naming_the_brand_is_a_signal() {
    let d = detector();
    let f = d.assess(&Subject {
        title: "Nike Air Max 90",
        seller_url: Some("https://www.dhgate.com/store/nike-official-outlet?page=2"),
        ..Subject::default()
    });
    assert!(
        f[0].signals
            .iter()
            .any(|s| s.contains("\"www.dhgate.com/store/nike-official-outlet\" uses the brand")),
        "{f:?}"
    );
}

/// A registry written the obvious way: names, aliases, product lines, no voids.
const PLAIN: &str = r#"
[[brand]]
name = "Apple"
aliases = ["苹果"]
product_lines = ["iPhone"]

[[brand]]
name = "Louis Vuitton"
aliases = ["LV", "路易威登"]
product_lines = ["Neverfull"]

[[brand]]
name = "Xiaomi"
aliases = ["小米"]

[[brand]]
name = "HP"
aliases = ["Hewlett-Packard"]
models = ["CF2\\d\\dA", "CE\\d{3}A"]

[[brand]]
name = "Nike"
aliases = ["耐克"]

[[brand]]
name = "Samsung"
aliases = ["三星"]

[[brand]]
name = "Gucci"

[[brand]]
name = "Rolex"

[[brand]]
name = "Acme Widgets"
aliases = ["Acme", "ACM"]
classes = [7]
weak_names = ["Acme"]
strong_names = ["ACM"]
"#;

fn plain() -> Detector {
    let r = Registry::from_toml(Path::new("plain.toml"), PLAIN).expect("registry parses");
    Detector::new(r)
}

fn judged(d: &Detector, title: &str) -> Option<Finding> {
    d.assess(&Subject {
        title,
        ..Subject::default()
    })
    .into_iter()
    .next()
}

#[test]
fn brand_classes_come_from_the_registry_or_are_inferred() {
    let d = plain();
    let classes = |i: usize| goods::class_numbers(d.brand_classes[i].0);
    assert_eq!(classes(0), [9]); // Apple: marks file
    assert!(classes(1).contains(&18)); // Louis Vuitton: marks file
    assert_eq!(classes(8), [7]); // Acme: the registry's own
    assert!(!d.brand_classes[8].1 && d.brand_classes[0].1);
}

#[test]
fn weak_names_on_unrelated_goods_are_not_flagged() {
    let d = plain();
    for title in [
        "Apple green silicone spatula kitchen utensil",
        "LV switchgear cabinet 400V circuit breaker panel",
        "有机小米粥 杂粮 5斤装",
        "苹果汁 纯果汁饮料 1L",
        "Acme rocket skates for kids",
        // Part of a goods term or of an ordinary compound, whatever else is there.
        "Apple juice AAA grade concentrate",
        "三星级酒店 手机 充电器",
    ] {
        let f = judged(&d, title).expect("the weak name is reported");
        assert_eq!(f.category, Category::UnrelatedGoods, "{title}");
        assert!(!f.flagged, "{title}");
        assert_eq!(f.risk, 0);
    }
    let f = judged(&d, "Apple green silicone spatula kitchen utensil").expect("finding");
    assert_eq!(f.listing_classes, [21]);
    assert!(
        f.signals
            .iter()
            .any(|s| s.contains("not in Apple's classes"))
    );
}

#[test]
fn weak_names_count_with_corroboration() {
    let d = plain();
    for (title, why) in [
        (
            "Apple watch band and phone case",
            "goods in Apple's classes",
        ),
        (
            "LV monogram canvas tote bag",
            "goods in Louis Vuitton's classes",
        ),
        ("LV Neverfull MM", "Neverfull"),
        ("小米 手机 红米 Note 13", "goods in Xiaomi's classes"),
        ("Apple 苹果 原装", "Chinese and Latin names"),
        ("Apple AAA replica", "counterfeit indicator"),
        ("Ａpple new arrival", "disguised"),
    ] {
        let f = judged(&d, title).expect("finding");
        assert!(f.flagged, "{title}: {f:?}");
        assert!(
            f.signals.iter().any(|s| s.contains(why)),
            "{title}: {:?}",
            f.signals
        );
    }
    // A strong name needs nothing, and `strong_names` overrides the acronym rule.
    assert!(judged(&d, "Gucci").is_some_and(|f| f.flagged));
    assert!(judged(&d, "ACM rocket skates").is_some_and(|f| f.flagged));
}

#[test]
fn model_numbers_corroborate_and_stand_for_the_brand() {
    let d = plain();
    let f = judged(&d, "Toner cartridge CF283A black 1500 pages").expect("model finding");
    assert_eq!(f.brand, "HP");
    assert_eq!(f.match_kind, MatchKind::Model);
    assert!(f.flagged);
    let f = judged(&d, "HP CE285A toner").expect("finding");
    assert_eq!(f.match_kind, MatchKind::Exact);
    assert!(
        f.signals.iter().any(|s| s.contains("model number")),
        "{f:?}"
    );
    let f = judged(&d, "Compatible toner for CF283A").expect("finding");
    assert_eq!(f.category, Category::CompatibilityMention);
    assert!(judged(&d, "CF283 adapter").is_none());
}

#[test]
fn a_model_number_of_a_brand_whose_classes_are_unknown_counts_alone() {
    // No classes in the registry, and a name neither the marks file nor the product
    // lines place: the model expression is all there is to go by.
    let src = r#"
[[brand]]
name = "Quorvath"
models = ["\\bQV-?\\d{3}[A-Z]\\b"]
"#;
    let d = detector_of(src);
    for t in [
        "QV-220B Digital Multimeter True RMS Auto Range",
        "QV220B Clamp Meter AC DC 600A wholesale",
    ] {
        let f = one(&d, t).expect("model finding");
        assert_eq!(f.match_kind, MatchKind::Model, "{t}");
        assert!(f.flagged, "{t}: {:?}", f.signals);
        assert!(
            f.signals.iter().any(|s| s.contains("classes are unknown")),
            "{t}: {:?}",
            f.signals
        );
    }
    // With classes given, the same code on goods of another class is that product's code.
    let src = r#"
[[brand]]
name = "Quorvath"
classes = [9]
models = ["\\bQV-?\\d{3}[A-Z]\\b"]
"#;
    let d = detector_of(src);
    let t = "QV-220B Bath Towel Cotton 70x140";
    assert!(!one(&d, t).is_some_and(|f| f.flagged), "{t}");
}

#[test]
fn a_model_code_written_against_chinese_characters_is_read() {
    // Chinese titles glue codes to the words around them: the characters are separators
    // to a model expression, as to a reader (`\b` of Unicode would count them as letters
    // of the code's word). An expression with Chinese in it reads the text itself.
    let src = r#"
[[brand]]
name = "Quorvath"
classes = [7]
models = ["\\bQV-?\\d{3}[A-Z]\\b", "(?:奎沃)\\s?\\d{2}型"]
"#;
    let d = detector_of(src);
    for t in [
        "原装QV-220B发动机 现货",
        "发动机QV220B【包邮】",
        "ＱＶ２２０Ｂ发动机",
        "奎沃 12型 发动机 现货",
    ] {
        let f = one(&d, t).expect("model finding");
        assert_eq!(f.match_kind, MatchKind::Model, "{t}");
    }
    // A code inside a longer one stays another code; letters of other scripts are
    // letters (`QV-220Bé` is not `QV-220B`).
    for t in ["发动机XQV-220B现货", "QV-220Bé 发动机"] {
        assert!(one(&d, t).is_none(), "{t}");
    }
    // The shadow keeps one byte per character and where each came from.
    let (shadow, back) = super::ascii_shadow("力帆LF150，Ｘ é【");
    assert_eq!(shadow, "\u{1}\u{1}LF150,X _\u{1}");
    assert_eq!(back[2], 6);
    assert_eq!(back.len(), shadow.len());
}

#[test]
fn a_specific_code_of_a_broad_model_expression_needs_goods() {
    // Broad: three letters and two digits, five digits, one of five letters and four
    // digits, two letters and two digits and two more match many codes of other makers;
    // narrow ones seldom do.
    for broad in [
        r"\b[A-Z]{3}\d{2}\b",
        r"\b[0-9]{5}\b",
        r"\b[ABCEF]\d{4}\b",
        // (seven of the 4,000 sample codes: broad since 2026-12-04, one in 1,000)
        r"\b[A-Z]{2}\d{2}-\d{2}\b",
    ] {
        assert!(
            super::broad_expression(&regex::Regex::new(broad).unwrap()),
            "{broad}"
        );
    }
    for narrow in [
        r"\bIW\d{6}\b",
        r"\bK\d{6}-\d{3}\b",
        r"\bQV-?\d{3}[A-Z]{2}\b",
    ] {
        assert!(
            !super::broad_expression(&regex::Regex::new(narrow).unwrap()),
            "{narrow}"
        );
    }
    let src = r#"
[[brand]]
name = "Quorvath"
classes = [28]
models = ["\\b[A-Z]{3}\\d{2}[A-Z]{0,3}\\b"]
"#;
    let d = detector_of(src);
    // A code of six letters and digits, but of a shape the brand's broad expression
    // matches in many makers' codes: on goods the lexicon does not know, not the brand.
    let t = "HKT22AB 2024 new arrival wholesale";
    let f = one(&d, t);
    assert!(!f.as_ref().is_some_and(|f| f.flagged), "{t}: {f:?}");
    // On the brand's goods it still is.
    let t = "HKT22AB die cast toy car 1:64 wholesale";
    let f = one(&d, t).expect("model finding");
    assert!(f.flagged, "{t}: {:?}", f.signals);
}

#[test]
fn a_specific_model_number_counts_where_no_goods_are_recognised() {
    let src = r#"
[[brand]]
name = "Quorvath"
classes = [14]
models = ["\\bQV-?\\d{3}[A-Z]{2}\\b", "\\bQ\\d{2}\\b", "\\bQR\\d{4}\\b"]
"#;
    let d = detector_of(src);
    // Seven letters and digits or more, no goods word the lexicon knows: the brand.
    let t = "QV-220BX 2024 new arrival wholesale";
    let f = one(&d, t).expect("model finding");
    assert!(f.flagged, "{t}: {:?}", f.signals);
    assert!(
        f.signals.iter().any(|s| s.contains("specific code")),
        "{:?}",
        f.signals
    );
    // A short code alone is chance, and so is one of six letters and digits; goods of
    // another class make the code theirs.
    for t in [
        "Q12 2024 new arrival wholesale",
        "QR2201 2024 new arrival wholesale",
        "QV-220BX bath towel cotton",
    ] {
        assert!(!one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
    // On the brand's goods, the six-character code is the brand's.
    let t = "QR2201 automatic watch stainless steel";
    let f = one(&d, t).expect("model finding");
    assert!(f.flagged, "{t}: {:?}", f.signals);
}

#[test]
fn a_five_letter_name_split_into_pieces_that_are_no_words_is_spacing() {
    let d = plain();
    let f = judged(&d, "Gu cci ophidia small messenger bag").expect("finding");
    assert_eq!(
        (f.brand.as_str(), f.match_kind),
        ("Gucci", MatchKind::Spacing)
    );
    assert!(f.flagged);
    // Pieces that may be words (`Gu cc i` is no two pieces) are not read as the name.
    for t in ["Gu cc i bag", "Rol ex submariner"] {
        assert!(judged(&d, t).is_none_or(|f| !f.flagged), "{t}");
    }
}

#[test]
fn a_short_name_with_its_first_letter_set_apart_is_spacing() {
    let d = plain();
    for t in [
        "G ucci ophidia small messenger bag",
        "R olex submariner watch",
    ] {
        let f = judged(&d, t).expect("finding");
        assert_eq!(f.match_kind, MatchKind::Spacing, "{t}");
        assert!(f.flagged, "{t}");
    }
    // A lone letter before a word of the dictionary is a letter and a word.
    for t in ["N ike shoes", "A frame tent rolex"] {
        assert!(
            judged(&d, t).is_none_or(|f| f.match_kind != MatchKind::Spacing),
            "{t}"
        );
    }
}

#[test]
fn misspellings_in_every_form() {
    let d = plain();
    for (title, brand, kind) in [
        ("Rolecks submariner watch", "Rolex", MatchKind::Typo),
        ("Rolax mens watch", "Rolex", MatchKind::Typo),
        ("Nikke running shoes", "Nike", MatchKind::Typo),
        ("Nlke running shorts", "Nike", MatchKind::Typo),
        ("Custom Nikes sneakers", "Nike", MatchKind::Typo),
        ("Guccy belt leather", "Gucci", MatchKind::Typo),
        ("G*cci belt", "Gucci", MatchKind::Masked),
        ("Ro_ex watch", "Rolex", MatchKind::Masked),
        ("N•ke shoes", "Nike", MatchKind::Masked),
        ("Gu*ci wallet", "Gucci", MatchKind::Masked),
        ("Gu·ci wallet", "Gucci", MatchKind::Masked),
        ("Ro●ex watch", "Rolex", MatchKind::Masked),
    ] {
        let f = judged(&d, title).unwrap_or_else(|| panic!("{title}: nothing"));
        assert_eq!((f.brand.as_str(), f.match_kind), (brand, kind), "{title}");
        assert!(f.flagged, "{title}");
    }
    for title in [
        "Crew neck cotton t-shirt",
        "Front door lock",
        "Goku anime t-shirt",
        "Roles and responsibilities poster",
        "G*** belt",
    ] {
        assert!(
            judged(&d, title).is_none_or(|f| !f.flagged),
            "{title}: {:?}",
            judged(&d, title)
        );
    }
}

#[test]
fn category_text_is_read_for_goods() {
    let d = plain();
    let f = d.assess(&Subject {
        title: "LV 2024 new arrival",
        category: Some("Luggage & Bags > Handbags"),
        ..Subject::default()
    });
    assert!(f.first().is_some_and(|f| f.flagged), "{f:?}");
}

/// Names that are dictionary words read by their context on a registry written the
/// obvious way (classes, no void contexts).
#[test]
fn dictionary_names_colours_codes_and_phrases() {
    let src = r#"
[[brand]]
name = "Hermès"
aliases = ["Hermes", "爱马仕"]
product_lines = ["Garden Party", "Birkin"]
classes = [3, 14, 18, 25]

[[brand]]
name = "Lacoste"
aliases = ["鳄鱼"]
classes = [18, 25]

[[brand]]
name = "Nintendo"
aliases = ["NS"]
product_lines = ["Joy-Con"]
classes = [9, 28]

[[brand]]
name = "Tiffany & Co."
aliases = ["Tiffany", "蒂芙尼"]
classes = [14]

[[brand]]
name = "Montblanc"
aliases = ["MB"]
classes = [9, 14, 16, 18]
"#;
    let d = detector_of(src);
    let flagged = |t: &str| one(&d, t).is_some_and(|f| f.flagged);
    // Colours named after a house, part codes, spelled-out acronyms, name jewellery,
    // phrases on flowers, a crocodile toy.
    for t in [
        "蒂芙尼蓝 乳胶漆 墙面漆 5L",
        "爱马仕橙 丝绒 窗帘",
        "NS-2000 Network Cable Tester RJ45",
        "USB flash drive 512 MB metal",
        "Personalized Name Necklace Tiffany Gold Plated Nameplate",
        "Garden Party Rose Plants Nursery Stock",
        // A phrase of the commonest words needs more than goods of the brand's classes.
        "Garden Party tote bag canvas",
        "鳄鱼 毛绒玩具 大号",
        // The animal's skin or fur as a material.
        "鳄鱼皮纹 男士 皮带 自动扣",
        "鳄鱼毛皮 装饰 摆件",
    ] {
        assert!(!flagged(t), "{t}");
    }
    // The same names where they are the brand.
    for t in [
        "蒂芙尼 项链 925银",
        "NS Joy-Con controller",
        "MB fountain pen black resin",
        "Tiffany heart tag necklace",
        "Hermes Garden Party tote bag canvas",
        "鳄鱼 polo衫 男 短袖",
        // `皮带` (a belt) and `皮鞋` (shoes) are words of their own: the brand's goods.
        "鳄鱼皮带 男士 自动扣",
        "鳄鱼皮鞋 男 商务",
        "Hermes Birkin 30 bag",
    ] {
        assert!(flagged(t), "{t}");
    }
}

/// A name that is a dictionary word, though known as a mark, written as the registry
/// spells it, is judged by the brand's core goods as weak names are: on goods of the
/// registry's classes that are none of its core goods it needs corroboration.
#[test]
fn a_dictionary_name_beside_the_brands_core_goods_needs_corroboration() {
    let src = r#"
[[brand]]
name = "Lacoste"
aliases = ["鳄鱼"]
classes = [14, 18, 25]
"#;
    let d = detector_of(src);
    let f = one(&d, "鳄鱼 钥匙扣 卡通 挂件").expect("a finding");
    assert!(!f.flagged, "{f:?}");
    assert_eq!(f.category, Category::UnrelatedGoods, "{f:?}");
    for t in [
        // Its core goods (the marks file's 18 and 25 within the registry's).
        "鳄鱼 polo衫 男 短袖",
        "鳄鱼 男士 钱包 真皮",
        // Corroborated on other goods of its classes.
        "鳄鱼 钥匙扣 高仿",
        // Misspelt or masked, a mark is not an animal.
        "鳄*鱼 钥匙扣",
    ] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

/// An alias of ordinary words that is not the brand's name shortened is not made the
/// brand's by goods of its classes alone; one that shortens the name is.
#[test]
fn an_alias_of_ordinary_words_needs_more_than_goods_unless_it_shortens_the_name() {
    let src = r#"
[[brand]]
name = "Canada Goose"
aliases = ["Arctic Program", "加拿大鹅"]
classes = [25]

[[brand]]
name = "The North Face"
aliases = ["North Face"]
classes = [18, 25]
"#;
    let d = detector_of(src);
    let f = one(&d, "Arctic Program down parka winter").expect("a finding");
    assert!(!f.flagged, "{f:?}");
    assert_eq!(f.category, Category::UnrelatedGoods, "{f:?}");
    assert!(
        f.signals
            .iter()
            .any(|s| s.contains("an alias of ordinary words that is not")),
        "{f:?}"
    );
    for t in [
        "North Face fleece jacket men",
        "Canada Goose down parka winter",
        "Arctic Program down parka 1:1 replica",
        "Arctic Program parka 加拿大鹅",
    ] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_grade_after_a_decimal_point_is_a_quantity() {
    let d = detector();
    let graded = one(&d, "Gucci belt 5A quality").expect("finding");
    assert_eq!(graded.category, Category::CounterfeitIndicators);
    for measured in ["Gucci belt lamp 1.5A", "Gucci belt lamp 2,5A"] {
        let f = one(&d, measured).expect("finding");
        assert_eq!(f.category, Category::UnauthorisedBrandUse, "{measured}");
    }
}

#[test]
fn hyphenated_lines_of_ordinary_words_are_phrases() {
    let words = Words::shipped();
    assert!(ordinary_phrase("Slip-On", &words));
    assert!(ordinary_phrase("Return to Tiffany", &words));
    assert!(!ordinary_phrase("Old Skool", &words));
    assert!(!ordinary_phrase("Mini 4 Pro", &words));
    assert!(!ordinary_phrase("Authentic", &words));
    assert!(!ordinary_phrase("Mi Band", &words));
    assert!(ordinary_phrase("One-Key", &words));
}

const GOODS_REGISTRY: &str = r#"
[[brand]]
name = "Timberland"
classes = [18, 25]

[[brand]]
name = "Anker"
aliases = ["安克"]
product_lines = ["Powerline"]
classes = [9]

[[brand]]
name = "Hasbro"
aliases = ["Nerf", "Transformers"]
classes = [9, 16, 28]
"#;

fn goods_detector() -> Detector {
    let r = Registry::from_toml(Path::new("t.toml"), GOODS_REGISTRY).expect("registry parses");
    Detector::new(r)
}

#[test]
fn names_on_goods_wholly_of_other_classes_are_not_the_brand() {
    let d = goods_detector();
    for (title, brand) in [
        // A misspelling on goods of another class is the word it resembles.
        (
            "Timberline Laminated Asphalt Roofing Shingles",
            "Timberland",
        ),
        // One name alone, as spelt, on goods of other classes.
        ("Nylon Wall Plug Anker 8x40mm Expansion Anchor", "Anker"),
        ("Nerf Running Boards for Toyota Tacoma Side Steps", "Hasbro"),
        // An alias inside a goods term.
        ("Toroidal Power Transformers 220V to 2x18V 300VA", "Hasbro"),
    ] {
        let f = one(&d, title).unwrap_or_else(|| panic!("no finding in {title:?}"));
        assert_eq!(f.brand, brand, "{title}");
        assert!(!f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.category, Category::UnrelatedGoods, "{title}");
    }
    for (title, brand) in [
        (
            "Timberlnd Waterproof Boots Men Premium 6 Inch",
            "Timberland",
        ),
        ("Anker Power Bank 20000mAh USB-C", "Anker"),
        // An indicator, a logo or a second name keeps the brand on other goods.
        ("Anker Wall Plug Expansion Anchor replica", "Anker"),
        ("Anker logo wall plug expansion anchor", "Anker"),
        ("Anker 安克 wall plug expansion anchor", "Anker"),
    ] {
        let f = one(&d, title).unwrap_or_else(|| panic!("no finding in {title:?}"));
        assert_eq!(f.brand, brand, "{title}");
        assert!(f.flagged, "{title}: {:?}", f.signals);
    }
}

#[test]
fn chinese_compatibility_words_govern_what_follows_them() {
    assert!(!fits_anywhere("安克 氮化镓 充电器 65W 适用苹果华为 笔记本"));
    assert!(!fits_anywhere("金士顿 内存条 DDR4 8G 2666 兼容2400"));
    assert!(!fits_anywhere("吉列 剃须刀片 锋速3 替换装"));
    assert!(fits_anywhere("手机壳 Galaxy S24 防摔 适用"));
    assert!(fits_anywhere("手机壳 防摔 适用于 Galaxy S24"));
    assert!(fits_anywhere("Replacement Ear Pads for Corsair HS70"));
    assert!(fits_anywhere("Compatible toner cartridge TN-2420"));
    assert!(!fits_anywhere("Replacements Ltd china plates"));
    let d = goods_detector();
    let f = one(&d, "安克 氮化镓 充电器 65W 适用苹果华为 笔记本").expect("finding");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn phrases_of_the_commonest_words_describe_any_makers_goods() {
    let words = Words::shipped();
    assert!(common_phrase("Light Blue", &words));
    assert!(common_phrase("Only the Brave", &words));
    assert!(!common_phrase("Fresh Foam", &words));
    assert!(!common_phrase("Galaxy Buds", &words));
}

#[test]
fn a_dictionary_name_inside_a_goods_term_is_that_term() {
    let src = r#"
[[brand]]
name = "Mulberry"
classes = [14, 18, 25]
"#;
    let d = detector_of(src);
    let f = one(&d, "Mulberry Silk Scarf Women Square 90x90cm").expect("finding");
    assert!(!f.flagged, "{:?}", f.signals);
    assert_eq!(f.category, Category::UnrelatedGoods);
    let f = one(&d, "Mulberry Bayswater Leather Tote Bag").expect("finding");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn a_chinese_name_crossed_by_an_ordinary_word_is_not_the_name() {
    let src = r#"
[[brand]]
name = "Li-Ning"
aliases = ["李宁"]
classes = [18, 25, 28]

[[brand]]
name = "Michael Kors"
aliases = ["迈克高仕"]
classes = [14, 18, 25]

[[brand]]
name = "Fisher-Price"
aliases = ["费雪"]
classes = [28]
"#;
    let d = detector_of(src);
    // 行李 (luggage) and 宁波 (Ningbo) around 李宁; 免费 (free) and 雪花 (snowflake)
    // around 费雪.
    unrelated_because(
        &d,
        &[
            "行李宁波发货 拉杆箱 20寸 万向轮",
            "免费雪花片 积木 玩具 儿童 拼插",
        ],
        "inside the ordinary word",
    );
    // The names themselves, glued to their goods (仕女 crosses 迈克高仕女包, but 女包 is
    // the goods word after the name), or with an indicator.
    for t in [
        "李宁运动鞋 男 跑步鞋",
        "迈克高仕女包托特包大容量",
        "费雪 安抚 玩具 婴儿",
        "行李宁波 拉杆箱 高仿",
    ] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_given_name_on_goods_made_to_carry_a_name_is_the_persons() {
    let src = r#"
[[brand]]
name = "Levi's"
classes = [18, 25]

[[brand]]
name = "Mavis"
classes = [28]
"#;
    let d = detector_of(src);
    unrelated_because(
        &d,
        &[
            "Custom Name Toddler T-shirt Levi's Big Brother Sibling Shirt Cotton",
            "Personalized Tennis Racket Cover Embroidered Name Mavis Olivia Emma Gift",
        ],
        "person",
    );
    // Without goods made to carry a name, with an indicator, or disguised, it is the
    // brand.
    for t in [
        "Levi's 501 Original Jeans Men Straight Leg Denim",
        "Custom Name T-shirt Levi's replica logo cotton",
        "Custom Name T-shirt L3vi's cotton",
    ] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_name_before_a_word_for_a_town_names_the_place() {
    let src = r#"
[[brand]]
name = "Moutai"
aliases = ["Maotai", "茅台", "贵州茅台"]
product_lines = ["飞天"]
classes = [33]
"#;
    let d = detector_of(src);
    unrelated_because(
        &d,
        &[
            "贵州茅台镇酱香型白酒 53度 500ml 厂家批发",
            "Chinese Baijiu Sauce Aroma 53% Vol from Maotai Town Guizhou OEM",
        ],
        "names a place",
    );
    // The name itself, or the town beside a product line of the brand.
    for t in [
        "贵州茅台酒 53度 500ml 酱香型",
        "贵州茅台镇 飞天 53度 500ml",
        "Maotai Baijiu 53% 500ml gift box",
    ] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_word_written_for_a_name_after_a_word_it_combines_with_is_that_phrase() {
    let src = r#"
[[brand]]
name = "Li-Ning"
classes = [18, 25, 28]

[[brand]]
name = "Fossil"
aliases = ["化石"]
classes = [14]
"#;
    let d = detector_of(src);
    unrelated_because(
        &d,
        &[
            "Men's Winter Parka Thick Fleece Lining Hooded Padded Jacket OEM",
            "琥珀化石 昆虫 吊坠 项链 天然波罗的海 蜜蜡",
        ],
        "reads as part of the phrase",
    );
    // At the head of the title, after a word that leads a name, after a goods word, or
    // standing alone between spaces, it is the brand.
    for t in [
        "Lining Running Shoes Men Breathable Sneakers",
        "Men's Lining Running Shoes Breathable",
        "Breathable Sneakers Lining Basketball Shoes",
        "化石 手表 女 皮带 石英表",
        "新款化石手表 女 皮带",
    ] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_name_that_is_an_ordinary_word_after_a_word_it_combines_with_is_that_phrase() {
    let src = r#"
[[brand]]
name = "Craftsman"
classes = [7, 8]

[[brand]]
name = "Gates"
classes = [7, 12, 17]

[[brand]]
name = "Bloom"
classes = [3]
"#;
    let d = detector_of(src);
    // Goods of the brand's classes are the only corroboration, and the word before the
    // name makes a phrase with it.
    unrelated_because(
        &d,
        &[
            "Master Craftsman Wood Chisel Set 6pcs Chrome Vanadium Woodworking Tools",
            "Full Bloom Eau de Parfum 100ml Floral Women",
        ],
        "reads as part of the phrase",
    );
    // (`Swing Gates` is a goods term of the word's ordinary sense: read before this.)
    unrelated_because(
        &d,
        &["24V Dual Swing Gates Opener Kit Linear Actuator Arms with Remote"],
        "part of the goods term \"swing gates\"",
    );
    // At the head of the title, after a word that leads a name, or with more than the
    // goods (a counterfeit indicator), it is the brand.
    for t in [
        "Craftsman Socket Set 1/4 and 3/8 Drive Chrome Finish Mechanics Tools",
        "Wholesale Craftsman Wood Chisel Set 6pcs",
        "Genuine Gates Timing Belt for Swift",
        "Master Craftsman Wood Chisel Set 1:1 Copy",
    ] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_size_after_a_product_line_is_no_version() {
    let src = r#"
[[brand]]
name = "Hermès"
product_lines = ["Kelly"]
classes = [18, 28]
"#;
    let d = detector_of(src);
    assert!(senses::version_after("Kelly 28 bag", 5));
    assert!(!senses::version_after("Kelly 10 Inch doll", 5));
    assert!(!senses::version_after("Kelly 10mm doll", 5));
    assert!(!senses::version_after("Kelly 250 ml", 5));
    // After a Chinese name a number may be glued to it; a quantity still is none.
    let e = "超轻".len();
    assert!(senses::version_after("超轻20 跑步鞋", e));
    assert!(!senses::version_after("超轻500g 跑步鞋", e));
    assert!(!senses::version_after("Kelly28 bag", 5));
    // A one-word product line alone needs a version after it: a size is none.
    let t = "Kelly 10 Inch Doll Fashion Dress Up Toy for Girls";
    assert!(!one(&d, t).is_some_and(|f| f.flagged), "{t}");
    let t = "Kelly 28 Epsom Leather Bag Gold Hardware";
    assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
}

#[test]
fn a_number_that_counts_the_goods_is_no_model_or_product_line() {
    let src = r#"
[[brand]]
name = "Levi's"
product_lines = ["501"]
classes = [18, 25]
models = ["\\b5(?:01|05|11)\\b"]
"#;
    let d = detector_of(src);
    for t in [
        "Stock Lot Denim Jeans 501 pcs Mixed Sizes Export Surplus",
        "库存牛仔裤 501件 混码 外贸尾货",
    ] {
        assert!(!one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
    for t in ["Denim Jeans 501 Original Fit Men", "501 jeans 50 pcs lot"] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_number_that_measures_the_goods_is_no_model() {
    let src = r#"
[[brand]]
name = "Microsoft"
classes = [9]
models = ["\\b(?:1800|1914)\\b"]
"#;
    let d = detector_of(src);
    for t in [
        "便携投影仪 1800 流明 1080P 家用 手机投屏",
        "Mini Projector 1800 lumens 1080P Home Theater",
        "Wireless Keyboard Mouse Combo 1800 dpi Silent",
        "Power Bank 1800 mAh Portable Charger",
    ] {
        assert!(!one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
    // A unit letter that starts a longer code (`V2`) is not a unit.
    for t in [
        "Surface Pro 1800 Tablet Type Cover",
        "Tablet Keyboard 1800 V2 Type Cover Backlit",
    ] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_name_the_listing_denies_does_not_undo_a_compatibility_mention() {
    let src = r#"
[[brand]]
name = "Korg"
aliases = ["科音"]
classes = [9, 15]

[[brand]]
name = "Gucci"
classes = [18, 25]
"#;
    let d = detector_of(src);
    fits_only(
        &d,
        &[
            "Power Adapter 9V DC for Korg volca Series (Compatible, Not Korg Original)",
            "Replacement Knob Cap for Korg Minilogue, not Korg brand",
            "科音电子琴配件 适用于科音 琴架 第三方配件 非原装",
        ],
    );
    // Without a phrase of what the product fits, a denial alone decides nothing; nor
    // does a listing that only says whose logo the goods will carry.
    for t in [
        "Korg Volca Keys Analog Synthesizer not Korg original",
        "Gucci belt custom logo for Gucci buckle lovers",
    ] {
        let f = one(&d, t).expect("finding");
        assert!(f.flagged, "{t}: {:?}", f.signals);
    }
}

#[test]
fn an_acronym_against_the_chinese_word_it_spells_abbreviates_it() {
    let src = r#"
[[brand]]
name = "Jack Daniel's"
aliases = ["JD"]
classes = [33]

[[brand]]
name = "HP"
aliases = ["惠普"]
classes = [9]
"#;
    let d = detector_of(src);
    let t = "苏格兰调和威士忌 700ml 进口洋酒 发京东JD快递 当天发货";
    let f = one(&d, t).expect("the acronym is reported");
    assert_eq!(f.category, Category::UnrelatedGoods);
    assert!(
        f.signals.iter().any(|s| s.contains("\"京东\"")),
        "{:?}",
        f.signals
    );
    // The brand's own Chinese name beside it is the brand's two names.
    for t in ["惠普HP 激光打印机 办公", "JD 威士忌 700ml 洋酒 批发"] {
        assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_name_straddling_a_modern_chinese_word_is_that_word() {
    let src = r#"
[[brand]]
name = "Moutai"
aliases = ["茅台"]
product_lines = ["王子酒"]
classes = [33]

[[brand]]
name = "Zara"
aliases = ["飒拉"]
classes = [25]
"#;
    let d = detector_of(src);
    // 酒庄 (winery) and 拉风 (eye-catching) are words of the last decades that jieba's
    // dictionary lacks: the names are read as parts of them.
    for (t, word) in [
        ("王子酒庄干红葡萄酒 法国进口 750ml 礼盒", "酒庄"),
        ("超飒拉风马丁靴女 英伦风厚底短靴 秋冬加绒", "拉风"),
    ] {
        let f = one(&d, t).expect("the name is reported");
        assert_eq!(f.category, Category::UnrelatedGoods, "{t}: {:?}", f.signals);
        assert!(
            f.signals.iter().any(|s| s.contains(&format!("\"{word}\""))),
            "{t}: {:?}",
            f.signals
        );
    }
    // Standing as a word of its own, the line is the brand's.
    let t = "茅台王子酒 酱香型 53度 500ml 整箱";
    assert!(one(&d, t).is_some_and(|f| f.flagged), "{t}");
}

#[test]
fn a_name_weak_only_as_written_here_says_why() {
    let src = r#"
[[brand]]
name = "Pigeon"
aliases = ["贝亲"]
product_lines = ["宽口径"]
classes = [3, 10, 21]

[[brand]]
name = "Li-Ning"
classes = [18, 25, 28]

[[brand]]
name = "Chanel"
aliases = ["香奈儿"]
classes = [3, 14, 18, 25]

[[brand]]
name = "Nike"
aliases = ["耐克"]
classes = [25]
"#;
    let d = detector_of(src);
    // Each is weak because of how this title writes it, not because of the registry:
    // the reason names that, not another's.
    for (t, why) in [
        (
            "婴儿奶瓶 宝贝亲肤 宽口径 PPSU 240ml",
            "(written across the edge of an ordinary Chinese word here)",
        ),
        (
            "Lining Running Shoes Men Breathable Sneakers",
            "(a name of several parts written as one ordinary word here)",
        ),
        (
            "Channel Quilted Leather Handbag Women Shoulder Bag",
            "\"Channel\" is a weak name (a misspelling that is itself an ordinary word)",
        ),
        ("香家 珍珠耳环 女 气质", "(a code name of the trade)"),
        (
            "奈克 运动鞋 男 透气 跑步鞋",
            "(a homophone, look-alike or shortened form of a Chinese name)",
        ),
    ] {
        let f = one(&d, t).expect("the brand is reported");
        assert!(
            f.signals
                .iter()
                .any(|s| s.contains("is a weak name") && s.contains(why)),
            "{t}: {:?}",
            f.signals
        );
    }
}

#[test]
fn a_chinese_name_of_two_characters_with_one_hidden_needs_the_brand_s_goods() {
    let src = r#"
[[brand]]
name = "Nike"
aliases = ["耐克"]
classes = [25]
"#;
    let d = detector_of(src);
    // On the brand's goods it is the brand, and says why it needed them.
    let f = one(&d, "耐* 运动鞋 男 透气 跑步鞋").expect("the brand is reported");
    assert!(f.flagged, "{:?}", f.signals);
    assert!(
        f.signals
            .iter()
            .any(|s| s.contains("(a name of two characters with one hidden)")),
        "{:?}",
        f.signals
    );
    // The finding quotes the name as written, mask and all.
    for (t, written) in [("耐* 运动鞋 男", "耐*"), ("耐X 运动鞋 男", "耐X")] {
        let f = one(&d, t).expect("the brand is reported");
        assert_eq!(f.matched_text, written, "{t}");
    }
    // The mask is no evidence by itself: on no goods, or other goods, it is not the brand.
    for t in ["耐* 高温 硅胶垫 厨房", "耐*", "耐* 不锈钢 保温杯 500ml"] {
        assert!(!one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
}

#[test]
fn a_chinese_product_line_of_ordinary_words_needs_more_than_the_goods() {
    let src = r#"
[[brand]]
name = "Clarks"
aliases = ["其乐"]
product_lines = ["沙漠靴", "Wallabee"]
classes = [25]
"#;
    let d = detector_of(src);
    let reading = d.readings().into_iter().next().expect("one brand");
    let line = reading
        .names
        .iter()
        .find(|n| n.text == "沙漠靴")
        .expect("the line is read");
    assert_eq!(line.weak, Some("a phrase of ordinary Chinese words"));
    // Desert boots are every maker's: on shoes alone the line is not the brand.
    let f = one(&d, "沙漠靴 男 真皮 高帮 工装鞋 英伦 马丁靴");
    assert!(!f.as_ref().is_some_and(|f| f.flagged), "{f:?}");
    // With the brand's name it is.
    let f = one(&d, "其乐 沙漠靴 男 真皮 高帮 工装鞋").expect("the brand is reported");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn a_chinese_name_glued_inside_a_phrase_is_the_phrase() {
    let src = r#"
[[brand]]
name = "Realme"
aliases = ["真我"]
classes = [9]
"#;
    let d = detector_of(src);
    // `勇敢做真我`, "dare to be yourself", printed on a phone case: the words before the
    // name are the sentence's, and no goods word follows it.
    let f = one(&d, "勇敢做真我 励志文字 磨砂手机壳 批发").expect("the name is reported");
    assert!(!f.flagged, "{:?}", f.signals);
    assert!(
        f.signals
            .iter()
            .any(|s| s.contains("glued inside the Chinese phrase \"敢做真我\"")),
        "{:?}",
        f.signals
    );
    // Glued after how a title leads into a maker (`新款`), or before the goods it names,
    // it is the brand.
    for t in ["新款真我手机 5G 全网通", "学生党真我手机 5G 全网通"] {
        let f = one(&d, t).expect("the brand is reported");
        assert!(f.flagged, "{t}: {:?}", f.signals);
    }
}

#[test]
fn a_chinese_ordinary_word_away_from_the_goods_is_the_word() {
    let src = r#"
[[brand]]
name = "Zebra"
aliases = ["斑马"]
classes = [16]
"#;
    let d = detector_of(src);
    // Zebras and giraffes printed on stickers and notebooks: the animal, though the goods
    // are stationery.
    let f = one(&d, "非洲草原 斑马 长颈鹿 卡通贴纸 笔记本 学生").expect("the name is reported");
    assert!(!f.flagged, "{:?}", f.signals);
    assert!(
        f.signals
            .iter()
            .any(|s| s.contains("neither opens the title nor is written against a product word")),
        "{:?}",
        f.signals
    );
    // Opening the title, or written against the goods, it is the brand.
    for t in [
        "斑马 中性笔 0.5mm 黑色 10支装",
        "学生考试 斑马中性笔 0.5mm 黑色",
    ] {
        let f = one(&d, t).expect("the brand is reported");
        assert!(f.flagged, "{t}: {:?}", f.signals);
    }
}

#[test]
fn a_code_name_two_brands_share_is_the_one_the_goods_fit() {
    let src = r#"
[[brand]]
name = "Burberry"
classes = [18, 25]

[[brand]]
name = "Brother"
classes = [2, 9, 16]
"#;
    let d = detector_of(src);
    let f = one(&d, "B家 羊绒围巾 男女 英伦").expect("the scarf is Burberry's");
    assert_eq!(f.brand, "Burberry");
    assert!(f.flagged, "{:?}", f.signals);
    assert!(
        f.signals
            .iter()
            .any(|s| s.contains("code name Burberry shares with Brother")),
        "{:?}",
        f.signals
    );
    let f = one(&d, "B家 激光打印机 家用 办公").expect("the printer is Brother's");
    assert_eq!(f.brand, "Brother");
    // Goods of neither, or as many of each, name no one.
    for t in ["B家 不锈钢 保温杯", "B家 围巾 贺卡"] {
        assert!(one(&d, t).is_none(), "{t}");
    }
}

#[test]
fn a_logo_character_beginning_another_word_is_no_logo() {
    let src = r#"
[[brand]]
name = "Fossil"
aliases = ["化石"]
classes = [14]
"#;
    let d = detector_of(src);
    // `化石标` is Fossil's logo; in `化石标本` (fossil specimen) 标 begins another word.
    let logo = one(&d, "化石标 贴纸 防水").expect("named");
    assert!(logo.flagged, "{:?}", logo.signals);
    let specimen = one(&d, "三叶虫化石标本 贴纸 科普教学");
    assert!(
        specimen.as_ref().is_none_or(|f| !f.flagged),
        "{:?}",
        specimen.map(|f| f.signals)
    );
    // …and so is `标` ending a word with the name's last character: `竹纤维达标` (bamboo
    // fibre, meets the standard) holds Vinda's `维达` and `达标`, no logo.
    let d = detector_of(
        r#"
[[brand]]
name = "Vinda"
aliases = ["维达"]
classes = [3, 16]
"#,
    );
    let standard = one(&d, "竹纤维达标 A类 婴儿 毛巾 纱布 柔软");
    assert!(
        standard.as_ref().is_none_or(|f| !f.flagged),
        "{:?}",
        standard.map(|f| f.signals)
    );
}

#[test]
fn an_ordinary_word_written_as_the_brand_needs_goods_of_its_core_classes() {
    // The registry lists bags and watches too; the marks file knows Jaguar for cars.
    let src = r#"
[[brand]]
name = "Jaguar"
classes = [12, 14, 18]
"#;
    let d = detector_of(src);
    let wheels = one(&d, "Jaguar 19 inch alloy wheels set of 4").expect("named");
    assert!(wheels.flagged, "{:?}", wheels.signals);
    let tote = one(&d, "Jaguar leather tote bag women").expect("named");
    assert!(!tote.flagged, "{:?}", tote.signals);
    assert_eq!(tote.category, Category::UnrelatedGoods);
    assert!(
        tote.signals
            .iter()
            .any(|s| s.contains("not its core goods (12")),
        "{:?}",
        tote.signals
    );
    // A misspelling keeps every class the registry lists; so does a name the registry
    // makes strong.
    let typo = one(&d, "Jagwar leather tote bag women").expect("named");
    assert!(typo.flagged, "{:?}", typo.signals);
    let strong = detector_of(&format!("{src}strong_names = [\"Jaguar\"]\n"));
    let tote = one(&strong, "Jaguar leather tote bag women").expect("named");
    assert!(tote.flagged, "{:?}", tote.signals);
}

#[test]
fn a_watchmakers_ordinary_word_needs_watches_not_jewellery() {
    // The registry says class 14, all of it; the marks file knows Omega and Citizen for
    // watches (the watches part of class 14), and `omega` and `星辰` are ordinary words.
    let src = r#"
[[brand]]
name = "Omega"
classes = [14]

[[brand]]
name = "Citizen"
aliases = ["星辰"]
classes = [14]
"#;
    let d = detector_of(src);
    unrelated_because(
        &d,
        &[
            "Omega Symbol Pendant Necklace 925 Sterling Silver",
            "星辰手链 925银 女 简约 闺蜜礼物",
        ],
        "not its core goods (14 (watches)",
    );
    for sold in [
        "Omega automatic watch men 41mm steel bracelet",
        "星辰 光动能手表 男 钢带",
    ] {
        let f = one(&d, sold).expect("named");
        assert!(f.flagged, "{sold}: {:?}", f.signals);
    }
    // A misspelling is judged by every class the registry lists.
    let typo = one(&d, "Omegga Pendant Necklace 925 Sterling Silver").expect("named");
    assert!(typo.flagged, "{:?}", typo.signals);
}

#[test]
fn a_brand_named_only_in_the_description_is_read_in_its_context_there() {
    let src = r#"
[[brand]]
name = "Li-Ning"
aliases = ["李宁"]
classes = [18, 25, 28]
"#;
    let d = detector_of(src);
    let judge = |title: &str, description: Option<&str>| {
        let f = d.assess(&Subject {
            title,
            description,
            seller_name: Some("Some Trading Co."),
            ..Subject::default()
        });
        f.into_iter().next()
    };
    // `行李宁波` is luggage from Ningbo, in the title or in the description.
    let text = "万向轮拉杆箱 20寸登机箱 行李宁波工厂直发";
    for (title, description) in [(text, None), ("wholesale item 2024", Some(text))] {
        let f = judge(title, description).expect("named");
        assert!(!f.flagged, "{:?}", f.signals);
        assert!(
            f.signals
                .iter()
                .any(|s| s.contains("inside the ordinary word")),
            "{:?}",
            f.signals
        );
    }
    // The brand's own listing, described the same way, is still the brand.
    let f = judge("wholesale item 2024", Some("李宁 运动鞋 男 跑步鞋 批发")).expect("named");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn a_copy_offered_from_the_original_mould_is_a_counterfeit_indicator() {
    let d = detector_of(
        r#"
[[brand]]
name = "Fisher-Price"
classes = [20, 28]
"#,
    );
    for t in [
        "Fisher Price Smart Stages Chair Same Mould OEM",
        "Fisher-Price 学习椅 原版同模 批发",
    ] {
        let f = one(&d, t).expect("named");
        assert_eq!(
            f.category,
            Category::CounterfeitIndicators,
            "{t}: {:?}",
            f.signals
        );
    }
    let f = one(&d, "Fisher Price Smart Stages Chair OEM").expect("named");
    assert_eq!(
        f.category,
        Category::UnauthorisedBrandUse,
        "{:?}",
        f.signals
    );
}

#[test]
fn a_name_of_ordinary_words_is_weak_unless_it_holds_a_name() {
    let d = detector_of(
        r#"
[[brand]]
name = "White Cat"
aliases = ["Nike Inc", "WhiteCat Soap"]
classes = [3]

[[brand]]
name = "SanDisk"
aliases = ["San Disk", "SanDisk Memory Card"]
classes = [9]

[[brand]]
name = "Red Bull"
aliases = ["Red Bull Energy Drink", "Kevin Gold"]
classes = [32]
"#,
    );
    let reason = |t: &str| weak_reason_of(&d, t);
    // Ordinary words, none a mark's, a given name or another of the brand's names.
    assert_eq!(reason("White Cat"), "a name of ordinary words");
    // A mark (`Nike`), another name spelt apart (`San Disk`) or held (`Red Bull`), a
    // given name (`Kevin`): the brand's.
    for strong in [
        "Nike Inc",
        "San Disk",
        "Red Bull Energy Drink",
        "Kevin Gold",
    ] {
        assert_eq!(reason(strong), "strong", "{strong}");
    }
    // On the brand's goods it is the brand; on others, or none, the words.
    all_flagged(&d, &["White Cat laundry detergent 2kg bag"]);
    assert!(
        one(&d, "White Cat Figurine Ceramic Home Decoration")
            .is_none_or(|f| f.category != Category::UnauthorisedBrandUse),
        "a figurine"
    );
}

#[test]
fn a_name_spelling_another_apart_in_common_words_is_a_name_of_ordinary_words() {
    let d = detector_of(
        r#"
[[brand]]
name = "Doublestar"
aliases = ["Double Star"]
classes = [12]

[[brand]]
name = "Three Gun"
aliases = ["Threegun"]
classes = [25]
"#,
    );
    let reason = |t: &str| weak_reason_of(&d, t);
    // Written apart in common words, an alias or the name itself reads as those words.
    assert_eq!(reason("Double Star"), "a name of ordinary words");
    assert_eq!(reason("Three Gun"), "a name of ordinary words");
    // The one-word spellings stay the brand's.
    assert_eq!(reason("Doublestar"), "strong");
    assert_eq!(reason("Threegun"), "strong");
    // On the brand's goods it is the brand; with no goods, the words.
    all_flagged(
        &d,
        &[
            "Double Star truck tyre 295/80R22.5 wholesale",
            "Three Gun men's cotton boxer briefs 3 pack",
        ],
    );
    for title in [
        "Double Star Wall Decoration Set Living Room",
        "Three Gun Rack Wall Mount Wooden Display Holder",
    ] {
        assert!(
            one(&d, title).is_none_or(|f| f.category != Category::UnauthorisedBrandUse),
            "{title}"
        );
    }
}

#[test]
fn marks_that_are_ordinary_words_are_weak_and_coined_marks_strong() {
    // All are in the marks file; only the coined ones are known as nothing but the brand.
    let src: String = [
        "Tudor",
        "Pilot",
        "Head",
        "Camel",
        "Caterpillar",
        "Yeti",
        "Rolex",
        "Nike",
    ]
    .iter()
    .map(|n| format!("[[brand]]\nname = \"{n}\"\n\n"))
    .collect();
    let weak: Vec<(String, bool)> = detector_of(&src)
        .readings()
        .into_iter()
        .map(|b| (b.brand, b.names[0].weak.is_some()))
        .collect();
    let expected: Vec<(String, bool)> = [
        ("Tudor", true),
        ("Pilot", true),
        ("Head", true),
        ("Camel", true),
        ("Caterpillar", true),
        ("Yeti", true),
        ("Rolex", false),
        ("Nike", false),
    ]
    .iter()
    .map(|&(n, w)| (n.to_string(), w))
    .collect();
    assert_eq!(weak, expected);
}

#[test]
fn a_registry_without_classes_gets_them_from_the_marks_of_every_trade() {
    // One well-known mark of each trade the marks file covers, no classes given.
    let src: String = [
        "Grand Seiko",
        "Chow Tai Fook",
        "Laneige",
        "SKF",
        "Liqui Moly",
        "Wedgwood",
    ]
    .iter()
    .map(|n| format!("[[brand]]\nname = \"{n}\"\n\n"))
    .collect();
    let read: Vec<(String, Vec<u8>, bool)> = detector_of(&src)
        .readings()
        .into_iter()
        .map(|b| (b.brand, b.classes, b.inferred))
        .collect();
    let expected: Vec<(String, Vec<u8>, bool)> = [
        ("Grand Seiko", vec![14]),
        ("Chow Tai Fook", vec![14]),
        ("Laneige", vec![3]),
        ("SKF", vec![7]),
        ("Liqui Moly", vec![1, 4]),
        ("Wedgwood", vec![21]),
    ]
    .into_iter()
    .map(|(n, c)| (n.to_string(), c, true))
    .collect();
    assert_eq!(read, expected);
    // A watchmaker's core goods are the watches part of class 14.
    let d = detector_of(&src);
    let grand = one(&d, "Grand Seiko pendant necklace 925 silver");
    assert!(grand.is_none_or(|f| !f.flagged));
}

#[test]
fn ordinary_senses_of_marks_added_to_the_marks_file_are_read() {
    // Candy (washing machines, ovens) and TotalEnergies (lubricants): the ordinary word
    // on goods of the brand's own classes, read in its ordinary sense.
    let src = r#"
[[brand]]
name = "Candy"
classes = [7, 11]

[[brand]]
name = "TotalEnergies"
aliases = ["Total"]
classes = [1, 4]
"#;
    let d = detector_of(src);
    for t in [
        "Commercial Cotton Candy Machine Electric Floss Maker 1000W",
        "Gear Oil 85W-90 GL-5 Total Base Number 8 Heavy Duty 18L Drum",
    ] {
        let f = one(&d, t).expect("named");
        assert_eq!(f.category, Category::UnrelatedGoods, "{t}: {:?}", f.signals);
        assert!(!f.flagged, "{t}");
    }
    all_flagged(
        &d,
        &[
            "Candy front load washing machine 8kg inverter",
            "Total Quartz 9000 5W-40 engine oil 4L",
        ],
    );
}

#[test]
fn a_product_line_that_is_a_generic_goods_phrase_needs_more_than_goods() {
    let src = r#"
[[brand]]
name = "Vans"
product_lines = ["Slip-On", "Old Skool"]
classes = [18, 25]

[[brand]]
name = "Li-Ning"
aliases = ["李宁"]
product_lines = ["超轻"]
classes = [18, 25, 28]
"#;
    let d = detector_of(src);
    let read = d.readings();
    assert_eq!(read[0].names[1].weak, Some("a generic goods phrase"));
    assert_eq!(read[0].names[2].weak, None, "Old Skool is Vans' own");
    unrelated_because(
        &d,
        &[
            "Canvas Slip-On Sneakers Women Flat Casual Shoes Wholesale",
            "超轻跑步鞋男 透气网面运动鞋 软底休闲",
        ],
        "a generic goods phrase that is only a product line's name",
    );
    all_flagged(
        &d,
        &[
            "Vans Slip-On Checkerboard Canvas Shoes",
            "Old Skool Black White Canvas Shoes",
            "李宁 超轻 跑步鞋 男",
            "超轻20 跑步鞋 男 竞速",
        ],
    );
}

#[test]
fn quoted_text_is_written_as_debug_writes_it() {
    for t in [
        "Nike",
        "Shenzhen Trading Co., Ltd.",
        "",
        "say \"hi\"",
        "back\\slash",
        "tab\there",
        "line\nbreak",
        "耐克 官方",
        "café",
        "zero\u{200b}width",
        "bell\u{7}",
        "del\u{7f}",
    ] {
        assert_eq!(super::Quoted(t).to_string(), format!("{t:?}"), "{t:?}");
    }
    // Every character written as it is without the formatter is one it writes as it is.
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let t = c.to_string();
        if super::Quoted::plain(&t) {
            assert_eq!(format!("{t:?}"), format!("\"{t}\""), "{c:?}");
        }
    }
}

/// A watchmaker whose product line `Submersible` is a word of the dictionary.
const PANERAI: &str = "[[brand]]\nname = \"Panerai\"\nproduct_lines = [\"Luminor\", \"Submersible\"]\nclasses = [14]\n";

#[test]
fn a_word_of_the_dictionary_rare_on_the_web_is_an_ordinary_word() {
    // `flamenco` and `submersible` are not among the 30,000 commonest words of the
    // frequency list, but are words of the dictionary: a product line so named is weak.
    let d = detector_of(&format!(
        "{PANERAI}\n[[brand]]\nname = \"Loewe\"\nproduct_lines = [\"Puzzle\", \"Flamenco\"]\nclasses = [18, 25]\n"
    ));
    unrelated_because(
        &d,
        &[
            "Automatic dive watch 200m water resistant submersible sapphire",
            "Flamenco dress women ruffle Spanish dance skirt performance costume red",
        ],
        "only a product line's name",
    );
    for t in [
        "Panerai Submersible 42mm automatic watch",
        "Loewe Flamenco clutch bag nappa leather",
    ] {
        assert!(one(&d, t).expect("named").flagged, "{t}");
    }
}

#[test]
fn misspellings_of_a_name_split_into_words_or_of_a_spaced_alias_are_found() {
    let d = detector_of(
        r#"
[[brand]]
name = "Lululemon"
classes = [25]

[[brand]]
name = "KitchenAid"
aliases = ["Kitchen Aid"]
classes = [7, 21]

[[brand]]
name = "White Rabbit"
aliases = ["大白兔"]
classes = [30]
"#,
    );
    for (t, brand) in [
        // A one-word name split into two words and misspelt.
        (
            "Lull Lemon Align leggings high waist yoga pants",
            "Lululemon",
        ),
        // The alias's two words misspelt (it shares its letters with the name).
        ("Kitchen Aidd stand mixer 4.8L tilt head", "KitchenAid"),
        ("Kitchen Maid Artisan stand mixer 5 quart", "KitchenAid"),
        // vv for w in a name of two words.
        ("Vvhite Rabbit milk candy 227g export bag", "White Rabbit"),
    ] {
        let f = one(&d, t).expect("named");
        assert_eq!(f.brand, brand, "{t}");
        assert_eq!(f.match_kind, MatchKind::Typo, "{t}");
        assert!(f.flagged, "{t}: {:?}", f.signals);
    }
    // Two ordinary words that misspell a name joined are those words without
    // corroboration; words that join into a short name never match.
    assert!(
        one(&d, "Lull Lemon scented soy wax candle 200g").is_none_or(|f| !f.flagged),
        "an ordinary phrase on other goods"
    );
}

#[test]
fn a_chinese_dictionary_word_glued_into_a_phrase_is_the_phrase() {
    let d = detector_of(
        r#"
[[brand]]
name = "Craftsman"
aliases = ["工匠"]
classes = [7, 8]

[[brand]]
name = "Joyoung"
aliases = ["九阳"]
classes = [7, 11, 21]

[[brand]]
name = "Tommy Hilfiger"
aliases = ["汤米", "汤米·希尔费格"]
classes = [25]
"#,
    );
    // Craftsmanship, an old craftsman, a kung-fu art: phrases, whatever the goods.
    unrelated_because(
        &d,
        &[
            "工匠精神 德国工艺 铬钒钢套筒扳手套装 汽修工具箱 46件",
            "老工匠手工锻打 木工凿子 扁铲 高碳钢 批发",
            "九阳神功 倚天屠龙记 全套 收藏版",
        ],
        "reads as part of the phrase",
    );
    // The name before goods, before a word that follows a maker's name, or going on as a
    // longer name of the brand does, is the brand.
    all_flagged(
        &d,
        &[
            "工匠 套筒扳手套装 46件",
            "工匠家用 套筒扳手套装",
            "九阳破壁机 家用 全自动",
            "汤米希尔菲格 男士 休闲 衬衫",
        ],
    );
}

#[test]
fn a_weak_name_in_lower_case_in_a_sentence_case_title_is_the_word() {
    let d = detector_of(PANERAI);
    // The title capitalises its first word and names only: `submersible` in lower case
    // is the word, though a calibre after it reads like a version.
    unrelated_because(
        &d,
        &["Automatic dive watch 200m water resistant submersible sapphire NH35 movement"],
        "written in lower case",
    );
    // Capitalised there, or in a title that capitalises every word, it may be the line.
    all_flagged(
        &d,
        &[
            "Automatic dive watch 200m water resistant Submersible sapphire NH35 movement",
            "Automatic Dive Watch Water Resistant Submersible Sapphire NH35 Movement",
        ],
    );
}

#[test]
fn goods_words_inside_a_descriptive_line_are_not_the_listings_goods() {
    let d = detector_of(
        r#"
[[brand]]
name = "Yves Saint Laurent"
aliases = ["YSL", "圣罗兰"]
product_lines = ["小金条", "Libre"]
classes = [3, 14, 18, 25]

[[brand]]
name = "White Rabbit"
aliases = ["大白兔"]
product_lines = ["大白兔奶糖"]
classes = [30]
"#,
    );
    // `小金条` (a small gold bar) holds `金条`: an energy bar is not the lipstick's goods.
    let f = one(&d, "小金条 能量棒 蛋白棒 代餐 健身 低脂 饱腹 独立包装").expect("named");
    assert!(!f.flagged, "{:?}", f.signals);
    // A line that holds the brand's name is that name and its goods (`奶糖`, milk candy).
    let f = one(&d, "大白兔奶糖 散装 500g 经典 原味 代工厂 批发").expect("named");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn the_lexicon_knows_goods_that_chinese_and_english_titles_name() {
    let g = super::goods::Goods::shipped();
    for (text, class) in [
        ("九阳 豆浆机 家用", 7),
        ("水泵钳 250mm", 8),
        ("H100 80GB PCIe GPU accelerator", 9),
        ("养生壶 煮茶器", 11),
        ("大白兔 奶糖 喜糖 礼盒", 30),
    ] {
        let c = g.classify(text).classes;
        assert!(
            c & super::goods::class_bit(class) != 0,
            "{text}: {:?}",
            super::goods::class_numbers(c)
        );
    }
}

#[test]
fn a_homophone_of_a_long_chinese_name_around_an_exact_short_one_is_the_long_name() {
    let d = detector_of(
        r#"
[[brand]]
name = "Moutai"
aliases = ["茅台", "贵州茅台"]
classes = [33]

[[brand]]
name = "Li-Ning"
aliases = ["李宁", "中国李宁"]
classes = [25, 28]
"#,
    );
    // `茅台` and `李宁` alone are weak here (glued to the characters before them); the
    // runs are homophones of the four-character names, which are not.
    for (title, written) in [
        ("贵周茅台 白酒 500ml 礼盒装 批发", "贵周茅台"),
        ("中过李宁 男子 跑步鞋 运动鞋 批发", "中过李宁"),
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.match_kind, MatchKind::Typo, "{title}");
        assert_eq!(f.matched_text, written, "{title}");
    }
}

#[test]
fn misspellings_written_with_digits_for_letters_are_found() {
    let d = detector_of(
        r#"
[[brand]]
name = "Rolex"
classes = [14]

[[brand]]
name = "Chanel"
classes = [3, 18, 25]
"#,
    );
    // A slip and a digit for a letter at once: `Rolax` with `1` for `l`, `Chanal` with
    // `1` for `l`, `Chenel` with `3` for `e`.
    for (title, kind) in [
        (
            "Ro1ax men automatic mechanical watch stainless steel",
            "Rolex",
        ),
        ("Chana1 perfume eau de parfum 100ml women gift", "Chanel"),
        ("Ch3nal quilted leather flap bag", "Chanel"),
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.brand, kind);
        assert_eq!(f.match_kind, MatchKind::Typo, "{title}");
        assert!(
            f.signals.iter().any(|s| s.contains("digits or symbols")),
            "{title}: {:?}",
            f.signals
        );
    }
    // Model codes are not names.
    assert!(one(&d, "G502 gaming mouse R1234 spare part C4N3L clip").is_none());
}

#[test]
fn a_chinese_name_spelt_in_pinyin_is_the_name_disguised() {
    let d = detector_of(
        r#"
[[brand]]
name = "Rolex"
aliases = ["劳力士"]
classes = [14]

[[brand]]
name = "Chanel"
aliases = ["香奈儿"]
classes = [3, 18, 25]
"#,
    );
    for (title, brand) in [
        ("Laolishi men automatic mechanical watch 41mm", "Rolex"),
        ("Lao Li Shi 男士 机械表 自动 钢带", "Rolex"),
        ("xiangnaier 香水 女士 100ml 持久", "Chanel"),
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.brand, brand);
        assert_eq!(f.match_kind, MatchKind::Typo, "{title}");
        assert!(
            f.signals.iter().any(|s| s.contains("spelt in pinyin")),
            "{title}: {:?}",
            f.signals
        );
    }
    // Two-syllable names are too short to tell from chance strings.
    let two = detector_of("[[brand]]\nname = \"Xiaomi\"\naliases = [\"小米\"]\nclasses = [9]\n");
    assert!(one(&two, "xiaomi").is_some_and(|f| f.match_kind == MatchKind::Exact));
    assert!(one(&two, "Mi Xiao phone case").is_none());
}

#[test]
fn a_name_that_is_a_colour_is_weak() {
    let d = detector_of(
        r#"
[[brand]]
name = "Off-White"
aliases = ["OFF-WHITE c/o VIRGIL ABLOH"]
product_lines = ["Industrial Belt"]
classes = [18, 25]
"#,
    );
    let reading = &d.readings()[0];
    assert_eq!(reading.names[0].weak, Some("a generic goods phrase"));
    // The colour, in lower case in a title written in sentence case: the colour.
    unrelated_because(
        &d,
        &["Women linen button down shirt off white loose casual long sleeve summer top"],
        "lower case",
    );
    // The brand's name written as a name, with goods of its classes: the brand.
    all_flagged(
        &d,
        &[
            "OFF-WHITE arrows hoodie black oversized unisex streetwear",
            "Off-White Industrial Belt yellow canvas 200cm",
        ],
    );
}

#[test]
fn a_chinese_name_with_a_look_alike_character_is_a_misspelling() {
    let d = detector_of(
        r#"
[[brand]]
name = "White Rabbit"
aliases = ["大白兔"]
classes = [30]

[[brand]]
name = "Louis Vuitton"
aliases = ["路易威登"]
classes = [18, 25]

[[brand]]
name = "Rolex"
aliases = ["劳力士"]
classes = [14]

[[brand]]
name = "Adidas"
aliases = ["阿迪达斯"]
classes = [25]
"#,
    );
    for (title, written) in [
        ("大白免 奶糖 经典原味 散装 喜糖", "大白免"),
        ("路易威凳 老花 手提包 女包", "路易威凳"),
        // Characters of few strokes look alike when written with the same strokes.
        ("劳力土 绿水鬼 机械表 男士手表", "劳力土"),
        // Characters of many strokes may differ in a component (`期` for `斯`).
        ("阿迪达期 三叶草 运动鞋 男款", "阿迪达期"),
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.match_kind, MatchKind::Typo, "{title}");
        assert_eq!(f.matched_text, written);
    }
    // Three characters, one of them a look-alike, with nothing of the brand's goods: weak.
    assert!(one(&d, "大白免 玩偶 毛绒 公仔").is_none_or(|f| !f.flagged));
}

#[test]
fn a_name_found_inside_a_masked_word_does_not_hide_it() {
    let d = detector_of(
        r#"
[[brand]]
name = "Brother"
classes = [2, 9, 16]

[[brand]]
name = "Burberry"
product_lines = ["Her"]
classes = [3, 18, 25]
"#,
    );
    let f = d.assess(&Subject {
        title: "Bro*her printer ink cartridge refill black wholesale",
        seller_name: Some("Some Trading Co."),
        ..Subject::default()
    });
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].brand, "Brother");
    assert_eq!(f[0].match_kind, MatchKind::Masked);
    assert!(f[0].flagged, "{:?}", f[0].signals);
}

#[test]
fn a_chinese_name_going_on_as_a_longer_foreign_name_is_that_name() {
    let d = detector_of(
        r#"
[[brand]]
name = "Kappa"
aliases = ["卡帕"]
classes = [18, 25, 28]
"#,
    );
    // Cappadocia, written in transliteration characters around `卡帕`.
    unrelated_because(
        &d,
        &[
            "卡帕多奇亚热气球印花T恤 土耳其旅行纪念 纯棉短袖",
            "卡帕多西亚风情 波西米亚长裙 度假沙滩裙",
        ],
        "卡帕多",
    );
    // The name before goods, or before a word that follows makers' names: the brand.
    all_flagged(&d, &["卡帕运动裤 男 休闲 直筒", "卡帕 男款 运动外套 立领"]);
}

#[test]
fn a_word_written_like_the_brand_corroborates_its_weak_product_line() {
    let d = detector_of(
        r#"
[[brand]]
name = "Loewe"
aliases = ["罗意威"]
product_lines = ["Gate", "Puzzle"]
classes = [18]

[[brand]]
name = "Pop Mart"
aliases = ["泡泡玛特"]
product_lines = ["Molly"]
classes = [28]
"#,
    );
    // The line alone is an ordinary word on the brand's goods: not enough.
    for t in [
        "Gate dual bag calfskin saddle bag",
        "Molly 盲盒 手办 整盒 批发",
    ] {
        assert!(one(&d, t).is_none_or(|f| !f.flagged), "{t}");
    }
    // With a word one letter from the name, the two weak mentions make the brand.
    // (The Chinese name with an `x` for one character, `泡泡x特`, is the name masked.)
    let f = one(&d, "泡泡x特 Molly 盲盒 手办 整盒 批发").expect("the name is reported");
    assert!(
        f.flagged && f.match_kind == MatchKind::Masked,
        "{:?}",
        f.signals
    );
    let (t, word) = ("Loeve Gate dual bag calfskin saddle bag", "\"Loeve\"");
    let f = one(&d, t).expect("the line is reported");
    assert!(f.flagged, "{t}: {:?}", f.signals);
    assert!(
        f.signals
            .iter()
            .any(|s| s.contains(word) && s.contains("written like its name")),
        "{t}: {:?}",
        f.signals
    );
    // The commonest words are one letter from many a short name: `Lower` is no `Loewe`.
    assert!(one(&d, "Lower Gate hinge bag hook").is_none_or(|f| !f.flagged));
}

#[test]
fn a_name_with_a_word_sellers_abbreviate_is_misspelt_abbreviated() {
    let d = detector_of(
        r#"
[[brand]]
name = "Yves Saint Laurent"
aliases = ["YSL"]
classes = [18]
"#,
    );
    for t in [
        "Yves St Laurant Leather Chain Shoulder Bag",
        "Yves St. Lauren envelope bag quilted",
    ] {
        let f = one(&d, t).expect("the name is reported");
        assert!(f.flagged, "{t}: {:?}", f.signals);
        assert_eq!(f.match_kind, MatchKind::Typo, "{t}");
    }
}

#[test]
fn a_homophone_by_another_reading_of_a_character_is_a_misspelling() {
    let d = detector_of(
        r#"
[[brand]]
name = "Omega"
aliases = ["欧米茄"]
classes = [14]

[[brand]]
name = "Red Bull"
aliases = ["红牛"]
classes = [32]
"#,
    );
    // `茄` reads `qie` and `jia`; `伽` reads `ga`, `jia` and `qie`.
    let f = one(&d, "欧米伽 男士 全自动机械表 夜光 防水 钢带").expect("the name is reported");
    assert!(f.flagged, "{:?}", f.signals);
    assert_eq!(f.match_kind, MatchKind::Typo);
    // Two characters by a rare reading are an ordinary word: `红` read `gong` is no `公`.
    assert!(one(&d, "公牛 摆件 树脂 工艺品 客厅 酒柜 装饰").is_none());
}

#[test]
fn a_name_written_apart_as_common_words_is_that_phrase_unless_corroborated() {
    let d = detector_of(
        r#"
[[brand]]
name = "Superdry"
aliases = ["极度干燥"]
classes = [25]
"#,
    );
    // `Super Dry` on clothing is what any maker writes of quick-drying goods.
    unrelated_because(
        &d,
        &[
            "Super Dry Waterproof Hiking Socks Breathable Membrane",
            "Super Dry Quick-Drying Hiking T-Shirt Men's Moisture Wicking",
        ],
        "common words any maker writes",
    );
    // Corroborated (a counterfeit indicator, the Chinese name), it is the brand; the
    // match is still read as the name with separators, and not as a disguise.
    for t in [
        "Super Dry Japan Hooded Jacket 1:1 replica",
        "Super Dry 极度干燥 Hooded Jacket Men",
    ] {
        let f = one(&d, t).expect("reported");
        assert!(f.flagged, "{t}: {:?}", f.signals);
        assert_eq!(f.match_kind, MatchKind::Spacing, "{t}");
        assert!(
            !f.signals.iter().any(|s| s.contains("name disguised")),
            "{t}: {:?}",
            f.signals
        );
    }
    // Pieces that are not common words are a disguise, as before (`Sup erdry`).
    let f = one(&d, "Sup erdry hooded jacket men").expect("reported");
    assert!(f.flagged, "{:?}", f.signals);
    // Joined, the name stays strong.
    all_flagged(&d, &["Superdry hooded jacket men"]);
}

#[test]
fn a_chinese_dictionary_word_known_as_a_mark_needs_goods_or_corroboration() {
    let d = detector_of(
        r#"
[[brand]]
name = "Luzhou Laojiao"
aliases = ["泸州老窖", "老窖"]
product_lines = ["国窖1573"]
classes = [33]
"#,
    );
    // No goods recognised: the word (an old cellar) is not the mark by itself.
    unrelated_because(
        &d,
        &["老窖池窖泥 人工培养 酿酒设备"],
        "is a weak name (a word of the Chinese dictionary)",
    );
    // The brand's goods, its full name or a product line make it the brand.
    all_flagged(
        &d,
        &[
            "老窖 特曲 52度 浓香型白酒 500ml",
            "泸州老窖 特曲 52度 500ml 整箱",
            "老窖 国窖1573 52度 500ml",
        ],
    );
}

#[test]
fn a_weak_name_that_is_an_adjective_describes_the_word_after_it() {
    let d = detector_of(
        r#"
[[brand]]
name = "Fresh"
product_lines = ["Sugar"]
classes = [3]

[[brand]]
name = "Lush"
classes = [3]
"#,
    );
    // The adjective before an ordinary word: that word described, on any maker's goods.
    unrelated_because(
        &d,
        &[
            "Fresh Mint Lip Balm Natural Beeswax 4.5g",
            "Fresh Citrus Body Mist 236ml Light Fragrance Spray",
            "Lush Lashes Volume Mascara Waterproof Black",
        ],
        "is an adjective describing",
    );
    // Before a goods term, or with a product line, the word is the maker's name.
    all_flagged(
        &d,
        &[
            "Lush Bath Bombs Handmade Fizzy Gift Box 6pcs Wholesale",
            "Fresh Sugar Lip Treatment Tinted Lip Balm 4.3g",
        ],
    );
}

#[test]
fn an_acronym_the_listing_writes_out_is_those_words() {
    let d = detector_of(
        r#"
[[brand]]
name = "MCM"
product_lines = ["Visetos"]
classes = [18]
"#,
    );
    unrelated_because(
        &d,
        &[
            "MCM Vintage Style Wicker Handbag Mid Century Modern Picnic Basket Purse",
            "MCM 双肩包 Mid-Century Modern 背包",
        ],
        "spells the initials of",
    );
    // Not written out: the acronym on the brand's goods is the brand, as before.
    all_flagged(
        &d,
        &[
            "MCM Stark Backpack Cognac Leather Medium",
            "MCM Visetos Backpack Mid Size",
        ],
    );
}

#[test]
fn words_of_the_ordinary_sense_readings_in_odd_text_never_panic() {
    // The readings that look beside a weak name (written apart, adjective before a word,
    // acronym written out, Chinese dictionary word without goods) walk the text by bytes
    // and characters: whole words of theirs, mixed with multi-byte text, must not split a
    // character.
    let d = detector_of(
        r#"
[[brand]]
name = "Superdry"
classes = [25]

[[brand]]
name = "Fresh"
classes = [3]

[[brand]]
name = "MCM"
classes = [18]

[[brand]]
name = "Luzhou Laojiao"
aliases = ["老窖"]
classes = [33]
"#,
    );
    let pieces = [
        "Fresh",
        "Mint",
        "Super",
        "Dry",
        "MCM",
        "Mid",
        "Century",
        "Modern",
        "老窖",
        "池",
        "lip balm",
        "socks",
        "handbag",
        "白酒",
        "é",
        "耐克",
        "-",
        "'s",
        "’",
        "🙂",
        "\u{200B}",
        "\u{0301}",
        "ｍ",
        "Ⅻ",
        "1:1",
        "Mid Century Modern",
        "MCM handbag",
        "Fresh Mint",
        "Super Dry",
    ];
    let seps = [" ", "", "  ", ",", "\u{3000}", "·", "\n"];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // Each reading is reached (the test would pass vacuously otherwise).
    let readings = [
        "written apart as common words",
        "is an adjective describing",
        "spells the initials of",
        "a word of the Chinese dictionary",
    ];
    let mut reached = [0usize; 4];
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..(next() % 9) {
            s.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            s.push_str(seps[(next() % seps.len() as u64) as usize]);
        }
        for f in d.assess(&Subject {
            title: &s,
            description: Some(&s),
            ..Subject::default()
        }) {
            assert!(s.contains(&f.matched_text), "{s:?}: {f:?}");
            assert!(f.risk <= 100);
            for (n, r) in reached.iter_mut().zip(readings) {
                *n += usize::from(f.signals.iter().any(|g| g.contains(r)));
            }
        }
    }
    assert!(reached.iter().all(|&n| n > 0), "{reached:?}");
}

#[test]
fn multiplication_signs_and_squares_mask_letters() {
    let d = detector_of(
        r#"
[[brand]]
name = "Gucci"
aliases = ["古驰"]

[[brand]]
name = "Chanel"
aliases = ["香奈儿"]

[[brand]]
name = "Nike"
"#,
    );
    for (t, brand) in [
        ("G×cci belt bag leather", "Gucci"),
        ("Gu××i belt men", "Gucci"),
        ("Ch■nel perfume 100ml", "Chanel"),
        ("香奈□ 链条包 女", "Chanel"),
    ] {
        assert_eq!(kind(&d, t), (brand.to_string(), MatchKind::Masked), "{t}");
    }
    // Between names (a collaboration) and between numbers (a size) it masks nothing.
    assert_eq!(
        kind(&d, "Nike×Sacai Blazer Low sneakers"),
        ("Nike".to_string(), MatchKind::Exact)
    );
    assert!(one(&d, "30×40cm canvas tote bag").is_none());
}

#[test]
fn a_mask_before_a_word_hides_its_first_letter() {
    let d = detector_of(
        r#"
[[brand]]
name = "Gucci"
aliases = ["古驰"]
classes = [18, 25]

[[brand]]
name = "Chanel"
aliases = ["香奈儿"]
classes = [3, 18, 25]

[[brand]]
name = "Rolex"
aliases = ["劳力士"]
classes = [14]

[[brand]]
name = "Lux"
aliases = ["力士"]
classes = [3]

[[brand]]
name = "Nike"
classes = [25]
"#,
    );
    // The evidence shows the masks as written.
    for (t, shown) in [
        ("*ucci belt bag leather", "*ucci"),
        ("香奈* 香水 100ml", "香奈*"),
        ("新款 *奈儿 香水", "*奈儿"),
    ] {
        assert_eq!(one(&d, t).map(|f| f.matched_text).as_deref(), Some(shown));
    }
    all_masked(
        &d,
        &[
            ("*ucci belt bag leather", "Gucci"),
            ("New _olex watch men automatic", "Rolex"),
            ("2024 •hanel perfume 100ml", "Chanel"),
            ("*奈儿 香水 女士 100ml", "Chanel"),
            ("正品*奈儿链条包", "Chanel"),
        ],
    );
    // Two masks before a word, a four-letter name, too few letters shown, or the rest
    // being a name of its own (`力士` is Lux): not read as a hidden first letter.
    none_named(
        &d,
        &[
            "**ucci belt bag",
            "*ike running shoes",
            "*u*ci belt bag",
            "**HOT SALE** men shoes",
        ],
    );
    assert_eq!(
        kind(&d, "*力士 香皂 100g"),
        ("Lux".to_string(), MatchKind::Alias)
    );
}

#[test]
fn runs_of_masks_in_chinese_names_need_not_be_counted() {
    let d = detector_of(
        r#"
[[brand]]
name = "Chanel"
aliases = ["香奈儿"]
classes = [3, 18, 25]

[[brand]]
name = "Louis Vuitton"
aliases = ["路易威登"]
classes = [18, 25]
"#,
    );
    all_masked(
        &d,
        &[
            ("香**儿 香水 女士 100ml", "Chanel"),
            ("路**登 老花 手提包", "Louis Vuitton"),
            ("路***登 老花 手提包", "Louis Vuitton"),
        ],
    );
    // One shown character, or three masks for one hidden character: nothing.
    none_named(&d, &["香*** 香水 100ml", "路*** 手提包", "香***儿 香水"]);
}

#[test]
fn stars_tildes_and_digits_in_masked_words_hide_letters() {
    let d = detector_of(
        r#"
[[brand]]
name = "Gucci"
classes = [18, 25]

[[brand]]
name = "Rolex"
classes = [14]

[[brand]]
name = "Chanel"
aliases = ["香奈儿"]
classes = [3, 18, 25]
"#,
    );
    all_masked(
        &d,
        &[
            ("G★cci belt bag leather", "Gucci"),
            ("Ro~ex watch men automatic", "Rolex"),
            ("R0l*x watch men automatic", "Rolex"),
            ("Ch4n*l perfume 100ml", "Chanel"),
            ("香☆儿 香水", "Chanel"),
        ],
    );
    // Stars and tildes as decoration, and digits in a word with no mask, hide nothing.
    none_named(
        &d,
        &[
            "★Hot Sale★ men watch automatic",
            "10~20cm leather belt bag",
            "B2B wholesale watch box",
            "G4 cci belt bag",
        ],
    );
}

#[test]
fn an_x_typed_for_letters_masks_them() {
    let d = detector_named(&["Gucci", "Chanel", "Rolex", "Xerox"]);
    for (t, brand) in [
        ("Gxcci belt bag leather", "Gucci"),
        ("Chaxel perfume 100ml", "Chanel"),
    ] {
        assert_eq!(kind(&d, t), (brand.to_string(), MatchKind::Masked), "{t}");
    }
    // Names spelt with their own x stay exact; dictionary words and short words are no
    // masks (`Relax` is no `Rolex` here, `Boxer` nothing).
    assert_eq!(
        kind(&d, "Rolex submariner watch"),
        ("Rolex".to_string(), MatchKind::Exact)
    );
    assert_eq!(
        kind(&d, "Xerox toner cartridge"),
        ("Xerox".to_string(), MatchKind::Exact)
    );
    assert!(one(&d, "Boxer shorts men cotton").is_none());
}

#[test]
fn kinds_and_categories_print_as_they_serialise() {
    use MatchKind as K;
    for k in [
        K::Exact,
        K::Alias,
        K::Homoglyph,
        K::Spacing,
        K::Leetspeak,
        K::Typo,
        K::Masked,
        K::Model,
    ] {
        assert_eq!(serde_json::to_value(k).unwrap(), k.to_string());
    }
    use Category as C;
    for c in [
        C::CounterfeitIndicators,
        C::UnauthorisedBrandUse,
        C::CompatibilityMention,
        C::Authorised,
        C::UnrelatedGoods,
    ] {
        assert_eq!(serde_json::to_value(c).unwrap(), c.to_string());
    }
}

#[test]
fn quoted_text_is_written_alike_pushed_and_formatted() {
    for s in [
        "Nike",
        "",
        "a \"b\"",
        "back\\slash",
        "耐克",
        "tab\there",
        "é",
    ] {
        let mut pushed = String::new();
        push_quoted(&mut pushed, s);
        assert_eq!(pushed, Quoted(s).to_string());
        assert_eq!(pushed, format!("{s:?}"));
    }
}

#[test]
fn a_weak_name_apart_from_any_product_word_is_that_word() {
    let d = detector_of(
        r#"
[[brand]]
name = "Kingston"
classes = [9]

[[brand]]
name = "Lodge"
classes = [8, 21]
"#,
    );
    // The word far from the goods, the title opened by something else: the town, the band.
    unrelated_because(
        &d,
        &[
            "The Kingston Trio Greatest Hits Vinyl LP Record 180g Folk Music Reissue Sealed",
            "Pre-Seasoned Cast Iron Skillet 12 Inch - Great for Cabin, Lodge and Campfire Cooking",
        ],
        "neither opens the title",
    );
    // The name opening the title, or within three words before a product word: the brand.
    all_flagged(
        &d,
        &[
            "Kingston 32GB USB flash drive",
            "Original Kingston DDR4 memory module 16GB",
            "Lodge cast iron skillet 10 inch",
            "Pre-seasoned Lodge 12 inch skillet",
        ],
    );
}

#[test]
fn an_ordinary_word_as_a_name_opens_the_title_or_is_in_capitals() {
    let d = detector_of(
        r#"
[[brand]]
name = "Only"
classes = [25]

[[brand]]
name = "Next"
classes = [25]

[[brand]]
name = "Marmot"
classes = [18, 25]
"#,
    );
    // The word in a phrase within three words before the goods, the commonest words
    // and rarer ones alike: not the label.
    unrelated_because(
        &d,
        &[
            "Men Cotton T-Shirt Next Day Dispatch Summer Tee",
            "Wholesale Women Dress Only 5 Dollars Summer Skirt",
            "Plus Size Jeans Women Only Stretch Denim Pants",
            "Kids Cute Marmot Cartoon Print Hoodie Pullover",
            // Right before a product word, but after a word it makes a phrase with (the
            // fur of a marmot, a glade's scent), not one describing the goods.
            "Snowy Marmot Fur Trim Hood Parka Women Winter Coat",
            "Kids Forest Marmot Hoodie Pullover",
        ],
        "an ordinary word, neither opens the title, nor stands right before a product word",
    );
    // Opening the title (lead words allowed), or written in capitals in a title that is
    // not: the label.
    all_flagged(
        &d,
        &[
            "Only Women Denim Jacket Autumn",
            "2024 New Only Women Denim Jacket",
            "Women Jacket ONLY Denim Coat Loose Fit",
            "Marmot Precip Eco Rain Jacket Men",
            "Outdoor Hiking MARMOT Waterproof Rain Jacket Men",
            "Waterproof Marmot Rain Jacket Men Hiking",
        ],
    );
}

#[test]
fn a_name_mid_title_with_no_goods_at_all_is_another_word() {
    let d = detector_of(
        r#"
[[brand]]
name = "Le Creuset"
aliases = ["Creuset"]
classes = [8, 21]

[[brand]]
name = "Monopoly"
aliases = ["大富翁"]
classes = [28]
"#,
    );
    // Mid-title, no goods the lexicon knows, nothing else of the brand's: a French word,
    // a kind of board game.
    unrelated_because(
        &d,
        &[
            "Graphite Crucible Creuset en Graphite 2kg for Gold Silver Melting",
            "强手棋 大富翁 二合一 儿童益智",
        ],
        "naming no goods the lexicon knows",
    );
    // Opening the title (after numbers and lead words only), or with a counterfeit
    // indicator: the brand.
    all_flagged(
        &d,
        &[
            "Creuset Signature round 26cm cerise",
            "2024 New Wholesale Creuset Signature round 26cm",
            "Graphite Crucible Creuset en Graphite replica 2kg",
            "2024新款正品大富翁 飞行棋二合一",
        ],
    );
}

#[test]
fn a_three_letter_name_that_is_a_common_word_has_the_word_s_senses() {
    let d = detector_of(
        r#"
[[brand]]
name = "Caterpillar"
aliases = ["CAT"]
classes = [25]
"#,
    );
    // `Cat` before a shape or pattern word is the animal, on the brand's own goods too.
    unrelated_because(
        &d,
        &[
            "Cat print cotton T-shirt women summer top",
            "CAT pattern socks 5 pairs kids",
        ],
        "a shape or pattern",
    );
    // The name on the brand's goods, as a name, still counts.
    all_flagged(&d, &["CAT steel toe work boots men leather"]);
    // An acronym that is no common word keeps the acronym's readings only.
    let d = detector_of(
        r#"
[[brand]]
name = "Gant Rugger"
aliases = ["GRG"]
classes = [25]
"#,
    );
    all_flagged(&d, &["GRG print hoodie men cotton"]);
}

#[test]
fn a_leetspeak_symbol_between_letters_that_makes_no_name_masks_a_letter() {
    let d = detector_named(&["Gucci", "Chanel", "Nike"]);
    all_masked(
        &d,
        &[
            ("G$cci belt bag leather", "Gucci"),
            ("Ni$e running shoes", "Nike"),
        ],
    );
    // A symbol that reads as the letter it stands for stays leetspeak.
    assert_eq!(
        kind(&d, "Ch@nel perfume 100ml"),
        ("Chanel".to_string(), MatchKind::Leetspeak)
    );
    // Symbols at a word's edge, or in words that are no name, hide nothing.
    none_named(
        &d,
        &[
            "Yahoo! mail bag",
            "Ke$ha poster print",
            "B!ke lights set",
            "$5 gift card",
        ],
    );
}

#[test]
fn model_numbers_written_in_full_width_are_read_as_ascii() {
    let d = detector_of(
        r#"
[[brand]]
name = "HP"
classes = [2, 9]
models = ["\\bW\\d{4}[AX]\\b"]
"#,
    );
    for t in [
        "W2020X toner cartridge black",
        "Ｗ２０２０Ｘ toner cartridge black",
        "原装 Ｗ２０２０Ｘ　硒鼓 黑色",
    ] {
        let f = one(&d, t).unwrap_or_else(|| panic!("{t}: no finding"));
        assert_eq!(f.match_kind, MatchKind::Model, "{t}");
        assert!(
            f.matched_text.contains('２') || f.matched_text == "W2020X",
            "{t}: {}",
            f.matched_text
        );
    }
}

#[test]
fn classes_are_inferred_from_the_goods_word_a_name_ends_with() {
    let goods = Goods::shipped();
    let classes = |n: &str| head_goods_classes(n, &goods);
    // The head of the name says what the goods are, before a model designation too.
    assert_eq!(classes("Pilot Pen"), goods::class_bit(16));
    assert_ne!(classes("Galaxy Watch"), 0);
    assert_eq!(classes("Galaxy Watch 6"), classes("Galaxy Watch"));
    assert_ne!(classes("小米手机"), 0);
    // A goods word that is the whole name, or that qualifies what follows, is a name.
    // A full-width space is a separator like any other (and no panic).
    assert_eq!(classes("Pilot　Pen　2"), goods::class_bit(16));
    for n in ["Juice", "Marshmallow", "Drink Up", "黄金产地", "手机"] {
        assert_eq!(classes(n), 0, "{n}");
    }
    // A registry without classes is read the same way.
    let d = detector_of(
        r#"
[[brand]]
name = "Zorblax"
product_lines = ["Juice", "Drink Up", "Zorblax Pen"]
"#,
    );
    let reading = d.readings().into_iter().next().expect("one brand");
    assert_eq!(reading.classes, vec![16], "{reading:?}");
}

/// Registries are user input: names, aliases and product lines of odd text (full-width
/// and zero-width spaces, combining marks, CJK, emoji, digits, punctuation) must never
/// panic, neither when the detector is built (weak names, classes inferred from a name's
/// head, Chinese readings) nor when titles made of the same text and of the names are
/// assessed, nor when the names are explained (`check --names`).
#[test]
fn odd_registry_names_never_panic() {
    let alphabet: Vec<char> =
        "Pen pilot　Ab-_.&'2 9耐克斑马笔\u{200B}\u{00AD}\u{0301}\u{3000}ｐｅｎ\u{043E}🙂ﬁ①Ⅻ/()+*"
            .chars()
            .collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let escaped = |s: &str| -> String {
        s.chars()
            .map(|c| format!("\\U{:08X}", c as u32))
            .collect::<String>()
    };
    let mut built = 0;
    for _ in 0..40 {
        let mut names: Vec<String> = Vec::new();
        for _ in 0..4 {
            let len = 1 + (next() % 10) as usize;
            names.push(
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect(),
            );
        }
        let src = format!(
            "[[brand]]\nname = \"{}\"\naliases = [\"{}\", \"{}\"]\nproduct_lines = [\"{}\"]\n",
            escaped(&names[0]),
            escaped(&names[1]),
            escaped(&names[2]),
            escaped(&names[3])
        );
        // A name the registry refuses (empty once trimmed, say) is an error, not a panic.
        let Ok(registry) = Registry::from_toml(Path::new("odd.toml"), &src) else {
            continue;
        };
        let d = Detector::new(registry);
        built += 1;
        let _ = d.readings();
        for i in 0..6 {
            let mut title = names[i % names.len()].clone();
            let len = (next() % 16) as usize;
            for _ in 0..len {
                title.push(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            if i % 2 == 1 {
                title = format!("{} {title}", names[(i + 1) % names.len()]);
            }
            for f in d.assess(&Subject {
                title: &title,
                seller_name: Some(&title),
                ..Subject::default()
            }) {
                assert!(title.contains(&f.matched_text), "{title:?}: {f:?}");
            }
        }
    }
    assert!(
        built > 20,
        "only {built} of 40 odd registries were accepted"
    );
}

#[test]
fn a_weak_name_in_an_english_compound_is_that_compound() {
    let d = detector_of(
        r#"
[[brand]]
name = "Extra"
classes = [30]

[[brand]]
name = "Crown"
classes = [14]

[[brand]]
name = "Marmot"
classes = [18, 25]
"#,
    );
    // With the word before or after it, a compound of the language (WordNet's
    // `extra large`, `crown jewel`, `hoary marmot`): that compound, not the label.
    unrelated_because(
        &d,
        &[
            "Extra Large Gum Ball Candy Jar 500g",
            "Crown Jewel Pendant Necklace Gold Plated",
            "Crown Jewels Brooch Pin Gold Plated Vintage",
            "Hoary Marmot Embroidered Cotton T-Shirt",
        ],
        "an English compound",
    );
    // Corroborated the same way, but next to no such word: the label.
    all_flagged(
        &d,
        &[
            "Extra Chewing Gum Peppermint 40 Pieces",
            "Crown Gold Watch Men Luxury",
            "Marmot Precip Jacket Men Waterproof Shell",
        ],
    );
}

#[test]
fn a_rare_dictionary_word_is_weak_where_the_brands_goods_are_known() {
    // `kestrel` is a dictionary word but not in the frequency list. With the brand's goods
    // known, it is an ordinary word: corroborated by goods of its classes, read as the
    // bird elsewhere.
    let known = detector_of("[[brand]]\nname = \"Kestrel\"\nclasses = [9]\n");
    let elsewhere = "Kestrel bird of prey canvas wall art print framed";
    let f = one(&known, elsewhere).expect("the name is reported");
    assert_eq!(f.category, Category::UnrelatedGoods, "{:?}", f.signals);
    assert!(!f.flagged);
    assert!(
        f.signals.iter().any(|s| s.contains("an ordinary word")),
        "{:?}",
        f.signals
    );
    all_flagged(
        &known,
        &["Kestrel 5500 handheld weather station digital multimeter with Bluetooth"],
    );
    // With nothing known of the brand's goods, nothing could corroborate it, so it stays
    // strong.
    let unknown = detector_named(&["Kestrel"]);
    all_flagged(&unknown, &[elsewhere]);
}

#[test]
fn a_word_written_like_the_name_next_to_a_weak_product_line_is_the_brand() {
    let d = detector_of(
        "[[brand]]\nname = \"Fossil\"\nclasses = [14]\nproduct_lines = [\"Machine\"]\n",
    );
    // Beside a product line that is an ordinary word, a word written like the name with
    // its first letter changed (`Vossil`) corroborates it, as one with the first letter
    // kept does (`Fosil`).
    all_flagged(
        &d,
        &[
            "Vossil Machine chronograph watch men leather strap",
            "Fosil Machine chronograph watch men leather strap",
        ],
    );
    // Alone, `Vossil` is too far from the name; alone, the line is the word.
    for t in [
        "Vossil chronograph watch men leather strap",
        "Machine chronograph watch men leather strap",
    ] {
        assert!(one(&d, t).is_none_or(|f| !f.flagged), "{t}");
    }
}

#[test]
fn an_acronym_as_a_name_stands_by_the_goods_or_opens_the_title() {
    let d = detector_of(
        r#"
[[brand]]
name = "Ancora Audio"
aliases = ["ANC"]
classes = [9]
"#,
    );
    // Between other words, with a word that is no size between it and the goods: the
    // abbreviation (active noise cancelling), written in capitals as acronyms are.
    unrelated_because(
        &d,
        &["Hybrid ANC wireless sports earbuds, Bluetooth 5.3"],
        "a name of three letters or fewer, neither opens the title nor stands right before or after a product word",
    );
    // Opening the title, right before the goods (sizes between) or right after them:
    // the brand.
    all_flagged(
        &d,
        &[
            "ANC wireless sports earbuds, Bluetooth 5.3",
            "Hybrid ANC 2 pcs earbuds, Bluetooth 5.3",
            "Hybrid earbuds ANC sports earphones, Bluetooth 5.3",
        ],
    );
}

#[test]
fn a_dictionary_word_known_as_a_mark_is_read_by_where_it_stands() {
    let d = detector_of(
        r#"
[[brand]]
name = "Whirlpool"
classes = [7, 11]

[[brand]]
name = "Gucci"
classes = [18, 25]
"#,
    );
    // Mid-title, with no product word right after it: the word, on the mark's own goods.
    unrelated_because(
        &d,
        &["Semi Automatic Washing Machine 9kg Deep Whirlpool Wash Action Twin Tub"],
        "a dictionary word though known as a mark, neither opens the title, nor stands right before a product word",
    );
    // Opening the title, right before a product word, or in capitals: the mark. A name
    // no dictionary writes in lower case (`Gucci`) is the mark wherever it stands.
    all_flagged(
        &d,
        &[
            "Whirlpool 9kg Front Load Washing Machine Inverter",
            "Inverter Whirlpool 9kg Washing Machine Front Load",
            "Front Load Washing Machine WHIRLPOOL Inverter 9kg",
            "Men's belt Gucci double G buckle genuine leather",
        ],
    );
}

#[test]
fn a_chinese_word_before_a_print_or_shape_names_what_is_shown() {
    let d = detector_of(
        r#"
[[brand]]
name = "Marmot"
aliases = ["土拨鼠"]
classes = [18, 25]

[[brand]]
name = "Chanel"
aliases = ["香奈儿"]
classes = [3, 14, 18, 25]
"#,
    );
    // A dictionary word right before a print, pattern, shape or cartoon word: the thing
    // shown, on the brand's own goods too.
    unrelated_because(
        &d,
        &[
            "土拨鼠印花 短袖T恤 纯棉 男女同款",
            "可爱土拨鼠造型 帆布包 女 学生",
        ],
        "names what is shown on the goods here",
    );
    // A coined name before the same words is the mark's print; the dictionary word
    // before the goods is the mark.
    all_flagged(
        &d,
        &["香奈儿印花丝巾 女 春秋", "土拨鼠 冲锋衣 男 户外 防水"],
    );
}

#[test]
fn aeg_in_airsoft_listings_is_the_electric_gun() {
    let d = detector_of(
        r#"
[[brand]]
name = "AEG"
classes = [7, 8, 9]
"#,
    );
    // The automatic electric gun of airsoft and gel blasters, on goods of the maker's
    // classes too (motors, gearboxes).
    for t in [
        "Airsoft AEG upgrade motor 25000 rpm short shaft",
        "水弹 AEG 金属齿轮箱 升级配件",
    ] {
        assert!(!one(&d, t).is_some_and(|f| f.flagged), "{t}");
    }
    // The maker's own goods.
    all_flagged(
        &d,
        &[
            "AEG 18V cordless drill brushless motor 2 batteries",
            "AEG angle grinder 125mm 1200W",
        ],
    );
}

#[test]
fn a_goods_word_that_is_the_brands_own_name_where_it_stands_is_not_the_goods() {
    let d = detector_of(
        r#"
[[brand]]
name = "Tile"
aliases = ["Tile by Acme"]
product_lines = ["Tile Mate"]
classes = [9]
"#,
    );
    // `Tile` in the alias is the maker, not a ceramic tile (class 19): with nothing else
    // of another class, the strong alias names the brand.
    all_flagged(
        &d,
        &["Tile by Acme Mate Item Locator Wholesale Lot Unboxed Units"],
    );
    let f = one(&d, "Tile by Acme Mate Item Locator Wholesale Lot").expect("named");
    assert!(f.listing_classes.is_empty(), "{:?}", f.listing_classes);
    assert!(f.goods_words.is_empty(), "{:?}", f.goods_words);
    // A tile written apart from the brand's longer names is still a tile, whether or not
    // it is the name too: the goods decide that.
    let f = one(&d, "Tile by Acme ceramic floor tile 600x600").expect("named");
    assert_eq!(f.listing_classes, [19], "{:?}", f.signals);
    let f = one(&d, "Ceramic floor tile 600x600 glazed").expect("named");
    assert_eq!(f.listing_classes, [19], "{:?}", f.signals);
    assert!(!f.flagged, "{:?}", f.signals);
}

#[test]
fn a_two_character_chinese_name_is_heard_by_its_rarer_readings_where_no_word_is_written() {
    let d = detector_of(
        r#"
[[brand]]
name = "Wolfpaw"
aliases = ["狼爪"]
classes = [18, 25]

[[brand]]
name = "Red Bull"
aliases = ["红牛"]
classes = [32]
"#,
    );
    // `爪` is `zhao` and `zhua`: `狼抓` sounds like the name, on its goods.
    all_flagged(&d, &["狼抓 冲锋衣 户外 防水 男女款"]);
    let f = one(&d, "狼抓 冲锋衣 户外 防水 男女款").expect("named");
    assert_eq!(f.match_kind, MatchKind::Typo, "{:?}", f.signals);
    // `红` is also `gong`, but `公牛` is a word (a bull, a maker of sockets): not 红牛.
    assert!(
        d.assess(&Subject {
            title: "公牛 功能饮料 插线板 礼盒",
            ..Subject::default()
        })
        .is_empty()
    );
}

#[test]
fn a_weak_name_misspelt_into_no_word_is_disguised() {
    let d = detector_of(
        r#"
[[brand]]
name = "Tile"
product_lines = ["Tile Mate"]
classes = [9]

[[brand]]
name = "Trek"
classes = [12]
"#,
    );
    // Nobody writes `tile` as `Tiile`: the misspelling is the brand's, on goods the
    // lexicon does not know as on the brand's own.
    all_flagged(
        &d,
        &[
            "Tiile Mate Bluetooth Tracker Key Finder Anti Lost Tag 4 Pack",
            "Tiile Bluetooth item finder 4 pack",
        ],
    );
    let f = one(&d, "Tiile Bluetooth item finder 4 pack").expect("named");
    assert!(
        f.signals
            .iter()
            .any(|s| s.contains("a misspelling that is no word")),
        "{:?}",
        f.signals
    );
    // On goods of other classes it is still what the lexicon says (a tiler's typo).
    assert!(!one(&d, "Tiile cutter for ceramic floor tiles 600mm").is_some_and(|f| f.flagged));
    // A misspelling that is itself a word (`Track` for Trek) is not disguised: it is
    // judged as a weak name, by the goods.
    let f = one(&d, "Track pump for mountain bike tyres").expect("named");
    assert!(
        !f.signals.iter().any(|s| s.contains("no word")),
        "{:?}",
        f.signals
    );
}

#[test]
fn a_short_model_code_alone_on_goods_beside_the_brands_core_goods_is_the_products_own() {
    let d = detector_of(
        r#"
[[brand]]
name = "Seiko"
classes = [9, 14]
models = ["\\bS[A-Z]{2,3}[0-9]{2,3}[A-Z]?[0-9]?\\b"]
"#,
    );
    // Class 9 is in the registry, but Seiko's core goods (the marks file) are watches:
    // a short code alone on a fibre-optic adapter is the adapter's connector.
    unrelated_because(
        &d,
        &["SFC512 fiber optic adapter patch cord coupler"],
        "not its core goods",
    );
    // On a watch the code is the brand's.
    all_flagged(&d, &["SRP777 automatic diver watch men stainless steel"]);
}

#[test]
fn a_short_model_code_alone_on_class_nine_goods_of_a_far_similar_group_is_the_products_own() {
    let d = detector_of(
        r#"
[[brand]]
name = "Qorvault"
product_lines = ["Turbo NAS", "network switches"]
classes = [9, 42]
models = ['\bTS-[0-9]{3,4}\b']
"#,
    );
    // The product lines name computer goods (group 0901 of class 9): the same short code
    // on a thermostat (0910, measuring and control instruments) is the thermostat's.
    unrelated_because(
        &d,
        &["TS-464 smart thermostat wifi programmable"],
        "0910 (measuring, testing and laboratory instruments), near none of the groups of Qorvault's own goods (0901 (computers",
    );
    // On goods of the same group, or of its family (a phone is a consumer device too), on
    // goods the lexicon places in no group (`adapter`), with the name, or with a
    // counterfeit indicator, the code is the brand's.
    all_flagged(
        &d,
        &[
            "TS-464 4-bay desktop computer storage server",
            "TS-464 network switch 2.5G",
            "TS-464 smartphone 5G 8GB",
            "TS-464 thermostat adapter",
            "Qorvault TS-464 smart thermostat",
            "TS-464 smart thermostat replica",
        ],
    );
}

#[test]
fn where_product_lines_name_no_goods_the_marks_file_places_the_brands_class_nine_goods() {
    // Nvidia's product lines here name no goods; the marks file places its class-9 goods
    // in 0901 (computers) and 0913 (components). A short code alone on a hygrometer
    // (0910) is the hygrometer's; on a graphics card it is the brand's.
    let d = detector_of(
        r#"
[[brand]]
name = "Nvidia"
product_lines = ["GeForce", "Tesla"]
classes = [9]
models = ['\b[AH]100\b']
"#,
    );
    unrelated_because(
        &d,
        &["H100 数显 温湿度计 家用 高精度 室内 电子"],
        "0910 (measuring, testing and laboratory instruments), near none of the groups of Nvidia's own goods (0901 (computers",
    );
    all_flagged(
        &d,
        &["H100 80GB PCIe GPU accelerator for AI training OEM bulk"],
    );
    // Product lines that name goods say what this registry protects, and the marks
    // file's groups are not added to them: here a hygrometer line makes 0910 the brand's.
    let d = detector_of(
        r#"
[[brand]]
name = "Nvidia"
product_lines = ["Shield hygrometer"]
classes = [9]
models = ['\b[AH]100\b']
"#,
    );
    all_flagged(&d, &["H100 数显 温湿度计 家用 高精度 室内 电子"]);
}

#[test]
fn a_chinese_name_inside_another_brands_chinese_name_is_that_brand() {
    // `家乐氏` is Kellogg's Chinese name (seeds/goods/marks_zh.tsv): Knorr's `家乐` inside
    // it names Kellogg's cereal, not Knorr.
    let d = detector_of(
        r#"
[[brand]]
name = "Knorr"
aliases = ["家乐"]
classes = [29, 30]
"#,
    );
    unrelated_because(
        &d,
        &["家乐氏 玉米片 早餐 谷物 即食 麦片 500g"],
        "is part of \"家乐氏\" (Kellogg's), another well-known brand's Chinese name",
    );
    all_flagged(&d, &["家乐 鸡精 调味料 200g 厨房 批发"]);
    // The longer name is the brand's own where its Latin name is the brand's.
    let d = detector_of(
        r#"
[[brand]]
name = "Kellogg's"
aliases = ["家乐"]
classes = [30]
"#,
    );
    all_flagged(&d, &["家乐氏 玉米片 早餐 谷物 即食 麦片 500g"]);
}

#[test]
fn a_code_glued_to_its_letters_is_one_code_between_a_fits_phrase_and_a_name() {
    let d = detector_of(
        r#"
[[brand]]
name = "Brevio"
product_lines = ["Dedica"]
classes = [7, 11, 21]
"#,
    );
    fits_only(
        &d,
        &[
            "51mm Bottomless Portafilter for Brevio EC685 EC680 Dedica",
            "Portafilter for Brevio EC685 Dedica",
        ],
    );
    // Words (not codes) between still break the phrase's reach.
    let f = one(
        &d,
        "Portafilter for espresso machine tamper station Dedica coffee maker",
    )
    .expect("finding");
    assert_ne!(
        f.category,
        Category::CompatibilityMention,
        "{:?}",
        f.signals
    );
}

#[test]
fn replacement_words_and_listed_battery_sizes_are_not_the_brands_own_goods() {
    let d = detector_of(
        r#"
[[brand]]
name = "Kovaro"
aliases = ["科沃罗"]
product_lines = ["ReCharga"]
classes = [7, 9]
"#,
    );
    fits_only(
        &d,
        &[
            "Smart Battery Charger for AA AAA NiMH Rechargeable Batteries Works with Kovaro ReCharga",
            "Tapered Roller Bearing Interchangeable with Kovaro 32210JR Own Brand",
            "空压机油滤芯 替代科沃罗 1613610590 国产优质滤纸",
        ],
    );
}

#[test]
fn imitation_and_applied_labels_written_against_a_chinese_name_are_copy_words() {
    let d = detector_of(
        r#"
[[brand]]
name = "Lincoln Arc"
aliases = ["林肯"]
classes = [7, 9]

[[brand]]
name = "Crocodile"
aliases = ["鳄鱼"]
classes = [18, 25]
"#,
    );
    all_copies(
        &d,
        &[
            "林肯电焊条 J422 仿林肯包装 2.5mm 批发",
            "焊丝 实心 1.2mm 可贴林肯标 工厂直销",
        ],
    );
    // A texture made to look like the animal is no copy of the mark.
    let f = one(&d, "仿鳄鱼纹 PU 人造革 箱包面料 批发").expect("finding");
    assert!(
        !f.signals
            .iter()
            .any(|s| s.contains("imitation of the name")),
        "{:?}",
        f.signals
    );
}

#[test]
fn a_strong_name_left_outside_a_goods_term_still_names_the_brand() {
    let d = detector_of(
        r#"
[[brand]]
name = "Kenma"
aliases = ["KENMA", "Kenma Golf", "肯马"]
product_lines = ["Beres"]
classes = [28]
"#,
    );
    // `Kenma Golf` overlaps the goods term `golf driver`, but `Kenma` is the brand.
    let f = one(&d, "Kenma Golf Driver 460cc Titanium Golf Club Wholesale").expect("finding");
    assert!(f.flagged, "{:?}", f.signals);
    assert_eq!(f.category, Category::UnauthorisedBrandUse);
}

#[test]
fn a_replica_grade_beside_electrical_goods_is_a_current_rating() {
    let d = detector_of(
        r#"
[[brand]]
name = "Kovaro"
models = ["KV ?[0-9]{3}"]
classes = [9]

[[brand]]
name = "Lumeo"
classes = [18]
"#,
    );
    let f = one(&d, "Kovaro KV712 Current Sensor Module 5A Hall Effect").expect("finding");
    assert_eq!(
        f.category,
        Category::UnauthorisedBrandUse,
        "{:?}",
        f.signals
    );
    let f = one(&d, "Lumeo 5A Leather Tote Bag Women Handbag").expect("finding");
    assert_eq!(
        f.category,
        Category::CounterfeitIndicators,
        "{:?}",
        f.signals
    );
}

#[test]
fn a_metric_thread_size_is_not_a_product_line() {
    let d = detector_of(
        r#"
[[brand]]
name = "Torvik"
product_lines = ["M18"]
classes = [7, 8, 9]
"#,
    );
    for title in [
        "M18 x 1.5 Oxygen Sensor Bung Weld-In Stainless Steel Exhaust O2 Fitting",
        "M18×1.25 Proximity Sensor Mounting Nut Stainless",
    ] {
        assert!(one(&d, title).is_none_or(|f| !f.flagged), "{title}");
    }
    let f = one(&d, "Torvik M18 Cordless Drill Driver 2 Batteries Kit").expect("finding");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn a_range_of_models_and_a_name_right_after_the_fitted_one_are_what_the_product_fits() {
    let d = detector_of(
        r#"
[[brand]]
name = "Veltra"
product_lines = ["VLM", "DVX"]
models = ["VLM[0-9]{1,3}"]
classes = [7, 9]
"#,
    );
    fits_only(
        &d,
        &[
            "Auxiliary Contact Block Fits VLM7 to VLM38 Contactors 1NO 1NC Front Mount",
            "RS485 Programming Cable for Veltra PLC DVX Series USB Isolated 2m",
        ],
    );
}

#[test]
fn and_written_for_the_names_plus_is_the_name_itself() {
    let d = detector_of(
        r#"
[[brand]]
name = "Stone+Field"
aliases = ["Stone and Field", "Stone Field"]
classes = [7, 8]
"#,
    );
    let f = one(
        &d,
        "Stone and Field 12V Cordless Drill Driver Lithium Kit OEM",
    )
    .expect("finding");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn the_names_label_offered_in_english_is_a_copy_word() {
    let d = detector_of(
        r#"
[[brand]]
name = "Jorvik Solar"
aliases = ["Jorvik"]
classes = [9]

[[brand]]
name = "Dunvale"
classes = [12]
"#,
    );
    for title in [
        "Jorvik 580W Solar Module Customized Jorvik Label OEM Factory",
        "Dunvale Brand Tires OEM Production Your Label or Dunvale Label Available",
    ] {
        let f = one(&d, title).expect("finding");
        assert_eq!(
            f.category,
            Category::CounterfeitIndicators,
            "{title}: {:?}",
            f.signals
        );
    }
    // A logo the goods carry is the brand's use, not a label offered for other goods.
    let f = one(&d, "Jorvik 580W Solar Module with Jorvik Logo Frame").expect("finding");
    assert_eq!(
        f.category,
        Category::UnauthorisedBrandUse,
        "{:?}",
        f.signals
    );
}

#[test]
fn a_goods_word_of_another_class_inside_a_product_line_is_the_lines_name() {
    let d = detector_of(
        r#"
[[brand]]
name = "Trekon"
product_lines = ["Fuel EX", "Madone"]
classes = [12]
"#,
    );
    // `Fuel` (class 4) is the line's name here, not fuel sold.
    let f = one(&d, "Fuel EX 8 Full Suspension MTB Frame 29 Carbon").expect("finding");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn one_acronym_written_two_ways_is_not_two_names_together() {
    let d = detector_of(
        r#"
[[brand]]
name = "Orvane Controls"
aliases = ["OC", "O-C"]
classes = [9]
"#,
    );
    let title = "OC Switch Box 2 Port Manual Audio Selector O/C Switcher RCA Splitter";
    assert!(one(&d, title).is_none_or(|f| !f.flagged), "{title}");
    // Two different names of the brand still corroborate each other.
    let f = one(&d, "OC Orvane Controls Relay Module").expect("finding");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn an_acronym_glued_to_class_or_grade_is_that_class() {
    let d = detector_of(
        r#"
[[brand]]
name = "Abrel"
aliases = ["AB"]
classes = [9]
"#,
    );
    for title in [
        "AB类 功放板 双声道 HiFi 发烧级 音响功放模块 大功率",
        "AB级 音响 功放 模块 现货",
    ] {
        let f = one(&d, title).expect("finding");
        assert!(!f.flagged, "{title}: {:?}", f.signals);
        assert!(
            f.signals.iter().any(|s| s.contains("class or grade")),
            "{:?}",
            f.signals
        );
    }
    let f = one(&d, "AB 功放板 双声道 音响功放模块 正品").expect("finding");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn two_character_names_and_glyph_look_alikes_are_read_as_misspellings() {
    let d = detector_of(
        r#"
[[brand]]
name = "Hondara"
aliases = ["本田"]
classes = [7, 12]

[[brand]]
name = "Kangora"
aliases = ["康佳"]
classes = [9]

[[brand]]
name = "Liugora"
aliases = ["柳工"]
classes = [7, 12]

[[brand]]
name = "Belkora"
aliases = ["贝尔金"]
classes = [9]
"#,
    );
    for (title, written) in [
        // One stroke more or less (`木` for `本`), a component swapped (`隹` for `佳`,
        // `全` for `金`): glyphs that look alike.
        ("木田 汽油发电机 3KW 静音 家用 小型 批发", "木田"),
        ("康隹 电视 55寸 4K 智能 液晶 批发", "康隹"),
        ("贝尔全 无线充电器 三合一 磁吸 15W 批发", "贝尔全"),
        // A katakana letter for the Chinese character it copies.
        ("柳エ 装载机 变速箱 总成 配件 批发", "柳エ"),
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.match_kind, MatchKind::Typo, "{title}");
        assert_eq!(f.matched_text, written);
    }
    // Two characters, one a look-alike, that make a word with the character before them
    // (`实木` solid wood): not the name.
    assert!(one(&d, "实木田园风 餐桌 汽油发电机").is_none());
    // Weak: nothing of the brand's goods, not flagged.
    assert!(one(&d, "木田 园艺 花盆 陶瓷").is_none_or(|f| !f.flagged));
}

#[test]
fn a_three_letter_name_in_capitals_with_a_look_alike_swapped_in_is_the_name() {
    let d = detector_of(
        r#"
[[brand]]
name = "BOE"
classes = [9]

[[brand]]
name = "KIA"
classes = [12]
"#,
    );
    for (title, written) in [
        ("B0E 15.6 inch IPS FHD Laptop LCD Panel 30 Pin", "B0E"),
        ("KlA Car Emblem Badge Chrome Front Grille Logo", "KlA"),
        ("K1A Car Emblem Badge Chrome Front Grille Logo", "K1A"),
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.matched_text, written);
    }
    // Lower case around the swap, a code with digits joined on: not it.
    for title in [
        "Kla Car Emblem Badge Front Grille",
        "B0E-12 LCD Panel 15.6 inch",
    ] {
        assert!(one(&d, title).is_none(), "{title}");
    }
    // A capital `L` is no look-alike of `I`, but one letter changed in a word of capitals:
    // weak, for the goods to decide (`KLA` also makes wafer inspection systems).
    assert!(one(&d, "KLA Car Emblem Badge Front Grille").is_some_and(|f| f.flagged));
    assert!(one(&d, "KLA Wafer Inspection System Spare Parts").is_none_or(|f| !f.flagged));
}

#[test]
fn an_ordinary_word_that_is_a_short_name_with_a_letter_put_in_needs_the_brands_goods() {
    let d = detector_of(
        r#"
[[brand]]
name = "BRIDE"
classes = [12]
"#,
    );
    // `Bridge` is BRIDE with a `g` put in: on seat covers, the brand.
    let f = one(
        &d,
        "Bridge Gradation Racing Seat Cover Fabric Logo Headrest",
    )
    .expect("the name is reported");
    assert!(f.flagged, "{:?}", f.signals);
    assert_eq!(f.match_kind, MatchKind::Typo);
    assert_eq!(f.matched_text, "Bridge");
    // The same word on other goods, or with nothing of the brand's, is the word (`Bridle`,
    // BRIDE with an `l` put in, on horse tack too).
    for title in [
        "Bridge Construction Steel Beam H Section 200mm",
        "Bridge Card Game Deck Plastic Playing Cards",
        "Bridle Leather Horse Riding Reins Western Tack",
    ] {
        assert!(one(&d, title).is_none_or(|f| !f.flagged), "{title}");
    }
}

#[test]
fn an_ordinary_word_one_letter_from_the_name_needs_the_brands_own_marks() {
    let d = detector_of(
        r#"
[[brand]]
name = "Fancl"
classes = [3, 5]
models = ['\bFC-[0-9]{3}\b']
"#,
    );
    // `Fancy` is Fancl with one letter changed, which the edit rules leave to words of
    // five letters with a doubled one: with a counterfeit indicator or the brand's model
    // number, the brand.
    for title in [
        "Fancy 无添加 卸妆油 日本 同款 1:1",
        "Fancy FC-120 mild cleansing oil makeup remover",
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.matched_text, "Fancy");
        assert!(
            f.signals
                .iter()
                .any(|s| s.contains("an ordinary word one letter from the name")),
            "{:?}",
            f.signals
        );
    }
    // With the brand's goods alone it is the word: anyone's cleansing oil may be fancy,
    // and `explain` says why it was set aside.
    for title in [
        "Fancy cleansing oil makeup remover 200ml",
        "Fancy dress party costume for adults",
    ] {
        assert!(one(&d, title).is_none_or(|f| !f.flagged), "{title}");
    }
    let subject = Subject {
        title: "Fancy cleansing oil makeup remover 200ml",
        ..Subject::default()
    };
    let aside = d.set_aside(&subject, &d.assess(&subject));
    assert!(
        aside
            .iter()
            .any(|l| l.contains("the goods alone do not make it the brand")),
        "{aside:?}"
    );
}

#[test]
fn a_short_name_in_capitals_with_a_look_alike_or_two_letters_changed_round_needs_corroboration() {
    let d = detector_of(
        r#"
[[brand]]
name = "DKNY"
classes = [14, 18, 25]

[[brand]]
name = "TDK"
classes = [9]

[[brand]]
name = "MLB"
classes = [25]

[[brand]]
name = "NEC"
classes = [9]
"#,
    );
    for (title, written) in [
        ("DKNV 女士手表 玫瑰金 高仿 钢带", "DKNV"),
        ("TOK 贴片电容 0603 100nF 50V X7R 整盘", "TOK"),
        ("M1B NY 棒球帽 刺绣 韩版 男女 鸭舌帽", "M1B"),
        // Two letters changed round.
        ("TKD 贴片电容 0603 100nF 50V X7R 整盘", "TKD"),
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.match_kind, MatchKind::Typo, "{title}");
        assert_eq!(f.matched_text, written);
        assert!(
            f.signals.iter().any(|s| s.contains("of like shape")),
            "{title}: {:?}",
            f.signals
        );
    }
    // Weak: without the brand's goods, a product line, a model number or a counterfeit
    // indicator, a short word of capitals is as likely another maker's acronym.
    for title in [
        "DKNV Lithium Battery Pack 48V",
        "TOK Photoresist Developer 1L Bottle",
        "TKD Taekwondo Uniform Kids Dobok",
    ] {
        assert!(one(&d, title).is_none_or(|f| !f.flagged), "{title}");
    }
    // Not read so: a word of the English lists (`NFC`), a changed first letter (`OKNY`),
    // two letters changed (`DONV`, `TBX`), lower case (`Dknv`), a code with digits
    // joined on (`TOK-12`).
    for title in [
        "NFC Tag Sticker Smart Card Module",
        "OKNY Women Quartz Watch Rose Gold 1:1",
        "DONV Women Quartz Watch Rose Gold 1:1",
        "TBX 贴片电容 0603 100nF 50V 整盘",
        "Dknv Women Quartz Watch Rose Gold 1:1",
        "TOK-12 贴片电容 0603 100nF 50V 整盘",
    ] {
        assert!(one(&d, title).is_none_or(|f| !f.flagged), "{title}");
    }
}

#[test]
fn a_short_name_in_capitals_with_one_letter_changed_needs_corroboration() {
    let d = detector_of(
        r#"
[[brand]]
name = "UHU"
classes = [1, 16]

[[brand]]
name = "CCM"
classes = [28]

[[brand]]
name = "BOSCH"
classes = [7, 8, 11]
"#,
    );
    // Any letter after the first changed, in a word of capitals of three to six letters
    // that is no word: read as the name, weak.
    for (title, written) in [
        ("UNU 万能胶水 透明 强力 35ml 批发", "UNU"),
        ("CCN 冰球鞋 成人 专业冰刀鞋 冰球护具", "CCN"),
        ("CQM Ice Hockey Skates Senior Tacks 1:1", "CQM"),
        ("BOSCK 电钻 充电式 家用 手电钻 套装", "BOSCK"),
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.match_kind, MatchKind::Typo, "{title}");
        assert_eq!(f.matched_text, written);
        assert!(
            f.signals
                .iter()
                .any(|s| s.contains("another letter for one after the first")),
            "{title}: {:?}",
            f.signals
        );
    }
    // Weak: on goods of other classes with nothing else to say it is the brand, another
    // maker's acronym; and never read with the first letter changed (`ACM`, `BASCK` is
    // two letters), two letters changed (`CNN`) or in lower case (`Unu`).
    for title in [
        "UNU Lithium Battery Pack 48V 20Ah",
        "CCN Cable Tie Nylon 200mm 100pcs",
        "ACM 冰球鞋 成人 专业冰刀鞋 冰球护具",
        "CNN 冰球鞋 成人 专业冰刀鞋 冰球护具",
        "Unu 万能胶水 透明 强力 35ml 批发",
        "BASCK 电钻 充电式 家用 手电钻 套装",
    ] {
        assert!(one(&d, title).is_none_or(|f| !f.flagged), "{title}");
    }
    // A registry whose names are all of five or six letters is read so too.
    let d = detector_of(
        r#"
[[brand]]
name = "BOSCH"
classes = [7, 8, 11]
"#,
    );
    let f = one(&d, "BOSCK 电钻 充电式 家用 手电钻 套装").expect("the name is reported");
    assert!(f.flagged, "{:?}", f.signals);
}

#[test]
fn a_vehicle_part_said_to_be_genuine_is_not_only_what_it_fits() {
    let d = detector_of(
        r#"
[[brand]]
name = "Fotara"
aliases = ["福塔拉"]
product_lines = ["欧玛克"]
classes = [12]
"#,
    );
    let f = one(&d, "福塔拉 欧玛克 前大灯 总成 批发").expect("finding");
    assert_eq!(
        f.category,
        Category::CompatibilityMention,
        "{:?}",
        f.signals
    );
    for title in [
        "福塔拉 欧玛克 前大灯 原厂 总成 正品 批发",
        "Fotara Front Grille Genuine Part Wholesale",
    ] {
        let f = one(&d, title).expect("finding");
        assert!(f.flagged, "{title}: {:?}", f.signals);
    }
}

#[test]
fn an_m_written_for_an_n_is_a_misspelling_of_a_five_letter_name() {
    let d = detector_of(
        r#"
[[brand]]
name = "Varon"
classes = [9]
"#,
    );
    all_flagged(
        &d,
        &[
            "Varom 功放 家庭影院 7.1 高仿 音响",
            "Varom Audio Amplifier 7.1 Home Theater",
        ],
    );
    // Any other letter changed in a five-letter name is not the name.
    assert!(one(&d, "Varop Audio Amplifier 7.1 Home Theater").is_none());
}

#[test]
fn model_numbers_between_a_fits_phrase_and_the_name_keep_it_a_fit() {
    let d = detector_of(
        r#"
[[brand]]
name = "Spintop"
aliases = ["Spintop X"]
classes = [28]
models = ["\\b(?:QX|QZ)-\\d{2}\\b"]
"#,
    );
    let f = one(
        &d,
        "Launcher Grip Accessory Compatible with QX-01 QX-02 Spintop X String Launcher",
    )
    .expect("finding");
    assert_eq!(
        f.category,
        Category::CompatibilityMention,
        "{:?}",
        f.signals
    );
    assert!(!f.flagged);
}

#[test]
fn a_part_remarked_is_sold_as_a_copy() {
    let d = detector_of(
        r#"
[[brand]]
name = "Relaxon"
classes = [9]
models = ["\\bRX\\d{2}[A-Z]/\\d{2}\\b"]
"#,
    );
    all_copies(
        &d,
        &[
            "RX46F/12 翻新 拆机 继电器 重新打标 大量现货",
            "RX46F/12 Relay Remarked Pulls Bulk Stock",
        ],
    );
}

#[test]
fn a_generic_part_number_or_another_makers_is_not_the_brands_model() {
    let d = detector_of(
        r#"
[[brand]]
name = "Abbex"
classes = [7, 9]
models = ["\\bACS ?[0-9]{3}", "\\bGA ?[0-9]{2,3}\\b"]

[[brand]]
name = "Allegro MicroSystems"
aliases = ["Allegro"]
classes = [9]
models = ["\\bACS7[0-9]{2}\\b"]
"#,
    );
    let brands = |title: &str| -> Vec<String> {
        d.assess(&Subject {
            title,
            seller_name: Some("Some Trading Co."),
            ..Subject::default()
        })
        .into_iter()
        .filter(|f| f.flagged)
        .map(|f| f.brand)
        .collect()
    };
    // Allegro's current sensor, and a gear motor every maker sells.
    assert_eq!(
        brands("ACS712 Current Sensor Module 5A Hall Effect"),
        ["Allegro MicroSystems"]
    );
    assert!(brands("GA12-N20 DC Micro Gear Motor 6V 100RPM").is_empty());
    assert!(brands("ACS712ELCTR-05B-T Hall Current Sensor Module").is_empty());
    // The brand's own models still count.
    assert_eq!(brands("ACS880 变频器 7.5kW 原装"), ["Abbex"]);
}

#[test]
fn a_chinese_name_before_a_shops_trade_names_the_shop() {
    let d = detector_of(
        r#"
[[brand]]
name = "Hongtai"
aliases = ["宏泰"]
classes = [9]
"#,
    );
    let f = one(&d, "宏泰五金建材 店铺招牌定制 亚克力发光字 门头").expect("finding");
    assert_eq!(f.category, Category::UnrelatedGoods, "{:?}", f.signals);
    assert!(!f.flagged);
    // The name on its own goods, or with a copy word, is the brand's.
    all_flagged(
        &d,
        &["宏泰 继电器 12V 原装 现货", "宏泰五金建材 高仿 继电器"],
    );
}

#[test]
fn an_ordinary_word_beside_its_chinese_translation_is_not_two_names() {
    let d = detector_of(
        r#"
[[brand]]
name = "Paradise"
aliases = ["天堂"]
classes = [18]
"#,
    );
    for title in [
        "Bird of Paradise 天堂鸟 仿真植物 盆栽 大型 客厅落地 绿植",
        "天堂电影院 Cinema Paradiso 复古电影海报 装饰画 客厅 挂画",
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(!f.flagged, "{title}: {:?}", f.signals);
    }
    // On the brand's goods both names are the brand's.
    all_flagged(&d, &["天堂伞 Paradise 晴雨伞 三折 防晒 遮阳伞"]);
}

#[test]
fn a_name_inside_another_well_known_mark_is_that_mark() {
    let d = detector_of(
        r#"
[[brand]]
name = "Rover"
classes = [12]
"#,
    );
    unrelated_because(
        &d,
        &["Land Rover Defender 2020 front bumper grille"],
        "another well-known mark",
    );
    // The name alone, or with a copy word, is the brand's.
    all_flagged(
        &d,
        &[
            "Rover replica car badge 1:1",
            "Land Rover replica badge 1:1",
        ],
    );
    // A weak name right after another well-known mark is that mark's product: `Land
    // Rover Defender` is no Defender bumper, though bumpers are the brand's goods.
    let d = detector_of(
        r#"
[[brand]]
name = "Defender"
classes = [12]
"#,
    );
    unrelated_because(
        &d,
        &["Land Rover Defender 110 front bumper guard steel"],
        "another well-known mark",
    );
    all_flagged(&d, &["Defender 110 front bumper guard steel replica 1:1"]);
    // A mark that starts with an alias, for goods of the brand's classes, is the brand's
    // own line (`CK One`, a Calvin Klein scent), not another's.
    let d = detector_of(
        r#"
[[brand]]
name = "Calvin Klein"
aliases = ["CK"]
classes = [3, 14, 25]
"#,
    );
    all_flagged(&d, &["CK One eau de toilette 200ml unisex perfume"]);
    // The brand's own name and its own line are not another mark.
    let d = detector_of(
        r#"
[[brand]]
name = "Nintendo"
product_lines = ["Switch"]
classes = [9, 28]
"#,
    );
    all_flagged(
        &d,
        &["Nintendo Switch OLED Console 64GB White Japan Version"],
    );
}

#[test]
fn a_listing_that_says_it_carries_no_brand_is_not_named_by_weak_evidence() {
    let d = detector_of(
        r#"
[[brand]]
name = "FAG"
aliases = ["舍弗勒"]
product_lines = ["Deep Groove Ball Bearing"]
classes = [7]
models = ["\\b6[0-3]\\d{2}-2RSR?\\b"]
"#,
    );
    unrelated_because(
        &d,
        &[
            "6311-2RS Deep Groove Ball Bearing Chrome Steel P6 Generic Unbranded 55x120x29",
            "6310-2RS bearing for electric motor, no brand, 1000 pcs",
            "6310-2RS 轴承 无品牌 电机 轴承 批发 1000只",
            "6310-2RS motor bearing aftermarket",
            "6310-2RS motor bearing, third-party part",
            "6310-2RS 电机轴承 第三方适配款",
            // Goods made to carry the buyer's brand are a factory's own.
            "6311-2RS Deep Groove Ball Bearing Private Label OEM Factory",
            "6310-2RS motor bearing, own brand OEM available",
            "6310-2RS motor bearing printed with your logo",
            "6310-2RS motor bearing, custom logo available",
            "6310-2RS 电机轴承 定制LOGO 批发",
        ],
        "carry no brand",
    );
    // A third party that tests or certifies is not one that made the part.
    all_flagged(
        &d,
        &[
            "6311-2RS Deep Groove Ball Bearing third-party tested",
            "6310-2RS 轴承 第三方检测报告",
        ],
    );
    // Without such a word, the model on the brand's goods is the brand's; a strong name
    // or a copy word stands beside one, and `generic packing` speaks of the box.
    all_flagged(
        &d,
        &[
            "6311-2RS Deep Groove Ball Bearing Chrome Steel P6 55x120x29",
            "FAG 6311-2RS bearing generic packing",
            "舍弗勒 6310-2RS 轴承 无品牌 包装",
            "6311-2RS bearing generic 1:1 copy",
            "舍弗勒 6311-2RS bearing private label",
            "舍弗勒 6310-2RS 轴承 定制LOGO",
        ],
    );
    // Whole words only: `generically` says nothing; nor does a word denied.
    all_flagged(
        &d,
        &[
            "6311-2RS bearing generically used in motors",
            "6311-2RS bearing, non-generic, for electric motor",
            "6311-2RS bearing not generic, 1000 pcs",
            "6311-2RS bearing, generic packaging, 1000 pcs",
        ],
    );
}

#[test]
fn a_registry_names_its_own_no_brand_words_and_exceptions() {
    let registry = r#"
[[brand]]
name = "FAG"
classes = [7]
models = ["\\b6[0-3]\\d{2}-2RSR?\\b"]

[terms]
unbranded_phrases = ["no-name", "杂牌"]
unbranded_exclusions = ["no-name seller"]
"#;
    let d = detector_of(registry);
    // A marketplace's own labels, added in the registry, say it as `generic` does; the
    // shipped words still count.
    unrelated_because(
        &d,
        &[
            "6311-2RS motor bearing no-name 1000 pcs",
            "6311-2RS 轴承 杂牌 电机 批发",
            "6311-2RS motor bearing generic",
        ],
        "carry no brand",
    );
    // …but not inside the registry's own exception.
    all_flagged(&d, &["6311-2RS motor bearing from a no-name seller"]);
    // `replace_defaults` drops the shipped words: `generic` says nothing then.
    let own = detector_of(&format!("{registry}replace_defaults = true\n"));
    unrelated_because(&own, &["6311-2RS motor bearing no-name"], "carry no brand");
    all_flagged(&own, &["6311-2RS motor bearing generic"]);
}

#[test]
fn a_weak_name_with_half_its_letters_masked_as_a_common_word_is_no_disguise() {
    let d = detector_of(
        r#"
[[brand]]
name = "Look"
classes = [12, 28]
"#,
    );
    // `L**K` is luck, lack or link as well: on goods of other classes, nothing says Look.
    unrelated_because(
        &d,
        &["L**K Good Feel Good Slogan T-shirt Women Cotton Oversized Graphic Tee"],
        "it needs corroboration",
    );
    // On the brand's own goods, and with a letter or two hidden (`Lo*k`), it is Look's.
    all_flagged(
        &d,
        &[
            "L**K carbon road bike pedals",
            "Lo*k Slogan T-shirt Women Cotton Oversized Graphic Tee",
        ],
    );
}

#[test]
fn a_chinese_dictionary_word_known_as_a_mark_apart_from_the_goods_is_the_word() {
    let d = detector_of(
        r#"
[[brand]]
name = "Glade"
aliases = ["佳丽"]
classes = [3, 5]
"#,
    );
    // Pageant beauties' perfume: `佳丽` (beauty) neither opens the title nor is written
    // against the goods.
    unrelated_because(
        &d,
        &["选美 佳丽 同款 香水 小样 女士 淡香 持久 花果香 试用装"],
        "a word of the Chinese dictionary though known as a mark",
    );
    // Opening the title (lead words allowed) or written against its goods: the brand.
    all_flagged(
        &d,
        &[
            "佳丽 香水 小样 女士 淡香 持久",
            "2024新款 佳丽 同款 香水 小样",
            "女士 淡香 佳丽 香水 小样 持久",
        ],
    );
}

#[test]
fn a_name_of_digits_glued_to_letters_is_part_of_a_code() {
    let d = detector_of(
        r#"
[[brand]]
name = "Sanjiu"
aliases = ["999", "三九"]
classes = [5]
"#,
    );
    // `S999` and `AU999` are silver and gold fineness, `999A` a code: not the alias.
    for t in [
        "S999 Pure Silver Gua Sha Board Massage Scraping Tool TCM Health Care",
        "AU999 足金 养生 手镯 中药 调理",
        "999A herbal granules cold relief 10 bags",
    ] {
        assert!(one(&d, t).is_none(), "{t}");
    }
    // Standing apart, or against Chinese, it is the alias.
    all_flagged(
        &d,
        &[
            "999 感冒灵 颗粒 10袋 批发",
            "999感冒灵颗粒 10袋",
            "999 Cold Flu Granules Herbal Relief",
        ],
    );
}

#[test]
fn the_chinese_word_for_mini_before_small_goods_is_the_size_word() {
    let d = detector_of(
        r#"
[[brand]]
name = "MINI"
aliases = ["迷你"]
classes = [12]
"#,
    );
    unrelated_because(
        &d,
        &[
            "迷你车载吸尘器 大吸力 无线 手持 车家两用 小型 汽车用品 批发",
            "迷你 打气泵 车载 充气泵 便携 轮胎 电动 数显",
        ],
        "ordinary sense",
    );
    // Without a size word, on the brand's goods, it needs no more than the goods.
    all_flagged(&d, &["迷你 尾灯总成 R56 原厂款 LED 改装"]);
}

#[test]
fn a_name_of_ordinary_words_before_a_shape_word_is_the_thing_shown() {
    let d = detector_of(
        r#"
[[brand]]
name = "Tiger Head"
aliases = ["虎头"]
classes = [9, 11]
"#,
    );
    unrelated_because(
        &d,
        &[
            "虎头 印花 小夜灯 电池款 儿童 卧室 床头灯",
            "Cute Tiger Head Shape Kids Night Light Battery Operated AA Animal Lamp",
        ],
        "a shape or pattern",
    );
    // Without the shape word, goods of the brand's classes corroborate the names.
    all_flagged(
        &d,
        &[
            "Tiger Head Night Light Battery Operated AA Lamp",
            "虎头 电池 5号 碳性 批发 整箱",
        ],
    );
}

#[test]
fn a_letter_copying_a_digit_of_the_name_is_leetspeak() {
    let d = detector_of(
        r#"
[[brand]]
name = "WD-40"
classes = [2, 3, 4]
"#,
    );
    // `O` for the name's `0`, written apart or not.
    for t in [
        "WD-4O Anti Rust Spray 400ml Multi Use Lubricant",
        "WD4O lubricant spray 450ml",
    ] {
        let f = one(&d, t).expect("the name is reported");
        assert_eq!(f.match_kind, MatchKind::Leetspeak, "{t}");
        assert!(f.flagged, "{t}: {:?}", f.signals);
    }
    // A letter for a digit it does not copy is another code.
    assert!(one(&d, "WDAO lubricant spray 450ml").is_none());
}

#[test]
fn a_chinese_name_with_a_radical_added_or_dropped_is_a_look_alike() {
    let d = detector_of(
        r#"
[[brand]]
name = "Ferrari"
aliases = ["法拉利"]
classes = [12, 25, 28]

[[brand]]
name = "Yageo"
aliases = ["国巨"]
classes = [9]

[[brand]]
name = "Ulysse Nardin"
aliases = ["雅典表"]
classes = [14]
"#,
    );
    for (title, written) in [
        // `俐` is `利` with a radical added; `臣` holds `巨`.
        ("法拉俐 跑车 模型 1:18 合金 摆件", "法拉俐"),
        ("国臣 贴片电阻 0805 1% 全系列 整盘", "国臣"),
        // `稚` shares `隹` with `雅`, and looks like it.
        ("稚典表 航海系列 自动机械 男表 腕表", "稚典表"),
    ] {
        let f = one(&d, title).expect("the name is reported");
        assert!(f.flagged, "{title}: {:?}", f.signals);
        assert_eq!(f.match_kind, MatchKind::Typo, "{title}");
        assert_eq!(f.matched_text, written);
    }
}

#[test]
fn a_list_of_what_a_part_fits_goes_on_after_the_name() {
    // After `适用于丰田` (fits Toyota), the models and the maker's part number that
    // follow are more of what the filter fits, not the brand's own goods.
    let d = detector_of(
        r#"
[[brand]]
name = "Toyota"
aliases = ["丰田"]
product_lines = ["卡罗拉", "Corolla"]
classes = [12]
models = ['\b\d{5}-[0-9A-Z]{5}\b']
"#,
    );
    for fits in [
        "空调滤芯 活性炭 适用于丰田 卡罗拉 凯美瑞 汉兰达 87139-YZZ08 非原厂",
        "Cabin Air Filter for Toyota Camry Highlander Corolla Hybrid Cross 87139-YZZ08",
    ] {
        let f = one(&d, fits).expect("match");
        assert_eq!(f.category, Category::CompatibilityMention, "{fits}");
        assert!(!f.flagged, "{fits}");
    }
    // A product line before the phrase is not in its list: the brand's own goods.
    for own in [
        "丰田 卡罗拉 空调滤芯 原厂 87139-YZZ08",
        "Corolla Toyota cabin air filter 87139-YZZ08 for car",
    ] {
        let f = one(&d, own).expect("match");
        assert!(f.flagged, "{own}: {:?}", f.signals);
    }
}

#[test]
fn an_accessory_of_other_goods_for_the_brand_is_a_compatibility_mention() {
    let d = detector_of(
        r#"
[[brand]]
name = "Hydro Flask"
classes = [21]
"#,
    );
    // Goods of another class made for the brand's: what the product fits.
    let f = one(&d, "Silicone Boot Sleeve for Hydro Flask 32oz Bottles").expect("match");
    assert_eq!(
        f.category,
        Category::CompatibilityMention,
        "{:?}",
        f.signals
    );
    assert!(!f.flagged);
    // Flagged where compatibility mentions are asked for, as every other one is.
    let src = "[[brand]]\nname = \"Hydro Flask\"\nclasses = [21]\n";
    let asked = Detector::with_options(
        Registry::from_toml(Path::new("t.toml"), src).expect("parses"),
        DetectorOptions {
            flag_compatibility: true,
        },
    );
    let f = one(&asked, "Silicone Boot Sleeve for Hydro Flask 32oz Bottles").expect("match");
    assert_eq!(f.category, Category::CompatibilityMention);
    assert!(f.flagged);
    // Without the phrase the name is only a word of other goods.
    let f = one(&d, "Hydro Flask Boot Sleeve Silicone").expect("match");
    assert_eq!(f.category, Category::UnrelatedGoods, "{:?}", f.signals);
    assert!(!f.flagged);
}

#[test]
fn a_code_the_listing_calls_the_makers_own_part_is_the_brands() {
    // Toyota's registry lists vehicles (12); an oil filter is class 7. A part number
    // alone on it is some filter's code, unless the listing says the part is the
    // maker's own (`原厂 正品`, `genuine`).
    let d = detector_of(
        r#"
[[brand]]
name = "Toyota"
aliases = ["丰田"]
classes = [12]
models = ['\b\d{5}-[0-9A-Z]{5}\b']

[[brand]]
name = "Honda"
aliases = ["本田"]
classes = [12]
"#,
    );
    for genuine in [
        "04152-YZZA6 机油滤清器 原厂正品包装 一件代发",
        "04152-YZZA6 Oil Filter Element Genuine 12pcs/carton",
    ] {
        let f = one(&d, genuine).expect("match");
        assert!(f.flagged, "{genuine}: {:?}", f.signals);
    }
    let f = one(&d, "04152-YZZA6 机油滤清器 一件代发").expect("match");
    assert_eq!(f.category, Category::UnrelatedGoods);
    assert!(!f.flagged);
    // Where the listing names another brand, a genuine part is that brand's.
    let findings = d.assess(&Subject {
        title: "本田 原厂正品 机油滤清器 15400-RTA03",
        ..Subject::default()
    });
    assert!(
        findings.iter().all(|f| f.brand != "Toyota" || !f.flagged),
        "{findings:?}"
    );
}

/// A listing written in traditional Chinese characters (Taiwan, Hong Kong) is read in
/// simplified ones, as the registry's names and the goods lexicon are written: `華為`
/// names 华为 and `手錶` is a watch. The finding keeps what the listing wrote and says how
/// it was read; a name the registry writes in traditional characters finds the same name
/// written in simplified ones.
#[test]
fn traditional_characters_are_read_as_simplified() {
    let d = detector_of(
        r#"
[[brand]]
name = "Huawei"
aliases = ["华为"]
classes = [9]

[[brand]]
name = "Asus"
aliases = ["華碩"]
classes = [9]
"#,
    );
    let f = one(&d, "華為 智能手錶 運動 藍牙 批發").expect("the name is found");
    assert_eq!(f.brand, "Huawei");
    assert!(f.flagged, "{:?}", f.signals);
    assert_eq!(f.matched_text, "華為");
    assert!(
        f.goods_words.iter().any(|w| w.contains("手表")),
        "{:?}",
        f.goods_words
    );
    assert!(
        f.signals
            .iter()
            .any(|s| s.contains("traditional Chinese characters: \"華為\" read as \"华为\"")),
        "{:?}",
        f.signals
    );
    let f = one(&d, "华硕 笔记本电脑 游戏本 批发").expect("the name is found");
    assert_eq!(f.brand, "Asus");
    assert!(f.flagged, "{:?}", f.signals);
    // Simplified text is read as it stands.
    let f = one(&d, "华为 手表 批发").expect("the name is found");
    assert!(!f.signals.iter().any(|s| s.contains("traditional")));
}

#[test]
fn a_weak_name_on_class_nine_goods_of_a_far_similar_group_is_not_corroborated_by_them() {
    let d = detector_of(
        r#"
[[brand]]
name = "Harbor"
product_lines = ["network switches", "NAS"]
classes = [9]
"#,
    );
    // `Harbor` is an ordinary word. Its product lines name computer goods (0901): a
    // thermostat (0910) is class 9 too, but no goods of a maker of network storage.
    let f = one(&d, "Harbor smart thermostat wifi programmable").expect("named");
    assert!(!f.flagged, "{:?}", f.signals);
    assert!(
        !f.signals
            .iter()
            .any(|s| s.contains("corroborated by goods")),
        "{:?}",
        f.signals
    );
    assert!(
        f.signals.iter().any(|s| s.contains("0910 (measuring")
            && s.contains("0901 (computers")
            && s.contains("do not corroborate")),
        "{:?}",
        f.signals
    );
    // On goods near its own (a network switch, 0901) the goods still corroborate it.
    all_flagged(&d, &["Harbor 8 port gigabit network switch managed"]);
}

#[test]
fn mi_before_mineral_insulated_cable_in_chinese_is_the_cable() {
    let d = detector_of(
        r#"
[[brand]]
name = "Xiaomi"
aliases = ["小米", "Mi"]
product_lines = ["Redmi", "Mi Band"]
classes = [9, 7, 11]
"#,
    );
    let f = one(&d, "MI 矿物绝缘电缆 BTTZ 铜芯 防火 750V").expect("named");
    assert!(!f.flagged, "{:?}", f.signals);
    assert!(
        f.signals.iter().any(|s| s.contains("ordinary sense")),
        "{:?}",
        f.signals
    );
}

#[test]
fn a_model_number_written_after_another_makers_name_is_that_makers() {
    // `UT61E` is UNI-T's multimeter: a registry's expression for `UT` codes finds it,
    // but the maker's name written right before it says whose code it is.
    let d = detector_of(
        r#"
[[brand]]
name = "Voltrix"
classes = [9]
models = ['\bUT\d{2,3}[A-Z]?\b']
"#,
    );
    unrelated_because(
        &d,
        &[
            "UNI-T UT61E 真有效值 数字万用表 高精度",
            // Delixi's Chinese name (seeds/goods/marks_zh.tsv), glued to the code.
            "德力西UT61E 数字万用表 自动量程",
            // A mark that is also a word counts written as a name, on goods it makes.
            "Fluke UT61E Digital Multimeter True RMS",
        ],
        "another maker's name: that maker's code",
    );
    // The code alone, or after the word in lower case, is the brand's.
    all_flagged(
        &d,
        &[
            "UT61E 数字万用表 高精度 自动量程",
            "fluke UT61E Digital Multimeter True RMS",
        ],
    );
}

#[test]
fn a_product_line_that_is_a_goods_word_does_not_name_the_brand_alone() {
    // An analyst lists the goods the maker is known for (`沙琪玛`, sachima) as a product
    // line; written alone, the word is any maker's sachima.
    let d = detector_of(
        r#"
[[brand]]
name = "Qinmei"
aliases = ["琴美"]
product_lines = ["沙琪玛", "Golden Crisp"]
classes = [30]
"#,
    );
    unrelated_because(
        &d,
        &["沙琪玛 鸡蛋味 整箱 1kg 早餐 糕点 零食 厂家直销"],
        "it names the goods, not the maker",
    );
    // With the brand's name, or a line that is no goods word, it is the brand's.
    all_flagged(
        &d,
        &[
            "琴美 沙琪玛 鸡蛋味 整箱 1kg 早餐 糕点",
            "Golden Crisp 沙琪玛 鸡蛋味 整箱 1kg",
        ],
    );
}

#[test]
fn classes_are_learned_from_the_listings_that_name_a_brand_the_registry_gives_none() {
    const SRC: &str = r#"
[[brand]]
name = "Vorandel"
aliases = ["VDL"]

[[brand]]
name = "Quintaro"
aliases = ["QTR"]
classes = [25]
"#;
    let title = |t| Subject {
        title: t,
        ..Subject::default()
    };
    let directory = [
        "Vorandel 18V cordless drill brushless",
        "Vorandel angle grinder 125mm",
        "Vorandel impact wrench kit",
        "Vorandel cordless drill set",
        "Vorandel phone case",
        // A part for the brand's goods is no goods of its own.
        "Charger for Vorandel phone batteries",
        // A weak name does not teach: `VDL` may be anyone's.
        "VDL leather handbag",
        "VDL leather wallet",
    ];
    let mut d = detector_of(SRC);
    // Before: the acronym has no goods to be judged by.
    let before = one(&d, "VDL cordless drill 20V").expect("reported");
    assert!(!before.flagged, "{:?}", before.signals);
    let learned = d.learn_classes(directory.iter().map(|t| title(t)));
    // Only the brand without classes learns; four of its five strong listings are power
    // tools (class 7), one a phone case (class 9: one listing, under a third).
    assert_eq!(
        learned,
        vec![LearnedClasses {
            brand: "Vorandel".into(),
            listings: 5,
            added: vec![7],
        }]
    );
    let after = one(&d, "VDL cordless drill 20V").expect("reported");
    assert!(after.flagged, "{:?}", after.signals);
    assert_eq!(after.brand_classes, vec![7]);
    let case = one(&d, "VDL phone case silicone").expect("reported");
    assert!(!case.flagged, "{:?}", case.signals);
    let bag = one(&d, "VDL leather handbag").expect("reported");
    assert!(!bag.flagged, "{:?}", bag.signals);
    // A registry whose brands all have classes learns nothing.
    let given = detector_of("[[brand]]\nname = \"Quintaro\"\nclasses = [25]\n");
    assert!(given.class_learner().is_none());
}

#[test]
fn a_mask_between_two_words_that_misspell_a_name_is_a_disguise() {
    let d = detector_of(
        r#"
[[brand]]
name = "Herbalife"
aliases = ["HERBALIFE", "Herbalife Nutrition", "康宝莱"]
classes = [5, 29, 30, 32]
"#,
    );
    // `Herb*life` is no pair of words written apart (`Herb Life`): the mask hides the
    // name's `a`, and nobody masks an ordinary word, so no goods are needed.
    all_flagged(&d, &["Herb*life Formula 1 Shake 750g French Vanilla"]);
    // Written apart, the two words need the brand's goods.
    none_flagged(&d, &["Herb Life Formula 1 Shake 750g French Vanilla"]);
    // A weak name of ordinary words so masked, on goods all of other classes, is the
    // words' own goods (a tiger's head); on the brand's goods, the brand.
    let d = detector_of(
        r#"
[[brand]]
name = "Tiger Head"
aliases = ["TIGER HEAD", "虎头", "虎头牌"]
product_lines = ["Super Heavy Duty", "Ultra Alkaline"]
classes = [9]
"#,
    );
    none_flagged(
        &d,
        &["T*ger Head Wall Decor Resin Sculpture Animal Head Ornament"],
    );
    all_flagged(
        &d,
        &["T*ger Head AA Battery R6P Carbon Zinc 1.5V 60pcs Box"],
    );
}

#[test]
fn a_number_after_a_space_does_not_make_a_half_hidden_name_a_product() {
    let d = detector_of(
        r#"
[[brand]]
name = "Yeezy"
aliases = ["椰子"]
classes = [18, 25]
"#,
    );
    // `椰*` then the model's number after a space, with counterfeit indicators: the
    // name half hidden, corroborated. Glued to the mask, a number is multiplied
    // (`5双椰*2`), and no name.
    all_flagged(&d, &["椰* 350 V2 纯原 莆田 一比一 满天星"]);
    none_flagged(&d, &["运动袜 5双椰*2 纯原"]);
}
