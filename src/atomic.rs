//! Whole-file outputs written atomically: into a temporary file in the destination's
//! folder, flushed and synced, then renamed over the destination.
//!
//! Invariant: a reader (or a sweep resumed after a crash) sees either the previous
//! finished file or the new finished file at the destination, never a half-written one.
//! A write that fails — an error from the producer, a full disk, a vanished folder —
//! removes its temporary file and leaves the destination untouched. Temporary files are
//! named `.<name>.tmp-<pid>` beside the destination; one left by a killed process is
//! overwritten by the next write of the same file from the same pid, and is harmless
//! otherwise (nothing reads it).
//!
//! This module does not make appends atomic (WARC files, the CDXJ journal and the
//! SQLite state have their own recovery) and does not lock: one writer per file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// A file being written; [`AtomicFile::commit`] puts it in place. Dropped without a
/// commit, it removes its temporary file.
#[derive(Debug)]
pub struct AtomicFile {
    dest: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
}

/// The temporary path beside `dest`.
fn temp_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    dest.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

impl AtomicFile {
    /// Starts writing `dest` (its folder must exist).
    pub fn create(dest: &Path) -> anyhow::Result<AtomicFile> {
        let tmp = temp_path(dest);
        let file = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        Ok(AtomicFile {
            dest: dest.to_path_buf(),
            tmp,
            out: Some(BufWriter::new(file)),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let out = self.out.take().expect("an uncommitted file has its writer");
        let ctx = || format!("writing {}", self.dest.display());
        let file = out
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(ctx)?;
        file.sync_all().with_context(ctx)?;
        drop(file);
        std::fs::rename(&self.tmp, &self.dest).with_context(ctx)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out
            .as_mut()
            .expect("an uncommitted file has its writer")
            .write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out
            .as_mut()
            .expect("an uncommitted file has its writer")
            .flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `dest` with what `produce` writes; on any error the destination keeps its
/// previous content (or stays absent). Errors name `dest`.
pub fn write_with<T>(
    dest: &Path,
    produce: impl FnOnce(&mut AtomicFile) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut f = AtomicFile::create(dest).with_context(|| format!("writing {}", dest.display()))?;
    let value = produce(&mut f).with_context(|| format!("writing {}", dest.display()))?;
    f.commit()?;
    Ok(value)
}

/// Writes `bytes` to `dest` atomically.
pub fn write(dest: &Path, bytes: impl AsRef<[u8]>) -> anyhow::Result<()> {
    write_with(dest, |f| Ok(f.write_all(bytes.as_ref())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_write_keeps_the_previous_file() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("audit.csv");
        write(&p, "a,b\n1,2\n").expect("first write");
        let err = write_with(&p, |f| -> anyhow::Result<()> {
            f.write_all(b"a,b\n3,")?;
            anyhow::bail!("the producer failed half way")
        })
        .expect_err("fails");
        assert!(format!("{err:#}").contains("audit.csv"), "{err:#}");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "a,b\n1,2\n");
        assert_eq!(names(d.path()), ["audit.csv"], "no temporary file left");
    }

    #[test]
    fn a_failed_first_write_leaves_no_file() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("summary.json");
        let mut f = AtomicFile::create(&p).expect("create");
        f.write_all(b"{\"half\":").expect("write");
        drop(f); // a crash before commit
        assert_eq!(names(d.path()), Vec::<String>::new());
    }

    #[test]
    fn a_missing_folder_is_named() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("gone").join("report.html");
        let err = write(&p, "x").expect_err("fails");
        assert!(format!("{err:#}").contains("report.html"), "{err:#}");
    }

    #[test]
    fn a_commit_replaces_the_file_whole() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("x.json");
        write(&p, "old").expect("write");
        write(&p, "new content").expect("write");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "new content");
        assert_eq!(names(d.path()), ["x.json"]);
    }
}
