//! What each request gets: a file of the current snapshot (HTML with the reload
//! snippet), a redirect from a folder to its index, the site's 404 page, or the
//! answer to a long poll.

use std::sync::Arc;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::reply::{Body, Reply};
use super::{Snapshot, State, UNBUILT_PAGE};

/// The endpoint the injected script polls for changes.
pub const POLL_PATH: &str = "/__roadbook/poll";

/// Bytes re-encoded in a redirect's `Location`: those a path cannot hold as they are.
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The answer to a GET or HEAD of `target` (the request target as sent).
pub(super) fn answer(state: &State, target: &str) -> Reply {
    if target.starts_with(POLL_PATH) {
        return answer_poll(state, target);
    }
    let snapshot = state.snapshot();
    let Some(key) = resolve(target) else {
        return not_found(&snapshot);
    };
    if !snapshot.built {
        return unbuilt(&snapshot, &key);
    }
    if let Some(bytes) = snapshot.get(&key) {
        return file(&snapshot, &key, bytes);
    }
    let html = format!("{key}.html");
    if let Some(bytes) = snapshot.get(&html) {
        return file(&snapshot, &html, bytes);
    }
    // `/folder` whose `folder/index.html` exists: the browser must ask for
    // `/folder/`, or the index page's relative links would miss.
    if snapshot.has(&format!("{key}/index.html")) {
        return redirect(&key, target);
    }
    not_found(&snapshot)
}

/// Answers once the site changed from the version the page was served with (the
/// `v` parameter), or after the poll's wait with the same version.
fn answer_poll(state: &State, target: &str) -> Reply {
    let seen = target
        .split("v=")
        .nth(1)
        .unwrap_or("")
        .split('&')
        .next()
        .unwrap_or("");
    let snapshot = state.wait_for_change(seen);
    let body = format!(
        "{{\"version\":\"{}\",\"kind\":\"{}\"}}",
        state.version_tag(snapshot.version),
        snapshot.kind
    );
    Reply::new(200, Body::Text(body))
        .content_type("application/json")
        .header("Cache-Control", "no-store")
}

fn file(snapshot: &Snapshot, path: &str, bytes: &Arc<[u8]>) -> Reply {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        spliced(bytes, &snapshot.snippet)
    } else {
        Body::Bytes(Arc::clone(bytes))
    };
    Reply::new(200, body)
        .content_type(kind)
        .header("Cache-Control", "no-cache")
}

/// While no build has succeeded: a page request gets the empty page with the
/// overlay and the reload script (503: the page is coming once the errors are
/// fixed); anything else is not there.
fn unbuilt(snapshot: &Snapshot, key: &str) -> Reply {
    let name = key.rsplit('/').next().unwrap_or(key);
    let page = content_type(key).starts_with("text/html") || !name.contains('.');
    if !page {
        return not_found(snapshot);
    }
    let page: Arc<[u8]> = Arc::from(UNBUILT_PAGE.as_bytes());
    Reply::new(503, spliced(&page, &snapshot.snippet))
        .content_type(content_type("unbuilt.html"))
        .header("Cache-Control", "no-store")
}

fn not_found(snapshot: &Snapshot) -> Reply {
    match snapshot.get("404.html") {
        Some(bytes) => Reply {
            status: 404,
            ..file(snapshot, "404.html", bytes)
        },
        None => Reply::new(404, Body::Text("Not found".into()))
            .content_type(content_type("404.txt"))
            .header("Cache-Control", "no-cache"),
    }
}

/// A permanent redirect from `/key` to `/key/`, built from the resolved path
/// (so `//host` can never become a redirect off the site) and the query as sent.
/// Not stored by the browser, as a later build may make `key.html` a page.
fn redirect(key: &str, target: &str) -> Reply {
    let mut location = format!("/{}/", utf8_percent_encode(key, PATH_ESCAPES));
    if let Some((_, query)) = target.split_once('?') {
        location.push('?');
        location.extend(utf8_percent_encode(query, CONTROLS));
    }
    Reply::new(301, Body::Text(String::new()))
        .header("Location", &location)
        .header("Cache-Control", "no-store")
}

/// An HTML page with the snippet before its last `</body>`, without copying it.
fn spliced(page: &Arc<[u8]>, snippet: &Arc<str>) -> Body {
    let at = page
        .windows(b"</body>".len())
        .rposition(|w| w == b"</body>")
        .unwrap_or(page.len());
    Body::Spliced {
        page: Arc::clone(page),
        at,
        insert: Arc::clone(snippet),
    }
}

/// The file a URL path names in the site, if it stays inside it.
pub fn resolve(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains(['\\', '\0']) || p.contains(':') => return None,
            p => parts.push(p),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

/// Content types of the files a site holds.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_never_leave_the_site() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve("/stories/S-1.html?x=1").as_deref(),
            Some("stories/S-1.html")
        );
        assert_eq!(resolve("/pages/").as_deref(), Some("pages/index.html"));
        assert_eq!(resolve("//etc/passwd").as_deref(), Some("etc/passwd"));
        assert_eq!(resolve("/../secret"), None);
        assert_eq!(resolve("/%2e%2e/secret"), None);
        assert_eq!(resolve("/a/%2E%2E/%2e%2e/x"), None);
        assert_eq!(resolve("/a%5c..%5cb"), None);
        assert_eq!(resolve("/c:/windows"), None);
    }

    #[test]
    fn a_folder_redirects_to_its_slash_on_the_site() {
        let location = |key, target| {
            let reply = redirect(key, target);
            assert_eq!(reply.status, 301);
            reply.header_value("Location").map(str::to_owned)
        };
        assert_eq!(location("docs", "/docs").as_deref(), Some("/docs/"));
        assert_eq!(
            location("a b/c", "/a%20b/c?x=1&y").as_deref(),
            Some("/a%20b/c/?x=1&y")
        );
        // `//evil.example` resolves to `evil.example`: the redirect stays here.
        assert_eq!(
            location("evil.example", "//evil.example").as_deref(),
            Some("/evil.example/")
        );
    }

    #[test]
    fn the_snippet_goes_before_the_last_body_end() {
        let page: Arc<[u8]> = Arc::from(&b"<body>a</body>b</body>c"[..]);
        let Body::Spliced { at, .. } = spliced(&page, &Arc::from("S")) else {
            panic!("an HTML page is spliced");
        };
        assert_eq!(at, 15);
        let none: Arc<[u8]> = Arc::from(&b"<p>no end"[..]);
        let Body::Spliced { at, .. } = spliced(&none, &Arc::from("S")) else {
            panic!("an HTML page is spliced");
        };
        assert_eq!(at, 9);
    }
}
