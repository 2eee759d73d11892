#!/usr/bin/env python3
"""End-to-end benchmark: greysweep (and optionally Scrapy) sweeping a generated directory.

Generates a deterministic synthetic B2B directory (several hosts, search pages of ~20
result cards, product pages of 30-80 KB, seller pages, robots.txt, pagination, tracking
parameter variants of links), serves it from files with nginx on loopback (one address
per host: 127.0.0.1, 127.0.0.2, ...), sweeps it with the release build of greysweep and,
with `--peer scrapy`, with an equivalent Scrapy spider, and prints what each crawler
process cost: CPU seconds (user+sys, GNU time's rusage of that one process), CPU per
1,000 pages, pages per CPU-second, wall time, pages per second and peak RSS.

Usage (normally through scripts/bench-e2e.sh, which installs nginx and builds greysweep):

    python3 scripts/bench_e2e.py --listings 20000 --peer scrapy
    python3 scripts/bench_e2e.py --sizes 20000,100000,200000
    python3 scripts/bench_e2e.py --smoke            # 200 listings, greysweep only

Standard library only; Scrapy is installed into a virtual environment under the work
directory (default target/bench-e2e/venv) on first use.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import datetime as dt
import fcntl
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = 1  # bump when the generated site changes (invalidates cached sites)
CARDS_PER_PAGE = 20
CLEARANCE_SHARE = 0.02  # listings only reachable through robots-disallowed pages
SELLER_EVERY = 10  # one seller per this many listings
RELATED = 6  # related-product links on a product page
CATEGORIES = [
    "electronics", "audio", "watches", "bags", "shoes", "apparel",
    "tools", "lighting", "beauty", "home", "toys", "sports",
]
# Tracking parameters the generated pages put on links. All are on greysweep's default
# strip list; the Scrapy spider strips the same names with w3lib's url_query_cleaner
# unless --scrapy-no-strip.
TRACKING = ["spm", "scm", "utm_source", "utm_medium", "utm_campaign", "pvid", "tracelog"]
GS_UA = "greysweep-bench"
TIME = "/usr/bin/time"  # GNU time (Debian package `time`)
SCRAPY_UA = "scrapy-bench (+mailto:bench@example.invalid)"

# ----------------------------------------------------------------------------- words

GOODS = {
    "electronics": ["power bank", "USB-C charger", "wireless charger", "smart plug", "HDMI cable", "tablet stand", "LED monitor", "dash cam"],
    "audio": ["bluetooth earbuds", "headphones", "portable speaker", "soundbar", "karaoke microphone", "studio monitor", "neckband earphones"],
    "watches": ["quartz watch", "automatic watch", "smart watch", "chronograph", "dive watch", "watch strap", "pocket watch"],
    "bags": ["leather handbag", "backpack", "tote bag", "crossbody bag", "wallet", "travel duffel", "laptop sleeve"],
    "shoes": ["running shoes", "sneakers", "basketball shoes", "slides", "hiking boots", "canvas shoes", "football boots"],
    "apparel": ["hoodie", "t-shirt", "down jacket", "yoga leggings", "polo shirt", "denim jeans", "windbreaker"],
    "tools": ["cordless drill", "angle grinder", "socket set", "impact driver", "laser level", "tool box", "multimeter"],
    "lighting": ["LED strip", "solar garden light", "ceiling lamp", "flood light", "desk lamp", "string lights"],
    "beauty": ["lipstick", "eyeshadow palette", "perfume", "face serum", "hair dryer", "makeup brush set"],
    "home": ["stainless bottle", "ceramic mug", "bath towel", "storage box", "kitchen knife set", "throw pillow"],
    "toys": ["building blocks", "RC car", "plush toy", "puzzle", "drone", "action figure"],
    "sports": ["yoga mat", "dumbbell set", "tennis racket", "cycling gloves", "football", "resistance bands"],
}
ADJ = ["new", "hot sale", "wholesale", "OEM", "custom logo", "2025", "premium", "portable",
       "waterproof", "lightweight", "factory direct", "high quality", "mini", "pro", "classic",
       "eco-friendly", "fashion", "durable", "unisex", "luxury", "cheap", "best selling"]
# Fictional brands (also in the generated registry); a few titles name them.
BRANDS = [
    ("Vantora", ["shoes", "sports", "apparel"]),
    ("Kestrel Audio", ["audio"]),
    ("Lumaris", ["watches"]),
    ("Orvex", ["tools"]),
    ("Halvorsen", ["bags", "beauty"]),
]
INDICATORS = ["AAA", "1:1 replica", "mirror quality", "top copy", "original quality"]
PLACES = ["Guangdong, China", "Zhejiang, China", "Fujian, China", "Jiangsu, China",
          "Shanghai, China", "Shandong, China", "Hebei, China", "Henan, China",
          "Ho Chi Minh City, Vietnam", "Gujarat, India", "Istanbul, Turkey"]
CO_A = ["Shenzhen", "Guangzhou", "Yiwu", "Ningbo", "Dongguan", "Xiamen", "Hangzhou", "Suzhou",
        "Quanzhou", "Foshan", "Wenzhou", "Jinhua"]
CO_B = ["Bright", "Sunrise", "Golden", "Ever", "Star", "Ocean", "Unique", "Hengli", "Tianyu",
        "Dragon", "Greenfield", "Rising", "Minghe", "Jiayi", "Topwin", "Huaxin"]
CO_C = ["Technology", "Trading", "Industrial", "Import & Export", "Electronics", "Garment",
        "Hardware", "Crafts", "Sporting Goods", "Leather"]
LOREM = ("quality material export carton sample lead time custom packaging logo printing "
         "certificate CE RoHS FCC warranty after-sales inspection production capacity "
         "delivery shipping port FOB EXW CIF payment terms T/T L/C PayPal trade assurance "
         "factory audit OEM ODM design drawing mould tooling colour size weight net gross "
         "dimension specification model feature function application market Europe America "
         "Asia Africa Middle East distributor retailer wholesale bulk order discount").split()


def company(rng: random.Random) -> str:
    return f"{rng.choice(CO_A)} {rng.choice(CO_B)} {rng.choice(CO_C)} Co., Ltd."


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# ----------------------------------------------------------------------------- noise

def make_noise(rng: random.Random, n: int) -> list[str]:
    """Pool of markup chunks (2-6 KB each) that pad pages: reviews, widgets, scripts."""
    out = []
    for i in range(n):
        kind = i % 4
        parts: list[str] = []
        target = rng.randint(2000, 6000)
        size = 0
        if kind == 0:  # reviews
            parts.append('<section class="reviews"><h3>Buyer reviews</h3><ul class="review-list">')
            while size < target:
                words = " ".join(rng.choices(LOREM, k=rng.randint(12, 40)))
                s = (f'<li class="review" data-rid="{rng.randint(10**8, 10**9)}"><div class="review-head">'
                     f'<span class="stars" style="width:{rng.randint(60, 100)}%"></span>'
                     f'<span class="country flag-{rng.choice(["us", "de", "fr", "br", "in", "ng"])}"></span>'
                     f'<time datetime="2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}">recent</time></div>'
                     f'<p class="review-body">{words}</p><div class="review-tags"><span>fast shipping</span>'
                     f'<span>as described</span></div></li>')
                parts.append(s)
                size += len(s)
            parts.append("</ul></section>")
        elif kind == 1:  # inline script
            parts.append('<script type="text/javascript">')
            while size < target:
                k = rng.randint(1000, 9999)
                s = (f'!function(e,t){{var n=e.__tracker_{k}||(e.__tracker_{k}={{}});n.q=n.q||[];'
                     f'n.push=function(a){{n.q.push([Date.now(),a,"{rng.randbytes(6).hex()}"])}};'
                     f'for(var r=0;r<{rng.randint(3, 40)};r++)n.push({{slot:r,w:{rng.randint(100, 900)},'
                     f'exp:"{rng.randbytes(8).hex()}"}})}}(window,document);\n')
                parts.append(s)
                size += len(s)
            parts.append("</script>")
        elif kind == 2:  # recommendation widget (links nobody follows)
            parts.append('<div class="reco-widget" data-widget="guess-you-like"><div class="reco-track">')
            while size < target:
                s = (f'<div class="reco-item"><a class="reco-link" href="javascript:void(0)" '
                     f'data-track="{rng.randbytes(5).hex()}"><img class="lazy" data-src="/img/r/'
                     f'{rng.randint(10**6, 10**7)}.jpg" alt=""><span class="reco-price">US$ '
                     f'{rng.randint(1, 300)}.{rng.randint(10, 99)}</span><span class="reco-sold">'
                     f'{rng.randint(1, 9000)} sold</span></a></div>')
                parts.append(s)
                size += len(s)
            parts.append("</div></div>")
        else:  # spec / service blocks
            parts.append('<div class="service-block"><table class="svc"><tbody>')
            while size < target:
                s = (f'<tr><th class="svc-k">{rng.choice(LOREM).title()}</th><td class="svc-v">'
                     f'<span class="pill">{" ".join(rng.choices(LOREM, k=rng.randint(2, 8)))}</span>'
                     f'<i class="icon icon-{rng.choice(LOREM)}"></i></td></tr>')
                parts.append(s)
                size += len(s)
            parts.append("</tbody></table></div>")
        out.append("".join(parts))
    return out


STYLE = ("<style>" + "".join(
    f".c{i}{{margin:{i % 7}px;padding:{i % 5}px {i % 3}px;color:#{(i * 2654435761) % 0xFFFFFF:06x};"
    f"font:{12 + i % 6}px/1.4 Arial,sans-serif}}" for i in range(60)) + "</style>")


# ----------------------------------------------------------------------------- site

class Site:
    """One generated host: its products, sellers and categories."""

    def __init__(self, index: int, listings: int, rng: random.Random):
        self.index = index
        self.products: list[dict] = []
        n_sellers = max(1, listings // SELLER_EVERY)
        self.sellers = [
            {"id": f"s{index}{i:06d}", "name": company(rng), "place": rng.choice(PLACES), "products": []}
            for i in range(n_sellers)
        ]
        # Seller names are unique per host: redraw a few times, then (large directories
        # have more sellers than there are drawn names) number the name.
        seen: set[str] = set()
        for i, s in enumerate(self.sellers):
            for _ in range(20):
                if s["name"] not in seen:
                    break
                s["name"] = company(rng)
            else:
                s["name"] = s["name"].replace(" Co., Ltd.", f" No. {i} Co., Ltd.")
            seen.add(s["name"])
        n_clear = int(listings * CLEARANCE_SHARE)
        self.by_cat: dict[str, list[dict]] = {c: [] for c in CATEGORIES + ["clearance"]}
        for i in range(listings):
            cat = "clearance" if i < n_clear else CATEGORIES[i % len(CATEGORIES)]
            goods_cat = CATEGORIES[i % len(CATEGORIES)]
            noun = rng.choice(GOODS[goods_cat])
            words = [rng.choice(ADJ), rng.choice(ADJ), noun]
            r = rng.random()
            brand = None
            if r < 0.05:
                cands = [b for b, cats in BRANDS if goods_cat in cats]
                if cands:
                    brand = rng.choice(cands)
                    words.insert(1, brand)
                    if r < 0.025:
                        words.append(rng.choice(INDICATORS))
            words.append(rng.choice(["for men", "for women", "for kids", "set", "2 pcs", "with box", ""]))
            title = " ".join(w for w in words if w).strip()
            title = title[0].upper() + title[1:]
            seller = self.sellers[rng.randrange(n_sellers)]
            lo = rng.randint(1, 400) + rng.randint(0, 99) / 100
            p = {
                "id": 1_600_000_000 + index * 10_000_000 + i,
                "title": title,
                "cat": cat,
                "price": f"US$ {lo:.2f} - {lo * rng.uniform(1.05, 1.6):.2f}",
                "moq": f"{rng.choice([1, 2, 10, 50, 100, 200, 500, 1000])} {rng.choice(['pieces', 'pairs', 'sets', 'units'])}",
                "seller": seller,
                "kb": rng.randint(30, 80),
            }
            self.products.append(p)
            self.by_cat[cat].append(p)
            if cat != "clearance":
                seller["products"].append(p)
        for c in self.by_cat.values():
            rng.shuffle(c)
        self.open_products = [p for p in self.products if p["cat"] != "clearance"]


def nav(rng: random.Random, where: str) -> str:
    links = "".join(
        f'<li><a href="/search/{c}?spm=a2700.{where}.nav.{i}">{c.title()}</a></li>'
        for i, c in enumerate(CATEGORIES + ["clearance"]))
    return (
        '<header class="site-header"><div class="logo"><a href="/">BenchDirectory</a></div>'
        '<form class="search-form" action="/search/all" method="get"><input name="q" '
        'placeholder="Search products, suppliers"><button type="submit">Search</button></form>'
        '<div class="account"><a href="/account/login">Sign in</a> <a href="/cart">Cart</a> '
        '<a href="/account/messages">Messages</a></div></header>'
        f'<nav class="cats"><ul>{links}</ul></nav>')


FOOTER = (
    '<footer class="site-footer"><div class="cols">' + "".join(
        f'<div class="col"><h4>Section {i}</h4><ul>' + "".join(
            f'<li><a href="/help/topic-{i}-{j}" rel="nofollow">Help topic {i}.{j}</a></li>' for j in range(8))
        + "</ul></div>" for i in range(5))
    + '</div><p class="copy">&copy; 2025 BenchDirectory. Generated for benchmarks.</p></footer>')


def head(title: str, canonical: str | None, extra: str = "") -> str:
    can = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">{can}'
            f'<link rel="stylesheet" href="/static/app.css">{STYLE}{extra}</head>')


def card(p: dict, page: int, pos: int) -> str:
    s = p["seller"]
    return (
        f'<div class="result-card c{pos}" data-pid="{p["id"]}" data-pos="{pos}">'
        f'<a class="card-img" href="/product/{p["id"]}.html?spm=a2700.galleryofferlist.p{page}.d_image.{pos}">'
        f'<img src="/img/p/{p["id"]}.jpg" alt="{esc(p["title"])}" loading="lazy"></a>'
        f'<div class="card-body"><h2 class="card-title"><a href="/product/{p["id"]}.html?spm=a2700.galleryofferlist.p{page}.d_title.{pos}" '
        f'data-id="{p["id"]}">{esc(p["title"])}</a></h2>'
        f'<div class="card-price"><span class="currency">{esc(p["price"])}</span></div>'
        f'<div class="card-moq">Min. order: <span class="value">{esc(p["moq"])}</span></div>'
        f'<div class="card-badges"><span class="badge verified">Verified</span><span class="badge ta">Trade Assurance</span></div>'
        f'<a class="card-seller" href="/seller/{s["id"]}?utm_source=search&amp;utm_medium=card&amp;utm_campaign=p{page}">{esc(s["name"])}</a>'
        f'<span class="card-location">{esc(s["place"])}</span>'
        f'<div class="card-actions"><button class="btn contact" data-seller="{s["id"]}">Contact supplier</button>'
        f'<button class="btn chat">Chat now</button></div></div></div>')


def search_page(rng: random.Random, cat: str, items: list[dict], page: int, pages: int, noise: list[str]) -> str:
    cards = "".join(card(p, page, i) for i, p in enumerate(items))
    base = f"/search/{cat}"

    def href(n: int) -> str:
        return base if n == 1 else f"{base}?page={n}"

    pager = []
    if page > 1:
        pager.append(f'<a class="prev" href="{href(page - 1)}">Previous</a>')
    for n in sorted({1, max(1, page - 2), max(1, page - 1), page, min(pages, page + 1), min(pages, page + 2), pages}):
        if n == page:
            pager.append(f'<span class="current">{n}</span>')
        else:
            sep = "&amp;" if n > 1 else "?"
            pager.append(f'<a class="num" href="{href(n)}{sep}spm=a2700.pager.{page}">{n}</a>')
    if page < pages:
        pager.append(f'<a class="next" href="{href(page + 1)}">Next</a>')
    filters = "".join(
        f'<label class="filter"><input type="checkbox" name="f{i}"> {rng.choice(LOREM)}</label>' for i in range(24))
    return (
        head(f"{cat.title()} - page {page}", None)
        + f'<body class="search">{nav(rng, "search")}'
        f'<div class="breadcrumb"><a href="/">Home</a> &gt; <span>{cat.title()}</span></div>'
        f'<aside class="filters">{filters}</aside>'
        f'<main class="results"><h1>{cat.title()} suppliers and products</h1>'
        f'<div class="result-list">{cards}</div>'
        f'<nav class="pagination">{"".join(pager)}</nav></main>'
        + rng.choice(noise) + FOOTER + "</body></html>")


def product_page(rng: random.Random, site: Site, p: dict, noise: list[str]) -> str:
    s = p["seller"]
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "Product", "name": p["title"], "sku": str(p["id"]),
        "offers": {"@type": "Offer", "priceCurrency": "USD", "price": p["price"].split()[1]},
        "brand": {"@type": "Brand", "name": "OEM"},
    })
    specs = "".join(
        f'<tr><th>{rng.choice(LOREM).title()}</th><td>{" ".join(rng.choices(LOREM, k=rng.randint(1, 5)))}</td></tr>'
        for _ in range(16))
    desc = " ".join(rng.choices(LOREM, k=160))
    pool = site.open_products
    related = "".join(
        f'<li><a class="related-item" href="/product/{q["id"]}.html?spm=a2700.details.related.{k}&amp;scm=1007.{p["id"]}">'
        f'{esc(q["title"])}</a></li>'
        for k, q in enumerate(rng.choice(pool) for _ in range(RELATED)))
    gallery = "".join(f'<img class="thumb" data-src="/img/p/{p["id"]}-{k}.jpg" alt="">' for k in range(8))
    init = json.dumps({"productId": p["id"], "sellerId": s["id"], "price": p["price"], "moq": p["moq"],
                       "sku": [{"skuId": p["id"] * 10 + k, "stock": rng.randint(0, 9999)} for k in range(12)],
                       "trace": rng.randbytes(24).hex()})
    body = (
        f'<body class="detail">{nav(rng, "details")}'
        f'<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/search/{p["cat"]}">{p["cat"].title()}</a></div>'
        f'<main class="product" data-product-id="{p["id"]}"><div class="gallery">{gallery}</div>'
        f'<div class="summary"><h1 class="product-title">{esc(p["title"])}</h1>'
        f'<div class="product-price"><span class="price">{esc(p["price"])}</span></div>'
        f'<div class="product-moq">Min. order: <span class="value">{esc(p["moq"])}</span></div>'
        f'<div class="seller-box"><a class="seller-link" href="/seller/{s["id"]}?spm=a2700.details.seller">{esc(s["name"])}</a>'
        f'<span class="seller-location">{esc(s["place"])}</span></div></div>'
        f'<table class="specs"><tbody>{specs}</tbody></table>'
        f'<div class="description"><p>{desc}</p></div>'
        f'<section class="related"><h3>Related products</h3><ul>{related}</ul></section></main>'
        f'<script>window.__INIT_DATA__ = {init};</script>')
    start = head(p["title"], f'/product/{p["id"]}.html',
                 f'<script type="application/ld+json">{ld}</script>')
    parts = [start, body]
    size = len(start) + len(body) + len(FOOTER)
    target = p["kb"] * 1024
    while size < target:
        chunk = rng.choice(noise)
        parts.append(chunk)
        size += len(chunk)
    parts.append(FOOTER + "</body></html>")
    return "".join(parts)


def seller_page(rng: random.Random, s: dict, noise: list[str]) -> str:
    items = "".join(
        f'<li><a class="store-item" href="/product/{p["id"]}.html?spm=a2700.shop.item.{k}">{esc(p["title"])}</a>'
        f'<span class="price">{esc(p["price"])}</span></li>'
        for k, p in enumerate(s["products"]))
    return (
        head(s["name"], f'/seller/{s["id"]}')
        + f'<body class="shop">{nav(rng, "shop")}'
        f'<main class="company" data-member-id="{s["id"]}"><h1 class="company-name">{esc(s["name"])}</h1>'
        f'<div class="company-location">{esc(s["place"])}</div>'
        f'<div class="badges"><span class="badge">Verified supplier</span><span class="badge">{rng.randint(2, 19)} yrs</span></div>'
        f'<section class="store-products"><h3>Products</h3><ul>{items}</ul></section></main>'
        + rng.choice(noise) + FOOTER + "</body></html>")


def home_page(rng: random.Random) -> str:
    return (head("BenchDirectory - B2B suppliers", "/")
            + f'<body class="home">{nav(rng, "home")}<main><h1>Find suppliers</h1></main>{FOOTER}</body></html>')


ROBOTS = "User-agent: *\nDisallow: /search/clearance\nDisallow: /cart\nDisallow: /account/\nAllow: /\n"


def generate(site_dir: Path, listings: int, hosts: int, seed: int) -> dict:
    """Writes the directory under site_dir/h<N>/ unless a complete copy is cached."""
    stamp = site_dir / "generated.json"
    params = {"version": GENERATOR_VERSION, "listings": listings, "hosts": hosts, "seed": seed}
    if stamp.is_file():
        meta = json.loads(stamp.read_text())
        if meta.get("params") == params:
            return meta
    if site_dir.exists():
        shutil.rmtree(site_dir)
    t0 = time.monotonic()
    rng = random.Random(seed)
    noise = make_noise(rng, 96)
    per_host = [listings // hosts + (1 if h < listings % hosts else 0) for h in range(hosts)]
    counts = {"search_pages": 0, "product_pages": 0, "seller_pages": 0, "bytes": 0,
              "reachable_listings": 0, "robots_hidden_listings": 0, "sellers_reachable": 0}
    # Creating files is slow on busy disks (a few ms each): a few threads overlap it.
    writers = concurrent.futures.ThreadPoolExecutor(8)
    slots = threading.BoundedSemaphore(512)
    pending: list[concurrent.futures.Future] = []

    def write_file(path: Path, data: bytes) -> None:
        try:
            with open(path, "wb") as f:
                f.write(data)
        finally:
            slots.release()

    for h in range(hosts):
        site = Site(h, per_host[h], random.Random(f"{seed}-{h}"))
        root = site_dir / f"h{h}"
        for d in ("search", "product", "seller"):
            (root / d).mkdir(parents=True, exist_ok=True)

        def write(rel: str, text: str, root: Path = root) -> None:
            data = text.encode()
            counts["bytes"] += len(data)
            slots.acquire()
            pending.append(writers.submit(write_file, root / rel, data))

        write("robots.txt", ROBOTS)
        write("index.html", home_page(rng))
        for cat, items in site.by_cat.items():
            (root / "search" / cat).mkdir(exist_ok=True)
            pages = max(1, -(-len(items) // CARDS_PER_PAGE))
            for n in range(1, pages + 1):
                chunk = items[(n - 1) * CARDS_PER_PAGE: n * CARDS_PER_PAGE]
                write(f"search/{cat}/page-{n}.html", search_page(rng, cat, chunk, n, pages, noise))
                counts["search_pages"] += 1
        for p in site.products:
            write(f"product/{p['id']}.html", product_page(rng, site, p, noise))
            counts["product_pages"] += 1
        reachable_sellers = set()
        for p in site.open_products:
            reachable_sellers.add(p["seller"]["id"])
        for s in site.sellers:
            write(f"seller/{s['id']}.html", seller_page(rng, s, noise))
            counts["seller_pages"] += 1
        counts["reachable_listings"] += len(site.open_products)
        counts["robots_hidden_listings"] += len(site.products) - len(site.open_products)
        counts["sellers_reachable"] += len(reachable_sellers)
        # Search pages outside clearance, product pages of open listings, reachable sellers,
        # the home page: what a crawler that obeys robots.txt fetches once each.
        open_search = sum(max(1, -(-len(v) // CARDS_PER_PAGE)) for k, v in site.by_cat.items() if k != "clearance")
        counts.setdefault("expected_pages", 0)
        counts["expected_pages"] += 1 + open_search + len(site.open_products) + len(reachable_sellers)
    writers.shutdown(wait=True)
    for fut in pending:
        fut.result()
    meta = {"params": params, "counts": counts, "generate_secs": round(time.monotonic() - t0, 1)}
    stamp.write_text(json.dumps(meta, indent=1))
    return meta


def estimate_bytes(listings: int) -> int:
    return listings * 57 * 1024 + (listings // CARDS_PER_PAGE) * 40 * 1024 + (listings // SELLER_EVERY) * 12 * 1024


# ----------------------------------------------------------------------------- nginx

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    types {{ text/html html; text/plain txt; }}
    default_type text/html;
    charset utf-8;
    log_format bench '$server_addr:$server_port "$request" $status $body_bytes_sent "$http_user_agent"';
    access_log {work}/access.log bench;
    map $arg_page $bench_page {{ "~^(?<n>[0-9]+)$" $n; default 1; }}
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;
{servers}
}}
"""

NGINX_SERVER = """\
    server {{
        listen {addr}:{port};
        root {root};
        # /search/<category>?page=N  ->  search/<category>/page-N.html (other query
        # arguments, tracking ones included, do not change the file)
        location ~ "^/search/(?<cat>[a-z0-9-]+)$" {{
            try_files /search/$cat/page-$bench_page.html =404;
        }}
        # /seller/<id>  ->  seller/<id>.html
        location ~ "^/seller/(?<sid>[a-z0-9]+)$" {{
            try_files /seller/$sid.html =404;
        }}
        # /, /robots.txt, /product/<id>.html: the files themselves
        location / {{
            index index.html;
            try_files $uri $uri/ =404;
        }}
    }}
"""


def host_addr(h: int) -> str:
    return f"127.0.0.{h + 1}"


def free_port(addrs: list[str]) -> int:
    for _ in range(50):
        s = socket.socket()
        s.bind((addrs[0], 0))
        port = s.getsockname()[1]
        s.close()
        ok = True
        for a in addrs[1:]:
            t = socket.socket()
            try:
                t.bind((a, port))
            except OSError:
                ok = False
            finally:
                t.close()
        if ok:
            return port
    raise SystemExit("bench: no free port on all loopback addresses")


class Nginx:
    def __init__(self, work: Path, site_dir: Path, hosts: int):
        self.work = work
        self.addrs = [host_addr(h) for h in range(hosts)]
        self.port = free_port(self.addrs)
        (work / "tmp").mkdir(parents=True, exist_ok=True)
        servers = "".join(
            NGINX_SERVER.format(addr=a, port=self.port, root=site_dir / f"h{h}") for h, a in enumerate(self.addrs))
        self.conf = work / "nginx.conf"
        self.conf.write_text(NGINX_CONF.format(work=work, servers=servers))
        self.log = work / "access.log"
        self.proc: subprocess.Popen | None = None

    def origins(self) -> list[str]:
        return [f"http://{a}:{self.port}" for a in self.addrs]

    def __enter__(self) -> "Nginx":
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.log.write_bytes(b"")
        self.proc = subprocess.Popen([nginx, "-p", str(self.work), "-c", str(self.conf)],
                                     stdout=subprocess.DEVNULL, stderr=open(self.work / "nginx.stderr", "wb"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection((self.addrs[-1], self.port), timeout=0.5).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        err = self.work / "error.log"
        raise SystemExit("bench: nginx did not start:\n" + (self.work / "nginx.stderr").read_text()
                         + (err.read_text() if err.exists() else ""))

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def offset(self) -> int:
        return self.log.stat().st_size

    def count(self, start: int, ua_prefix: str) -> dict:
        """Requests in the access log since byte `start` whose user agent starts so."""
        pages = robots = 0
        statuses: dict[str, int] = {}
        with open(self.log, "rb") as f:
            f.seek(start)
            for raw in f:
                line = raw.decode("utf-8", "replace")
                try:
                    _, req, rest = line.split('"', 2)
                    status = rest.split()[0]
                    ua = rest.split('"')[1]
                except (ValueError, IndexError):
                    continue
                if not ua.startswith(ua_prefix):
                    continue
                parts = req.split()
                path = parts[1] if len(parts) > 1 else ""
                if path == "/robots.txt":
                    robots += 1
                    continue
                pages += 1
                statuses[status] = statuses.get(status, 0) + 1
        return {"pages": pages, "robots": robots, "status": statuses}


# ----------------------------------------------------------------------------- measuring

def measure(cmd: list[str], cwd: Path, log: Path) -> dict:
    """Runs cmd under GNU time: CPU user/sys and peak RSS of that process, and wall time.

    Not os.wait4 on a child of this script: Linux carries a process's peak RSS across
    fork and exec, so a child of this (large) Python process would report at least this
    process's RSS. GNU time is small, and what it reports is its own child's rusage.
    """
    figures = log.with_suffix(".time")
    t0 = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.run([TIME, "-f", "%x %e %U %S %M", "-o", str(figures), *cmd],
                              cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    wall = time.monotonic() - t0
    last = figures.read_text().strip().splitlines()[-1].split()
    try:
        code, elapsed, user, sys_, rss_kb = int(last[0]), *map(float, last[1:])
    except (ValueError, IndexError):
        raise SystemExit(f"bench: cannot read GNU time's figures {figures}: {last}")
    return {"exit": code if proc.returncode == 0 or code else proc.returncode, "user": user, "sys": sys_,
            "cpu": user + sys_, "max_rss_mb": rss_kb / 1024, "wall": elapsed or wall}


def figures(name: str, m: dict, pages: int, listings: int, extra: dict) -> dict:
    row = dict(m)
    row.update(extra)
    row["crawler"] = name
    row["pages"] = pages
    row["listings"] = listings
    row["cpu_per_1k_pages"] = 1000 * m["cpu"] / pages if pages else float("nan")
    row["pages_per_cpu_s"] = pages / m["cpu"] if m["cpu"] else float("nan")
    row["cpu_ms_per_listing"] = 1000 * m["cpu"] / listings if listings else float("nan")
    row["pages_per_s"] = pages / m["wall"] if m["wall"] else float("nan")
    return row


# ----------------------------------------------------------------------------- greysweep

def write_greysweep_config(d: Path, origins: list[str], expected_pages: int, concurrency: int, out: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    names = []
    for h, origin in enumerate(origins):
        name = f"bench-{chr(ord('a') + h)}"
        names.append(f'"{name}.toml"')
        (d / f"{name}.toml").write_text(textwrap.dedent(f"""\
            # Generated by scripts/bench_e2e.py: the benchmark directory's host {h}.
            name = "{name}"
            start_urls = ["{origin}/"]
            hosts = ["{host_addr(h)}"]
            follow_sellers = true

            [[page]]
            kind = "home"
            url_pattern = "^/$"
            follow = ["nav.cats a"]

            [[page]]
            kind = "search"
            url_pattern = "^/search/"
            listing = "div.result-card"
            follow = ["nav.cats a", "nav.pagination a"]
            follow_fields = ["product_url"]
            next_page = "a.next"

            [page.fields]
            title = {{ css = "h2.card-title a" }}
            price = {{ css = ".card-price" }}
            moq = {{ css = ".card-moq .value" }}
            seller_name = {{ css = "a.card-seller" }}
            seller_url = {{ css = "a.card-seller", attr = "href" }}
            location = {{ css = ".card-location" }}
            product_url = {{ css = "h2.card-title a", attr = "href" }}
            product_id = {{ css = "h2.card-title a", attr = "data-id" }}

            [[page]]
            kind = "product"
            url_pattern = "^/product/"
            follow = ["a.related-item", "nav.cats a"]

            [page.fields]
            title = {{ css = "h1.product-title" }}
            price = {{ css = ".product-price .price" }}
            moq = {{ css = ".product-moq .value" }}
            seller_name = {{ css = "a.seller-link" }}
            seller_url = {{ css = "a.seller-link", attr = "href" }}
            location = {{ css = ".seller-location" }}
            product_url = {{ css = "link[rel=canonical]", attr = "href" }}
            product_id = {{ css = "main.product", attr = "data-product-id" }}

            [[page]]
            kind = "seller"
            url_pattern = "^/seller/"
            follow = ["a.store-item", "nav.cats a"]

            [page.seller]
            seller_id = {{ css = "main.company", attr = "data-member-id" }}
            name = "h1.company-name"
            location = ".company-location"
            """))
    brands = "\n".join(
        f'[[brand]]\nname = "{b}"\nauthorised_sellers = ["{b} Official Store"]\n' for b, _ in BRANDS)
    (d / "brands.toml").write_text("# Generated by scripts/bench_e2e.py.\n" + brands)
    sweep = d / "sweep.toml"
    sweep.write_text(textwrap.dedent(f"""\
        # Generated by scripts/bench_e2e.py: robots.txt obeyed, politeness delays off.
        name = "bench-e2e"
        profiles = [{", ".join(names)}]
        brands = ["brands.toml"]
        output_dir = "{out}"
        state = "{out}/greysweep.sqlite"

        [crawler]
        contact = "mailto:bench@example.invalid"
        user_agent = "{GS_UA}"
        rate_per_host = 100.0          # the maximum greysweep accepts
        obey_crawl_delay = false
        adaptive_delay = false
        concurrency = {concurrency}
        max_pages = {min(100_000_000, max(1000, expected_pages * 4))}
        max_depth = 10000
        max_pagination = 100000
        max_query_variants = 1000000
        pause_after_failures = 0
        timeout_secs = 60
        allow_private_addresses = true
        """))
    return sweep


def run_greysweep(args, work: Path, nginx: Nginx, meta: dict, tag: str) -> dict:
    run = work / "runs" / f"greysweep-{tag}"
    if run.exists():
        shutil.rmtree(run)
    out = run / "out"
    out.mkdir(parents=True)
    sweep = write_greysweep_config(run / "seeds", nginx.origins(), meta["counts"]["expected_pages"],
                                   args.concurrency, out)
    start = nginx.offset()
    print(f"  greysweep sweep … (log: {run / 'sweep.log'})", flush=True)
    m = measure([str(args.greysweep), "sweep", str(sweep)], run, run / "sweep.log")
    log = nginx.count(start, GS_UA)
    if m["exit"] != 0:
        print((run / "sweep.log").read_text()[-3000:])
        raise SystemExit(f"bench: greysweep exited {m['exit']}")
    sweep_dir = next(p for p in out.iterdir() if p.is_dir())
    summary = json.loads((sweep_dir / "summary.json").read_text())
    with open(sweep_dir / "listings.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = {(r["site"], r["product_id"]) for r in rows}
    evidence = sum(p.stat().st_size for p in (sweep_dir / "evidence").glob("*"))
    state_bytes = sum(p.stat().st_size for p in out.glob("greysweep.sqlite*"))
    row = figures("greysweep", m, log["pages"], len(rows), {
        "summary_requests": summary.get("requests"),
        "summary_pages": summary.get("pages"),
        "pages_ok": summary.get("pages_ok"),
        "robots_requests": log["robots"],
        "http_status": log["status"],
        "pages_by_status": {k: v for k, v in summary.get("pages_by_status", {}).items() if v},
        "findings": summary.get("findings"),
        "sellers": summary.get("sellers"),
        "evidence_mb": evidence / 1e6,
        "state_mb": state_bytes / 1e6,
    })
    row["_ids"] = {f"{s}|{p}" for s, p in ids}
    (run / "figures.json").write_text(json.dumps({k: v for k, v in row.items() if k != "_ids"}, indent=1))
    if not args.keep_outputs:
        shutil.rmtree(out)
    return row


# ----------------------------------------------------------------------------- scrapy

SPIDER = '''\
# Generated by scripts/bench_e2e.py: the Scrapy spider equivalent to the greysweep
# profiles (same start URLs, same links followed, same fields extracted).
import json
import scrapy
from w3lib.url import url_query_cleaner

START_URLS = {start_urls!r}
SITES = {sites!r}
TRACKING = {tracking!r}
STRIP = {strip!r}
STATS_FILE = {stats_file!r}


def clean(url):
    return url_query_cleaner(url, TRACKING, remove=True) if STRIP else url


class BenchSpider(scrapy.Spider):
    name = "bench"
    custom_settings = {{
        "ROBOTSTXT_OBEY": True,
        "USER_AGENT": {ua!r},
        "CONCURRENT_REQUESTS": {concurrency},
        "CONCURRENT_REQUESTS_PER_DOMAIN": {concurrency},
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "FEEDS": {{{feed!r}: {{"format": "jsonlines", "overwrite": True}}}},
    }}

    async def start(self):
        for url in START_URLS:
            yield scrapy.Request(url, callback=self.parse)

    def follow(self, response, selector):
        for href in response.css(selector + "::attr(href)").getall():
            yield scrapy.Request(clean(response.urljoin(href)), callback=self.parse)

    def parse(self, response):
        site = SITES[response.url.split("/")[2]]
        path = "/" + response.url.split("/", 3)[3]
        if path == "/":
            yield from self.follow(response, "nav.cats a")
        elif path.startswith("/search/"):
            for c in response.css("div.result-card"):
                yield {{
                    "kind": "listing",
                    "site": site,
                    "title": " ".join("".join(c.css("h2.card-title a ::text").getall()).split()),
                    "price": " ".join("".join(c.css(".card-price ::text").getall()).split()),
                    "moq": c.css(".card-moq .value::text").get(default="").strip(),
                    "seller_name": c.css("a.card-seller::text").get(default="").strip(),
                    "seller_url": response.urljoin(c.css("a.card-seller::attr(href)").get(default="")),
                    "location": c.css(".card-location::text").get(default="").strip(),
                    "product_url": response.urljoin(c.css("h2.card-title a::attr(href)").get(default="")),
                    "product_id": c.css("h2.card-title a::attr(data-id)").get(default=""),
                    "page_url": response.url,
                }}
            yield from self.follow(response, "nav.cats a")
            yield from self.follow(response, "nav.pagination a")
            yield from self.follow(response, "h2.card-title a")
            yield from self.follow(response, "a.card-seller")
            yield from self.follow(response, "a.next")
        elif path.startswith("/product/"):
            yield {{
                "kind": "listing",
                "site": site,
                "title": " ".join("".join(response.css("h1.product-title ::text").getall()).split()),
                "price": response.css(".product-price .price::text").get(default="").strip(),
                "moq": response.css(".product-moq .value::text").get(default="").strip(),
                "seller_name": response.css("a.seller-link::text").get(default="").strip(),
                "seller_url": response.urljoin(response.css("a.seller-link::attr(href)").get(default="")),
                "location": response.css(".seller-location::text").get(default="").strip(),
                "product_url": response.urljoin(response.css("link[rel=canonical]::attr(href)").get(default="")),
                "product_id": response.css("main.product::attr(data-product-id)").get(default=""),
                "page_url": response.url,
            }}
            yield from self.follow(response, "a.related-item")
            yield from self.follow(response, "nav.cats a")
            yield from self.follow(response, "a.seller-link")
        elif path.startswith("/seller/"):
            yield {{
                "kind": "seller",
                "site": site,
                "seller_id": response.css("main.company::attr(data-member-id)").get(default=""),
                "name": response.css("h1.company-name::text").get(default="").strip(),
                "location": response.css(".company-location::text").get(default="").strip(),
                "page_url": response.url,
            }}
            yield from self.follow(response, "a.store-item")
            yield from self.follow(response, "nav.cats a")

    def closed(self, reason):
        stats = {{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                 for k, v in self.crawler.stats.get_stats().items()}}
        with open(STATS_FILE, "w") as f:
            json.dump(stats, f, indent=1, default=str)
'''


def scrapy_venv(venv: Path) -> Path:
    py = venv / "bin" / "python"
    if not (venv / "bin" / "scrapy").exists():
        print(f"== creating {venv} and installing scrapy (pip)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "scrapy>=2,<3"], check=True)
    return py


def run_scrapy(args, work: Path, nginx: Nginx, tag: str) -> dict:
    py = scrapy_venv(args.venv)
    run = work / "runs" / f"scrapy-{tag}"
    if run.exists():
        shutil.rmtree(run)
    run.mkdir(parents=True)
    origins = nginx.origins()
    spider = run / "bench_spider.py"
    feed = run / "items.jsonl"
    spider.write_text(SPIDER.format(
        start_urls=[o + "/" for o in origins],
        sites={o.split("//")[1]: f"bench-{chr(ord('a') + h)}" for h, o in enumerate(origins)},
        tracking=TRACKING, strip=not args.scrapy_no_strip, stats_file=str(run / "stats.json"),
        ua=SCRAPY_UA, concurrency=args.concurrency, feed=str(feed)))
    start = nginx.offset()
    print(f"  scrapy runspider … (log: {run / 'scrapy.log'})", flush=True)
    m = measure([str(py), "-m", "scrapy", "runspider", str(spider)], run, run / "scrapy.log")
    log = nginx.count(start, SCRAPY_UA.split()[0])
    if m["exit"] != 0:
        print((run / "scrapy.log").read_text()[-3000:])
        raise SystemExit(f"bench: scrapy exited {m['exit']}")
    ids = set()
    sellers = set()
    with open(feed, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            if item["kind"] == "listing":
                ids.add(f"{item['site']}|{item['product_id']}")
            else:
                sellers.add((item["site"], item["seller_id"]))
    stats = json.loads((run / "stats.json").read_text())
    row = figures("scrapy", m, log["pages"], len(ids), {
        "robots_requests": log["robots"],
        "http_status": log["status"],
        "scrapy_requests": stats.get("downloader/request_count"),
        "dupefilter_filtered": stats.get("dupefilter/filtered"),
        "robots_forbidden": stats.get("robotstxt/forbidden"),
        "items": stats.get("item_scraped_count"),
        "sellers": len(sellers),
        "memusage_max_mb": (stats.get("memusage/max") or 0) / 1e6,
        "strip_tracking": not args.scrapy_no_strip,
    })
    row["_ids"] = ids
    (run / "figures.json").write_text(json.dumps({k: v for k, v in row.items() if k != "_ids"}, indent=1))
    if not args.keep_outputs:
        feed.unlink()
    return row


# ----------------------------------------------------------------------------- report

def versions(args, with_scrapy: bool, work: Path) -> dict:
    def out(cmd: list[str]) -> str:
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=60)
            return (r.stdout + r.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"
    v = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "nproc": out(["nproc"]),
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?"),
        "load_avg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "greysweep": out([str(args.greysweep), "--version"]),
        "git": out(["git", "describe", "--always", "--dirty", "--tags"]),
        "nginx": out([shutil.which("nginx") or "/usr/sbin/nginx", "-v"]),
    }
    if with_scrapy:
        v["scrapy"] = out([str(scrapy_venv(args.venv)), "-m", "scrapy", "version"])
    return v


def table(rows: list[dict], cols: list[tuple[str, str, str]]) -> str:
    head = [c[0] for c in cols]
    body = [[(format(r[k], f) if isinstance(r.get(k), (int, float)) else str(r.get(k, ""))) for _, k, f in cols] for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    line = lambda cells: "| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(head), "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|", *map(line, body)])


MAIN_COLS = [
    ("crawler", "crawler", ""), ("listings", "listings", "d"), ("pages", "pages", "d"),
    ("CPU s (user+sys)", "cpu", ".1f"), ("CPU s / 1k pages", "cpu_per_1k_pages", ".2f"),
    ("pages / CPU-s", "pages_per_cpu_s", ".0f"), ("CPU ms / listing", "cpu_ms_per_listing", ".2f"),
    ("wall s", "wall", ".1f"), ("pages / s", "pages_per_s", ".0f"), ("peak RSS MB", "max_rss_mb", ".0f"),
]


def report_pair(gs: dict, peer: dict | None, meta: dict) -> list[str]:
    warnings = []
    rows = [gs] + ([peer] if peer else [])
    print()
    print(table(rows, MAIN_COLS))
    c = meta["counts"]
    print(f"\ngenerated: {meta['params']['listings']} listings on {meta['params']['hosts']} hosts, "
          f"{c['robots_hidden_listings']} behind robots.txt, {c['reachable_listings']} reachable; "
          f"{c['expected_pages']} distinct pages reachable; {c['bytes'] / 1e9:.2f} GB of files")
    print(f"greysweep: summary.json requests {gs['summary_requests']}, pages {gs['summary_pages']} "
          f"{gs['pages_by_status']}, nginx {gs['http_status']} + {gs['robots_requests']} robots.txt; "
          f"findings {gs['findings']}, sellers {gs['sellers']}; evidence {gs['evidence_mb']:.0f} MB, "
          f"state {gs['state_mb']:.0f} MB; CPU user {gs['user']:.1f} s, sys {gs['sys']:.1f} s")
    if peer:
        print(f"scrapy:    requests {peer['scrapy_requests']} (robots.txt included), nginx {peer['http_status']} "
              f"+ {peer['robots_requests']} robots.txt; dupefilter dropped {peer['dupefilter_filtered']}, "
              f"robots.txt forbade {peer['robots_forbidden']}; items {peer['items']}, sellers {peer['sellers']}; "
              f"tracking parameters {'stripped' if peer['strip_tracking'] else 'NOT stripped'}; "
              f"CPU user {peer['user']:.1f} s, sys {peer['sys']:.1f} s; memusage/max {peer['memusage_max_mb']:.0f} MB")
        print("\nratios (Scrapy / greysweep; > 1 means greysweep is leaner):")
        print(f"  pages per CPU-second  greysweep/scrapy  {gs['pages_per_cpu_s'] / peer['pages_per_cpu_s']:.2f}×")
        print(f"  CPU per page          scrapy/greysweep  {peer['cpu_per_1k_pages'] / gs['cpu_per_1k_pages']:.2f}×")
        print(f"  CPU per listing       scrapy/greysweep  {peer['cpu_ms_per_listing'] / gs['cpu_ms_per_listing']:.2f}×")
        print(f"  peak RSS              scrapy/greysweep  {peer['max_rss_mb'] / gs['max_rss_mb']:.2f}×")
        if gs["listings"] != peer["listings"]:
            only_g = len(gs["_ids"] - peer["_ids"])
            only_s = len(peer["_ids"] - gs["_ids"])
            warnings.append(f"listing counts differ: greysweep {gs['listings']}, scrapy {peer['listings']} "
                            f"({only_g} only in greysweep, {only_s} only in scrapy)")
        else:
            print(f"  listings              identical ({gs['listings']})"
                  + ("" if gs["_ids"] == peer["_ids"] else " in number, but NOT the same product ids"))
        if gs["pages"] != peer["pages"]:
            warnings.append(f"page counts differ: greysweep {gs['pages']}, scrapy {peer['pages']} (nginx log)")
    if gs["listings"] != c["reachable_listings"]:
        warnings.append(f"greysweep found {gs['listings']} listings, the directory has {c['reachable_listings']} reachable")
    for w in warnings:
        print(f"WARNING: {w}")
    return warnings


SCALE_COLS = [
    ("listings (generated)", "size", "d"), ("listings", "listings", "d"), ("pages", "pages", "d"),
    ("CPU s", "cpu", ".1f"), ("CPU ms / page", "cpu_ms_per_page", ".2f"), ("vs first", "cpu_spread", "+.0f"),
    ("peak RSS MB", "max_rss_mb", ".0f"), ("vs first ", "rss_spread", "+.0f"), ("wall s", "wall", ".0f"),
]


def report_scaling(rows: list[dict]) -> None:
    base = rows[0]
    for r in rows:
        r["cpu_ms_per_page"] = r["cpu_per_1k_pages"]
        r["cpu_spread"] = 100 * (r["cpu_ms_per_page"] / base["cpu_ms_per_page"] - 1)
        r["rss_spread"] = 100 * (r["max_rss_mb"] / base["max_rss_mb"] - 1)
    print("\nscaling (greysweep; spread in % relative to the first size; acceptance: within ±25%):")
    print(table(rows, SCALE_COLS))
    ok_cpu = all(abs(r["cpu_spread"]) <= 25 for r in rows)
    ok_rss = all(abs(r["rss_spread"]) <= 25 for r in rows)
    print(f"CPU per page within ±25%: {'yes' if ok_cpu else 'NO'}; peak RSS within ±25%: {'yes' if ok_rss else 'NO'}")


# ----------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--listings", type=int, default=20000, help="listings in the directory (default 20000)")
    ap.add_argument("--sizes", help="comma-separated listing counts: a scaling series, greysweep only")
    ap.add_argument("--hosts", type=int, default=3, help="hosts (127.0.0.1, .2, …; default 3)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--peer", choices=["scrapy", "none"], default="none", help="also run this crawler")
    ap.add_argument("--no-peer", dest="peer", action="store_const", const="none")
    ap.add_argument("--smoke", action="store_true", help="200 listings, greysweep only, checks the counts")
    ap.add_argument("--concurrency", type=int, default=64, help="crawler concurrency (both; default 64)")
    ap.add_argument("--scrapy-no-strip", action="store_true",
                    help="let Scrapy fetch tracking-parameter variants (the issue's setup) instead of stripping them")
    ap.add_argument("--work", type=Path, default=ROOT / "target" / "bench-e2e", help="work and cache directory")
    ap.add_argument("--venv", type=Path, default=ROOT / "target" / "bench-venv",
                    help="virtual environment for Scrapy (created on first use)")
    ap.add_argument("--greysweep", type=Path, default=ROOT / "target" / "release" / "greysweep")
    ap.add_argument("--keep-outputs", action="store_true", help="keep sweep outputs (WARC, CSV) under WORK/runs")
    ap.add_argument("--drop-site", action="store_true",
                    help="delete each generated directory after its run (default for --sizes beyond the first)")
    args = ap.parse_args()
    if args.smoke:
        args.listings, args.peer = 200, "none"
    if not args.greysweep.is_file():
        raise SystemExit(f"bench: {args.greysweep} not found; run `cargo build --release` (scripts/bench-e2e.sh does)")
    if not Path(TIME).is_file():
        raise SystemExit("bench: GNU time not found; `apt-get install time` (scripts/bench-e2e.sh does)")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        raise SystemExit("bench: nginx not found; `apt-get install nginx-light` (scripts/bench-e2e.sh does)")
    args.greysweep = args.greysweep.resolve()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.listings]
    if args.sizes and args.peer != "none":
        raise SystemExit("bench: --sizes runs greysweep only; run --peer separately with --listings")
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    # One run per work directory: runs share its nginx folder and would disturb each
    # other's figures anyway.
    lock = open(work / ".lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise SystemExit(f"bench: another benchmark is running in {work} (or use --work)")

    v = versions(args, args.peer == "scrapy", work)
    print(f"machine: {v['nproc']} cores ({v['cpu']}), load average at start {v['load_avg']}")
    print(f"versions: {v['greysweep']} (git {v['git']}); {v['nginx']}" + (f"; {v['scrapy']}" if "scrapy" in v else ""))
    print("measured: CPU time (user+sys) and peak RSS of the crawler process alone (GNU time); "
          "nginx and this script are not counted")

    results = []
    scaling = []
    failed = False
    for i, size in enumerate(sizes):
        site_dir = work / "sites" / f"{size}-h{args.hosts}-s{args.seed}"
        free = shutil.disk_usage(work).free
        need = estimate_bytes(size)
        if not (site_dir / "generated.json").is_file() and free < need + 2 * 2**30:
            raise SystemExit(f"bench: {size} listings need about {need / 1e9:.1f} GB on {work}, "
                             f"{free / 1e9:.1f} GB free")
        print(f"\n== {size} listings: generating {site_dir} (about {need / 1e9:.1f} GB; cached when present)", flush=True)
        meta = generate(site_dir, size, args.hosts, args.seed)
        print(f"  {meta['counts']['search_pages']} search, {meta['counts']['product_pages']} product, "
              f"{meta['counts']['seller_pages']} seller pages; {meta['counts']['bytes'] / 1e9:.2f} GB "
              f"(generated in {meta['generate_secs']} s)", flush=True)
        with Nginx(work / "nginx", site_dir, args.hosts) as nginx:
            print(f"  nginx on {', '.join(nginx.origins())}", flush=True)
            gs = run_greysweep(args, work, nginx, meta, str(size))
            peer = run_scrapy(args, work, nginx, str(size)) if args.peer == "scrapy" else None
        warnings = report_pair(gs, peer, meta)
        failed |= bool(warnings) and args.smoke
        gs["size"] = size
        scaling.append(gs)
        results.append({"size": size, "meta": meta,
                        "rows": [{k: v2 for k, v2 in r.items() if k != "_ids"} for r in [gs] + ([peer] if peer else [])],
                        "warnings": warnings})
        if args.drop_site or (args.sizes and i > 0):
            shutil.rmtree(site_dir)
    if len(scaling) > 1:
        report_scaling(scaling)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    out = work / f"results-{stamp}.json"
    out.write_text(json.dumps({"versions": v, "args": {k: str(x) for k, x in vars(args).items()},
                               "results": results}, indent=1))
    print(f"\nresults: {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
