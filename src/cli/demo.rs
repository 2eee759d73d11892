//! `greysweep demo`: serve the bundled demo directory on 127.0.0.1 and sweep it.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use anyhow::Context;

use crate::config::{Overrides, Settings};
use crate::progress::{Mode, Progress};

/// Serve the bundled demo directory on 127.0.0.1 (an ephemeral port) and sweep it with
/// the bundled demo sweep, profile and brand registry.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write outputs under DIR (default: `output`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Only serve the demo directory until Ctrl-C (for writing profiles against it).
    #[arg(long)]
    serve: bool,
    /// Port to serve on (default: an ephemeral port).
    #[arg(long, default_value_t = 0)]
    port: u16,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let rt = super::runtime()?;
    rt.block_on(async {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
        let server = crate::demo::serve(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let origin = server.origin();
        if args.serve {
            crate::progress::info(&format!("demo directory at {origin}/ (Ctrl-C to stop)"));
            crate::sweep::shutdown_signal().await;
            return Ok(super::EXIT_OK);
        }
        crate::progress::info(&format!("demo directory at {origin}/"));
        let config_dir =
            std::env::temp_dir().join(format!("greysweep-demo-{}", std::process::id()));
        let sweep_file = crate::demo::write_bundled_files(&config_dir, &origin)
            .with_context(|| format!("writing demo files to {}", config_dir.display()))?;
        let settings = Settings::load(
            &sweep_file,
            &Overrides {
                output_dir: args.out.clone(),
                ..Default::default()
            },
        );
        let _ = std::fs::remove_dir_all(&config_dir);
        let settings = settings?;
        let progress = Progress::new(Mode::detect());
        let outcome = crate::sweep::run(
            settings,
            crate::sweep::Options::default(),
            &progress,
            crate::sweep::shutdown_signal(),
        )
        .await?;
        super::print_outcome(&outcome, &progress);
        Ok(super::EXIT_OK)
    })
}
