//! HTML of the demo directory's pages.

use std::fmt::Write;

use super::catalog::{self, Catalog, DemoListing};
use crate::output::html_escape as esc;

pub fn layout(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} — Demo Trade Directory</title></head>\n\
         <body><header><a href=\"/\">Demo Trade Directory</a></header>\n{body}\n\
         <footer><a href=\"https://www.example.com/advertise\">Advertise with us</a></footer></body></html>\n",
        esc(title)
    )
}

pub fn home() -> String {
    layout(
        "Home",
        "<h1>Demo Trade Directory</h1>\n<nav><a href=\"/search?page=1\">All products</a> \
         <a href=\"/clearance/list?page=1\">Clearance</a> <a href=\"https://partner.example.net/\">Partner directory</a></nav>",
    )
}

fn card(c: &Catalog, l: &DemoListing) -> String {
    let s = &c.sellers[l.seller];
    format!(
        "<div class=\"result-card\">\n  <h2 class=\"card-title\"><a href=\"/offer/{id}.html\" data-id=\"{id}\">{title}</a></h2>\n  \
         <div class=\"card-price\">{price}</div>\n  <div class=\"card-moq\">Min. order: <span class=\"value\">{moq}</span></div>\n  \
         <a class=\"card-seller\" href=\"/store/{slug}.html\">{seller}</a>\n  <span class=\"card-location\">{loc}</span>\n</div>\n",
        id = l.id,
        title = esc(&l.title),
        price = esc(&l.price),
        moq = esc(&l.moq),
        slug = s.slug,
        seller = esc(s.name),
        loc = esc(s.location),
    )
}

pub fn search(c: &Catalog, page: usize) -> String {
    let mut body = format!("<h1>All products — page {page}</h1>\n<section class=\"results\">\n");
    for l in c.search_page(page) {
        body.push_str(&card(c, l));
    }
    body.push_str("</section>\n<nav class=\"pager\">");
    if page > 1 {
        let _ = write!(
            body,
            "<a class=\"prev\" href=\"/search?page={}\">Previous</a> ",
            page - 1
        );
    }
    if page < catalog::SEARCH_PAGES {
        let _ = write!(
            body,
            "<a class=\"next\" href=\"/search?page={}\">Next</a> ",
            page + 1
        );
    }
    body.push_str("<a href=\"/clearance/list?page=1\">Clearance deals</a></nav>");
    layout(&format!("All products, page {page}"), &body)
}

pub fn clearance(c: &Catalog, page: usize) -> String {
    let mut body = format!("<h1>Clearance — page {page}</h1>\n<section class=\"results\">\n");
    for l in c.clearance_page(page) {
        body.push_str(&card(c, l));
    }
    body.push_str("</section>\n<nav class=\"pager\">");
    if page < catalog::CLEARANCE_PAGES {
        let _ = write!(
            body,
            "<a class=\"next\" href=\"/clearance/list?page={}\">Next</a>",
            page + 1
        );
    }
    body.push_str("</nav>");
    layout("Clearance", &body)
}

pub fn store(c: &Catalog, seller: usize) -> String {
    let s = &c.sellers[seller];
    let mut body = format!(
        "<h1 class=\"store-name\">{}</h1>\n<p class=\"store-location\">{}</p>\n<ul class=\"store-items\">\n",
        esc(s.name),
        esc(s.location)
    );
    for l in c.store_items(seller) {
        let _ = writeln!(
            body,
            "  <li><a class=\"store-item\" href=\"/item/{}.html\">{}</a></li>",
            l.id,
            esc(&l.title)
        );
    }
    body.push_str("</ul>\n<nav><a href=\"/search?page=1\">All products</a></nav>");
    layout(s.name, &body)
}

/// A product page whose data is only in JSON-LD (and in prose a CSS rule would not find).
pub fn item(c: &Catalog, l: &DemoListing) -> String {
    let s = &c.sellers[l.seller];
    let (amount, currency) = l
        .price
        .strip_prefix("US$ ")
        .map_or((l.price.as_str(), None), |p| {
            (p.split('-').next().unwrap_or(p), Some("USD"))
        });
    let min_qty = l.moq.split(' ').next().unwrap_or("1");
    let ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": l.title,
        "sku": l.id.to_string(),
        "url": format!("/item/{}.html", l.id),
        "offers": {
            "@type": "Offer",
            "price": amount,
            "priceCurrency": currency,
            "eligibleQuantity": { "@type": "QuantitativeValue", "minValue": min_qty },
            "seller": {
                "@type": "Organization",
                "name": s.name,
                "url": format!("/store/{}.html", s.slug),
                "address": { "@type": "PostalAddress", "addressCountry": s.location },
            },
        },
    });
    // `</` inside JSON-LD would end the script element early; escape it.
    let ld = ld.to_string().replace("</", "<\\/");
    let body = format!(
        "<script type=\"application/ld+json\">{ld}</script>\n<div class=\"pdp\"><p>{}</p><p>Sold by {}</p></div>",
        esc(&l.title),
        esc(s.name)
    );
    layout(&l.title, &body)
}
