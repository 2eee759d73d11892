//! `greysweep detect`: detection alone over a listings CSV.

use std::process::Command;

use crate::harness::{detect_to, read_csv};

#[test]
fn detect_flags_unauthorised_rows_of_a_listings_csv_and_keeps_cells_safe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let brands = dir.path().join("brands.toml");
    std::fs::write(
        &brands,
        "[[brand]]\nname = \"Acme\"\nauthorised_sellers = [\"Acme Official\"]\n",
    )
    .expect("registry");
    let input = dir.path().join("listings.csv");
    // Only the columns the issue names; the first title was protected by an earlier export.
    std::fs::write(
        &input,
        "title,seller_name,seller_url,price\n\
         \"'=HYPERLINK(\"\"http://x\"\") Acme rocket skates\",Wile Trading,https://wile.example.com/,US$ 3\n\
         Acme rocket skates,Acme Official,https://acme.example.com/,US$ 90\n\
         Plain roller skates,Wile Trading,https://wile.example.com/,US$ 12\n",
    )
    .expect("listings");
    let out = dir.path().join("audit.csv");
    detect_to(&brands, &input, &out);
    let rows = read_csv(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["brand"], "Acme");
    assert_eq!(rows[0]["seller_name"], "Wile Trading");
    assert!(
        rows[0]["title"].starts_with("'=HYPERLINK"),
        "{}",
        rows[0]["title"]
    );
    assert!(!rows[0]["signals"].is_empty());

    // Without --out the audit goes to stdout; a CSV without `title` is refused.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "name,seller\nx,y\n").expect("bad");
    let run = Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .args(["detect", "--brands"])
        .arg(&brands)
        .arg("--input")
        .arg(&bad)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no `title` column"));
}

/// Output piped into a reader that stops early (`greysweep check --names reg.toml | head
/// -1`) ends the run quietly: no panic message, no backtrace, exit code 141 (what a shell
/// reports for a Unix tool ended by the closed pipe).
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().expect("tempdir");
    let reg = dir.path().join("reg.toml");
    let mut toml = String::new();
    // Far more output than a pipe buffers (64 KiB), so the writer meets the closed pipe.
    for i in 0..3000 {
        toml.push_str(&format!(
            "[[brand]]\nname = \"Brandname{i}\"\naliases = [\"Alias{i}\", \"Other{i}\"]\n\n"
        ));
    }
    std::fs::write(&reg, toml).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .args(["check", "--names"])
        .arg(&reg)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // Read one small piece of the output, then close the pipe.
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    let status = child.wait().expect("waits");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(141), "{err}");
}

/// A brand the registry gives no classes learns them from the listings read: its weak
/// acronym on the goods its strong name is sold with is then judged by them, and stderr
/// says what was learned.
#[test]
fn detect_learns_the_classes_of_a_brand_without_them_from_the_listings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let brands = dir.path().join("brands.toml");
    std::fs::write(
        &brands,
        "[[brand]]\nname = \"Vorandel\"\naliases = [\"VDL\"]\n",
    )
    .expect("registry");
    let input = dir.path().join("listings.csv");
    std::fs::write(
        &input,
        "title,seller_name\n\
         Vorandel 18V cordless drill brushless,Shop A\n\
         Vorandel angle grinder 125mm,Shop B\n\
         Vorandel impact wrench kit,Shop C\n\
         VDL cordless drill 20V,Shop D\n\
         VDL leather handbag,Shop E\n",
    )
    .expect("listings");
    let out = dir.path().join("audit.csv");
    let stderr = detect_to(&brands, &input, &out);
    assert!(
        stderr.contains("Vorandel: no classes in the registry; 3 listing(s) naming it with goods read, class(es) 7 learned from them"),
        "{stderr}"
    );
    let rows = read_csv(&out);
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str()).collect();
    assert!(titles.contains(&"VDL cordless drill 20V"), "{titles:?}");
    assert!(!titles.contains(&"VDL leather handbag"), "{titles:?}");
}
