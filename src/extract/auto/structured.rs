//! Structured data finder: schema.org `Product` in JSON-LD.
//!
//! (To be extended: `ItemList`, `@graph` references, microdata, RDFa, OpenGraph.)

use super::{Method, PageView, Plan, Shape};

/// Plans this finder proposes for the page.
pub(super) fn plans(view: &PageView<'_>) -> Vec<Plan> {
    let mut out = Vec::new();
    let products = super::super::json_ld_objects(view.doc)
        .iter()
        .filter(|o| is_type(o, "Product"))
        .count();
    if products == 1 {
        out.push(json_ld_product());
    }
    out
}

fn is_type(v: &serde_json::Value, t: &str) -> bool {
    match v.get("@type") {
        Some(serde_json::Value::String(s)) => s == t,
        Some(serde_json::Value::Array(a)) => a.iter().any(|x| x == t),
        _ => false,
    }
}

/// One `Product` object read field by field; offers as an object or an array.
fn json_ld_product() -> Plan {
    let text = r#"
fields.title = { jsonld = "name", type = "Product" }
fields._amount = [
  { jsonld = "offers.price", type = "Product" },
  { jsonld = "offers[0].price", type = "Product" },
  { jsonld = "offers.lowPrice", type = "Product" },
  { jsonld = "offers[0].lowPrice", type = "Product" },
]
fields._currency = [
  { jsonld = "offers.priceCurrency", type = "Product" },
  { jsonld = "offers[0].priceCurrency", type = "Product" },
]
fields.price = [{ template = "{_currency} {_amount}" }, { template = "{_amount}" }]
fields.moq = [
  { jsonld = "offers.eligibleQuantity.minValue", type = "Product" },
  { jsonld = "offers[0].eligibleQuantity.minValue", type = "Product" },
]
fields.seller_name = [
  { jsonld = "offers.seller.name", type = "Product" },
  { jsonld = "offers[0].seller.name", type = "Product" },
]
fields.seller_url = [
  { jsonld = "offers.seller.url", type = "Product" },
  { jsonld = "offers[0].seller.url", type = "Product" },
]
fields.product_url = [
  { jsonld = "url", type = "Product" },
  { jsonld = "offers.url", type = "Product" },
  { jsonld = "offers[0].url", type = "Product" },
]
fields.product_id = [{ jsonld = "sku", type = "Product" }, { jsonld = "productID", type = "Product" }]
fields.description = { jsonld = "description", type = "Product" }
"#;
    Plan {
        method: Method::JsonLd,
        shape: Shape::Single,
        page: text.parse().unwrap_or_default(),
        note: "JSON-LD Product".to_string(),
        prior: 1.0,
    }
}
