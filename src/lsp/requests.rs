//! The requests an editor makes at a place: definition, references, hover,
//! completion, and renaming an id.

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{
    Completion, GotoDefinition, HoverRequest, PrepareRenameRequest, References, Rename,
    Request as _,
};
use lsp_types::{
    CompletionResponse, GotoDefinitionResponse, Hover, HoverContents, MarkupContent, MarkupKind,
    PrepareRenameResponse, TextDocumentPositionParams, TextEdit, Uri, WorkspaceEdit,
};

use super::position::LineIndex;
use super::symbols::Role;
use super::workspace::Workspace;
use super::{Server, complete, hover};

/// A place in a file of a site.
struct At {
    file: crate::base::FileId,
    offset: usize,
    rel: PathBuf,
}

impl Server<'_> {
    pub(super) fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            GotoDefinition::METHOD => self.with_position(request, |site, at| {
                let occurrences = site.occurrences()?;
                let id = occurrences.at(at.file, at.offset)?.id.clone();
                let span = occurrences.definition(&id)?.span;
                site.location(span).map(GotoDefinitionResponse::Scalar)
            }),
            References::METHOD => {
                let include = request
                    .params
                    .pointer("/context/includeDeclaration")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(true);
                self.with_position(request, |site, at| {
                    let occurrences = site.occurrences()?;
                    let id = occurrences.at(at.file, at.offset)?.id.clone();
                    let spans: Vec<_> = occurrences
                        .of_id(&id)
                        .filter(|o| include || o.role != Role::Definition)
                        .map(|o| o.span)
                        .collect();
                    Some(
                        spans
                            .into_iter()
                            .filter_map(|s| site.location(s))
                            .collect::<Vec<_>>(),
                    )
                })
            }
            HoverRequest::METHOD => self.with_position(request, |site, at| {
                let occurrence = site.occurrences()?.at(at.file, at.offset).cloned();
                let checked = site.checked.as_ref()?;
                let (text, range) = match occurrence {
                    Some(o) => (hover::item(&checked.site, &o.id)?, site.range(o.span)),
                    None => {
                        let source = checked.site.sources.get(at.file);
                        hover::key(&at.rel, &source.text, at.offset)?
                    }
                };
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: text,
                    }),
                    range,
                })
            }),
            Completion::METHOD => self.with_position(request, |site, at| {
                let checked = site.checked.as_ref()?;
                let text = &checked.site.sources.get(at.file).text;
                let items = complete::complete(&checked.site, &at.rel, text, at.offset);
                Some(CompletionResponse::Array(items))
            }),
            PrepareRenameRequest::METHOD => self.with_position(request, |site, at| {
                let o = site.occurrences()?.at(at.file, at.offset)?.clone();
                Some(PrepareRenameResponse::RangeWithPlaceholder {
                    range: site.range(o.span)?,
                    placeholder: o.id,
                })
            }),
            Rename::METHOD => return self.rename(request),
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("roadbook does not answer {}", request.method),
                );
            }
        };
        Response::new_ok(id, result)
    }

    /// Runs `f` on the site and place a request's position names; `null` when
    /// the file is in no site or `f` finds nothing there.
    fn with_position<T: serde::Serialize>(
        &mut self,
        request: Request,
        f: impl FnOnce(&mut Workspace, &At) -> Option<T>,
    ) -> serde_json::Value {
        let Ok(p) = serde_json::from_value::<TextDocumentPositionParams>(request.params) else {
            return serde_json::Value::Null;
        };
        let Some((site, at)) = self.at(&p) else {
            return serde_json::Value::Null;
        };
        serde_json::to_value(f(site, &at)).unwrap_or_default()
    }

    fn at(&mut self, p: &TextDocumentPositionParams) -> Option<(&mut Workspace, At)> {
        let (root, rel) = match self.documents.get(p.text_document.uri.as_str()) {
            Some(place) => place.clone(),
            None => Server::place(&p.text_document.uri)?,
        };
        let site = self.sites.get_mut(&root)?;
        let file = site.file(&rel)?;
        let text = &site.checked.as_ref()?.site.sources.get(file).text;
        let offset = LineIndex::new(text).offset(p.position);
        Some((site, At { file, offset, rel }))
    }

    /// Renames an id in every file that writes it, as one workspace edit.
    // lsp-types keys the edit's changes by `Uri`, whose parsed form caches
    // lazily; its hash and equality read only the text, so the key is stable.
    #[allow(clippy::mutable_key_type)]
    fn rename(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let Ok(p) = serde_json::from_value::<lsp_types::RenameParams>(request.params) else {
            return Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                "not rename parameters".into(),
            );
        };
        let new = p.new_name.trim().to_owned();
        let Some((site, at)) = self.at(&p.text_document_position) else {
            return Response::new_ok(id, serde_json::Value::Null);
        };
        let Some(occurrences) = site.occurrences() else {
            return Response::new_ok(id, serde_json::Value::Null);
        };
        let Some(old) = occurrences.at(at.file, at.offset).map(|o| o.id.clone()) else {
            return Response::new_err(
                id,
                ErrorCode::RequestFailed as i32,
                "there is no id here to rename".into(),
            );
        };
        let spans: Vec<_> = occurrences.of_id(&old).map(|o| o.span).collect();
        let checked = site
            .checked
            .as_ref()
            .expect("occurrences come from a check");
        // A person's id may start with a digit, as a login does.
        let kind = checked.site.lookup(&old).map(|k| k.kind);
        let valid = match kind {
            Some(k) if k.decl().digit_ids => crate::markup::is_valid_login(&new),
            _ => crate::markup::is_valid_id(&new),
        };
        if !valid {
            let why = format!(
                "`{new}` is not an id: an id is a letter, then letters, digits, `_`, `.` or `-`, such as S-12"
            );
            return Response::new_err(id, ErrorCode::RequestFailed as i32, why);
        }
        if let Some(taken) = checked.site.lookup(&new).filter(|_| new != old) {
            let why = format!(
                "`{new}` is already the id of {} “{}”",
                taken.kind.a(),
                checked.site.title(taken)
            );
            return Response::new_err(id, ErrorCode::RequestFailed as i32, why);
        }
        let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        for span in spans {
            if let (Some(uri), Some(range)) = (site.uri(span.file), site.range(span)) {
                changes
                    .entry(uri)
                    .or_default()
                    .push(TextEdit::new(range, new.clone()));
            }
        }
        Response::new_ok(id, WorkspaceEdit::new(changes))
    }
}
