//! Disk and file faults: a full disk, an unwritable output folder, a state file on a
//! read-only path, the evidence folder deleted mid-sweep, and a damaged state file. Each
//! gives one clear error naming the path and exit code 1 (never a panic), and once the
//! fault is cleared `sweep --resume` completes the sweep.
//!
//! How the faults are made here (the tests run as root, so permission bits do not stop
//! writes): a full disk is a small tmpfs (`mount -t tmpfs -o size=…`), grown afterwards
//! with `mount -o remount,size=…`; a read-only path is a tmpfs remounted `ro`; an
//! unwritable folder is a path whose parent is a regular file. Tests that need `mount`
//! print why they skip when it is not permitted (not root, no CAP_SYS_ADMIN).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::harness::{Fixture, Reply, Sweep, card, page, read_csv};

fn greysweep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_greysweep"))
}

fn sweep_cmd(out: &Path, file: &Path) -> Output {
    greysweep()
        .args(["sweep", "--resume", "--quiet", "--out"])
        .arg(out)
        .arg(file)
        .output()
        .expect("run greysweep")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a failed run: exit 1, no panic, the message names `path`.
fn assert_fails_naming(o: &Output, path: &Path) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "exit code; stderr:\n{err}");
    assert!(!err.contains("panicked"), "a panic:\n{err}");
    assert!(
        err.contains(&path.display().to_string()),
        "the error does not name {}:\n{err}",
        path.display()
    );
}

/// A tmpfs mounted at a fresh folder; unmounted on drop.
struct Tmpfs {
    dir: PathBuf,
    _parent: tempfile::TempDir,
}

impl Tmpfs {
    /// `None` (with the reason printed) when this machine does not let us mount.
    fn mount(size: &str) -> Option<Tmpfs> {
        let parent = tempfile::tempdir().expect("tempdir");
        let dir = parent.path().join("mnt");
        std::fs::create_dir(&dir).expect("mount point");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Tmpfs {
                dir,
                _parent: parent,
            }),
            Ok(o) => {
                eprintln!(
                    "SKIPPED: cannot mount a tmpfs here ({}); needs root or CAP_SYS_ADMIN",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: no mount command ({e})");
                None
            }
        }
    }

    fn remount(&self, opts: &str) {
        let o = Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.dir)
            .output()
            .expect("mount");
        assert!(o.status.success(), "remount {opts}: {}", stderr(&o));
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).output();
    }
}

/// A site of `n` listing pages (one card each), linked from `/start`; each page carries
/// `pad` bytes of incompressible text so the evidence grows.
fn site(f: &Fixture, n: usize, pad: usize) -> Vec<String> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut links = Vec::new();
    for i in 0..n {
        let mut filler = String::with_capacity(pad);
        while filler.len() < pad {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            filler.push_str(&format!("{x:016x}"));
        }
        let path = format!("/l/{i}");
        let html = page(
            &[card(
                &format!("{i}"),
                &format!("Acme rocket skates {i}"),
                "Wile Trading",
            )],
            &[],
            None,
        )
        .replace("</body>", &format!("<p hidden>{filler}</p></body>"));
        f.page(&path, &html);
        links.push(path);
    }
    let refs: Vec<&str> = links.iter().map(String::as_str).collect();
    f.page("/start", &page(&[], &refs, None));
    links
}

/// The one sweep of the state at `state`: complete, with `n` listings.
fn assert_complete(out: &Path, state: &Path, n: usize) {
    let store = greysweep::store::SqliteStore::open(state).expect("state");
    let sweeps = greysweep::store::Store::sweeps(&store, None).expect("sweeps");
    let last = &sweeps[0];
    assert_eq!(last.state, greysweep::store::SweepState::Complete);
    let listings = read_csv(&out.join(&last.id).join("listings.csv"));
    assert_eq!(listings.len(), n, "every listing, once");
    drop(store);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_fails_naming_the_path_and_resume_completes() {
    let Some(fs) = Tmpfs::mount("320k") else {
        return;
    };
    let f = Fixture::start().await;
    site(&f, 40, 24 * 1024);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Sweep::new()
        .in_dir(dir.path())
        .start(&f, "/start")
        .crawler("rate_per_host", "100.0")
        .write();
    let out = fs.dir.join("out");
    let o = sweep_cmd(&out, &file);
    assert_fails_naming(&o, &out);
    let err = stderr(&o);
    assert!(
        err.to_lowercase().contains("no space") || err.contains("full"),
        "the error says the disk is full:\n{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error")).count(),
        1,
        "one error:\n{err}"
    );

    fs.remount("size=64m");
    let o = sweep_cmd(&out, &file);
    assert_eq!(o.status.code(), Some(0), "resume: {}", stderr(&o));
    assert_complete(&out, &out.join("greysweep.sqlite"), 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unwritable_output_folder_fails_naming_it() {
    let f = Fixture::start().await;
    site(&f, 3, 0);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Sweep::new().in_dir(dir.path()).start(&f, "/start").write();
    // A regular file where a folder of the path should be: no one, root included, can
    // create a folder under it.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "not a folder").expect("blocker");
    let out = blocker.join("out");
    let o = sweep_cmd(&out, &file);
    assert_fails_naming(&o, &out);
    assert!(f.page_hits().is_empty(), "nothing fetched before the fault");

    std::fs::remove_file(&blocker).expect("clear the fault");
    let o = sweep_cmd(&out, &file);
    assert_eq!(o.status.code(), Some(0), "resume: {}", stderr(&o));
    assert_complete(&out, &out.join("greysweep.sqlite"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_file_on_a_read_only_path_fails_naming_it() {
    let Some(fs) = Tmpfs::mount("16m") else {
        return;
    };
    let f = Fixture::start().await;
    site(&f, 3, 0);
    let dir = tempfile::tempdir().expect("tempdir");
    let state = fs.dir.join("state.sqlite");
    let file = Sweep::new().in_dir(dir.path()).start(&f, "/start").write();
    let text = std::fs::read_to_string(&file).expect("sweep file");
    let text = text.replace(
        "output_dir = \"out\"\n",
        &format!(
            "output_dir = \"out\"\nstate = {:?}\n",
            state.display().to_string()
        ),
    );
    std::fs::write(&file, text).expect("sweep file");
    let out = dir.path().join("out");
    // A first sweep writes the state; then the path turns read-only.
    let o = sweep_cmd(&out, &file);
    assert_eq!(o.status.code(), Some(0), "first sweep: {}", stderr(&o));
    fs.remount("ro");
    let o = sweep_cmd(&out, &file);
    assert_fails_naming(&o, &state);

    fs.remount("rw");
    let o = sweep_cmd(&out, &file);
    assert_eq!(o.status.code(), Some(0), "after the fault: {}", stderr(&o));
    assert_complete(&out, &state, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_evidence_folder_deleted_mid_sweep_fails_naming_it_and_resume_completes() {
    let f = Fixture::start().await;
    let links = site(&f, 6, 0);
    // The sweep is held on the fourth page while the evidence folder is deleted.
    f.route(&links[3], Reply::hang());
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Sweep::new()
        .in_dir(dir.path())
        .start(&f, "/start")
        .crawler("timeout_secs", "1")
        .crawler("concurrency", "1")
        .write();
    let out = dir.path().join("out");
    let child = greysweep()
        .args(["sweep", "--resume", "--quiet", "--out"])
        .arg(&out)
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    while f.hits_of(&links[3]) == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let sweep_dir = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").path())
        .find(|p| p.is_dir())
        .expect("the sweep folder");
    let evidence = sweep_dir.join("evidence");
    std::fs::remove_dir_all(&evidence).expect("delete the evidence folder");
    let o = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("join")
        .expect("wait");
    assert_fails_naming(&o, &evidence);

    let html = page(
        &[card("3", "Acme rocket skates 3", "Wile Trading")],
        &[],
        None,
    );
    f.route(&links[3], Reply::html(html));
    let o = sweep_cmd(&out, &file);
    assert_eq!(o.status.code(), Some(0), "resume: {}", stderr(&o));
    assert_complete(&out, &out.join("greysweep.sqlite"), 6);
    // Every listing's evidence is in a WARC file that exists.
    let listings = read_csv(&sweep_dir.join("listings.csv"));
    for l in &listings {
        let warc = sweep_dir.join("evidence").join(&l["warc_file"]);
        assert!(warc.is_file(), "{} is missing", warc.display());
    }
}

/// Runs a sweep, then damages its state file with `damage`; the next sweep and
/// `history` fail with exit 1 naming the file and the recovery, never a panic.
async fn damaged_state(damage: impl Fn(&Path)) {
    let f = Fixture::start().await;
    site(&f, 3, 0);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Sweep::new().in_dir(dir.path()).start(&f, "/start").write();
    let out = dir.path().join("out");
    let o = sweep_cmd(&out, &file);
    assert_eq!(o.status.code(), Some(0), "first sweep: {}", stderr(&o));
    let state = out.join("greysweep.sqlite");

    let ok = greysweep()
        .args(["history", "--check", "--state"])
        .arg(&state)
        .output()
        .expect("check");
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(String::from_utf8_lossy(&ok.stdout).contains(": ok"));

    damage(&state);
    let o = sweep_cmd(&out, &file);
    assert_fails_naming(&o, &state);
    assert!(stderr(&o).contains("history --check"), "{}", stderr(&o));

    let check = greysweep()
        .args(["history", "--check", "--state"])
        .arg(&state)
        .output()
        .expect("check");
    assert_fails_naming(&check, &state);
    assert!(stderr(&check).contains("damaged"), "{}", stderr(&check));

    // The documented recovery: move it aside; the next sweep starts a new state.
    std::fs::rename(&state, state.with_extension("sqlite.damaged")).expect("move aside");
    let o = sweep_cmd(&out, &file);
    assert_eq!(o.status.code(), Some(0), "after recovery: {}", stderr(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_truncated_state_file_is_reported_with_its_recovery() {
    damaged_state(|state| {
        let len = std::fs::metadata(state).expect("state").len();
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(state)
            .expect("open");
        f.set_len(len / 3).expect("truncate");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupted_state_file_is_reported_with_its_recovery() {
    damaged_state(|state| {
        let mut bytes = std::fs::read(state).expect("state");
        // Overwrite every page after the first with garbage (the header stays valid).
        for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
            *b = (i % 251) as u8;
        }
        std::fs::write(state, bytes).expect("corrupt");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_file_that_is_not_a_database_is_reported_with_its_recovery() {
    damaged_state(|state| std::fs::write(state, "this is not SQLite\n".repeat(400)).expect("x"))
        .await;
}

/// A listing source that fails after its first listing, as a crash mid-write would.
struct FailingSource(Vec<greysweep::store::ListingRecord>);

impl greysweep::output::ListingSource for FailingSource {
    fn each(&self, f: &mut greysweep::output::ListingVisitor<'_>) -> anyhow::Result<()> {
        f(&self.0[0], None)?;
        anyhow::bail!("the store failed half way through the listings")
    }
}

#[test]
fn a_write_that_fails_half_way_leaves_the_previous_files_whole() {
    use greysweep::output::{Comparison, SweepFiles, write_listing_files};
    let d = tempfile::tempdir().expect("tempdir");
    let files = SweepFiles::in_dir(d.path());
    let rec = |id: &str| greysweep::store::ListingRecord {
        site: "shop".into(),
        listing_url: format!("https://shop.example/p/{id}"),
        listing: greysweep::extract::Listing {
            title: Some(format!("Vantora replica shoes {id}")),
            product_id: Some(id.into()),
            ..Default::default()
        },
        page_url: url::Url::parse("https://shop.example/s").expect("url"),
        fetched_at: chrono::Utc::now(),
        http_status: 200,
        page_sha256: "00".into(),
        warc_file: None,
        warc_record_id: None,
        extraction: None,
        joined: None,
        findings: greysweep::fuzz_support::detector().assess(&greysweep::detect::Subject {
            title: &format!("Vantora replica shoes {id}"),
            description: None,
            seller_name: None,
            seller_url: None,
            price: None,
            seller_id: None,
            category: None,
        }),
    };
    write_listing_files(&files, "s-1", &vec![rec("1")], &Comparison::default()).expect("first");
    let before: Vec<Vec<u8>> = [&files.audit, &files.listings, &files.findings]
        .iter()
        .map(|p| std::fs::read(p).expect("written"))
        .collect();
    let err = write_listing_files(
        &files,
        "s-2",
        &FailingSource(vec![rec("2"), rec("3")]),
        &Comparison::default(),
    )
    .expect_err("fails");
    assert!(format!("{err:#}").contains("half way"), "{err:#}");
    for (p, old) in [&files.audit, &files.listings, &files.findings]
        .iter()
        .zip(&before)
    {
        assert_eq!(
            &std::fs::read(p).expect("still there"),
            old,
            "{}",
            p.display()
        );
    }
    let names: Vec<String> = std::fs::read_dir(d.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".tmp-")),
        "temporary files left: {names:?}"
    );
}
