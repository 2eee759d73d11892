//! Real titles for the detection benchmark: the labelled corpora's registries merged into
//! one (about 1,000 brands written by analysts, with their aliases, Chinese names,
//! product lines and model expressions) and their titles, Chinese or Latin.

use std::path::Path;

use greysweep::detect::Registry;

/// The files of `tests/corpus` whose names end with `suffix`, in name order.
fn files(suffix: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// Every corpus registry of `tests/corpus`, as one registry (a brand that two corpora
/// have, once: the first file's).
pub fn registry() -> Registry {
    let mut merged: Option<Registry> = None;
    for p in &files("_brands.toml") {
        let src = std::fs::read_to_string(p).expect("corpus registry is readable");
        let r = Registry::from_toml(p, &src).expect("corpus registry parses");
        match &mut merged {
            None => merged = Some(r),
            Some(m) => {
                for b in r.brands {
                    if !m
                        .brands
                        .iter()
                        .any(|x| x.name.eq_ignore_ascii_case(&b.name))
                    {
                        m.brands.push(b);
                    }
                }
            }
        }
    }
    merged.expect("tests/corpus has registries")
}

/// `n` titles of the corpora (every title read in file order, then taken at an even
/// step): the mostly Chinese ones (`chinese`) or the others.
pub fn titles(chinese: bool, n: usize) -> Vec<String> {
    let cjk = |c: char| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF);
    let all: Vec<String> = files("_titles.tsv")
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .expect("corpus titles are readable")
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split('\t').nth(3).map(str::to_string))
                .collect::<Vec<_>>()
        })
        .filter(|t| {
            let han = t.chars().filter(|&c| cjk(c)).count();
            let latin = t.chars().filter(char::is_ascii_alphabetic).count();
            (han >= latin) == chinese
        })
        .collect();
    let step = (all.len() / n.max(1)).max(1);
    all.into_iter().step_by(step).take(n).collect()
}
