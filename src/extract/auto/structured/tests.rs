//! Synthetic pages for the structured-data finder (written for these tests).

use url::Url;

use crate::extract::{Listing, extract_auto};

fn run(url: &str, html: &str) -> (Vec<Listing>, Option<String>) {
    let u = Url::parse(url).expect("valid URL");
    let (e, why) = extract_auto(&u, html);
    (e.listings, why.auto)
}

fn page(head: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head>{head}</head><body><nav><a href=/>Home</a><a href=/c>Categories</a></nav>{body}<footer>About us | Contact</footer></body></html>"
    )
}

fn ld(json: &str) -> String {
    format!(r##"<script type="application/ld+json">{json}</script>"##)
}

#[test]
fn one_json_ld_product_is_a_detail_page_in_the_pages_price_style() {
    let html = page(
        &ld(
            r##"{"@context":"https://schema.org","@type":"Product","name":"Trail Runner 2","sku":"55501234",
        "brand":{"@type":"Brand","name":"Stridewell"},
        "offers":{"@type":"Offer","price":"12.50","priceCurrency":"USD","url":"https://shop.example/item/55501234.html",
          "eligibleQuantity":{"@type":"QuantitativeValue","minValue":10,"unitText":"pairs"},
          "seller":{"@type":"Organization","name":"Ningbo Feet Co., Ltd","url":"https://feet.shop.example/",
            "address":{"@type":"PostalAddress","addressRegion":"Zhejiang","addressCountry":"China"}}}}"##,
        ),
        r##"<h1>Trail Runner 2</h1><div class=price><span>US$</span> <b>12.50</b></div>"##,
    );
    let (l, how) = run("https://shop.example/item/55501234.html", &html);
    assert_eq!(l.len(), 1, "{l:?}");
    let l = &l[0];
    assert_eq!(l.title.as_deref(), Some("Trail Runner 2"));
    assert_eq!(l.price.as_deref(), Some("US$ 12.50"));
    assert_eq!(l.moq.as_deref(), Some("10 pairs"));
    assert_eq!(l.seller_name.as_deref(), Some("Ningbo Feet Co., Ltd"));
    assert_eq!(l.seller_url.as_deref(), Some("https://feet.shop.example/"));
    assert_eq!(l.location.as_deref(), Some("Zhejiang, China"));
    assert_eq!(
        l.product_url.as_deref(),
        Some("https://shop.example/item/55501234.html")
    );
    assert_eq!(l.product_id.as_deref(), Some("55501234"));
    assert!(how.is_some_and(|h| h.starts_with("json-ld")));
}

#[test]
fn a_brand_is_not_a_seller_and_a_site_wide_organization_is_not_either() {
    let html = page(
        &(ld(
            r##"{"@type":"Organization","name":"Shop Example Inc.","url":"https://shop.example/"}"##,
        ) + &*ld(
            r##"{"@type":"Product","name":"Headphones X","brand":{"@type":"Brand","name":"Sonix"},
            "offers":{"@type":"Offer","price":16.39,"priceCurrency":"USD"}}"##,
        )),
        "<title>Headphones X $16.39</title><p>$16.39</p>",
    );
    let (l, _) = run("https://shop.example/p/1", &html);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].seller_name, None);
    assert_eq!(l[0].location, None);
    assert_eq!(l[0].price.as_deref(), Some("$16.39"));
    // No visible currency: the usual symbol.
    let html = page(
        &ld(r##"{"@type":"Product","name":"Cup","offers":{"price":"3","priceCurrency":"EUR"}}"##),
        "",
    );
    assert_eq!(
        run("https://shop.example/p/2", &html).0[0].price.as_deref(),
        Some("€3")
    );
    // An unknown code stays a code.
    let html = page(
        &ld(r##"{"@type":"Product","name":"Cup","offers":{"price":"3","priceCurrency":"XYZ"}}"##),
        "",
    );
    assert_eq!(
        run("https://shop.example/p/2", &html).0[0].price.as_deref(),
        Some("XYZ 3")
    );
}

#[test]
fn a_detail_page_with_related_products_stays_single() {
    let html = page(
        &(r##"<link rel="canonical" href="https://shop.example/item/900100200.html">"##
            .to_string()
            + &*ld(
                r##"[{"@type":"Product","name":"Main lamp","url":"https://shop.example/item/900100200.html",
                "offers":{"price":"20","priceCurrency":"USD"}},
              {"@type":"Product","name":"Related lamp A","url":"https://shop.example/item/900100201.html"},
              {"@type":"Product","name":"Related lamp B","url":"https://shop.example/item/900100202.html"}]"##,
            )),
        "<h1>Main lamp</h1><div class=carousel><a href=/item/900100201.html>Related lamp A</a></div>",
    );
    let (l, _) = run("https://shop.example/item/900100200.html?spm=1", &html);
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!(l[0].title.as_deref(), Some("Main lamp"));
    assert_eq!(l[0].product_id.as_deref(), Some("900100200"));
}

#[test]
fn several_products_without_a_page_product_are_a_list() {
    let html = page(
        &ld(r##"{"@context":"https://schema.org","@graph":[
          {"@type":"Product","name":"Red mug","url":"/p/1001001","offers":{"price":"2","priceCurrency":"USD"}},
          {"@type":"Product","name":"Blue mug","url":"/p/1001002","offers":{"price":"3","priceCurrency":"USD"}},
          {"@type":"WebSite","name":"Mugs"}]}"##),
        "<p>US$2</p>",
    );
    let (l, how) = run("https://shop.example/search?q=mug", &html);
    assert_eq!(l.len(), 2, "{l:?}");
    assert_eq!(l[1].title.as_deref(), Some("Blue mug"));
    assert_eq!(l[1].price.as_deref(), Some("US$3"));
    assert_eq!(
        l[1].product_url.as_deref(),
        Some("https://shop.example/p/1001002")
    );
    assert!(how.is_some_and(|h| h.contains("Product")));
}

#[test]
fn an_item_list_with_references_into_the_graph_is_a_list() {
    let html = page(
        &ld(r##"{"@context":"https://schema.org","@graph":[
          {"@type":"CollectionPage","@id":"https://shop.example/c/lamps#page","mainEntity":{"@id":"#list"}},
          {"@type":"ItemList","@id":"#list","itemListElement":[
            {"@type":"ListItem","position":1,"item":{"@id":"#p1"}},
            {"@type":"ListItem","position":2,"item":{"@id":"#p2"}}]},
          {"@type":"Product","@id":"#p1","name":"Desk lamp","url":"https://shop.example/p/7000001",
            "offers":{"@type":"AggregateOffer","lowPrice":"5","highPrice":"9","priceCurrency":"USD",
              "seller":{"@id":"#s1"}}},
          {"@type":"Product","@id":"#p2","name":"Floor lamp","url":"https://shop.example/p/7000002"},
          {"@type":"Organization","@id":"#s1","name":"Lamp Works Co., Ltd."}]}"##),
        "<p>US$ 5 - 9</p>",
    );
    let (l, how) = run("https://shop.example/c/lamps", &html);
    assert_eq!(l.len(), 2, "{l:?} {how:?}");
    assert_eq!(l[0].title.as_deref(), Some("Desk lamp"));
    assert_eq!(l[0].price.as_deref(), Some("US$ 5 - 9"));
    assert_eq!(l[0].seller_name.as_deref(), Some("Lamp Works Co., Ltd."));
    assert_eq!(l[0].product_id.as_deref(), Some("7000001"));
    assert_eq!(l[1].title.as_deref(), Some("Floor lamp"));
    assert_eq!(l[1].price, None);
    assert_eq!(
        l[1].seller_name, None,
        "a page-level value is not copied into cards"
    );
}

#[test]
fn list_items_with_name_and_url_and_no_breadcrumbs() {
    let html = page(
        &(ld(
            r##"{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"https://shop.example/"}]}"##,
        ) + &*ld(r##"{"@type":"ItemList","itemListElement":[
              {"@type":"ListItem","position":1,"url":"https://shop.example/d/heat-press-88001234.html","name":"Heat press"},
              {"@type":"ListItem","position":2,"url":"https://shop.example/d/cap-maker-88001235.html","name":"Cap maker"}]}"##)),
        "",
    );
    let (l, _) = run("https://shop.example/cat/machines.html", &html);
    assert_eq!(l.len(), 2, "{l:?}");
    assert_eq!(l[0].title.as_deref(), Some("Heat press"));
    assert_eq!(l[0].product_id.as_deref(), Some("88001234"));
    assert_eq!(
        l[1].product_url.as_deref(),
        Some("https://shop.example/d/cap-maker-88001235.html")
    );
    // Breadcrumbs alone are no listings.
    let html = page(
        &ld(
            r##"{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"https://shop.example/"}]}"##,
        ),
        "",
    );
    assert!(run("https://shop.example/x", &html).0.is_empty());
}

#[test]
fn microdata_products_are_cards_with_their_own_properties() {
    let card = |n: u32, price: &str| {
        format!(
            r##"<div class=card itemscope itemtype="https://schema.org/Product">
              <a itemprop="url" href="/item/{n}00000.html"><span itemprop="name">Widget {n}</span></a>
              <span itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">Acme</span></span>
              <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
                <meta itemprop="priceCurrency" content="USD"><span itemprop="price" content="{price}">US$ {price}</span>
                <div itemprop="seller" itemscope itemtype="https://schema.org/Organization"><a itemprop="url" href="https://s{n}.shop.example/"><span itemprop="name">Seller {n}</span></a>
                <span itemprop="address">Guangdong, China</span></div>
              </div>
              <div itemprop="review" itemscope itemtype="https://schema.org/Review"><span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Bob</span></span></div>
            </div>"##
        )
    };
    let html = page(
        "",
        &format!(
            "<ul class=menu><li>Widgets</li></ul>{}{}{}",
            card(1, "1.50"),
            card(2, "2.00"),
            card(3, "3.25")
        ),
    );
    let (l, how) = run("https://shop.example/search?q=widget", &html);
    assert_eq!(l.len(), 3, "{l:?}");
    assert_eq!(l[0].title.as_deref(), Some("Widget 1"));
    assert_eq!(l[0].price.as_deref(), Some("US$ 1.50"));
    assert_eq!(l[0].seller_name.as_deref(), Some("Seller 1"));
    assert_eq!(l[0].seller_url.as_deref(), Some("https://s1.shop.example/"));
    assert_eq!(l[0].location.as_deref(), Some("Guangdong, China"));
    assert_eq!(
        l[2].product_url.as_deref(),
        Some("https://shop.example/item/300000.html")
    );
    assert_eq!(l[2].product_id.as_deref(), Some("300000"));
    assert!(how.is_some_and(|h| h.starts_with("microdata")));
}

#[test]
fn a_microdata_detail_page_ignores_its_related_products() {
    let html = page(
        r##"<link rel=canonical href="https://shop.example/item/4242424.html">"##,
        r##"<div itemscope itemtype="http://schema.org/Product"><h1 itemprop="name">Main kettle</h1>
             <span itemprop="offers" itemscope itemtype="http://schema.org/Offer"><span itemprop="price">¥18.00</span></span>
             <div itemprop="isRelatedTo" itemscope itemtype="http://schema.org/Product"><span itemprop="name">Other kettle</span></div>
           </div>
           <div itemscope itemtype="http://schema.org/Product"><span itemprop="name">Carousel kettle</span></div>"##,
    );
    let (l, _) = run("https://shop.example/item/4242424.html", &html);
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!(l[0].title.as_deref(), Some("Main kettle"));
    assert_eq!(l[0].price.as_deref(), Some("¥18.00"));
    assert_eq!(
        l[0].product_url.as_deref(),
        Some("https://shop.example/item/4242424.html")
    );
}

#[test]
fn rdfa_product() {
    let html = page(
        "",
        r##"<div vocab="https://schema.org/" typeof="Product"><span property="name">Steel bottle</span>
           <div property="offers" typeof="Offer"><span property="priceCurrency" content="USD">$</span><span property="price" content="4.10">4.10</span></div></div>"##,
    );
    let (l, how) = run("https://shop.example/p/steel-bottle", &html);
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!(l[0].title.as_deref(), Some("Steel bottle"));
    assert_eq!(l[0].price.as_deref(), Some("$4.10"));
    assert!(how.is_some_and(|h| h.contains("RDFa")));
}

#[test]
fn open_graph_product_tags_are_the_last_resort() {
    let html = page(
        r##"<meta property="og:type" content="product"><meta property="og:site_name" content="Gadgets.com">
           <meta property="og:title" content="USB-C charger 65W - Gadgets 12">
           <meta property="og:url" content="//www.gadgets.example/item/1005006000111.html?src=x&amp;aff=1">
           <meta property="product:price:amount" content="9.99"><meta property="product:price:currency" content="USD">"##,
        "<div id=root></div>",
    );
    let (l, how) = run("https://www.gadgets.example/item/1005006000111.html", &html);
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!(l[0].title.as_deref(), Some("USB-C charger 65W"));
    assert_eq!(
        l[0].product_url.as_deref(),
        Some("https://www.gadgets.example/item/1005006000111.html?src=x&aff=1")
    );
    assert_eq!(l[0].product_id.as_deref(), Some("1005006000111"));
    assert_eq!(l[0].price.as_deref(), Some("$9.99"));
    assert!(how.is_some_and(|h| h.starts_with("opengraph")));
    // A title suffix that is not the site's name stays.
    let html = page(
        r##"<meta property="og:type" content="product"><meta property="og:title" content="Pump - Blue edition">"##,
        "",
    );
    assert_eq!(
        run("https://shop.example/p", &html).0[0].title.as_deref(),
        Some("Pump - Blue edition")
    );
}

#[test]
fn pages_without_product_markup_give_nothing() {
    // A website's meta tags, breadcrumbs, navigation and a footer.
    let html = page(
        r##"<meta property="og:type" content="website"><meta property="og:title" content="Shop - Home">"##,
        r##"<div itemscope itemtype="https://schema.org/BreadcrumbList"><span itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><span itemprop="name">Home</span></span></div>"##,
    );
    assert!(run("https://shop.example/", &html).0.is_empty());
    // Prices without titles are not listings.
    let html = page(
        "",
        r##"<div itemscope itemtype="https://schema.org/Product"><span itemprop="price">US$ 3</span></div>
           <div itemscope itemtype="https://schema.org/Product"><span itemprop="price">US$ 4</span></div>"##,
    );
    assert!(run("https://shop.example/s", &html).0.is_empty());
    let html = page(&ld(r##"{"@type":"Product","offers":{"price":"1"}}"##), "");
    assert!(run("https://shop.example/s", &html).0.is_empty());
}

#[test]
fn every_plan_compiles() {
    let html = page(
        &(r##"<meta property="og:type" content="product"><meta property="og:title" content="T">"##
            .to_string()
            + &*ld(r##"{"@type":"Product","name":"A"}"##)
            + &*ld(
                r##"{"@type":"WebPage","mainEntity":{"@type":"ItemList","itemListElement":[{"name":"x"}]}}"##,
            )),
        r##"<div itemscope itemtype="https://schema.org/Product"><b itemprop=name>x</b></div><div typeof="Product"><b property=name>y</b></div>"##,
    );
    let url = Url::parse("https://shop.example/p").expect("url");
    let doc = scraper::Html::parse_document(&html);
    let view = super::super::PageView {
        doc: &doc,
        source: &html,
        url: &url,
        base: &url,
    };
    let plans = super::plans(&view);
    assert_eq!(
        plans.len(),
        4,
        "{:?}",
        plans.iter().map(|p| &p.note).collect::<Vec<_>>()
    );
    for p in &plans {
        super::super::compile(p, &url).unwrap_or_else(|e| panic!("{}: {e}", p.note));
    }
}

#[test]
fn price_style_is_read_from_the_page() {
    assert_eq!(
        super::shown_prefix("<b>US $</b>1.73", "USD", "1.73").as_deref(),
        Some("US $")
    );
    assert_eq!(
        super::shown_prefix("₹ 15,000", "INR", "15,000").as_deref(),
        Some("₹ ")
    );
    assert_eq!(
        super::shown_prefix("\"price\":\"2.92\" US$&nbsp;12.92", "USD", "2.92"),
        None
    );
    assert_eq!(
        super::shown_separator("1.73 - 4.05", "1.73", "4.05").as_deref(),
        Some(" - ")
    );
    assert_eq!(
        super::shown_separator("220<i>-</i>260", "220", "260").as_deref(),
        Some("-")
    );
}
