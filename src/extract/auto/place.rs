//! Place names: a small general gazetteer, and the text shapes of a seller's location.
//!
//! Directories print a seller's location as a short comma-separated text — `Guangdong,
//! China`, `Narela, New Delhi`, `Dongguan, Guangdong, China`, `Shenzhen`, `广东 深圳` — and
//! rarely name the element that holds it in a way a finder can rely on. This module knows
//! place names that are general knowledge (the world's countries, China's provinces and
//! large manufacturing cities, India's states and large cities, the US states), so a
//! finder can recognise such a text by its content. It also knows the labels that stand
//! before a location (`City/Province:`, `Location:`, `所在地：`).
//!
//! It deliberately knows no directory: no site names, hosts or class names. A text counts
//! as a place only when one of its parts *is* a known name (not merely contains one), it
//! has no digits, and it is short, so a product title that mentions a country is never a
//! location.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Countries and territories, in English, with common short forms.
const COUNTRIES: &[&str] = &[
    "afghanistan",
    "albania",
    "algeria",
    "andorra",
    "angola",
    "argentina",
    "armenia",
    "australia",
    "austria",
    "azerbaijan",
    "bahamas",
    "bahrain",
    "bangladesh",
    "barbados",
    "belarus",
    "belgium",
    "belize",
    "benin",
    "bhutan",
    "bolivia",
    "bosnia and herzegovina",
    "botswana",
    "brazil",
    "brunei",
    "bulgaria",
    "burkina faso",
    "burundi",
    "cambodia",
    "cameroon",
    "canada",
    "chad",
    "chile",
    "china",
    "mainland china",
    "colombia",
    "congo",
    "costa rica",
    "croatia",
    "cuba",
    "cyprus",
    "czech republic",
    "czechia",
    "denmark",
    "djibouti",
    "dominican republic",
    "ecuador",
    "egypt",
    "el salvador",
    "estonia",
    "eswatini",
    "ethiopia",
    "fiji",
    "finland",
    "france",
    "gabon",
    "gambia",
    "georgia",
    "germany",
    "ghana",
    "greece",
    "guatemala",
    "guinea",
    "guyana",
    "haiti",
    "honduras",
    "hong kong",
    "hong kong sar",
    "hungary",
    "iceland",
    "india",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "ivory coast",
    "jamaica",
    "japan",
    "jordan",
    "kazakhstan",
    "kenya",
    "korea",
    "south korea",
    "kuwait",
    "kyrgyzstan",
    "laos",
    "latvia",
    "lebanon",
    "lesotho",
    "liberia",
    "libya",
    "liechtenstein",
    "lithuania",
    "luxembourg",
    "macau",
    "macao",
    "madagascar",
    "malawi",
    "malaysia",
    "maldives",
    "mali",
    "malta",
    "mauritania",
    "mauritius",
    "mexico",
    "moldova",
    "monaco",
    "mongolia",
    "montenegro",
    "morocco",
    "mozambique",
    "myanmar",
    "namibia",
    "nepal",
    "netherlands",
    "new zealand",
    "nicaragua",
    "niger",
    "nigeria",
    "north macedonia",
    "norway",
    "oman",
    "pakistan",
    "panama",
    "papua new guinea",
    "paraguay",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "puerto rico",
    "qatar",
    "romania",
    "russia",
    "russian federation",
    "rwanda",
    "saudi arabia",
    "senegal",
    "serbia",
    "seychelles",
    "sierra leone",
    "singapore",
    "slovakia",
    "slovenia",
    "somalia",
    "south africa",
    "spain",
    "sri lanka",
    "sudan",
    "suriname",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "tajikistan",
    "tanzania",
    "thailand",
    "togo",
    "trinidad and tobago",
    "tunisia",
    "turkey",
    "türkiye",
    "turkmenistan",
    "uganda",
    "ukraine",
    "united arab emirates",
    "uae",
    "united kingdom",
    "uk",
    "great britain",
    "england",
    "scotland",
    "wales",
    "united states",
    "united states of america",
    "usa",
    "uruguay",
    "uzbekistan",
    "venezuela",
    "vietnam",
    "viet nam",
    "yemen",
    "zambia",
    "zimbabwe",
];

/// China's provinces, regions and municipalities, and large trading and manufacturing
/// cities, in pinyin.
const CHINA: &[&str] = &[
    "anhui",
    "beijing",
    "chongqing",
    "fujian",
    "gansu",
    "guangdong",
    "guangxi",
    "guizhou",
    "hainan",
    "hebei",
    "heilongjiang",
    "henan",
    "hubei",
    "hunan",
    "inner mongolia",
    "jiangsu",
    "jiangxi",
    "jilin",
    "liaoning",
    "ningxia",
    "qinghai",
    "shaanxi",
    "shandong",
    "shanghai",
    "shanxi",
    "sichuan",
    "tianjin",
    "tibet",
    "xinjiang",
    "yunnan",
    "zhejiang",
    "shenzhen",
    "guangzhou",
    "dongguan",
    "foshan",
    "zhongshan",
    "zhuhai",
    "huizhou",
    "jiangmen",
    "shantou",
    "chaozhou",
    "jieyang",
    "zhaoqing",
    "qingyuan",
    "yiwu",
    "ningbo",
    "hangzhou",
    "wenzhou",
    "jinhua",
    "taizhou",
    "shaoxing",
    "jiaxing",
    "huzhou",
    "quzhou",
    "lishui",
    "xiamen",
    "quanzhou",
    "fuzhou",
    "putian",
    "zhangzhou",
    "jinjiang",
    "suzhou",
    "wuxi",
    "changzhou",
    "nanjing",
    "nantong",
    "yangzhou",
    "xuzhou",
    "yancheng",
    "zhenjiang",
    "qingdao",
    "jinan",
    "yantai",
    "weifang",
    "linyi",
    "zibo",
    "weihai",
    "rizhao",
    "liaocheng",
    "heze",
    "jining",
    "dezhou",
    "binzhou",
    "wuhan",
    "changsha",
    "nanchang",
    "ganzhou",
    "zhengzhou",
    "xi'an",
    "xian",
    "hefei",
    "chengdu",
    "kunming",
    "nanning",
    "guilin",
    "shijiazhuang",
    "baoding",
    "cangzhou",
    "hengshui",
    "xingtai",
    "handan",
    "tangshan",
    "shenyang",
    "dalian",
    "harbin",
    "changchun",
    "taiyuan",
    "lanzhou",
    "guiyang",
    "haikou",
    "urumqi",
    "hohhot",
    "luoyang",
    "kaifeng",
    "xinxiang",
    "anyang",
    "wuhu",
    "ma'anshan",
    "yongkang",
    "cixi",
    "yuyao",
    "ruian",
    "yueqing",
    "danyang",
    "jiangyin",
    "zhangjiagang",
    "kunshan",
    "changshu",
    "shishi",
    "nan'an",
    "dehua",
    "anxi",
    "jingdezhen",
];

/// China's provinces and large cities, in Chinese, with and without 省/市.
const CHINA_HAN: &[&str] = &[
    "中国",
    "中国大陆",
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "深圳",
    "广州",
    "东莞",
    "佛山",
    "中山",
    "珠海",
    "惠州",
    "江门",
    "汕头",
    "潮州",
    "揭阳",
    "义乌",
    "宁波",
    "杭州",
    "温州",
    "金华",
    "台州",
    "绍兴",
    "嘉兴",
    "湖州",
    "厦门",
    "泉州",
    "福州",
    "莆田",
    "漳州",
    "晋江",
    "苏州",
    "无锡",
    "常州",
    "南京",
    "南通",
    "扬州",
    "徐州",
    "青岛",
    "济南",
    "烟台",
    "潍坊",
    "临沂",
    "淄博",
    "武汉",
    "长沙",
    "南昌",
    "郑州",
    "西安",
    "合肥",
    "成都",
    "昆明",
    "南宁",
    "石家庄",
    "保定",
    "沧州",
    "沈阳",
    "大连",
    "哈尔滨",
    "长春",
    "太原",
    "兰州",
    "贵阳",
    "海口",
    "乌鲁木齐",
    "呼和浩特",
];

/// India's states and union territories, and large cities.
const INDIA: &[&str] = &[
    "andhra pradesh",
    "arunachal pradesh",
    "assam",
    "bihar",
    "chhattisgarh",
    "goa",
    "gujarat",
    "haryana",
    "himachal pradesh",
    "jharkhand",
    "karnataka",
    "kerala",
    "madhya pradesh",
    "maharashtra",
    "manipur",
    "meghalaya",
    "mizoram",
    "nagaland",
    "odisha",
    "orissa",
    "punjab",
    "rajasthan",
    "sikkim",
    "tamil nadu",
    "telangana",
    "tripura",
    "uttar pradesh",
    "uttarakhand",
    "west bengal",
    "delhi",
    "new delhi",
    "jammu and kashmir",
    "ladakh",
    "chandigarh",
    "puducherry",
    "pondicherry",
    "andaman and nicobar islands",
    "dadra and nagar haveli",
    "daman and diu",
    "lakshadweep",
    "mumbai",
    "bombay",
    "bengaluru",
    "bangalore",
    "hyderabad",
    "ahmedabad",
    "chennai",
    "madras",
    "kolkata",
    "calcutta",
    "surat",
    "pune",
    "jaipur",
    "lucknow",
    "kanpur",
    "nagpur",
    "indore",
    "thane",
    "navi mumbai",
    "bhopal",
    "visakhapatnam",
    "vadodara",
    "ludhiana",
    "agra",
    "nashik",
    "faridabad",
    "meerut",
    "rajkot",
    "varanasi",
    "amritsar",
    "noida",
    "greater noida",
    "gurgaon",
    "gurugram",
    "ghaziabad",
    "coimbatore",
    "kochi",
    "cochin",
    "jalandhar",
    "moradabad",
    "aligarh",
    "jodhpur",
    "udaipur",
    "kota",
    "madurai",
    "tiruppur",
    "panipat",
    "sonipat",
    "bhiwandi",
    "vapi",
    "jamnagar",
    "morbi",
    "kolhapur",
    "aurangabad",
    "howrah",
    "patna",
    "ranchi",
    "raipur",
    "bhubaneswar",
    "guwahati",
    "dehradun",
    "mysore",
    "mysuru",
    "mangalore",
    "vijayawada",
    "salem",
    "erode",
];

/// The states of the United States and its capital district.
const US: &[&str] = &[
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode island",
    "south carolina",
    "south dakota",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "west virginia",
    "wisconsin",
    "wyoming",
    "district of columbia",
];

static NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    COUNTRIES
        .iter()
        .chain(CHINA)
        .chain(CHINA_HAN)
        .chain(INDIA)
        .chain(US)
        .copied()
        .collect()
});

/// Suffixes of Chinese administrative names (`广东省`, `深圳市`, `南山区`).
const HAN_SUFFIXES: &[char] = &['省', '市', '区', '县', '镇'];

/// Whether `part` (one comma-separated piece of a text) is a known place name.
fn known(part: &str) -> bool {
    let p = part
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    // `Dist. Thane`, `District Pune`.
    let p = ["dist. ", "dist ", "district "]
        .iter()
        .find_map(|d| p.strip_prefix(d))
        .map_or(p.clone(), str::to_string);
    if p.is_empty() {
        return false;
    }
    if NAMES.contains(p.as_str()) {
        return true;
    }
    // `Guangdong Province`, `Shenzhen City`, `广东省`.
    for suffix in [" province", " city", " state", " district", " prefecture"] {
        if let Some(head) = p.strip_suffix(suffix)
            && NAMES.contains(head)
        {
            return true;
        }
    }
    let head = p.trim_end_matches(HAN_SUFFIXES);
    (head != p && NAMES.contains(head)) || han_place(&p)
}

/// Concatenated Chinese administrative names: `广东省深圳市`, `广东揭阳`, `深圳市南山区`.
/// At least one known name, then nothing but known names, admin suffixes and one last
/// short unit ending in 区, 县 or 镇.
fn han_place(p: &str) -> bool {
    if !p.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) || p.chars().count() > 12 {
        return false;
    }
    let mut rest = p;
    let mut known_parts = 0;
    'outer: while !rest.is_empty() {
        let chars: Vec<(usize, char)> = rest.char_indices().collect();
        for len in (2..=4.min(chars.len())).rev() {
            let end = chars.get(len).map_or(rest.len(), |(i, _)| *i);
            if NAMES.contains(&rest[..end]) {
                known_parts += 1;
                rest = rest[end..].trim_start_matches(HAN_SUFFIXES);
                continue 'outer;
            }
        }
        let n = chars.len();
        return known_parts > 0 && n <= 4 && rest.ends_with(['区', '县', '镇']);
    }
    known_parts > 0
}

/// Whether a text is a location by its content: a short text without digits whose
/// comma-, slash- or space-separated parts are words of a place, at least one of which is
/// a known place name (`Hubei, China`; `Narela, New Delhi`; `Lakdika Pool P&T Officers
/// Colony, Hyderabad, Telangana`; `广东 深圳`). A lone part must itself be known.
pub(crate) fn place_text(text: &str) -> bool {
    let t = text.trim();
    // Cheap rejections first: this runs on every short text of a list.
    if t.len() < 2 || t.len() > 360 || t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let n = t.chars().count();
    if n > 90 {
        return false;
    }
    if t.contains([':', '：', '|', '$', '¥', '€', '£', '₹', '%', '?', '!']) {
        return false;
    }
    let parts: Vec<&str> = t
        .split([',', '，', '、', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.len() > 6 {
        return false;
    }
    // Every part is a short name (a few words), not a sentence.
    if parts.iter().any(|p| p.split_whitespace().count() > 5) {
        return false;
    }
    if parts.iter().any(|p| known(p)) {
        return true;
    }
    // `广东 深圳`, `Guangdong China`: space-separated known names only.
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() >= 2 && words.len() <= 3 && words.iter().all(|w| known(w))
}

/// Words of labels that stand before a seller's location.
const LABEL_WORDS: &[&str] = &[
    "location",
    "city",
    "province",
    "region",
    "country",
    "state",
    "ships from",
    "ship from",
    "located in",
    "所在地",
    "发货地",
    "地区",
    "所在地区",
    "产地",
    "货源地",
];

/// A `label: place` text: the label (with its colon) when the label names a location and
/// what follows is a place (`City/Province: Dongguan, Guangdong, China`).
pub(crate) fn labelled_place(text: &str) -> Option<String> {
    let t = text.trim();
    let (at, colon) = t
        .char_indices()
        .find(|(_, c)| matches!(c, ':' | '：'))
        .map(|(i, c)| (i, c.len_utf8()))?;
    let label = t[..at].trim();
    let rest = t[at + colon..].trim();
    let lower = label.to_lowercase();
    if label.chars().count() > 30 || !LABEL_WORDS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    place_text(rest).then(|| t[..at + colon].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_texts_are_recognised_by_their_parts() {
        for t in [
            "Hubei, China",
            "Dongguan, Guangdong, China",
            "Narela, New Delhi",
            "Lakdika Pool P&T Officers Colony, Hyderabad, Telangana",
            "China",
            "Guangdong Province, China",
            "广东省深圳市",
            "广东 深圳",
            "Austin, Texas",
        ] {
            assert!(place_text(t), "{t}");
        }
        for t in [
            "Wireless Earbuds for China Market",
            "Made in China",
            "Shenzhen 518000",
            "Price: US$ 12",
            "Georgia Peach Phone Case With Strap And Ring",
            "Contact Supplier",
            "Sign In",
        ] {
            assert!(!place_text(t), "{t}");
        }
    }

    #[test]
    fn labels_before_places() {
        assert_eq!(
            labelled_place("City/Province: Dongguan, Guangdong, China").as_deref(),
            Some("City/Province:")
        );
        assert_eq!(
            labelled_place("所在地：广东 深圳").as_deref(),
            Some("所在地：")
        );
        assert_eq!(labelled_place("Business Type: Manufacturer"), None);
        assert_eq!(labelled_place("Location: Room 5, 12 Road"), None);
    }
}
