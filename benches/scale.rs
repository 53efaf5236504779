//! Scale benchmark: imports N generated articles, then times searches, and prints one table.
//!
//! `cargo bench --bench scale -- [--articles N] [--data-dir DIR] [--reuse] [--queries K] [--seed S]
//! [--builtin] [--json] [--show N]`. Articles come from `dateline::synth`, built from CoNLL-2003
//! sentences when `../shared/data/ner/conll2003/eng.train` exists (or with the built-in templates).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use dateline::article::ArticleDraft;
use dateline::import::import_parsed;
use dateline::ingest::Parsed;
use dateline::library::Library;
use dateline::library::Tagging;
use dateline::say::group_digits as group;
use dateline::search::SortOrder;
use dateline::synth::{Corpus, Generator, Rng, Vocabulary};
use serde::Serialize;

/// Drafts generated (and handed to the importer) at a time.
const CHUNK: u64 = 5_000;
const CONLL: &str = "../shared/data/ner/conll2003/eng.train";
/// Marks a data directory this benchmark made, so only such a directory is ever wiped.
const MARKER: &str = ".dateline-scale-bench";
const IMPORT_BUDGET: f64 = 2_000.0;
const P99_BUDGET_MS: f64 = 16.0;
/// How many of the corpus's most frequent words the `common-prefix` queries are typed from.
const COMMON_WORDS: usize = 25;

/// Imports N generated articles into a library, then times searches against it.
#[derive(clap::Parser)]
struct Args {
    /// How many articles the library should hold [default: 100000; 500 under `cargo test`].
    /// `1_000_000` and `1,000,000` work too.
    #[arg(long, value_parser = number)]
    articles: Option<u64>,
    /// Where the library lives (default: target/bench-data/N). Only a directory this benchmark made is wiped.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Reopen the library in the data directory; import only the articles it is missing.
    #[arg(long)]
    reuse: bool,
    /// Different queries per query class [default: 200; 10 under `cargo test`].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    queries: Option<u64>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Use the built-in templates even when the CoNLL-2003 corpus is present.
    #[arg(long)]
    builtin: bool,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Import without entity recognition, to see what it costs.
    #[arg(long)]
    no_entities: bool,
    /// Import without putting articles into stories, to see what that costs.
    #[arg(long)]
    no_stories: bool,
    /// Print generated article N and exit.
    #[arg(long)]
    show: Option<u64>,
    /// Passed by `cargo bench`; without it (under `cargo test`) the defaults make a quick smoke run.
    #[arg(long, hide = true)]
    bench: bool,
}

fn number(text: &str) -> Result<u64, String> {
    let digits: String = text.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    digits
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))
}

fn main() -> Result<()> {
    let args = <Args as clap::Parser>::parse();
    let articles = args
        .articles
        .unwrap_or(if args.bench { 100_000 } else { 500 });
    let queries = usize::try_from(args.queries.unwrap_or(if args.bench { 200 } else { 10 }))?;
    let corpus = if args.builtin || !Path::new(CONLL).exists() {
        Corpus::builtin()
    } else {
        Corpus::from_conll(Path::new(CONLL)).with_context(|| format!("reading {CONLL}"))?
    };
    let mut generator = Generator::new(corpus, args.seed);
    if let Some(n) = args.show {
        let d = generator.draft(n);
        println!(
            "{}\n{} | {} | {:?}\n\n{}\n\n{}",
            d.title, d.source, d.author, d.published, d.standfirst, d.body
        );
        return Ok(());
    }
    let vocabulary = generator.corpus().vocabulary();
    let corpus_name = generator.corpus().describe();
    let dir = args.data_dir.clone().unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/bench-data")
            .join(articles.to_string())
    });
    prepare_dir(&dir, args.reuse)?;

    let opened = Instant::now();
    let (mut library, notices) = Library::open(&dir)?;
    let open_time = opened.elapsed();
    library.set_stories(!args.no_stories);
    notices.iter().for_each(|n| eprintln!("note: {n}"));
    let stored = u64::try_from(library.counts()?.total)?;
    let import = if stored < articles {
        let tagging = if args.no_entities {
            Tagging::Skip
        } else {
            Tagging::Recognise
        };
        Some(import(&mut library, generator, stored, articles, tagging)?)
    } else {
        None
    };

    let mut rng = Rng::new(args.seed ^ 0x0051_EA5C);
    let classes = query_classes(&vocabulary, queries, &mut rng)?;
    // Warm-up, untimed: the term dictionaries read as the screen reads them when it opens, and
    // a few queries; the first queries after an import pay for loading the index's pages.
    let warmed = library.searcher()?.warm()?;
    eprintln!("warmed {:.0} MB of term dictionaries", warmed as f64 / 1e6);
    for query in classes.iter().flat_map(|(_, q)| q.iter().take(5)) {
        library.search(query, SortOrder::Relevance, 20)?;
    }
    let mut search = Vec::new();
    for (class, queries) in &classes {
        search.push(time_queries(&library, class, queries)?);
    }
    let typed = keystrokes(&vocabulary, queries, &mut rng);
    search.push(time_queries(&library, "as-you-type", &typed)?);

    let figures = Figures {
        articles: u64::try_from(library.counts()?.total)?,
        corpus: corpus_name,
        seed: args.seed,
        data_dir: dir,
        library_open_s: open_time.as_secs_f64(),
        import_budget_met: import.as_ref().map(|i| i.articles_per_s > IMPORT_BUDGET),
        import,
        store_bytes: store_size(&library),
        index_bytes: library.stats()?.index_bytes,
        index_docs: library.stats()?.index_documents,
        peak_rss_bytes: peak_rss_kb().map(|kb| kb * 1024),
        search_p99_budget_met: search.iter().all(|t| t.p99_ms < P99_BUDGET_MS),
        search,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        figures.print();
    }
    Ok(())
}

/// Empties a directory this benchmark made (unless reusing it); refuses to touch any other.
fn prepare_dir(dir: &Path, reuse: bool) -> Result<()> {
    let occupied = dir
        .read_dir()
        .map(|mut e| e.next().is_some())
        .unwrap_or(false);
    if occupied && !dir.join(MARKER).exists() {
        bail!(
            "{} holds files this benchmark did not make; pick another --data-dir",
            dir.display()
        );
    }
    if occupied && !reuse {
        std::fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    std::fs::write(dir.join(MARKER), "made by benches/scale.rs\n")?;
    Ok(())
}

#[derive(Serialize)]
struct Import {
    imported: u64,
    duplicates: usize,
    wall_s: f64,
    articles_per_s: f64,
    /// Time spent generating drafts on the other thread, not counted as import.
    generating_s: f64,
    /// Time the importer sat waiting for the generator (counted in `wall_s`).
    waited_s: f64,
    /// Whether the entity recogniser ran on every article.
    entities: bool,
}

/// Imports drafts `from..to`, generated on another thread in chunks through a bounded channel.
fn import(
    library: &mut Library,
    mut generator: Generator,
    from: u64,
    to: u64,
    tagging: Tagging,
) -> Result<Import> {
    let (sender, receiver) = mpsc::sync_channel::<Vec<ArticleDraft>>(2);
    let producer = std::thread::spawn(move || {
        let mut generating = Duration::ZERO;
        let mut start = from;
        while start < to {
            let began = Instant::now();
            let end = (start + CHUNK).min(to);
            let drafts = (start..end).map(|n| generator.draft(n)).collect();
            generating += began.elapsed();
            if sender.send(drafts).is_err() {
                break;
            }
            start = end;
        }
        generating
    });
    let started = Instant::now();
    let (mut waited, mut fed, mut last_report) = (Duration::ZERO, from, (started, from));
    let step = ((to - from) / 10).max(CHUNK);
    let feed = std::iter::from_fn(|| {
        let began = Instant::now();
        let drafts = receiver.recv().ok()?;
        waited += began.elapsed();
        // Progress: the rate over the last step shows whether import slows as the index grows.
        if fed >= last_report.1 + step {
            let rate = (fed - last_report.1) as f64 / last_report.0.elapsed().as_secs_f64();
            eprintln!(
                "  {} / {} stored, {} articles/s over the last {}",
                group(fed),
                group(to),
                group(rate as u64),
                group(fed - last_report.1)
            );
            last_report = (Instant::now(), fed);
        }
        fed += drafts.len() as u64;
        Some(Ok(Parsed {
            drafts,
            ..Parsed::default()
        }))
    });
    library.set_tagging(tagging);
    let report = import_parsed(library, feed)?;
    let wall = started.elapsed();
    let generating = producer
        .join()
        .map_err(|_| anyhow!("the generator thread panicked"))?;
    if let Some(failure) = report.failed.first() {
        bail!("import failed: {} {}", failure.path, failure.error);
    }
    let imported = report.imported.len() as u64;
    Ok(Import {
        imported,
        duplicates: report.duplicates,
        wall_s: wall.as_secs_f64(),
        articles_per_s: imported as f64 / wall.as_secs_f64().max(1e-9),
        generating_s: generating.as_secs_f64(),
        waited_s: waited.as_secs_f64(),
        entities: tagging == Tagging::Recognise,
    })
}

/// K different queries for each class, drawn from the corpus's frequent words and word pairs.
fn query_classes(
    vocabulary: &Vocabulary,
    k: usize,
    rng: &mut Rng,
) -> Result<Vec<(&'static str, Vec<String>)>> {
    if vocabulary.words.is_empty() || vocabulary.pairs.is_empty() {
        bail!("the corpus vocabulary is empty");
    }
    let words = &vocabulary.words;
    // A trailing space means the last word is finished; without one it is matched as a prefix.
    let one = distinct(k, rng, |r| format!("{} ", r.pick(words)));
    let two = distinct(k, rng, |r| format!("{} {} ", r.pick(words), r.pick(words)));
    let prefix = distinct(k, rng, |r| {
        let word = r.pick(words);
        let len = r.range(3, 4).min(word.len());
        word.get(..len).unwrap_or(&word).to_string()
    });
    let phrase = distinct(k, rng, |r| format!("\"{}\"", r.pick(&vocabulary.pairs)));
    // The first letters of the corpus's most frequent words, each in a large share of the
    // articles: the completions a prefix search must not drop however common they are.
    let common: Vec<String> = words
        .iter()
        .take(COMMON_WORDS)
        .flat_map(|word| (3..word.len()).filter_map(|len| word.get(..len)))
        .map(str::to_string)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    Ok(vec![
        ("one-word", one),
        ("two-word", two),
        ("prefix", prefix),
        ("common-prefix", common),
        ("phrase", phrase),
    ])
}

/// Up to `k` different strings from `make` (fewer when the vocabulary is too small for `k`).
fn distinct(k: usize, rng: &mut Rng, mut make: impl FnMut(&mut Rng) -> String) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for _ in 0..k * 20 {
        let query = make(rng);
        if seen.insert(query.clone()) {
            out.push(query);
        }
        if out.len() == k {
            break;
        }
    }
    out
}

/// Every prefix of some three-word queries, as they are typed one character at a time.
fn keystrokes(vocabulary: &Vocabulary, k: usize, rng: &mut Rng) -> Vec<String> {
    let source = if vocabulary.triples.is_empty() {
        &vocabulary.pairs
    } else {
        &vocabulary.triples
    };
    let typed = distinct((k / 20).max(5), rng, |r| r.pick(source));
    typed
        .iter()
        .flat_map(|text| {
            text.char_indices()
                .map(move |(i, c)| text[..i + c.len_utf8()].to_string())
        })
        .collect()
}

#[derive(Serialize)]
struct Timings {
    class: &'static str,
    queries: usize,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    median_hits: usize,
    slowest: String,
}

/// Runs each query through the library as the screen would; p50/p95/p99/max in milliseconds.
fn time_queries(library: &Library, class: &'static str, queries: &[String]) -> Result<Timings> {
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = Vec::with_capacity(queries.len());
    let mut slowest = (0.0, "");
    for query in queries {
        let began = Instant::now();
        let (_, results) = library.search(query, SortOrder::Relevance, 20)?;
        let ms = began.elapsed().as_secs_f64() * 1e3;
        if ms > slowest.0 {
            slowest = (ms, query);
        }
        times.push(ms);
        hits.push(results.total);
    }
    times.sort_by(f64::total_cmp);
    hits.sort_unstable();
    let rank = |p: f64| {
        let at = ((p * times.len() as f64).ceil() as usize).saturating_sub(1);
        times.get(at).copied().unwrap_or(0.0)
    };
    Ok(Timings {
        class,
        queries: queries.len(),
        p50_ms: rank(0.50),
        p95_ms: rank(0.95),
        p99_ms: rank(0.99),
        max_ms: rank(1.0),
        median_hits: hits.get(hits.len() / 2).copied().unwrap_or(0),
        slowest: slowest.1.to_string(),
    })
}

fn store_size(library: &Library) -> u64 {
    let path = library.data_dir().join("dateline.db");
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).ok())
        .map(|m| m.len())
        .sum()
}

/// The process's peak resident set (VmHWM), in KiB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[derive(Serialize)]
struct Figures {
    articles: u64,
    corpus: String,
    seed: u64,
    data_dir: PathBuf,
    library_open_s: f64,
    import: Option<Import>,
    store_bytes: u64,
    index_bytes: u64,
    index_docs: u64,
    peak_rss_bytes: Option<u64>,
    search: Vec<Timings>,
    import_budget_met: Option<bool>,
    search_p99_budget_met: bool,
}

impl Figures {
    fn print(&self) {
        let verdict = |ok: bool| if ok { "within budget" } else { "OVER BUDGET" };
        let (articles, corpus, seed) = (group(self.articles), &self.corpus, self.seed);
        println!("dateline scale benchmark: {articles} articles, corpus {corpus}, seed {seed}");
        let mut lines = vec![("data dir", self.data_dir.display().to_string())];
        match &self.import {
            Some(i) => {
                let (n, wall, rate) = (group(i.imported), i.wall_s, group(i.articles_per_s as u64));
                let budget = verdict(i.articles_per_s > IMPORT_BUDGET);
                lines.push((
                    "import",
                    format!(
                        "{n} articles in {wall:.1} s = {rate} articles/s ({budget}: > 2,000/s)"
                    ),
                ));
                let (gen_s, wait_s) = (i.generating_s, i.waited_s);
                let other =
                    format!("{gen_s:.1} s generating; import waited {wait_s:.1} s for them");
                lines.push(("", format!("drafts generated on another thread ({other})")));
                let tagged = if i.entities {
                    "entity recognition, storing and indexing"
                } else {
                    "storing and indexing, no entity recognition (--no-entities)"
                };
                lines.push(("", format!("import = {tagged}")));
            }
            None => lines.push((
                "import",
                "skipped: the reused library already held them".into(),
            )),
        }
        lines.push(("library open", format!("{:.2} s", self.library_open_s)));
        lines.push(("store file", bytes(self.store_bytes)));
        let docs = group(self.index_docs);
        lines.push((
            "index size",
            format!("{} ({docs} documents)", bytes(self.index_bytes)),
        ));
        lines.push((
            "peak RSS",
            self.peak_rss_bytes.map_or("unknown".into(), bytes),
        ));
        for (label, value) in lines {
            println!("{label:<14} {value}");
        }
        let head = [
            "queries",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            "median hits",
        ];
        println!(
            "\n{:<14}{:>8}{:>8}{:>8}{:>8}{:>8}{:>12}  slowest query",
            "search", head[0], head[1], head[2], head[3], head[4], head[5]
        );
        for t in &self.search {
            let (class, n, hits, slow) =
                (t.class, t.queries, group(t.median_hits as u64), &t.slowest);
            let (p50, p95, p99, max) = (t.p50_ms, t.p95_ms, t.p99_ms, t.max_ms);
            println!(
                "{class:<14}{n:>8}{p50:>8.2}{p95:>8.2}{p99:>8.2}{max:>8.2}{hits:>12}  {slow:?}"
            );
        }
        let worst = self.search.iter().map(|t| t.p99_ms).fold(0.0, f64::max);
        let budget = verdict(self.search_p99_budget_met);
        println!("worst p99 {worst:.2} ms ({budget}: < {P99_BUDGET_MS} ms)");
        println!(
            "each query: top 20 by relevance plus the total count; a trailing space ends the last word;"
        );
        println!(
            "prefix = 3-4 letters as typed; as-you-type = every keystroke of a three-word query"
        );
        println!(
            "common-prefix = every first 3 or more letters of the {COMMON_WORDS} most frequent words"
        );
    }
}

fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.2} GiB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n => format!("{:.1} KiB", n as f64 / 1024.0),
    }
}
