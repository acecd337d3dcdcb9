//! `roadbook lsp`: the Language Server Protocol (3.17) on stdin and stdout
//! (SPEC §7). Each site that holds an opened file is loaded once and checked
//! again after every change, re-reading only the files that changed; the text of
//! open files stands in for the disk. Built on `lsp-server` and `lsp-types`, the
//! crates rust-analyzer uses: a synchronous loop over a channel of messages.

mod complete;
mod hover;
mod position;
mod requests;
mod symbols;
mod uri;
mod workspace;

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{Request as _, Shutdown};
use lsp_types::{
    CompletionOptions, HoverProviderCapability, InitializeParams, OneOf, RenameOptions,
    ServerCapabilities, TextDocumentContentChangeEvent, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};

use position::LineIndex;
use workspace::Workspace;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// How the client ended the session.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// `shutdown`, then `exit`.
    Clean,
    /// `exit` without `shutdown`, or the input closed: LSP 3.17 asks for exit
    /// code 1.
    Abruptly,
}

/// Serves the protocol on stdin and stdout until the client says `exit`.
pub fn run() -> Result<Ended, Error> {
    let (connection, io) = Connection::stdio();
    let ended = serve(&connection)?;
    drop(connection);
    io.join()?;
    Ok(ended)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["\"", "[", "{", ",", " "].map(String::from).into()),
            ..Default::default()
        }),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        ..Default::default()
    }
}

/// Answers the client on `connection` until it says `exit`.
pub fn serve(connection: &Connection) -> Result<Ended, Error> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    connection.initialize_finish(
        id,
        serde_json::json!({
            "capabilities": capabilities(),
            "serverInfo": { "name": "roadbook", "version": env!("CARGO_PKG_VERSION") },
        }),
    )?;
    let mut server = Server {
        connection,
        sites: HashMap::new(),
        documents: HashMap::new(),
    };
    // A workspace folder that is a site is checked from the start, so its
    // problems show before any file is opened.
    let folders = params.workspace_folders.unwrap_or_default();
    #[allow(deprecated)]
    let root = params.root_uri.into_iter();
    for folder in folders.into_iter().map(|f| f.uri).chain(root) {
        if let Some(dir) = uri::path(&folder)
            && dir.join(crate::source::CONFIG_FILE).is_file()
        {
            server.site(dir);
        }
    }
    // Files changed by other programs (a checkout, a pull) are checked again
    // when the client can watch them for us.
    let watches = params
        .capabilities
        .workspace
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watches {
        connection.sender.send(watch_request().into())?;
    }
    server.refresh();
    let mut shut_down = false;
    while let Ok(first) = connection.receiver.recv() {
        // Changes that arrived together are checked once.
        let batch: Vec<Message> = std::iter::once(first)
            .chain(connection.receiver.try_iter())
            .collect();
        for message in batch {
            match message {
                // After `shutdown`, only `exit` is answered (LSP 3.17); late
                // responses of the client's are let through.
                Message::Request(request) if shut_down => {
                    let refused = Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    );
                    connection.sender.send(refused.into())?;
                }
                Message::Request(request) if request.method == Shutdown::METHOD => {
                    shut_down = true;
                    let done = Response::new_ok(request.id, serde_json::Value::Null);
                    connection.sender.send(done.into())?;
                }
                Message::Request(request) => {
                    server.refresh();
                    let response = server.answer(request);
                    connection.sender.send(response.into())?;
                }
                Message::Notification(n) if n.method == Exit::METHOD => {
                    return Ok(if shut_down {
                        Ended::Clean
                    } else {
                        Ended::Abruptly
                    });
                }
                Message::Notification(_) if shut_down => {}
                Message::Notification(n) => server.notified(n),
                Message::Response(_) => {}
            }
        }
        server.refresh();
    }
    Ok(Ended::Abruptly)
}

struct Server<'c> {
    connection: &'c Connection,
    /// Sites by their folder.
    sites: HashMap<PathBuf, Workspace>,
    /// Open documents: their site's folder and their path in it.
    documents: HashMap<String, (PathBuf, PathBuf)>,
}

impl Server<'_> {
    fn site(&mut self, root: PathBuf) -> &mut Workspace {
        self.sites
            .entry(root.clone())
            .or_insert_with(|| Workspace::new(root))
    }

    /// The site that holds the file at `uri` and its path in it.
    fn place(uri: &Uri) -> Option<(PathBuf, PathBuf)> {
        let path = uri::path(uri)?;
        let dir = path.ancestors().skip(1).find(|d| d.is_dir())?;
        let root = crate::source::find_root(dir).ok()?;
        let rel = path.strip_prefix(&root).ok()?.to_path_buf();
        Some((root, rel))
    }

    fn notified(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    n.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                else {
                    return;
                };
                let Some((root, rel)) = Server::place(&p.text_document.uri) else {
                    return;
                };
                self.site(root.clone())
                    .edit(rel.clone(), p.text_document.text);
                self.documents
                    .insert(p.text_document.uri.as_str().to_owned(), (root, rel));
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) else {
                    return;
                };
                let Some((root, rel)) = self.documents.get(p.text_document.uri.as_str()).cloned()
                else {
                    return;
                };
                let site = self.site(root);
                let mut text = site.open_text(&rel).unwrap_or_default().to_owned();
                for change in p.content_changes {
                    apply(&mut text, change);
                }
                site.edit(rel, text);
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = n
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                else {
                    return;
                };
                if let Some((root, rel)) = self.documents.remove(p.text_document.uri.as_str()) {
                    self.site(root).close(&rel);
                }
            }
            DidSaveTextDocument::METHOD => {
                for site in self.sites.values_mut() {
                    site.stale = true;
                }
            }
            // Changed on disk by another program (a checkout, a pull).
            DidChangeWatchedFiles::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeWatchedFilesParams>(
                    DidChangeWatchedFiles::METHOD,
                ) else {
                    return;
                };
                for change in p.changes {
                    let Some(path) = uri::path(&change.uri) else {
                        continue;
                    };
                    for site in self.sites.values_mut() {
                        if path.starts_with(&site.root) {
                            site.changed_on_disk(path.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Checks the sites that changed and sends their diagnostics.
    fn refresh(&mut self) {
        for site in self.sites.values_mut().filter(|s| s.stale) {
            site.check();
            if let Some(why) = &site.unusable {
                let message = lsp_types::ShowMessageParams {
                    typ: lsp_types::MessageType::ERROR,
                    message: format!("roadbook: {why}"),
                };
                let n = Notification::new("window/showMessage".into(), message);
                let _ = self.connection.sender.send(n.into());
            }
            for params in site.diagnostics() {
                let n = Notification::new(PublishDiagnostics::METHOD.into(), params);
                let _ = self.connection.sender.send(n.into());
            }
        }
    }
}

/// Asks the client to say when a site's `.md` or `.toml` files change on disk.
fn watch_request() -> Request {
    let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![lsp_types::FileSystemWatcher {
            glob_pattern: lsp_types::GlobPattern::String("**/*.{md,toml}".into()),
            kind: None,
        }],
    };
    let registration = lsp_types::Registration {
        id: "roadbook-files".into(),
        method: DidChangeWatchedFiles::METHOD.into(),
        register_options: serde_json::to_value(options).ok(),
    };
    Request::new(
        "roadbook/watch".to_owned().into(),
        lsp_types::request::RegisterCapability::METHOD.into(),
        lsp_types::RegistrationParams {
            registrations: vec![registration],
        },
    )
}

/// Applies one change an editor sent to the text it changed.
fn apply(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let index = LineIndex::new(text);
            let start = index.offset(range.start);
            let end = index.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}
