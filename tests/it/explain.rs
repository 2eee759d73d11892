//! `greysweep explain`: the report an analyst reads, snapshot-tested on the binary with
//! the corpus registry.

use std::path::Path;
use std::process::Command;

fn explain(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("explain")
        .args(["--brands", "tests/corpus/brands.toml"])
        .args(args)
        .output()
        .expect("greysweep runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn counterfeit_with_homoglyphs_and_a_low_price() {
    let (code, out, _) = explain(&[
        "--seller",
        "Guangzhou Luxe Bag House",
        "--price",
        "US$ 39.90",
        "Replica Ｌｏｕｉｓ Vuitton Neverfull MM 1:1 mirror quality",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("counterfeit_homoglyph_price", out);
}

#[test]
fn unauthorised_seller_posing_as_the_brand() {
    let (code, out, _) = explain(&[
        "--seller",
        "Nike Official Store Outlet",
        "--seller-url",
        "https://nike-outlet.en.alibaba.com/",
        "N1ke Air Max 90 running shoes",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("unauthorised_leet_seller_name", out);
}

#[test]
fn authorised_seller_is_not_flagged() {
    let (_, out, _) = explain(&[
        "--seller-url",
        "https://nike.en.alibaba.com/product/1.html",
        "Nike Air Zoom Pegasus 41 road running shoes",
    ]);
    insta::assert_snapshot!("authorised", out);
}

#[test]
fn compatibility_mention_is_reported_not_flagged() {
    let (_, out, _) = explain(&["Silicone case compatible with Apple iPhone 15 Pro"]);
    insta::assert_snapshot!("compatibility", out);
    let (_, flagged, _) = explain(&[
        "--flag-compatibility",
        "Silicone case compatible with Apple iPhone 15 Pro",
    ]);
    assert!(flagged.contains("FLAGGED"));
}

#[test]
fn chinese_title_with_spacing_and_typo_brands() {
    let (_, out, _) = explain(&[
        "--seller",
        "广州名品包屋",
        "香 奈 儿 Chanell 经典口盖包 高仿",
    ]);
    insta::assert_snapshot!("chinese_spacing_typo", out);
}

#[test]
fn traps_name_no_brand() {
    let (code, out, _) = explain(&["Organic apple cider vinegar, canonical pineapple, 4 channel"]);
    assert_eq!(code, 0);
    // `channel` resembles Chanel and is set aside: reported, never flagged.
    assert!(!out.contains("FLAGGED") && out.contains("set aside (no finding):"));
    insta::assert_snapshot!("no_brand", out);
}

#[test]
fn hostile_text_is_escaped() {
    let (_, out, _) = explain(&[
        "--seller",
        "Evil\u{1b}[2J Seller",
        "Gucci\u{1b}[31m belt\u{7}\nsecond line",
    ]);
    assert!(!out.contains('\u{1b}'));
    assert!(!out.contains('\u{7}'));
    insta::assert_snapshot!("hostile_text", out);
}

#[test]
fn weak_name_on_unrelated_goods_is_not_flagged() {
    let (code, out, _) = explain(&["Puma 3D wall sticker for kids room decoration"]);
    assert_eq!(code, 0);
    assert!(out.contains("unrelated_goods") && !out.contains("FLAGGED"));
    insta::assert_snapshot!("weak_name_unrelated_goods", out);
}

#[test]
fn weak_name_with_goods_of_the_brand_is_flagged() {
    let (_, out, _) = explain(&[
        "--category",
        "Shoes > Men's Sneakers",
        "Puma suede classic retro",
    ]);
    assert!(out.contains("FLAGGED"));
    insta::assert_snapshot!("weak_name_corroborated", out);
}

#[test]
fn model_number_without_the_brand_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("hp.toml");
    std::fs::write(
        &file,
        "[[brand]]\nname = \"HP\"\nmodels = [\"CF2\\\\d\\\\dA\", \"CE\\\\d{3}A\"]\n",
    )
    .expect("write registry");
    let file = file.display().to_string();
    let (_, out, _) = explain(&["--brands", &file, "Toner cartridge CF283A black 1500 pages"]);
    assert!(out.contains("(model, for"), "{out}");
    insta::assert_snapshot!("model_number", out);
}

#[test]
fn registry_mistakes_name_file_line_and_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "[[brand]]\nname = \"Acme\"\nreference_price = { amount = 0.0, currency = \"USD\" }\n",
    )
    .expect("write registry");
    let out = Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .args(["explain", "--brands"])
        .arg(&file)
        .arg("Acme anvil")
        .output()
        .expect("greysweep runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let shown = Path::new(&file).display().to_string();
    assert!(err.contains(&format!("{shown}:3:")), "{err}");
    assert!(err.contains("brand[0].reference_price.amount"), "{err}");
}

#[test]
fn a_name_set_aside_says_what_matched_and_why() {
    // A misspelling of a Chinese name on goods the lexicon does not know gets no
    // finding; the report still says what resembled which brand, rather than that no
    // brand is named.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("ferrari.toml");
    std::fs::write(
        &file,
        "[[brand]]\nname = \"Ferrari\"\naliases = [\"法拉利\"]\nclasses = [12, 25, 28]\n",
    )
    .expect("write registry");
    let file = file.display().to_string();
    let (code, out, _) = explain(&["--brands", &file, "法拉俐 跃马 金属 立体 尾标 装饰"]);
    assert_eq!(code, 0);
    assert!(!out.contains("no brand of the registry is named"), "{out}");
    assert!(
        out.contains("set aside (no finding):")
            && out.contains("\"法拉俐\" in the title (typo, for \"法拉利\") resembles Ferrari"),
        "{out}"
    );
    insta::assert_snapshot!("set_aside", out);
}
