//! `roadbook.toml`: the site's configuration.

use toml::de::DeTable;

use crate::base::Code;
use crate::base::did_you_mean;
use crate::base::{Diagnostic, FileId, Severity, Spanned};
use crate::kinds::{Field, FieldType};
use crate::source::fields::Fields;
use crate::source::value_to_json;
pub use crate::source::workflow::Workflow;

/// The keys of roadbook.toml, for help texts, JSON Schemas and editors;
/// [`Config::from_table`] reads exactly these (tests in `declared.rs`).
pub const FIELDS: &[Field] = &[
    Field::required(
        "title",
        FieldType::Text,
        "The title of the site, shown on every page.",
    ),
    Field::optional(
        "base_url",
        FieldType::Text,
        "The absolute URL or path prefix the site is served under, such as \"/\" or \"https://example.com/handbook/\".",
    ),
    Field::optional(
        "description",
        FieldType::Text,
        "What the site is about, in one sentence, for search engines and link previews.",
    ),
    Field::optional(
        "language",
        FieldType::Text,
        "The language of the pages, such as \"en\".",
    ),
    Field::optional(
        "theme",
        FieldType::Text,
        "A theme name under themes/, or a path; \"default\" is built in.",
    ),
    Field::optional("build", FieldType::Table(BUILD), "How the site is built."),
    Field::optional(
        "workflow",
        FieldType::Table(super::workflow::FIELDS),
        "The allowed status values of initiatives, epics, stories and decisions, in order, and which of them mean done or dropped.",
    ),
    Field::optional(
        "history",
        FieldType::Table(HISTORY),
        "What is read from git: changes, trends, suspect and stale items.",
    ),
    Field::optional(
        "okr",
        FieldType::Table(OKR),
        "How key-result scores are graded.",
    ),
    Field::optional(
        "checks",
        FieldType::Severities,
        "The severity of any check code: \"error\", \"warning\" or \"off\", such as orphan-story = \"error\".",
    ),
    Field::optional(
        "extra",
        FieldType::FreeTable,
        "Anything, for templates to read as config.extra.",
    ),
];

const BUILD: &[Field] = &[
    Field::optional(
        "output_dir",
        FieldType::Text,
        "The folder the site is built into, \"public\" by default.",
    ),
    Field::optional(
        "highlight_theme",
        FieldType::OneOf(crate::markup::highlight::THEMES),
        "The colours of code blocks, \"InspiredGitHub\" by default.",
    ),
    Field::optional(
        "sanitize_html",
        FieldType::Bool,
        "Whether raw HTML in Markdown bodies is cleaned of scripts and styles.",
    ),
    Field::optional(
        "page_size",
        FieldType::Count,
        "The most stories one page lists; 1000 by default. The backlog is split into pages of this many, and a sprint's or an epic's page lists this many and links to the rest in the backlog.",
    ),
];

const HISTORY: &[Field] = &[
    Field::optional(
        "enabled",
        FieldType::Bool,
        "Whether history is read from git; true by default.",
    ),
    Field::optional(
        "baseline",
        FieldType::Text,
        "The revision that changes.html and roadbook diff compare with, such as \"v1.0\".",
    ),
    Field::optional(
        "stale_after_days",
        FieldType::Count,
        "How many days without a change make an item stale; 60 by default.",
    ),
];

const OKR: &[Field] = &[Field::optional(
    "bands",
    FieldType::Numbers,
    "Two scores between 0 and 1: below the first is red, below the second amber, the rest green; [0.4, 0.7] by default.",
)];

/// What `[checks]` may set a check to.
pub const SEVERITIES: &[&str] = &["error", "warning", "off"];

/// The configuration of one site, with the defaults of SPEC §1 filled in.
#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub description: Option<String>,
    pub language: String,
    pub theme: String,
    pub build: BuildConfig,
    pub workflow: Workflow,
    pub history: HistoryConfig,
    /// `[okr] bands`: the scores below the first bound are graded low, below the
    /// second mid, the rest high.
    pub okr_bands: [f64; 2],
    /// `[checks]`: severity overrides; `None` turns a check off.
    pub checks: Vec<(Spanned<Code>, Option<Severity>)>,
    /// `[extra]`, free for templates.
    pub extra: serde_json::Value,
}

#[derive(Clone, Debug)]
pub struct BuildConfig {
    pub output_dir: String,
    pub highlight_theme: String,
    pub sanitize_html: bool,
    /// `page_size`: the most stories one page lists.
    pub page_size: usize,
}

/// `[history]` (SPEC §5): whether history is read from git, the revision
/// `changes.html` compares with, and when an unchanged item is stale.
#[derive(Clone, Debug)]
pub struct HistoryConfig {
    pub enabled: bool,
    /// A revision such as a tag; `None` for the default baseline.
    pub baseline: Option<Spanned<String>>,
    pub stale_after_days: u32,
}

impl Default for HistoryConfig {
    fn default() -> HistoryConfig {
        HistoryConfig {
            enabled: true,
            baseline: None,
            stale_after_days: 60,
        }
    }
}

fn owned(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

impl Default for Config {
    fn default() -> Config {
        Config {
            title: "Product handbook".into(),
            base_url: "/".into(),
            description: None,
            language: "en".into(),
            theme: "default".into(),
            build: BuildConfig {
                output_dir: "public".into(),
                highlight_theme: "InspiredGitHub".into(),
                sanitize_html: false,
                page_size: 1000,
            },
            workflow: Workflow::default(),
            history: HistoryConfig::default(),
            okr_bands: [0.4, 0.7],
            checks: Vec::new(),
            extra: serde_json::Value::Object(Default::default()),
        }
    }
}

impl Config {
    /// Reads a parsed `roadbook.toml`; problems are returned beside the best config
    /// that could be made of it.
    pub fn from_table(table: &DeTable<'_>, file: FileId, len: usize) -> (Config, Vec<Diagnostic>) {
        let mut config = Config::default();
        let mut f = Fields::new(table, file, 0, 0..len.min(1), "roadbook.toml");
        if let Some(title) = f.required_string("title") {
            config.title = title.value;
        }
        if let Some(v) = f.plain_string("base_url") {
            config.base_url = v;
        }
        config.description = f.plain_string("description");
        if let Some(v) = f.plain_string("language") {
            config.language = v;
        }
        if let Some(v) = f.plain_string("theme") {
            config.theme = v;
        }
        if let Some((t, span)) = f.table("build") {
            let mut b = f.nested(t, span, "[build] of roadbook.toml");
            if let Some(v) = b.plain_string("output_dir") {
                config.build.output_dir = v;
            }
            let themes = owned(crate::markup::highlight::THEMES);
            if let Some(v) = b.one_of("highlight_theme", &themes, Code::InvalidValue) {
                config.build.highlight_theme = v.value;
            }
            if let Some(v) = b.boolean("sanitize_html") {
                config.build.sanitize_html = v;
            }
            if let Some(n) = b.count("page_size", "stories", 1000) {
                config.build.page_size = n as usize;
            }
            f.extend(b.finish());
        }
        if let Some((t, span)) = f.table("workflow") {
            let mut w = f.nested(t, span, "[workflow] of roadbook.toml");
            config.workflow = Workflow::read(&mut w);
            f.extend(w.finish());
        }
        if let Some((t, span)) = f.table("history") {
            let mut h = f.nested(t, span, "[history] of roadbook.toml");
            if let Some(v) = h.boolean("enabled") {
                config.history.enabled = v;
            }
            config.history.baseline = h.string("baseline");
            if let Some(days) = h.count("stale_after_days", "days", 60) {
                config.history.stale_after_days = days;
            }
            f.extend(h.finish());
        }
        if let Some((t, span)) = f.table("okr") {
            let mut o = f.nested(t, span, "[okr] of roadbook.toml");
            if o.has("bands") {
                let raw = o.array("bands").unwrap_or_default();
                let bands: Vec<f64> = raw
                    .iter()
                    .filter_map(|v| crate::source::fields::as_number(v.get_ref()))
                    .collect();
                match bands[..] {
                    [low, high] if raw.len() == 2 && 0.0 <= low && low < high && high <= 1.0 => {
                        config.okr_bands = [low, high];
                    }
                    _ => {
                        let span = raw.first().map_or(o.whole(), |v| o.span(v.span()));
                        o.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                "`bands` needs two scores between 0 and 1, the lower first",
                            )
                            .at(span)
                            .help("write them like bands = [0.4, 0.7]: below 0.4 is red, below 0.7 yellow, the rest green"),
                        );
                    }
                }
            }
            f.extend(o.finish());
        }
        if let Some((t, span)) = f.table("checks") {
            let mut c = f.nested(t, span, "[checks] of roadbook.toml");
            for (key, _) in t.iter() {
                let name: &str = key.get_ref();
                let Some(code) = Code::from_name(name) else {
                    let help = did_you_mean(name, Code::names()).map_or_else(
                        || "run `roadbook check` without [checks] to see the codes".to_owned(),
                        |s| format!("did you mean `{s}`?"),
                    );
                    let d = Diagnostic::new(
                        Code::UnknownField,
                        format!("[checks] names `{name}`, which is not a check"),
                    )
                    .at(c.span(key.span()))
                    .help(help);
                    c.push(d);
                    continue;
                };
                let allowed = owned(SEVERITIES);
                if let Some(level) = c.one_of(code.name(), &allowed, Code::InvalidValue) {
                    let severity = match level.value.as_str() {
                        "error" => Some(Severity::Error),
                        "warning" => Some(Severity::Warning),
                        _ => None,
                    };
                    config
                        .checks
                        .push((Spanned::new(code, level.span), severity));
                }
            }
            f.extend(c.finish_known());
        }
        if let Some((t, _)) = f.table("extra") {
            config.extra = value_to_json(&toml::de::DeValue::Table(t.clone()));
        }
        (config, f.finish())
    }
}

/// Settings that count something.
impl Fields<'_, '_> {
    /// A whole number of `unit` above zero; anything else is `invalid-value`,
    /// with `example` in the help.
    pub fn count(&mut self, key: &'static str, unit: &str, example: u32) -> Option<u32> {
        let n = self.integer(key)?;
        match u32::try_from(n.value) {
            Ok(c) if c > 0 => Some(c),
            _ => {
                let message = format!("`{key}` is {}, which is not a number of {unit}", n.value);
                self.push(
                    Diagnostic::new(Code::InvalidValue, message)
                        .at(n.span)
                        .help(format!(
                            "write a whole number of {unit} above zero, such as {key} = {example}"
                        )),
                );
                None
            }
        }
    }
}
