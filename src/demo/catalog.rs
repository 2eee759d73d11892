//! The demo directory's data: sellers, brands and about 200 listings, generated
//! deterministically, with the ground truth of which listings misuse a brand.
//!
//! Brands and sellers are fictional. The brand list mirrors `seeds/brands/demo.toml`
//! (a test checks the two agree).

/// Where a listing is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A card on search page `n` (1-based).
    Search(usize),
    /// Its own product page, linked from its seller's store page.
    Item,
    /// A card on clearance page `n`, under a path robots.txt disallows.
    Clearance(usize),
}

/// One demo seller.
#[derive(Debug, Clone)]
pub struct Seller {
    /// Display name.
    pub name: &'static str,
    /// Store slug (`/store/<slug>.html`).
    pub slug: &'static str,
    /// Location as shown.
    pub location: &'static str,
}

/// One demo listing with its ground truth.
#[derive(Debug, Clone)]
pub struct DemoListing {
    /// Product id.
    pub id: u32,
    /// Title.
    pub title: String,
    /// Price text.
    pub price: String,
    /// MOQ text.
    pub moq: String,
    /// Index into [`Catalog::sellers`].
    pub seller: usize,
    /// Where it is shown.
    pub placement: Placement,
    /// The brand it names, if any (index into [`BRANDS`]).
    pub brand: Option<usize>,
    /// Ground truth: a brand named by a seller not authorised for it.
    pub expected_flag: bool,
    /// For the hand-written evasion cases: the expected (match kind, category).
    pub expected_match: Option<(&'static str, &'static str)>,
}

impl DemoListing {
    /// Whether a polite crawler may reach it.
    pub fn crawlable(&self) -> bool {
        !matches!(self.placement, Placement::Clearance(_))
    }
}

/// A demo brand: name, product nouns, price band, and its authorised sellers (indices).
#[derive(Debug)]
pub struct DemoBrand {
    /// Canonical name, as in the registry.
    pub name: &'static str,
    /// Products it makes.
    pub products: &'static [&'static str],
    /// Sellers authorised for it (indices into the seller list).
    pub authorised: &'static [usize],
}

/// The demo sellers; the first six are the brands' authorised sellers.
pub const SELLERS: &[Seller] = &[
    Seller {
        name: "Vantora Official Store",
        slug: "vantora-official",
        location: "Fujian, China",
    },
    Seller {
        name: "Kestrel Audio Flagship",
        slug: "kestrel-audio-flagship",
        location: "Guangdong, China",
    },
    Seller {
        name: "Lumaris Time Official",
        slug: "lumaris-time",
        location: "Hong Kong, China",
    },
    Seller {
        name: "Ningbo Orvex Tools Authorized Dealer",
        slug: "ningbo-orvex-dealer",
        location: "Zhejiang, China",
    },
    Seller {
        name: "Halvorsen Maison Store",
        slug: "halvorsen-maison",
        location: "Guangdong, China",
    },
    Seller {
        name: "Sorrelle Beauty Official",
        slug: "sorrelle-beauty",
        location: "Shanghai, China",
    },
    Seller {
        name: "Yiwu Hengda Trading Co., Ltd.",
        slug: "yiwu-hengda",
        location: "Zhejiang, China",
    },
    Seller {
        name: "Guangzhou Lianfa Leather Goods Factory",
        slug: "gz-lianfa",
        location: "Guangdong, China",
    },
    Seller {
        name: "Quanzhou Jinyu Shoes Co., Ltd.",
        slug: "qz-jinyu-shoes",
        location: "Fujian, China",
    },
    Seller {
        name: "Shenzhen Brightway Electronics Co., Ltd.",
        slug: "sz-brightway",
        location: "Guangdong, China",
    },
    Seller {
        name: "Dongguan Meishi Cosmetics Co., Ltd.",
        slug: "dg-meishi",
        location: "Guangdong, China",
    },
    Seller {
        name: "Hangzhou Silkroad Import & Export Co., Ltd.",
        slug: "hz-silkroad",
        location: "Zhejiang, China",
    },
    Seller {
        name: "Jinhua Tianyi Hardware Tools Co., Ltd.",
        slug: "jh-tianyi",
        location: "Zhejiang, China",
    },
    Seller {
        name: "Xiamen Oceanic Watch Co., Ltd.",
        slug: "xm-oceanic",
        location: "Fujian, China",
    },
    Seller {
        name: "Lahore Sports Gear Traders",
        slug: "lahore-sports",
        location: "Punjab, Pakistan",
    },
    Seller {
        name: "Istanbul Bazaar Textiles",
        slug: "istanbul-bazaar",
        location: "Istanbul, Turkey",
    },
    Seller {
        name: "Shenzhen Clearwave Acoustics Co., Ltd.",
        slug: "sz-clearwave",
        location: "Guangdong, China",
    },
    Seller {
        name: "Fujian Stride Athletics Co., Ltd.",
        slug: "fj-stride",
        location: "Fujian, China",
    },
    Seller {
        name: "Wenzhou Everbright Optical Co., Ltd.",
        slug: "wz-everbright",
        location: "Zhejiang, China",
    },
    Seller {
        name: "Mumbai Global Exports",
        slug: "mumbai-global",
        location: "Maharashtra, India",
    },
];

/// The demo brands, in registry order.
pub const BRANDS: &[DemoBrand] = &[
    DemoBrand {
        name: "Vantora",
        products: &[
            "Running Shoes",
            "Basketball Sneakers",
            "Sports Jacket",
            "Training Shorts",
        ],
        authorised: &[0, 17],
    },
    DemoBrand {
        name: "Kestrel Audio",
        products: &[
            "Wireless Earbuds",
            "Noise Cancelling Headphones",
            "Bluetooth Speaker",
        ],
        authorised: &[1, 16],
    },
    DemoBrand {
        name: "Lumaris",
        products: &["Automatic Watch", "Chronograph Watch", "Diver Watch"],
        authorised: &[2],
    },
    DemoBrand {
        name: "Orvex",
        products: &["Cordless Drill", "Angle Grinder", "Impact Driver"],
        authorised: &[3],
    },
    DemoBrand {
        name: "Halvorsen",
        products: &["Leather Handbag", "Canvas Tote Bag", "Card Wallet"],
        authorised: &[4],
    },
    DemoBrand {
        name: "Sorrelle",
        products: &["Matte Lipstick", "Eau de Parfum", "Face Serum"],
        authorised: &[5],
    },
];

const GENERIC: &[&str] = &[
    "Stainless Steel Water Bottle",
    "Bamboo Cutting Board",
    "LED Desk Lamp",
    "Cotton Crew Neck T-Shirt",
    "Silicone Baking Mat",
    "Folding Camping Chair",
    "Ceramic Coffee Mug",
    "Yoga Mat Non Slip",
    "USB-C Charging Cable",
    "Polyester Shopping Bag",
    "Garden Hose Nozzle",
    "Kids Wooden Puzzle",
    "Aluminium Laptop Stand",
    "Waterproof Phone Pouch",
    "Fleece Throw Blanket",
    "Glass Food Container Set",
    "Solar Garden Light",
    "Resistance Band Set",
    "Hair Dryer Ionic",
    "Paper Gift Box",
];

const ADJECTIVES: &[&str] = &[
    "Wholesale",
    "Hot Sale",
    "New Arrival",
    "Factory Direct",
    "Custom Logo",
    "OEM",
    "Premium",
    "2026 New",
];
const FLAVOURS: &[&str] = &[
    "for Men",
    "for Women",
    "Unisex",
    "High Quality",
    "Top Grade",
    "Best Price",
    "in Stock",
    "Free Sample",
];
const UNITS: &[&str] = &["Pieces", "Pairs", "Sets", "Boxes"];

/// Markup a hostile seller puts in a title (the report and CSVs must show it as text).
pub const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)>";

/// Search result pages.
pub const SEARCH_PAGES: usize = 8;
/// Cards per search page.
pub const CARDS_PER_PAGE: usize = 20;
/// Sellers with a store of product pages (indices) and how many items each.
pub const ITEM_STORES: &[usize] = &[6, 9, 1, 13];
/// Items per item store.
pub const ITEMS_PER_STORE: usize = 10;
/// Clearance pages (disallowed by robots.txt).
pub const CLEARANCE_PAGES: usize = 2;

/// The whole demo directory.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Sellers.
    pub sellers: &'static [Seller],
    /// Listings.
    pub listings: Vec<DemoListing>,
}

/// A tiny deterministic generator (SplitMix64), so the demo is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

impl Catalog {
    /// Builds the catalog (deterministic).
    pub fn build() -> Catalog {
        let mut rng = Rng(0x6772_6579_7377_6565);
        let mut listings: Vec<DemoListing> = Vec::new();
        let make = |id: u32, placement: Placement, seller: usize, rng: &mut Rng| {
            // Roughly: 30% brand listings by unauthorised sellers, 15% by authorised ones,
            // the rest clean. Authorised sellers only sell their own brand.
            let roll = rng.below(100);
            let own_brand = BRANDS.iter().position(|b| b.authorised.contains(&seller));
            let brand = match own_brand {
                Some(b) if roll < 70 => Some(b),
                Some(_) => None,
                None if roll < 40 => Some(rng.below(BRANDS.len())),
                None => None,
            };
            let title = match brand {
                Some(b) => {
                    let br = &BRANDS[b];
                    let product = br.products[rng.below(br.products.len())];
                    match rng.below(4) {
                        0 => format!(
                            "{} {} {}",
                            br.name,
                            product,
                            FLAVOURS[rng.below(FLAVOURS.len())]
                        ),
                        1 => format!(
                            "{} {} {} {}",
                            ADJECTIVES[rng.below(ADJECTIVES.len())],
                            br.name,
                            product,
                            FLAVOURS[rng.below(FLAVOURS.len())]
                        ),
                        2 => format!(
                            "{} {} Style {}",
                            ADJECTIVES[rng.below(ADJECTIVES.len())],
                            product,
                            br.name
                        ),
                        _ => format!(
                            "{} {} - {}",
                            br.name.to_uppercase(),
                            product,
                            FLAVOURS[rng.below(FLAVOURS.len())]
                        ),
                    }
                }
                None => format!(
                    "{} {} {}",
                    ADJECTIVES[rng.below(ADJECTIVES.len())],
                    GENERIC[rng.below(GENERIC.len())],
                    FLAVOURS[rng.below(FLAVOURS.len())]
                ),
            };
            let low = 2 + rng.below(60);
            let cents = rng.below(100);
            let price = if rng.below(2) == 0 {
                format!("US$ {low}.{cents:02}")
            } else {
                format!(
                    "US$ {low}.{cents:02}-{}.{cents:02}",
                    low + 1 + rng.below(20)
                )
            };
            let moq = format!(
                "{} {}",
                [1, 2, 10, 50, 100, 500][rng.below(6)],
                UNITS[rng.below(UNITS.len())]
            );
            let expected_flag = brand.is_some_and(|b| !BRANDS[b].authorised.contains(&seller));
            DemoListing {
                id,
                title,
                price,
                moq,
                seller,
                placement,
                brand,
                expected_flag,
                expected_match: None,
            }
        };
        let mut next_id = 100_001u32;
        let mut push = |listings: &mut Vec<DemoListing>,
                        placement: Placement,
                        seller: usize,
                        rng: &mut Rng| {
            listings.push(make(next_id, placement, seller, rng));
            next_id += 1;
        };
        for page in 1..=SEARCH_PAGES {
            for _ in 0..CARDS_PER_PAGE {
                let seller = rng.below(SELLERS.len());
                push(&mut listings, Placement::Search(page), seller, &mut rng);
            }
        }
        // A seller who tries markup injection: the title must reach every output as text.
        listings.push(DemoListing {
            id: 100_000,
            title: format!("{} Running Shoes {HOSTILE_TITLE}", BRANDS[0].name),
            price: "US$ 9.99".into(),
            moq: "2 Pairs".into(),
            seller: 14,
            placement: Placement::Search(1),
            brand: Some(0),
            expected_flag: true,
            expected_match: None,
        });
        // Sellers who try to dodge keyword filters, and listings that only name a brand as
        // what they fit: (title, seller, brand, flagged, match kind, category).
        let cases: &[(&str, usize, usize, bool, &str, &str)] = &[
            (
                "Vantora AAA Replica Running Shoes 1:1 Quality",
                8,
                0,
                true,
                "exact",
                "counterfeit_indicators",
            ),
            (
                "Lumaris Diver Watch Mirror Quality",
                13,
                2,
                true,
                "exact",
                "counterfeit_indicators",
            ),
            (
                "\u{397}alvorsen Leather Handbag",
                7,
                4,
                true,
                "homoglyph",
                "unauthorised_brand_use",
            ),
            (
                "S0rrelle Matte Lipstick Long Lasting",
                10,
                5,
                true,
                "leetspeak",
                "unauthorised_brand_use",
            ),
            (
                "Halvorssen Card Wallet Genuine Leather",
                11,
                4,
                true,
                "typo",
                "unauthorised_brand_use",
            ),
            (
                "V a n t o r a Running Shoes for Men",
                14,
                0,
                true,
                "spacing",
                "unauthorised_brand_use",
            ),
            (
                "万托拉 跑步鞋 高仿 男款",
                8,
                0,
                true,
                "alias",
                "counterfeit_indicators",
            ),
            (
                "Replacement Ear Tips for Kestrel Audio Earbuds",
                9,
                1,
                false,
                "exact",
                "compatibility_mention",
            ),
            (
                "Charging Case Compatible with Kestrel Audio Wireless Earbuds",
                19,
                1,
                false,
                "exact",
                "compatibility_mention",
            ),
        ];
        for (i, &(title, seller, brand, flagged, kind, category)) in cases.iter().enumerate() {
            listings.push(DemoListing {
                id: 99_990 + i as u32,
                title: title.to_string(),
                price: format!("US$ {}.50", 3 + i),
                moq: "10 Pieces".into(),
                seller,
                placement: Placement::Search(2),
                brand: Some(brand),
                expected_flag: flagged,
                expected_match: Some((kind, category)),
            });
        }
        for &seller in ITEM_STORES {
            for _ in 0..ITEMS_PER_STORE {
                push(&mut listings, Placement::Item, seller, &mut rng);
            }
        }
        for page in 1..=CLEARANCE_PAGES {
            for _ in 0..CARDS_PER_PAGE / 2 {
                // Clearance is where the worst offenders hide: always an unauthorised brand.
                let seller = 6 + rng.below(SELLERS.len() - 6);
                let before = listings.len();
                push(&mut listings, Placement::Clearance(page), seller, &mut rng);
                if let Some(l) = listings.get_mut(before)
                    && l.brand.is_none()
                {
                    let b = rng.below(BRANDS.len());
                    l.title = format!("{} {} Clearance", BRANDS[b].name, BRANDS[b].products[0]);
                    l.expected_flag = !BRANDS[b].authorised.contains(&seller);
                    l.brand = Some(b);
                }
            }
        }
        Catalog {
            sellers: SELLERS,
            listings,
        }
    }

    /// Listings on search page `page`.
    pub fn search_page(&self, page: usize) -> impl Iterator<Item = &DemoListing> {
        self.listings
            .iter()
            .filter(move |l| l.placement == Placement::Search(page))
    }

    /// Listings on clearance page `page`.
    pub fn clearance_page(&self, page: usize) -> impl Iterator<Item = &DemoListing> {
        self.listings
            .iter()
            .filter(move |l| l.placement == Placement::Clearance(page))
    }

    /// Product-page listings of seller `seller`.
    pub fn store_items(&self, seller: usize) -> impl Iterator<Item = &DemoListing> {
        self.listings
            .iter()
            .filter(move |l| l.placement == Placement::Item && l.seller == seller)
    }

    /// The listing with product id `id`.
    pub fn by_id(&self, id: u32) -> Option<&DemoListing> {
        self.listings.iter().find(|l| l.id == id)
    }

    /// The seller with store slug `slug`.
    pub fn seller_by_slug(&self, slug: &str) -> Option<(usize, &Seller)> {
        self.sellers
            .iter()
            .enumerate()
            .find(|(_, s)| s.slug == slug)
    }
}
