//! `manifest.json`: the chain-of-custody record of one sweep folder — the SHA-256 and size
//! of every file in it, the SHA-256 of each config file the sweep used, the tool version
//! and when the sweep ran — and the check that a folder still matches it.
//!
//! Invariants: paths are relative to the sweep folder, `/`-separated, sorted; the manifest
//! never lists itself; files are hashed as they are on disk at the time of writing, so it
//! must be written last, after every other output (it is written to a temporary file and
//! renamed, so a reader never sees half a manifest). Symbolic links and other non-regular
//! files are not followed nor listed. The config files are hashed for the record only:
//! [`verify_manifest`] checks the sweep folder, not files outside it (they may not exist
//! where the evidence is checked). The same check runs without greysweep: see the
//! one-liners in `docs/evidence.md`.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The manifest's file name, at the top of the sweep folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Where the manifest is written before it is renamed into place.
const TMP_FILE: &str = ".manifest.json.tmp";

/// The manifest's format tag.
pub const MANIFEST_FORMAT: &str = "greysweep-manifest/1";

/// `manifest.json` as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// The greysweep version that ran the sweep.
    pub tool_version: String,
    /// When the sweep started (RFC 3339, UTC).
    pub started_at: String,
    /// When the sweep ended (RFC 3339, UTC).
    pub ended_at: String,
    /// When the manifest was written (RFC 3339, UTC).
    pub written_at: String,
    /// Every file of the sweep folder but the manifest, sorted by path.
    pub files: Vec<FileEntry>,
    /// The config files the sweep used (sweep file, profiles, registries).
    pub config_files: Vec<ConfigEntry>,
}

/// One file of the sweep folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the sweep folder, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// One config file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigEntry {
    /// The path as the sweep named it.
    pub path: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// A difference between a sweep folder and its manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// Listed, but not in the folder.
    Missing {
        /// Relative path.
        path: String,
    },
    /// In the folder with other contents.
    Changed {
        /// Relative path.
        path: String,
        /// SHA-256 in the manifest.
        expected: String,
        /// SHA-256 now.
        actual: String,
    },
    /// In the folder, not listed (added after the manifest was written).
    Unlisted {
        /// Relative path.
        path: String,
    },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Missing { path } => write!(f, "{path}: missing"),
            Mismatch::Changed {
                path,
                expected,
                actual,
            } => write!(f, "{path}: sha256 {actual}, manifest says {expected}"),
            Mismatch::Unlisted { path } => write!(f, "{path}: not in the manifest"),
        }
    }
}

/// Why a manifest could not be checked.
#[derive(Debug, Error)]
pub enum ManifestError {
    /// Reading the folder or a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// `manifest.json` is not a manifest.
    #[error("{path}: not a greysweep manifest: {reason}")]
    Invalid {
        /// The manifest's path.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// SHA-256 and size of a file, read in blocks.
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut reader = BufReader::new(File::open(path)?);
    let mut hasher = aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256);
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hasher.finish()), size))
}

/// Every regular file under `dir` (recursively) except the top-level manifest, as sorted
/// `/`-separated relative paths.
fn list_files(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((abs, rel)) = stack.pop() {
        for entry in std::fs::read_dir(&abs)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let child_rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push((entry.path(), child_rel));
            } else if kind.is_file() && child_rel != MANIFEST_FILE && child_rel != TMP_FILE {
                out.push((child_rel, entry.path()));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Writes `sweep_dir/manifest.json` (see the module doc), hashing the config files as
/// they are now. Call it after every other output of the sweep is written and closed.
pub fn write_manifest(
    sweep_dir: &Path,
    config_files: &[PathBuf],
    started_at: DateTime<Utc>,
    ended_at: DateTime<Utc>,
    tool_version: &str,
) -> std::io::Result<()> {
    let mut configs = Vec::new();
    for p in config_files {
        let (sha256, _) = sha256_file(p)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
        configs.push((p.display().to_string(), sha256));
    }
    write_manifest_with_digests(sweep_dir, &configs, started_at, ended_at, tool_version)
}

/// Writes `sweep_dir/manifest.json` with config digests taken earlier (when the sweep
/// loaded them: what was used, even if the files changed since).
pub fn write_manifest_with_digests(
    sweep_dir: &Path,
    config_digests: &[(String, String)],
    started_at: DateTime<Utc>,
    ended_at: DateTime<Utc>,
    tool_version: &str,
) -> std::io::Result<()> {
    let mut files = Vec::new();
    for (rel, abs) in list_files(sweep_dir)? {
        let (sha256, size) = sha256_file(&abs)?;
        files.push(FileEntry {
            path: rel,
            size,
            sha256,
        });
    }
    let configs = config_digests
        .iter()
        .map(|(path, sha256)| ConfigEntry {
            path: path.clone(),
            sha256: sha256.clone(),
        })
        .collect();
    let manifest = Manifest {
        format: MANIFEST_FORMAT.to_string(),
        tool_version: tool_version.to_string(),
        started_at: rfc3339(started_at),
        ended_at: rfc3339(ended_at),
        written_at: rfc3339(Utc::now()),
        files,
        config_files: configs,
    };
    let path = sweep_dir.join(MANIFEST_FILE);
    let tmp = sweep_dir.join(TMP_FILE);
    {
        let mut f = std::io::BufWriter::new(File::create(&tmp)?);
        serde_json::to_writer_pretty(&mut f, &manifest)?;
        writeln!(f)?;
        f.flush()?;
        f.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    }
    std::fs::rename(&tmp, &path)
}

/// Reads `sweep_dir/manifest.json`.
pub fn read_manifest(sweep_dir: &Path) -> Result<Manifest, ManifestError> {
    let path = sweep_dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&path).map_err(|source| ManifestError::Io {
        path: path.clone(),
        source,
    })?;
    let m: Manifest = serde_json::from_str(&text).map_err(|e| ManifestError::Invalid {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    if m.format != MANIFEST_FORMAT {
        return Err(ManifestError::Invalid {
            path,
            reason: format!("format is {:?}, expected {MANIFEST_FORMAT:?}", m.format),
        });
    }
    Ok(m)
}

/// Compares `sweep_dir` with its `manifest.json`: files missing, changed, or not listed.
/// An empty list means the folder is as the manifest recorded it.
pub fn verify_manifest(sweep_dir: &Path) -> Result<Vec<Mismatch>, ManifestError> {
    let manifest = read_manifest(sweep_dir)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ManifestError::Io { path, source }
    };
    let present = list_files(sweep_dir).map_err(io(sweep_dir))?;
    let mut mismatches = Vec::new();
    for entry in &manifest.files {
        // A listed path never climbs out of the folder.
        let rel = Path::new(&entry.path);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(ManifestError::Invalid {
                path: sweep_dir.join(MANIFEST_FILE),
                reason: format!("path {:?} is not inside the folder", entry.path),
            });
        }
        let abs = sweep_dir.join(rel);
        if !abs.is_file() {
            mismatches.push(Mismatch::Missing {
                path: entry.path.clone(),
            });
            continue;
        }
        let (actual, _) = sha256_file(&abs).map_err(io(&abs))?;
        if actual != entry.sha256 {
            mismatches.push(Mismatch::Changed {
                path: entry.path.clone(),
                expected: entry.sha256.clone(),
                actual,
            });
        }
    }
    let listed: std::collections::HashSet<&str> =
        manifest.files.iter().map(|f| f.path.as_str()).collect();
    for (rel, _) in present {
        if !listed.contains(rel.as_str()) {
            mismatches.push(Mismatch::Unlisted { path: rel });
        }
    }
    Ok(mismatches)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn manifest_lists_every_file_and_catches_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::create_dir_all(d.join("evidence")).unwrap();
        std::fs::write(d.join("audit.csv"), "a,b\n1,2\n").unwrap();
        std::fs::write(d.join("evidence/x.warc.gz"), b"\x1f\x8b").unwrap();
        let seeds = tempfile::tempdir().unwrap();
        let cfg = seeds.path().join("sweep.toml");
        std::fs::write(&cfg, "name = \"x\"\n").unwrap();
        let start = t("2026-11-27T10:00:00Z");
        let end = t("2026-11-27T10:05:00Z");
        write_manifest(d, std::slice::from_ref(&cfg), start, end, "9.9.9").unwrap();
        std::fs::remove_file(&cfg).unwrap();

        let m = read_manifest(d).unwrap();
        let paths: Vec<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["audit.csv", "evidence/x.warc.gz"]);
        assert_eq!(m.files[0].size, 8);
        assert_eq!(
            m.files[0].sha256,
            hex::encode(Sha256::digest(b"a,b\n1,2\n"))
        );
        assert_eq!(m.tool_version, "9.9.9");
        assert_eq!(m.started_at, "2026-11-27T10:00:00.000Z");
        assert_eq!(m.config_files.len(), 1);
        assert_eq!(
            m.config_files[0].sha256,
            hex::encode(Sha256::digest(b"name = \"x\"\n"))
        );
        assert_eq!(verify_manifest(d).unwrap(), vec![]);

        std::fs::write(d.join("audit.csv"), "a,b\n1,3\n").unwrap();
        std::fs::remove_file(d.join("evidence/x.warc.gz")).unwrap();
        std::fs::write(d.join("late.txt"), "x").unwrap();
        let got = verify_manifest(d).unwrap();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(matches!(&got[0], Mismatch::Changed { path, .. } if path == "audit.csv"));
        assert_eq!(
            got[1],
            Mismatch::Missing {
                path: "evidence/x.warc.gz".into()
            }
        );
        assert_eq!(
            got[2],
            Mismatch::Unlisted {
                path: "late.txt".into()
            }
        );
    }

    #[test]
    fn manifest_paths_cannot_escape_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let m = serde_json::json!({
            "format": MANIFEST_FORMAT, "tool_version": "x", "started_at": "", "ended_at": "",
            "written_at": "", "config_files": [],
            "files": [{"path": "../etc/passwd", "size": 1, "sha256": "00"}]
        });
        std::fs::write(d.join(MANIFEST_FILE), m.to_string()).unwrap();
        assert!(matches!(
            verify_manifest(d),
            Err(ManifestError::Invalid { .. })
        ));
        std::fs::write(d.join(MANIFEST_FILE), "{}").unwrap();
        assert!(verify_manifest(d).is_err());
    }
}
