//! Context rules that hold for any registry: what a listing must show before a name
//! that is not the brand's own word (a product line alone, a model code alone) names the
//! brand, names used as places, and the class-9 goods a fashion house licenses.
//!
//! These rules know no brand: they read the shape of a name (`Monoblock`, `M12`,
//! `AirPods`), the word after it (`Marshall Islands`) and a brand's class profile. The
//! detector ([`super::Detector`]) decides when to ask; this module only answers.

use super::goods::{ACCESSORIES_BIT, ClassSet, class_bit};

/// Nouns that, right after a name, make it part of a place's name (`Marshall Islands`,
/// `Longchamp Racecourse`, `Columbia River`): a place is not the brand. Geographic
/// feature and settlement nouns of English (the generic terms of the GeoNames feature
/// codes), and their Chinese counterparts.
const PLACE_HEADS: &[&str] = &[
    "island",
    "islands",
    "isle",
    "isles",
    "racecourse",
    "river",
    "county",
    "province",
    "peninsula",
    "archipelago",
    "strait",
    "canyon",
    "群岛",
];

/// The place noun right after byte `end` of `text` (after spaces), if the name there is
/// part of a place's name.
pub(crate) fn place_after(text: &str, end: usize) -> Option<&'static str> {
    let rest = text.get(end..)?;
    let trimmed = rest.trim_start_matches(' ');
    let word_len = trimmed
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(trimmed.len(), |(at, _)| at);
    let word = &trimmed[..word_len];
    PLACE_HEADS.iter().copied().find(|h| {
        if h.is_ascii() {
            // A Latin noun is a separate word of its own.
            trimmed.len() < rest.len() && word.eq_ignore_ascii_case(h)
        } else {
            trimmed.starts_with(h)
        }
    })
}

/// Whether a name is coined by its shape: capitals inside a word (`AirPods`, `iPhone`,
/// `PlayStation`). Such a product line is the brand's wherever it is written.
pub(crate) fn coined(name: &str) -> bool {
    name.split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase))
}

/// Whether a name is shaped like a part or size code: one or two letters and one to
/// three digits (`M12` bolts, `G7`, `A4`), which many makers' goods carry.
pub(crate) fn part_code(name: &str) -> bool {
    let letters = name.chars().take_while(char::is_ascii_alphabetic).count();
    let digits = name[letters..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    (1..=2).contains(&letters) && (1..=3).contains(&digits) && letters + digits == name.len()
}

/// Classes that mark a fashion house: cosmetics and perfume, jewellery and watches,
/// leather goods, clothing.
const FASHION: [u8; 4] = [3, 14, 18, 25];

/// A brand's classes with class 9 narrowed to its accessories part (eyewear, phone cases,
/// headphones, smartwatches) when the other classes are a fashion house's (two or more
/// of 3, 14, 18, 25): what a fashion house sells in class 9 is what it licenses, not
/// routers or circuit breakers. Other brands' class 9 stays whole.
pub(crate) fn narrow_fashion_nine(classes: ClassSet) -> ClassSet {
    let nine = class_bit(9);
    let fashion = FASHION
        .iter()
        .filter(|&&c| classes & class_bit(c) != 0)
        .count();
    if classes & nine == nine && fashion >= 2 {
        (classes & !nine) | (1 << ACCESSORIES_BIT)
    } else {
        classes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::goods::class_numbers;

    #[test]
    fn place_nouns_after_a_name() {
        let t = "Marshall Islands Flag 3x5";
        assert_eq!(place_after(t, 8), Some("islands"));
        assert_eq!(place_after("Marshall Islandsx", 8), None);
        assert_eq!(place_after("Marshall headphones", 8), None);
        assert_eq!(place_after("Marshall", 8), None);
        assert_eq!(place_after("Balenciaga city bag", 10), None);
        let z = "马歇尔群岛 旗帜";
        assert_eq!(place_after(z, "马歇尔".len()), Some("群岛"));
    }

    #[test]
    fn part_codes() {
        assert!(part_code("M12"));
        assert!(part_code("G7"));
        assert!(!part_code("M12X"));
        assert!(!part_code("Solo3x"));
        assert!(!part_code("ABC1"));
        assert!(!part_code("12"));
    }

    #[test]
    fn coined_names_have_inner_capitals() {
        assert!(coined("AirPods"));
        assert!(coined("iPhone"));
        assert!(!coined("Monoblock"));
        assert!(!coined("Light Blue"));
        assert!(!coined("M12"));
    }

    #[test]
    fn a_fashion_house_licenses_class_9_accessories() {
        let armani = [3u8, 9, 14, 18, 25]
            .iter()
            .fold(0, |a, &c| a | class_bit(c));
        let narrowed = narrow_fashion_nine(armani);
        assert_eq!(narrowed & (1 << 9), 0);
        assert_ne!(narrowed & (1 << ACCESSORIES_BIT), 0);
        assert_eq!(class_numbers(narrowed), [3, 9, 14, 18, 25]);
        let dji = class_bit(9) | class_bit(12);
        assert_eq!(narrow_fashion_nine(dji), dji);
    }
}
