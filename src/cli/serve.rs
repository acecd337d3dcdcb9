//! `roadbook serve [DIR] [-p PORT] [-i ADDR] [--open]`

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::exit;
use crate::build::BuildOptions;
use crate::serve;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The site folder or any folder inside it
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The port; 0 picks a free one
    #[arg(short, long, default_value_t = 4000)]
    port: u16,
    /// The address to listen on
    #[arg(short, long, default_value = "127.0.0.1")]
    interface: String,
    /// Open the site in the default browser
    #[arg(long)]
    open: bool,
    /// Publish items marked draft = true
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: Args) -> ExitCode {
    let options = BuildOptions {
        drafts: args.drafts,
        ..BuildOptions::default()
    };
    let root = match super::site_root(&args.dir) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let mut site = crate::build::Incremental::new(&root, &options);
    let (state, output_dir) = match serve::first_build(&mut site, &root, &options) {
        Ok(started) => started,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(exit::UNUSABLE);
        }
    };
    let output_dir = serve::absolute(&output_dir);
    let server = match serve::bind(&args.interface, args.port) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(exit::UNUSABLE);
        }
    };
    let port = server.port();
    let loopback = args
        .interface
        .parse::<IpAddr>()
        .map_or(args.interface == "localhost", |ip| ip.is_loopback());
    if !loopback {
        eprintln!(
            "warning: listening on {}, so anyone on the network can read this site; use -i 127.0.0.1 to keep it on this machine",
            args.interface
        );
    }
    let abs_root = serve::absolute(&root);
    let watch = match crate::serve::watch::Watch::start(&abs_root, &output_dir) {
        Ok(w) => w,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(exit::UNUSABLE);
        }
    };
    let host = if args.interface == "0.0.0.0" {
        "127.0.0.1"
    } else {
        &args.interface
    };
    let url = format!("http://{host}:{port}/");
    println!("serving {} at {url} (Ctrl-C to stop)", root.display());
    let _ = std::io::stdout().flush();
    if args.open {
        open_browser(&url);
    }
    let state = Arc::new(state);
    {
        let state = Arc::clone(&state);
        std::thread::spawn(move || serve::serve(server, state));
    }
    let result = watch.run(|changes| {
        serve::rebuild(&mut site, &root, &state, changes);
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(exit::UNUSABLE)
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("note: could not open a browser; visit {url}");
    }
}
