//! Synthetic articles for benchmarks: a seeded, deterministic generator of realistic drafts.
//!
//! Sentences come from CoNLL-2003 newswire when it is on disk (read at run time only; its text is
//! never copied into the repository) or from a small built-in vocabulary combined by templates.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::article::ArticleDraft;
use crate::entities::SplitMix;
use crate::say::group_digits;

mod text;
mod words;

pub use text::detokenize;
use text::{capitalize, is_prose, most_frequent};
use words::*;

/// The recogniser's SplitMix64 (tiny, fast and plenty random for test data), with the picks the
/// generator needs.
#[derive(Debug, Clone)]
pub struct Rng(SplitMix);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(SplitMix(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi.saturating_sub(lo) as u64 + 1)) as usize
    }

    /// A copy of one item of a slice, which must not be empty.
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len().saturating_sub(1))].clone()
    }
}

/// Where sentences come from.
#[derive(Debug, Clone)]
enum Source {
    /// Real newswire sentences; titles are the short ones.
    Sentences {
        titles: Vec<String>,
        sentences: Vec<String>,
    },
    /// Templates filled from the built-in vocabulary.
    Builtin,
}

/// A supply of news sentences, plus the built-in names every article needs.
#[derive(Debug, Clone)]
pub struct Corpus {
    source: Source,
    lists: HashMap<&'static str, Vec<&'static str>>,
}

/// Frequent words and word sequences of a corpus, to draw benchmark queries from; most frequent first.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub words: Vec<String>,
    pub pairs: Vec<String>,
    pub triples: Vec<String>,
}

impl Corpus {
    /// The built-in vocabulary, for when no corpus is on disk.
    pub fn builtin() -> Corpus {
        let lists = LISTS
            .iter()
            .map(|(slot, list)| (*slot, entries(list)))
            .collect();
        Corpus {
            source: Source::Builtin,
            lists,
        }
    }

    /// Sentences of a CoNLL-2003 file (`eng.train`), detokenised into readable text.
    pub fn from_conll(path: &Path) -> std::io::Result<Corpus> {
        Corpus::from_conll_text(&std::fs::read_to_string(path)?)
    }

    /// Like `from_conll`, from text already read. Fails when it holds too little prose to use.
    pub fn from_conll_text(text: &str) -> std::io::Result<Corpus> {
        let mut titles = Vec::new();
        let mut sentences = Vec::new();
        let mut tokens: Vec<&str> = Vec::new();
        for line in text.lines().chain(std::iter::once("")) {
            match line.split_whitespace().next() {
                Some("-DOCSTART-") | None => {
                    if is_prose(&tokens) {
                        let sentence = detokenize(tokens.iter().copied());
                        let count = sentence.split_whitespace().count();
                        if (6..=12).contains(&count)
                            && tokens.last() == Some(&".")
                            && !tokens.iter().any(|t| matches!(*t, "\"" | ":"))
                        {
                            titles.push(sentence.trim_end_matches('.').trim_end().to_string());
                        }
                        sentences.push(sentence);
                    }
                    tokens.clear();
                }
                Some(token) => tokens.push(token),
            }
        }
        if titles.is_empty() || sentences.len() < 2 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "not enough CoNLL prose sentences to build articles from",
            ));
        }
        Ok(Corpus {
            source: Source::Sentences { titles, sentences },
            ..Corpus::builtin()
        })
    }

    /// What the corpus is, for a report.
    pub fn describe(&self) -> String {
        match &self.source {
            Source::Sentences { sentences, .. } => {
                format!("CoNLL-2003 ({} sentences)", sentences.len())
            }
            Source::Builtin => "built-in templates".into(),
        }
    }

    /// Any entry of a built-in list.
    fn any(&self, slot: &str, rng: &mut Rng) -> &'static str {
        self.lists.get(slot).map_or("", |list| rng.pick(list))
    }

    /// Fills `{X}` slots of a template; `{F}` is `figure` when given.
    fn fill(&self, template: &str, rng: &mut Rng, figure: &str) -> String {
        let mut out = String::with_capacity(template.len() + 40);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            match &rest[open + 1..open + close] {
                "P" => {
                    out.push_str(self.any("F", rng));
                    out.push(' ');
                    out.push_str(self.any("Z", rng));
                }
                "p" => out.push_str(self.any("Z", rng)),
                "O2" => out.push_str(self.any("O", rng)),
                "N2" => out.push_str(self.any("N", rng)),
                "X" => out.push_str(&rng.range(2, 950).to_string()),
                "x" => out.push_str(&rng.range(2, 40).to_string()),
                "F" => out.push_str(figure),
                slot => out.push_str(self.any(slot, rng)),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        capitalize(out)
    }

    fn sentence(&self, rng: &mut Rng) -> String {
        match &self.source {
            Source::Sentences { sentences, .. } => rng.pick(sentences),
            Source::Builtin => self.fill(rng.pick(SENTENCES), rng, ""),
        }
    }

    fn title(&self, rng: &mut Rng) -> String {
        match &self.source {
            Source::Sentences { titles, .. } => rng.pick(titles),
            Source::Builtin => self.fill(rng.pick(TITLES), rng, ""),
        }
    }

    /// Frequent words (4+ letters, no stop words), word pairs and triples, for benchmark queries.
    pub fn vocabulary(&self) -> Vocabulary {
        let sample: Vec<String> = match &self.source {
            Source::Sentences { sentences, .. } => sentences.clone(),
            Source::Builtin => {
                let mut rng = Rng::new(0x5EED);
                (0..5_000).map(|_| self.sentence(&mut rng)).collect()
            }
        };
        let stop = entries(STOP);
        let content = |w: &str| w.len() >= 4 && !stop.contains(&w);
        let (mut ones, mut twos, mut threes) = (HashMap::new(), HashMap::new(), HashMap::new());
        for sentence in &sample {
            let tokens: Vec<String> = sentence
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect();
            for (i, w) in tokens.iter().enumerate() {
                if content(w) {
                    *ones.entry(w.clone()).or_insert(0usize) += 1;
                }
                if let Some(next) = tokens.get(i + 1).filter(|n| content(w) && content(n)) {
                    *twos.entry(format!("{w} {next}")).or_insert(0usize) += 1;
                }
                if let (Some(b), Some(c)) = (tokens.get(i + 1), tokens.get(i + 2))
                    && w.len() >= 3
                    && b.len() >= 2
                    && content(c)
                {
                    *threes.entry(format!("{w} {b} {c}")).or_insert(0usize) += 1;
                }
            }
        }
        Vocabulary {
            words: most_frequent(ones, 1_000),
            pairs: most_frequent(twos, 500),
            triples: most_frequent(threes, 300),
        }
    }
}

/// Makes article `n` of a numbered, endless, reproducible series.
#[derive(Debug, Clone)]
pub struct Generator {
    corpus: Corpus,
    seed: u64,
}

impl Generator {
    pub fn new(corpus: Corpus, seed: u64) -> Generator {
        Generator { corpus, seed }
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Article `n`: depends only on the seed and `n`, and its text is unlike every other `n`'s.
    pub fn draft(&mut self, n: u64) -> ArticleDraft {
        let mut rng = Rng::new(self.seed ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next_u64();
        let corpus = &self.corpus;
        let title = corpus.title(&mut rng);
        let standfirst = corpus.sentence(&mut rng);
        let target_words = rng.range(300, 900);
        let mut paragraphs: Vec<String> = Vec::new();
        let mut count = 0;
        while paragraphs.len() < 4 || (count < target_words && paragraphs.len() < 12) {
            let sentences: Vec<String> = (0..rng.range(2, 5))
                .map(|_| corpus.sentence(&mut rng))
                .collect();
            let paragraph = sentences.join(" ");
            count += paragraph.split_whitespace().count();
            paragraphs.push(paragraph);
        }
        // The one sentence that makes this article's text its own.
        let figure = group_digits(1_000 + n);
        let unique = corpus.fill(rng.pick(FIGURES), &mut rng, &figure);
        let at = rng.range(0, paragraphs.len() - 1);
        paragraphs[at].push(' ');
        paragraphs[at].push_str(&unique);
        let author = format!(
            "{} {}",
            corpus.any("F", &mut rng),
            corpus.any("Z", &mut rng)
        );
        let span =
            (window_end() - Duration::days(5 * 365 + 1)).timestamp()..window_end().timestamp();
        let seconds = span.start + (rng.next_u64() % (span.end - span.start) as u64) as i64;
        ArticleDraft {
            title,
            standfirst,
            body: paragraphs.join("\n\n"),
            source: corpus.any("OUT", &mut rng).to_string(),
            author,
            url: Some(format!("https://example.org/a/{n}")),
            guid: Some(format!("urn:dateline-synth:{}:{n}", self.seed)),
            published: DateTime::from_timestamp(seconds, 0),
            dateline: None,
            links: Vec::new(),
            entities: None,
            tags: Vec::new(),
            image: None,
        }
    }
}

/// Publication dates fall in the five years before this day.
fn window_end() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 11, 24)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Invented sentences in CoNLL-2003 layout (token, POS, chunk, entity tag).
    const SAMPLE: &str = "-DOCSTART- -X- O O\n\nPort NNP I-NP I-ORG\nofficials NNS I-NP O\nreject VBP I-VP O\nDanish JJ I-NP I-MISC\n\
        plan NN I-NP O\nto TO I-VP O\nclose VB I-VP O\nold JJ I-NP O\nharbour NN I-NP O\n. . O O\n\n\
        The DT O O\nminister NN O O\nsaid VBD O O\n\" \" O O\nit PRP O O\ndoes VBZ O O\nn't RB O O\nwork VB O O\n\
        , , O O\n\" \" O O\nadding VBG O O\nthe DT O O\nfarm NN O O\n's POS O O\nprice NN O O\n( ( O O\n\
        $ $ O O\n5 CD O O\n) ) O O\nrose VBD O O\n3 CD O O\n% NN O O\n. . O O\n";

    #[test]
    fn conll_sentences_are_detokenised() {
        let corpus = Corpus::from_conll_text(SAMPLE).map_err(|e| e.to_string());
        let Ok(Corpus {
            source: Source::Sentences { titles, sentences },
            ..
        }) = corpus
        else {
            panic!("sample did not parse: {corpus:?}");
        };
        assert_eq!(
            titles,
            ["Port officials reject Danish plan to close old harbour"]
        );
        assert_eq!(
            sentences[1],
            "The minister said \"it doesn't work,\" adding the farm's price ($5) rose 3%."
        );
    }

    #[test]
    fn same_seed_same_drafts_and_every_n_differs() {
        for corpus in [
            Corpus::builtin(),
            Corpus::from_conll_text(SAMPLE).unwrap_or_else(|_| Corpus::builtin()),
        ] {
            let (mut a, mut b) = (Generator::new(corpus.clone(), 7), Generator::new(corpus, 7));
            let mut hashes = std::collections::HashSet::new();
            for n in 0..200 {
                let draft = a.draft(n);
                assert_eq!(draft, b.draft(n));
                assert!(
                    hashes.insert(draft.content_hash()),
                    "article {n} repeats another"
                );
            }
        }
        let (mut a, mut b) = (
            Generator::new(Corpus::builtin(), 1),
            Generator::new(Corpus::builtin(), 2),
        );
        assert_ne!(a.draft(5), b.draft(5));
    }

    #[test]
    fn builtin_drafts_look_like_news() {
        let mut generator = Generator::new(Corpus::builtin(), 3);
        let start = window_end() - Duration::days(5 * 365 + 1);
        for n in 0..300 {
            let d = generator.draft(n);
            let title_words = d.title.split_whitespace().count();
            assert!((6..=12).contains(&title_words), "{}", d.title);
            let paragraphs = d.body.split("\n\n").count();
            assert!((4..=12).contains(&paragraphs), "{paragraphs} paragraphs");
            let words = d.body.split_whitespace().count();
            assert!((150..=1_300).contains(&words), "{words} words");
            let published = d.published.unwrap_or_default();
            assert!(published >= start && published < window_end());
            assert_eq!(
                d.url.as_deref(),
                Some(format!("https://example.org/a/{n}").as_str())
            );
        }
        let vocabulary = Corpus::builtin().vocabulary();
        assert!(
            vocabulary.words.len() > 100
                && vocabulary.pairs.len() > 20
                && vocabulary.triples.len() > 20
        );
    }
}
