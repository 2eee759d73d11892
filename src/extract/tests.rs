//! Unit tests of whole-page extraction over small hand-written pages.

use std::path::Path;

use super::*;

const HEAD: &str =
    "name = \"t\"\nstart_urls = [\"https://shop.example/\"]\nhosts = [\"*.shop.example\"]\n";

fn profile(pages: &str) -> SiteProfile {
    SiteProfile::from_toml(Path::new("t.toml"), &format!("{HEAD}{pages}"))
        .expect("profile compiles")
}

fn url(u: &str) -> Url {
    Url::parse(u).expect("valid URL")
}

#[test]
fn css_cards_with_the_original_keys() {
    let p = profile(
        r#"
[[page]]
kind = "search"
url_pattern = "^/s"
listing = ".card"
fields.title = { css = "h2" }
fields.product_url = { css = "a", attr = "href" }
follow = ["a.p"]
next_page = "a.next"
"#,
    );
    let html = r#"<base href="//www.shop.example"><div class="card"><h2> Red
      shoe </h2><a class="p" href="/p/1.html">x</a></div><div class="card"><h2>Blue</h2></div>
      <a class="next" href="/s?page=2">next</a>"#;
    let e = p.extract(&url("https://www.shop.example/s?q=x"), html);
    assert_eq!(e.listings.len(), 2);
    assert_eq!(e.listings[0].title.as_deref(), Some("Red shoe"));
    assert_eq!(
        e.listings[0].product_url.as_deref(),
        Some("https://www.shop.example/p/1.html")
    );
    assert_eq!(
        e.next_page.as_ref().map(Url::as_str),
        Some("https://www.shop.example/s?page=2")
    );
    assert_eq!(e.follow.len(), 2);
    assert!(!e.blocked);
}

#[test]
fn json_listing_in_a_script_skips_the_empty_stub_and_builds_templates() {
    let p = profile(
        r#"
[[page]]
kind = "search"
url_pattern = "^/w/"
listing = { script = "window.runParams", json = "mods.items" }
fields.title = [{ json = "title.display" }, { json = "title" }]
fields.price = { json = "price", remove = ["Price:"] }
fields.product_id = { json = "id" }
fields.product_url = { template = "https://www.shop.example/item/{product_id}.html" }
fields.seller_url = { json = "store.url" }
fields.location = { json = "trace.cdi", url_decode = true, capture = '"shipFrom":"([A-Z]{2})"' }
next_page = { script = "window.runParams", json = "pager.rule", page_placeholder = "{0}" }
max_pages = 3
"#,
    );
    let html = r#"<script>window.runParams = {};
    window.runParams = {mods: {items: [
      {title: {display: "<strong>Linen</strong> shirt &amp; tie"}, price: 'Price: ARS 1,39', id: 1005004468964928,
       store: {url: "//shop.example/store/1"}, trace: {cdi: "%7B%22shipFrom%22%3A%22CN%22%7D"}},
      {title: "Plain", id: 2, store: {url: "/store/2"}, trace: {cdi: ""}},
    ]}, pager: {rule: "//www.shop.example/w/x.html?page={0}"}};
    window.runParams.csrf = 'x';</script>"#;
    let (e, why) = p.extract_explained(&url("https://www.shop.example/w/x.html"), html);
    assert_eq!(e.listings.len(), 2);
    let a = &e.listings[0];
    assert_eq!(a.title.as_deref(), Some("Linen shirt & tie"));
    assert_eq!(a.price.as_deref(), Some("ARS 1,39"));
    assert_eq!(a.product_id.as_deref(), Some("1005004468964928"));
    assert_eq!(
        a.product_url.as_deref(),
        Some("https://www.shop.example/item/1005004468964928.html")
    );
    assert_eq!(
        a.seller_url.as_deref(),
        Some("https://shop.example/store/1")
    );
    assert_eq!(a.location.as_deref(), Some("CN"));
    let b = &e.listings[1];
    assert_eq!(b.title.as_deref(), Some("Plain"));
    assert_eq!(b.location, None, "an empty ship-from stays null");
    assert_eq!(
        b.seller_url.as_deref(),
        Some("https://www.shop.example/store/2")
    );
    assert_eq!(
        e.next_page.as_ref().map(Url::as_str),
        Some("https://www.shop.example/w/x.html?page=2")
    );
    assert!(
        why.listings[1]["title"].contains("[1]"),
        "{:?}",
        why.listings[1]
    );

    // At the page limit there is no next page.
    let last = p.extract(&url("https://www.shop.example/w/x.html?page=3"), html);
    assert_eq!(last.next_page, None);
}

#[test]
fn detail_page_is_one_listing_from_dom_json_ld_and_js_literals() {
    let p = profile(
        r#"
[[page]]
kind = "product"
url_pattern = "^/offer/"
fields.title = { css = "h1.t" }
fields.price = { jsonld = "offers.price", type = "Product" }
fields._qty = { script = "window.contextPath,", json = "result.data.start" }
fields._unit = { script = "window.contextPath,", json = "result.data.1" }
fields.moq = { template = "{_qty}{_unit}" }
fields.product_id = { regex = '/offer/(\d+)\.html', scope = "page" }
fields.location = { css = ".info", contains = "(MOQ)", remove = ["(MOQ)"] }
fields.seller_name = { css = ".prc", exclude = ".cta" }
"#,
    );
    let html = r#"<html><head><script type="application/ld+json">{"@type":"Product","offers":{"price":"0.11"}}</script>
    <link rel=canonical href="https://www.shop.example/offer/96.html"></head><body>
    <h1 class="t">Trousers</h1><div class="info">Hubei</div><div class="info">1 Piece(MOQ)</div>
    <p class="prc">Acme<span class="cta">Get Quote</span> Ltd</p>
    <script>window.context=(function(b,d){return d})(window.contextPath,{result:{data:{start:1,1:'条',},}});</script>
    </body></html>"#;
    let e = p.extract(&url("https://www.shop.example/offer/96.html"), html);
    assert_eq!(e.listings.len(), 1);
    let l = &e.listings[0];
    assert_eq!(l.title.as_deref(), Some("Trousers"));
    assert_eq!(l.price.as_deref(), Some("0.11"));
    assert_eq!(l.moq.as_deref(), Some("1条"));
    assert_eq!(l.product_id.as_deref(), Some("96"));
    assert_eq!(l.location.as_deref(), Some("1 Piece"));
    assert_eq!(l.seller_name.as_deref(), Some("Acme Ltd"));
}

#[test]
fn unique_and_require_shape_the_listing_set() {
    let p = profile(
        r##"
[[page]]
kind = "supplier"
url_pattern = "."
listing = "li"
unique = "product_id"
require = ["title"]
fields.title = { css = "a" }
fields.product_id = { css = "a", attr = "href", capture = '#(\d+)$' }
"##,
    );
    let html = r##"<ul><li><a href="x.html#1">One</a></li><li><a href="y.html#2"></a></li>
      <li><a href="y.html#2">Two</a></li><li><a href="x.html#1">One again</a></li></ul>"##;
    let e = p.extract(&url("https://www.shop.example/s/"), html);
    let titles: Vec<_> = e
        .listings
        .iter()
        .filter_map(|l| l.title.as_deref())
        .collect();
    assert_eq!(titles, ["One", "Two"]);
}

#[test]
fn block_pages_are_reported_and_content_pages_are_not() {
    let p =
        profile("[[page]]\nkind = \"p\"\nurl_pattern = \".\"\nfields.title = { css = \"h1\" }\n");
    let u = url("https://www.shop.example/p/1.html");
    let denied = "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don't have permission.</BODY></HTML>";
    let e = p.extract(&u, denied);
    assert!(e.blocked);
    assert!(e.listings.is_empty());
    let ok = "<title>Captcha-free widget</title><h1>Widget</h1>";
    // A product titled with a marker is content when it is a big page.
    let big = format!("{ok}<p>{}</p>", "lorem ipsum ".repeat(3000));
    assert!(!p.extract(&u, &big).blocked);
}

#[test]
fn malformed_pages_give_fewer_fields_not_panics() {
    let p = profile(
        r#"
[[page]]
kind = "s"
url_pattern = "."
listing = { script = "var data =", json = "items" }
fields.title = { json = "t" }
fields.moq = { flight = "..(itemCode).minOrder" }
"#,
    );
    for html in [
        "<script>var data = {items: [{t: 'a'}, {t: </script>",
        "<script>var data = </script>",
        "<script>var data = JSON.parse(\"{\\\"items\\\":[{\\\"t\\\":\\\"ok\\\"}]}\")</script><script>self.__next_f.push([1,\"zz:{\"])</script>",
        "\u{0}\u{fffd}<<<>>>{{{[[[",
    ] {
        let e = p.extract(&url("https://www.shop.example/"), html);
        assert!(e.listings.len() <= 1);
    }
    let e = p.extract(
        &url("https://www.shop.example/"),
        "<script>var data = JSON.parse(\"{\\\"items\\\":[{\\\"t\\\":\\\"ok\\\"}]}\")</script>",
    );
    assert_eq!(e.listings.len(), 1);
    assert_eq!(e.listings[0].title.as_deref(), Some("ok"));
}

#[test]
fn absolutize_keeps_links_as_given() {
    let base = url("https://www.indiamart.com/sign-in/");
    assert_eq!(
        absolutize(&base, "roll-up-standee.html#2851822167233").as_deref(),
        Some("https://www.indiamart.com/sign-in/roll-up-standee.html#2851822167233")
    );
    assert_eq!(
        absolutize(&base, "https://bidisco.en.made-in-china.com").as_deref(),
        Some("https://bidisco.en.made-in-china.com")
    );
    assert_eq!(
        absolutize(&url("http://x.example/"), "//suning.tmall.com").as_deref(),
        Some("https://suning.tmall.com")
    );
    assert_eq!(absolutize(&base, "javascript:void(0)"), None);
    assert_eq!(absolutize(&base, "#"), None);
}

#[test]
fn url_template_pagination_counts_pages_from_the_url_and_stops_at_the_limit() {
    let p = profile(
        r#"
[[page]]
kind = "store"
url_pattern = '^/product-list-\d+\.html'
page_pattern = '-(\d+)\.html'
listing = ".item"
fields.title = ".t"
next_page = { template = "https://www.shop.example/product-list-{page}.html" }
max_pages = 8
"#,
    );
    let html = "<div class=item><p class=t>A</p></div>";
    let e = p.extract(&url("https://www.shop.example/product-list-1.html"), html);
    assert_eq!(
        e.next_page.as_ref().map(Url::as_str),
        Some("https://www.shop.example/product-list-2.html")
    );
    assert!(
        e.follow
            .contains(&url("https://www.shop.example/product-list-2.html"))
    );
    let e = p.extract(&url("https://www.shop.example/product-list-7.html"), html);
    assert_eq!(
        e.next_page.as_ref().map(Url::as_str),
        Some("https://www.shop.example/product-list-8.html")
    );
    let e = p.extract(&url("https://www.shop.example/product-list-8.html"), html);
    assert_eq!(e.next_page, None);
}

#[test]
fn follow_fields_put_listing_links_into_follow() {
    let p = profile(
        r#"
[[page]]
kind = "search"
url_pattern = "."
listing = ".item"
fields.title = ".t"
fields.product_url = { css = "a.p", attr = "href" }
fields.seller_url = { css = "a.s", attr = "href" }
follow_fields = ["product_url", "seller_url"]
"#,
    );
    let html = r#"<div class=item><p class=t>A</p><a class=p href="/p/1">x</a><a class=s href="//s.shop.example/">s</a></div>
      <div class=item><p class=t>B</p><a class=p href="/p/2">x</a><a class=s href="//s.shop.example/">s</a></div>"#;
    let e = p.extract(&url("https://www.shop.example/s"), html);
    let follow: Vec<&str> = e.follow.iter().map(Url::as_str).collect();
    assert_eq!(
        follow,
        [
            "https://www.shop.example/p/1",
            "https://s.shop.example/",
            "https://www.shop.example/p/2"
        ]
    );
}

#[test]
fn closest_reads_the_group_a_card_belongs_to() {
    let p = profile(
        r#"
[[page]]
kind = "search"
url_pattern = "^/dir"
listing = "div.supplier li"
fields.title = { css = "a" }
fields.seller_name = { css = "h2", closest = "div.supplier" }
fields.location = { css = "td.city", closest = "div.supplier" }
"#,
    );
    let html = r#"<div class="supplier"><h2>Acme Ltd</h2><table><tr><td class="city">Dongguan</td></tr></table>
      <ul><li><a>Case A</a></li><li><a>Case B</a></li></ul></div>
      <div class="supplier"><h2>Beta Co</h2><ul><li><a>Case C</a></li></ul></div>"#;
    let e = p.extract(&url("https://www.shop.example/dir/1.html"), html);
    let got: Vec<_> = e
        .listings
        .iter()
        .map(|l| {
            (
                l.title.as_deref(),
                l.seller_name.as_deref(),
                l.location.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("Case A"), Some("Acme Ltd"), Some("Dongguan")),
            (Some("Case B"), Some("Acme Ltd"), Some("Dongguan")),
            // The second group has no city: nothing is borrowed from the first.
            (Some("Case C"), Some("Beta Co"), None),
        ]
    );
    let err = SiteProfile::from_toml(
        Path::new("t.toml"),
        &format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\nfields.title = {{ css = \"h2\", closest = \"div\", scope = \"page\" }}\n"
        ),
    )
    .expect_err("closest with scope = page");
    assert_eq!(err.key.as_deref(), Some("page[0].fields.title.closest"));
}

#[test]
fn script_marker_with_hash_reads_the_script_element_with_that_id() {
    let p = profile(
        r##"
[[page]]
kind = "search"
url_pattern = "."
listing = { script = "#__NEXT_DATA__", json = "props.items" }
fields.title = { json = "name" }
"##,
    );
    let html = r#"<p>__NEXT_DATA__ = {"props": {"items": [{"name": "decoy"}]}}</p>
      <script id="__NEXT_DATA__" type="application/json">{"props": {"items": [{"name": "A"}, {"name": "B"}]}}</script>"#;
    let e = p.extract(&url("https://www.shop.example/s"), html);
    let titles: Vec<_> = e
        .listings
        .iter()
        .filter_map(|l| l.title.as_deref())
        .collect();
    assert_eq!(titles, ["A", "B"]);
}

#[test]
fn json_ld_references_are_followed_and_typed_objects_can_be_cards() {
    let p = profile(
        r##"
[[page]]
kind = "product"
url_pattern = "^/p/"
fields.title = { jsonld = "name", type = "Product" }
fields.seller_name = { jsonld = "offers.seller.name", type = "schema:Product" }

[[page]]
kind = "search"
url_pattern = "^/s"
listing = { jsonld = "$", type = "Product" }
fields.title = { json = "name" }
fields.seller_name = { json = "offers.seller.name" }
"##,
    );
    let html = r##"<script type="application/ld+json">{"@graph":[
      {"@type":"Product","name":"Lamp","offers":{"@id":"#o"}},
      {"@type":["Offer"],"@id":"#o","seller":{"@id":"#s","@type":"Organization"}},
      {"@type":"Organization","@id":"#s","name":"Lamp Works"},
      {"@type":"Product","name":"Shade"}]}</script>"##;
    let e = p.extract(&url("https://www.shop.example/p/1"), html);
    assert_eq!(e.listings.len(), 1);
    assert_eq!(e.listings[0].seller_name.as_deref(), Some("Lamp Works"));
    let e = p.extract(&url("https://www.shop.example/s?q=l"), html);
    assert_eq!(e.listings.len(), 2);
    assert_eq!(e.listings[0].seller_name.as_deref(), Some("Lamp Works"));
    assert_eq!(e.listings[1].title.as_deref(), Some("Shade"));
}

/// Cards no profile rule reads: a product link, a heading title and a price each.
fn cards_page() -> String {
    let mut cards = String::new();
    for i in 1..=5 {
        cards.push_str(&format!(
            "<div class=\"p\"><h3><a href=\"/item/{i}.html\">Steel water bottle model {i} 500 ml</a></h3><span class=\"pr\">US$ {i}.20</span></div>"
        ));
    }
    format!("<html><body><main><div class=\"grid\">{cards}</div></main></body></html>")
}

#[test]
fn page_kinds_choose_their_automatic_extraction() {
    let page = cards_page();
    let u = url("https://www.shop.example/s/bottles");
    let run = |kind: &str| {
        let p = profile(&format!(
            "[[page]]\nkind = \"s\"\nurl_pattern = \"^/s/\"\n{kind}"
        ));
        p.extract(&u, &page)
    };
    // A kind whose rules find nothing: automatic extraction takes over, and says so.
    let broken = run("listing = \"div.card\"\nfields.title = \"h2\"\n");
    assert_eq!(broken.listings.len(), 5);
    assert_eq!(broken.extraction, Some(ExtractionMethod::Auto));
    assert!(broken.expects_listings);
    // Unless the kind turns it off.
    let off = run("listing = \"div.card\"\nfields.title = \"h2\"\nauto = false\n");
    assert!(off.listings.is_empty());
    // A follow-only kind reads declared data only: these cards declare nothing.
    let nav = run("follow = [\"a\"]\n");
    assert!(nav.listings.is_empty());
    assert!(!nav.expects_listings);
    // ... unless it asks for every finder.
    let asked = run("follow = [\"a\"]\nauto = true\n");
    assert_eq!(asked.listings.len(), 5);
    assert!(asked.expects_listings);
    // No kind matched: every finder.
    let none = profile("[[page]]\nkind = \"x\"\nurl_pattern = \"^/nothing\"\nfollow = [\"a\"]\n")
        .extract(&u, &page);
    assert_eq!(none.listings.len(), 5);
    assert_eq!(none.page_kind, None);
    // Rules that work are never second-guessed.
    let ok = run("listing = \"div.p\"\nfields.title = \"h3 a\"\n");
    assert_eq!(ok.extraction, Some(ExtractionMethod::Profile));
}

#[test]
fn a_seller_page_gives_a_seller_record_and_listings_lead_to_it() {
    let p = profile(
        r#"
follow_sellers = true

[[page]]
kind = "search"
url_pattern = '^/s\?'
listing = ".card"
fields.title = "h2"
fields.seller_url = { css = "a.shop", attr = "href" }

[[page]]
kind = "seller"
url_pattern = "^/shop/"

[page.seller]
seller_id = { css = "[data-sid]", attr = "data-sid" }
name = "h1"
location = { jsonld = "address.addressLocality", type = "Organization" }
_years = ".years"
extra.years_on_platform = { template = "{_years} yrs", only_if = { field = "_years", matches = '\d' } }
extra.verified = { css = ".badge", contains = "verified" }
"#,
    );
    let list = r#"<div class="card"><h2>Bottle</h2><a class="shop" href="/shop/7?spm=x">Acme</a></div>
        <div class="card"><h2>Cup</h2><a class="shop" href="/shop/7?spm=x">Acme</a></div>
        <div class="card"><h2>Jar</h2><a class="shop" href="//www.shop.example/shop/8">B</a></div>"#;
    let e = p.extract(&url("https://www.shop.example/s?q=x"), list);
    assert_eq!(e.seller, None, "a search page carries no seller record");
    assert_eq!(
        e.follow.iter().map(Url::as_str).collect::<Vec<_>>(),
        [
            "https://www.shop.example/shop/7?spm=x",
            "https://www.shop.example/shop/8"
        ],
        "each seller page once"
    );

    let shop = r#"<script type="application/ld+json">{"@type":"Organization","address":{"addressLocality":"Ningbo, China"}}</script>
        <h1> Acme  Trading </h1><span data-sid="220145"></span><span class="years">6</span>
        <span class="badge">Verified supplier</span>"#;
    let (e, why) = p.extract_explained(&url("https://www.shop.example/shop/7"), shop);
    assert!(!e.blocked, "{:?}", e.block);
    let s = e.seller.expect("seller record");
    assert_eq!(s.seller_id.as_deref(), Some("220145"));
    assert_eq!(s.name.as_deref(), Some("Acme Trading"));
    assert_eq!(s.location.as_deref(), Some("Ningbo, China"));
    assert_eq!(s.url.as_deref(), Some("https://www.shop.example/shop/7"));
    assert_eq!(s.extra["years_on_platform"], "6 yrs");
    assert_eq!(s.extra["verified"], "Verified supplier");
    assert!(why.seller["extra.verified"].starts_with("seller.extra.verified: css .badge"));
    assert!(e.listings.is_empty());

    let e = p.extract(&url("https://www.shop.example/shop/9"), "<p>gone</p>");
    assert_eq!(e.seller, None, "no value, no record");
}
