//! Synthetic articles for benchmarks: a seeded, deterministic generator of realistic drafts.
//!
//! Sentences come from CoNLL-2003 newswire when it is on disk (read at run time only; its text is
//! never copied into the repository) or from a small built-in vocabulary combined by templates.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::article::ArticleDraft;

/// SplitMix64: tiny, fast and plenty random for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
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

const FIRST: &str = "Amara Bruno Chen Dalia Elias Farah Goran Hana Idris Jonas Keiko Lars Mei Nadia Omar Priya \
    Rafael Sofia Tomas Uma Viktor Wen Yusuf Zara Anton Beatriz Carmen Dmitri Elena Felix Greta Hugo Ingrid Jamal \
    Kofi Leila Marco Nils Olga Paulo";
const LAST: &str = "Abara Bergstrom Castellanos Dufresne Eriksen Fontaine Gallagher Haddad Ishikawa Jovanovic \
    Kowalczyk Lindqvist Mbeki Novak Okafor Petrov Quintero Rasmussen Santoro Takahashi Uribe Vasquez Whitfield \
    Yilmaz Zeller Adeyemi Brennan Caruso Delacroix Esposito Ferreira Gunnarsson Halvorsen Ivanova Kimura Lachance \
    Moreau Nakamura Oyelaran Pereira";
const ORGS: &str = "the Harbour Authority|Meridian Bank|the Ministry of Transport|the Central Bank|Northwind Energy|\
    the Port Workers' Union|Atlas Shipping|the National Statistics Office|Solace Pharmaceuticals|the Grain Traders' \
    Association|Cobalt Mining|the Federal Court|the Finance Ministry|Helios Airlines|the City Council|Kestrel Motors|\
    the Water Board|Orion Telecom|the Farmers' Federation|the Election Commission|Granite Insurance|the Health \
    Ministry|Vantage Rail|the Chamber of Commerce|Bluewater Fisheries|the Competition Authority|Summit Steel|the \
    Teachers' Union|the Energy Regulator|Pioneer Foods";
const PLACES: &str = "Rotterdam Nairobi Lima Oslo Manila Dakar Porto Hamburg Valparaiso Mombasa Gdansk Antwerp Karachi \
    Durban Montevideo Tallinn Busan Marseille Halifax Cebu Accra Bergen Genoa Tangier Surabaya Recife Riga Odesa \
    Colombo Hobart Auckland Lagos Istanbul Naples Bilbao Cork Quebec Perth Kobe Tunis";
const VERBS: &str = "approved rejected announced delayed extended criticised defended reviewed suspended welcomed \
    expanded proposed cancelled blocked confirmed questioned challenged postponed backed opposed finalised revised \
    unveiled investigated funded";
const NOUNS: &str = "budget strike tariff contract merger pipeline harbour election reform subsidy pension loan inquiry \
    shipment vaccine bridge railway ceasefire treaty lawsuit drought harvest refinery licence deal audit protest \
    ruling forecast wage quota fleet terminal tender bond export dividend levy permit runway reactor settlement \
    shortage recall outbreak census verdict curfew";
const ADJECTIVES: &str = "new controversial long-awaited emergency regional national disputed temporary ambitious \
    revised annual costly landmark modest sweeping";
const ROLES: &str =
    "spokeswoman spokesman minister director analyst chairman mayor economist official negotiator";
const SAYS: &str = "said|added|warned|told reporters|noted|insisted|confirmed";
const DAYS: &str = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday";
const MONTHS: &str =
    "January February March April May June July August September October November December";
const SENTENCES: &[&str] = &[
    "{O} {V} the {A} {N} on {D}, {P} said.",
    "{P}, a {R} at {O}, {S} that the {N} would cost about {X} million dollars.",
    "Talks over the {N} in {L} broke down on {D} after {O} {V} a {A} offer.",
    "\"We will not accept this {N},\" {P} told reporters in {L}.",
    "The {N} is expected to affect some {X} workers across {L}, according to {O}.",
    "{O} said it had {V} the {N} following a review of the {N2}.",
    "Shares in {O} fell {x} percent after the {N} was {V}.",
    "In {L}, residents {V} plans for a {A} {N} near the {N2}.",
    "{p} {S} the {N} had been {V} twice since {M}.",
    "Analysts at {O} expect the {N} to be {V} before the end of the year.",
    "Police in {L} said {X} people were detained during a {N} protest on {D}.",
    "{O} and {O2} signed a {A} {N} worth {X} million euros in {L} on {D}.",
    "The {N2} dispute has held up work on the {N} for {x} weeks, {P} said.",
    "A {R} for {O} declined to comment on the {N}.",
    "Earlier, {O} had {V} the {N2}, citing concerns about the {N}.",
    "{P} {S} that the {A} {N} would be debated in {L} in {M}.",
];
const TITLES: &[&str] = &[
    "{O} {V} {A} {N} plan in {L}",
    "{L} {N} talks stall as {O} weighs offer",
    "{P} says {N} will be {V} by {M}",
    "Thousands protest {A} {N} in {L}",
    "{O} {V} {N} after {N2} dispute in {L}",
    "{L} braces for {N} as {O} reviews {N2}",
];
const FIGURES: &[&str] = &[
    "Officials put the figure at {F} on {D}.",
    "By {M}, the count had reached {F}, according to {O}.",
    "{O} said {F} people had signed the petition.",
    "The register lists {F} entries, {P} said.",
];
const OUTLETS: &str = "The Harbour Gazette|Northern Ledger|The Daily Meridian|Coastline Courier|The Evening Lantern|\
    Riverside Post|The Continental Wire|Metro Chronicle|The Morning Compass|Highland Herald|The Atlas Review|Bayside \
    Observer|The Quarterly Beacon|Capital Dispatch|The Weekly Tribune|Lakeside Times|The Frontier Journal|Harbourfront \
    News|The Civic Record|Summit Standard|The Pacific Mercury|Old Town Bulletin|The Delta Sentinel|Crossroads Report|\
    The Granite Telegraph|Westward Monitor|The Lighthouse|Valley Examiner|The Open Register|Eastern Signal";
const STOP: &str = "the and that with from this have were been will would their there which about after before other \
    into than them they more over also could when what where while said says year years percent";

/// Slot name and word list: `|` separates entries of lists that hold several-word names.
const LISTS: &[(&str, &str)] = &[
    ("F", FIRST),
    ("Z", LAST),
    ("L", PLACES),
    ("V", VERBS),
    ("N", NOUNS),
    ("A", ADJECTIVES),
    ("R", ROLES),
    ("D", DAYS),
    ("M", MONTHS),
    ("O", ORGS),
    ("S", SAYS),
    ("OUT", OUTLETS),
];

fn entries(list: &'static str) -> Vec<&'static str> {
    if list.contains('|') {
        list.split('|').map(str::trim).collect()
    } else {
        list.split_whitespace().collect()
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

fn most_frequent(counts: HashMap<String, usize>, keep: usize) -> Vec<String> {
    let mut ranked: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= 2).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(keep).map(|(w, _)| w).collect()
}

fn capitalize(mut text: String) -> String {
    if let Some(first) = text.chars().next().filter(|c| c.is_lowercase()) {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
    text
}

/// A sentence of running prose, not a results table, a headline in capitals or a dateline.
fn is_prose(tokens: &[&str]) -> bool {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return false;
    };
    let words: Vec<&&str> = tokens
        .iter()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect();
    let shouting = words
        .iter()
        .filter(|w| w.len() > 1 && !w.chars().any(char::is_lowercase))
        .count();
    let lower = words
        .iter()
        .filter(|w| w.starts_with(char::is_lowercase))
        .count();
    (6..=60).contains(&tokens.len())
        && words.len() * 10
            >= tokens
                .iter()
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .count()
                * 7
        && shouting * 4 <= words.len()
        // Lists of names (team line-ups, results) are mostly capitalised words.
        && lower * 10 >= words.len() * 3
        && first
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '"')
        && matches!(*last, "." | "?" | "!" | "\"")
        // CoNLL splits some quotations across sentences; keep only sentences whose quotes close.
        && tokens.iter().filter(|t| **t == "\"").count() % 2 == 0
}

/// Joins tokens into text: no space before closing punctuation and clitics, none after openers.
pub fn detokenize<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut in_quote = false;
    let mut glue_next = true;
    for token in tokens {
        let clitic = token.strip_prefix('\'').is_some_and(|rest| {
            !rest.is_empty() && rest.len() <= 2 && rest.chars().all(char::is_alphabetic)
        });
        let attach = match token {
            "." | "," | ")" | "]" | ":" | ";" | "?" | "!" | "%" | "..." | "'" | "n't" | "/" => true,
            "\"" => in_quote,
            _ => clitic,
        };
        if !glue_next && !attach {
            out.push(' ');
        }
        out.push_str(token);
        glue_next = matches!(token, "(" | "[" | "$" | "/") || (token == "\"" && !in_quote);
        if token == "\"" {
            in_quote = !in_quote;
        }
    }
    out
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

/// `1234567` as `1,234,567`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\
        call NN I-NP O\nto TO I-VP O\nboycott VB I-VP O\nBritish JJ I-NP I-MISC\nlamb NN I-NP O\n. . O O\n\n\
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
        assert_eq!(titles, ["EU rejects German call to boycott British lamb"]);
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
        assert_eq!(group_digits(1_234_567), "1,234,567");
        let vocabulary = Corpus::builtin().vocabulary();
        assert!(
            vocabulary.words.len() > 100
                && vocabulary.pairs.len() > 20
                && vocabulary.triples.len() > 20
        );
    }
}
