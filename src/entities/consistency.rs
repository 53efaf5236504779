//! Rules applied after the model: a nationality that opens a party's name belongs to it ("the Iranian
//! Communist Party"), as CoNLL mostly annotates it; a person's name never includes a title before it
//! (`Mr`, `Mrs`, `Dr`, `President`), and an honorific marks the name after it as a person's; a
//! quoted title is a work; names the lists hold whole keep the lists' kind (`Chelsea`, `Time
//! Warner`, `the WHO`); a listed place after a word that says where is a place ("near
//! Marseille"); a "person" ending in a company word is a company; an institution keeps the head
//! before "of" (`Port of Rotterdam Authority`); and a name that ends a person's name found
//! elsewhere in the document is that person ("Orban" after "Viktor Orban").
//!
//! A hard "one kind per name in a document" vote was tried here and dropped: it cost 0.2 F1 on the
//! development set (`NEW YORK` the team and the city share a document). Consistency comes from the
//! second pass's document-history features instead.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::document::{Document, PROSE};
use super::gazetteer::{
    AGENCY, COUNTRY, DEMONYM, FIRST_NAME, Gazetteer, MISC_NAME, ORGANISATION, ORGANISATION_WORD,
    PLACE, TITLE, in_category, is_single, sequence_hash,
};
use super::labels::{OUTSIDE, begin, inside, is_begin, spans, type_of};
use super::lexeme::{ALL_CAPS, INIT_CAP, lower_hash};

/// Defines `fn $name() -> &'static [u64]`: the lowercase hashes of a word list, worked out once,
/// which the rules compare tokens' `lower` with.
macro_rules! hashed_words {
    ($name:ident, $words:expr) => {
        fn $name() -> &'static [u64] {
            static WORDS: OnceLock<Vec<u64>> = OnceLock::new();
            WORDS.get_or_init(|| $words.iter().map(|w| lower_hash(w)).collect())
        }
    };
}

const PER: usize = 0;
const ORG: usize = 1;
const LOC: usize = 2;
const MISC: usize = 3;

/// Last words of organisations that take a nationality into their name (`Iranian Communist Party`,
/// `Indonesian Democratic Party`); ministries are left alone, as CoNLL mostly splits them.
const PARTY_WORDS: &[&str] = &[
    "party",
    "front",
    "movement",
    "union",
    "alliance",
    "league",
    "congress",
    "federation",
    "association",
    "organisation",
    "organization",
    "council",
];

hashed_words!(party_words, PARTY_WORDS);

/// Honorifics: the capitalised words after one name a person, whatever the model thought.
const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "mme", "messrs", "messrs.",
];

/// Titles that CoNLL counts as part of the name (`King Hussein`, `Pope John Paul`): kept.
/// `Sheikh` and `Sir` are not among them: CoNLL leaves them outside the name (`Sheikh` four times,
/// `Sir` five, never inside), so the index holds "Abdullah" and a search for "Sheikh Abdullah"
/// must look for that.
const ROYAL_TITLES: &[&str] = &[
    "king", "queen", "prince", "princess", "pope", "emperor", "sultan", "emir", "lord", "lady",
    "dame", "shah",
];

hashed_words!(royal_titles, ROYAL_TITLES);

/// Longest name an honorific is taken to mark, in tokens.
const HONORED_NAME_TOKENS: usize = 3;

hashed_words!(honorifics, HONORIFICS);

/// Applies the rules to `labels` (one BIO label per token of `doc`).
pub fn apply(doc: &Document, labels: &mut [u8]) {
    join_nationality_to_party(doc, labels);
    names_without_titles(doc, labels);
    quoted_titles(doc, labels);
    known_names_are_not_people(doc, labels);
    known_organisations(doc, labels);
    listed_capitals_in_prose(doc, labels);
    places_where_things_happen(doc, labels);
    organisation_word_ends_a_name(doc, labels);
    institution_of_a_name(doc, labels);
    surnames_of_people(doc, labels);
}

/// An organisation or other name that is the end of a person's name found elsewhere in the
/// document ("Le Pen said" after "Marine Le Pen") is that person. Names the lists hold as
/// something else keep their kind: organisations ("Ford" beside "Henry Ford"), places
/// ("Washington" beside "Denzel Washington") and nationalities ("French" beside "Dawn French").
fn surnames_of_people(doc: &Document, labels: &mut [u8]) {
    let gazetteer = Gazetteer::builtin();
    let listed =
        1 << ORGANISATION | 1 << AGENCY | 1 << COUNTRY | 1 << PLACE | 1 << DEMONYM | 1 << MISC_NAME;
    // Every shorter ending of every full name (hashed as the lists hash names), so each other
    // name is one lookup.
    let hash =
        |from: usize, to: usize| sequence_hash(doc.lexemes[from..to].iter().map(|l| l.lower));
    let mut endings: HashSet<u64> = HashSet::new();
    for sentence in &doc.sentences {
        for (kind, s, e) in spans(&labels[sentence.clone()]) {
            if kind == PER && e - s >= 2 {
                // The last words of a long name: a surname ends it.
                let (s, e) = (
                    sentence.start + s.max(e.saturating_sub(MAX_NAME_WORDS)),
                    sentence.start + e,
                );
                endings.extend((s + 1..e).map(|from| hash(from, e)));
            }
        }
    }
    if endings.is_empty() {
        return;
    }
    let mut renamed = Vec::new();
    for sentence in &doc.sentences {
        for (kind, s, e) in spans(&labels[sentence.clone()]) {
            let (s, e) = (sentence.start + s, sentence.start + e);
            if (kind != ORG && kind != MISC) || e - s >= MAX_NAME_WORDS {
                continue;
            }
            if endings.contains(&hash(s, e))
                && gazetteer.categories_of(doc.lexemes[s..e].iter().map(|l| l.lower)) & listed == 0
            {
                renamed.push((s, e));
            }
        }
    }
    for (s, e) in renamed {
        labels[s] = begin(PER);
        labels[s + 1..e].fill(inside(PER));
    }
}

/// Longest person's name, in words, whose endings `surnames_of_people` looks for.
const MAX_NAME_WORDS: usize = 6;

/// A "person" of two or more words that ends in a word that ends organisations' names
/// (`Rockstar Games`, `Nordhavn Holdings`, `Lindqvist Airlines`) is an organisation. (Places and
/// other names keep their kind: `West Bank`, `Premier League`.)
fn organisation_word_ends_a_name(doc: &Document, labels: &mut [u8]) {
    for sentence in &doc.sentences {
        for (kind, s, e) in spans(&labels[sentence.clone()]) {
            let (s, e) = (sentence.start + s, sentence.start + e);
            // "David Steel" and "Margaret Court" are people: a first name says so.
            if kind == PER
                && e - s >= 2
                && doc.lexemes[e - 1].has(INIT_CAP)
                && is_single(doc.gazetteer[e - 1], ORGANISATION_WORD)
                && !in_category(doc.gazetteer[s], FIRST_NAME)
            {
                labels[s] = begin(ORG);
                labels[s + 1..e].fill(inside(ORG));
            }
        }
    }
}

/// Words that head an institution's name before "of" (`Port of Rotterdam Authority`, `Bank of
/// Japan`). Not the lists' organisation words at large: `News`, `Times` and `Post` are in them,
/// and "News of Nvidia's results" is not a name.
const INSTITUTION_HEADS: &[&str] = &[
    "port",
    "bank",
    "university",
    "ministry",
    "department",
    "council",
    "court",
    "museum",
    "institute",
    "college",
    "academy",
    "federation",
    "association",
    "society",
    "chamber",
];

hashed_words!(institution_heads, INSTITUTION_HEADS);

/// An organisation found after "<Head> of", with the head capitalised and left out, is the
/// whole name (`Port of Rotterdam Authority`, not `Rotterdam Authority`). At the start of a
/// sentence the capital says nothing, and the model leaves the head out.
fn institution_of_a_name(doc: &Document, labels: &mut [u8]) {
    let of = lower_hash("of");
    for sentence in &doc.sentences {
        for (kind, s, _) in spans(&labels[sentence.clone()]) {
            let s = sentence.start + s;
            if kind != ORG || s < sentence.start + 2 {
                continue;
            }
            let head = &doc.lexemes[s - 2];
            if doc.lexemes[s - 1].lower == of
                && labels[s - 1] == OUTSIDE
                && labels[s - 2] == OUTSIDE
                && head.has(INIT_CAP)
                && institution_heads().contains(&head.lower)
            {
                labels[s - 2] = begin(ORG);
                labels[s - 1] = inside(ORG);
                labels[s] = inside(ORG);
            }
        }
    }
}

/// A country or organisation written in capitals in prose (`the US`, `the UK`, `the WHO`) that
/// the model left out: a place or an organisation, as the lists hold it whole. (Alone, `US` at
/// the end of a sentence reads too much like the pronoun, and "WHO" like the word; outside prose,
/// in a headline in capitals, they may be.)
fn listed_capitals_in_prose(doc: &Document, labels: &mut [u8]) {
    // Not the agencies: their short names are often words or regions too (MENA, MAP, SPA).
    let other = [AGENCY, COUNTRY, PLACE, DEMONYM, FIRST_NAME, MISC_NAME];
    for (s, sentence) in doc.sentences.iter().enumerate() {
        if doc.sentence_case[s] != PROSE {
            continue;
        }
        for i in sentence.clone() {
            let lexeme = &doc.lexemes[i];
            if labels[i] != OUTSIDE || !lexeme.has(ALL_CAPS) || lexeme.chars < 2 {
                continue;
            }
            // What the lists hold this word as, alone, as the document's annotation found it.
            let listed = |category| is_single(doc.gazetteer[i], category);
            if listed(COUNTRY) {
                labels[i] = begin(LOC);
            } else if listed(ORGANISATION) && !other.into_iter().any(listed) {
                labels[i] = begin(ORG);
            }
        }
    }
}

/// Words before a place that say where something is or happens ("near Marseille").
const LOCATIVES: &[&str] = &[
    "near",
    "outside",
    "around",
    "throughout",
    "across",
    "nearby",
];

/// Words that, before "in", say where someone lives or something happens ("lives in Marseille",
/// "fires in Marseille"). A bare "in" is not enough: "a stake in Chelsea" is the club.
const WHERE_WORDS: &[&str] = &[
    "lives",
    "lived",
    "living",
    "born",
    "based",
    "headquartered",
    "located",
    "situated",
    "died",
    "arrived",
    "landed",
    "stranded",
    "fire",
    "fires",
    "wildfire",
    "wildfires",
    "flooding",
    "protests",
    "demonstrators",
];

hashed_words!(locatives, LOCATIVES);

hashed_words!(where_words, WHERE_WORDS);

/// A name the lists hold whole as a place, that the model made an organisation or a person, is a
/// place after a word that says where ("near Marseille", "lives in Marseille"). CoNLL's training
/// text has some cities only as their football clubs (`Marseille` seventeen times), and the model
/// learnt the spelling. A possessive ("near Marseille's ground") stays as the model had it.
fn places_where_things_happen(doc: &Document, labels: &mut [u8]) {
    let gazetteer = Gazetteer::builtin();
    let in_word = lower_hash("in");
    let possessives = [lower_hash("'s"), lower_hash("'")];
    for (index, sentence) in doc.sentences.iter().enumerate() {
        if doc.sentence_case[index] != PROSE {
            continue;
        }
        for (kind, s, e) in spans(&labels[sentence.clone()]) {
            let (s, e) = (sentence.start + s, sentence.start + e);
            if (kind != ORG && kind != PER) || s < sentence.start + 1 {
                continue;
            }
            let before = doc.lexemes[s - 1].lower;
            let says_where = locatives().contains(&before)
                || (before == in_word
                    && s >= sentence.start + 2
                    && where_words().contains(&doc.lexemes[s - 2].lower));
            let possessive = e < sentence.end && possessives.contains(&doc.lexemes[e].lower);
            let place = 1 << PLACE | 1 << COUNTRY;
            if says_where
                && !possessive
                && gazetteer.categories_of(doc.lexemes[s..e].iter().map(|l| l.lower)) & place != 0
            {
                labels[s] = begin(LOC);
                labels[s + 1..e].fill(inside(LOC));
            }
        }
    }
}

/// A one-word "person" that the lists know as a whole organisation (`Chelsea`) or other name
/// (`Christmas`), and not as a given name, is that instead.
fn known_names_are_not_people(doc: &Document, labels: &mut [u8]) {
    for sentence in &doc.sentences {
        for (kind, s, e) in spans(&labels[sentence.clone()]) {
            let at = sentence.start + s;
            if kind != PER || e - s != 1 || in_category(doc.gazetteer[at], FIRST_NAME) {
                continue;
            }
            if is_single(doc.gazetteer[at], ORGANISATION) {
                labels[at] = begin(ORG);
            } else if is_single(doc.gazetteer[at], MISC_NAME) {
                labels[at] = begin(MISC);
            }
        }
    }
}

/// Last words that make a name an institution, not a place (`Islamic Republic News Agency`).
/// (`Bank` is not one: `West Bank`.)
const INSTITUTION_WORDS: &[&str] = &[
    "agency",
    "ministry",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "corp",
    "corp.",
    "plc",
    "corporation",
    "company",
    "association",
    "commission",
    "committee",
];

hashed_words!(institution_words, INSTITUTION_WORDS);

/// A name of several words that the lists hold whole as an organisation or agency (`Time Warner`)
/// and as nothing else (unless read as a place), or a "place" ending in an institution word, is an organisation.
fn known_organisations(doc: &Document, labels: &mut [u8]) {
    let gazetteer = Gazetteer::builtin();
    let organisation = 1 << ORGANISATION | 1 << AGENCY;
    let other = 1 << COUNTRY | 1 << PLACE | 1 << DEMONYM | 1 << FIRST_NAME | 1 << MISC_NAME;
    for sentence in &doc.sentences {
        for (kind, s, e) in spans(&labels[sentence.clone()]) {
            let (s, e) = (sentence.start + s, sentence.start + e);
            if kind == ORG || e - s < 2 {
                continue;
            }
            let categories = gazetteer.categories_of(doc.lexemes[s..e].iter().map(|l| l.lower));
            // A listed name the model read as a place keeps it (`White House`, as CoNLL has it).
            let listed = kind != LOC && categories & organisation != 0 && categories & other == 0;
            let institution =
                kind == LOC && institution_words().contains(&doc.lexemes[e - 1].lower);
            if listed || institution {
                labels[s] = begin(ORG);
                labels[s + 1..e].fill(inside(ORG));
            }
        }
    }
}

/// Words a title of a work leaves in lowercase (`Call of Duty`, `Gone with the Wind`).
const TITLE_SMALL_WORDS: &[&str] = &[
    "of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "by", "with", "from",
];

hashed_words!(title_small_words, TITLE_SMALL_WORDS);

/// A title in quotes in prose (`"Call of Duty"`): two to six words, each capitalised but for
/// small words, that the model did not read as one name, is one work (misc), not "Duty" the person.
fn quoted_titles(doc: &Document, labels: &mut [u8]) {
    let quote = lower_hash("\"");
    for (s, sentence) in doc.sentences.iter().enumerate() {
        if doc.sentence_case[s] != PROSE {
            continue;
        }
        let mut i = sentence.start;
        while i < sentence.end {
            if doc.lexemes[i].lower != quote {
                i += 1;
                continue;
            }
            let close = (i + 1..sentence.end.min(i + 8)).find(|&j| doc.lexemes[j].lower == quote);
            let Some(close) = close else {
                i += 1;
                continue;
            };
            let inner = i + 1..close;
            let capitalised = |j: usize| doc.lexemes[j].has(INIT_CAP);
            // `"Dr Tedros"` in quotes is a person, not a work.
            let title_like = inner.len() >= 2
                && !honorifics().contains(&doc.lexemes[inner.start].lower)
                && capitalised(inner.start)
                && capitalised(close - 1)
                && inner
                    .clone()
                    .all(|j| capitalised(j) || title_small_words().contains(&doc.lexemes[j].lower));
            let one_name = spans(&labels[inner.clone()])
                == [(
                    type_of(labels[inner.start]).unwrap_or(usize::MAX),
                    0,
                    inner.len(),
                )];
            if title_like && !one_name {
                labels[inner.start] = begin(MISC);
                labels[inner.start + 1..close].fill(inside(MISC));
            }
            i = close + 1;
        }
    }
}

/// How many of `words` (a person's name as someone typed it) are titles before the name: "mr",
/// "president", "prime minister", the titles `names_without_titles` leaves out of a name, so a
/// search for "Mr Sunak" looks for the name the index holds. Royal titles stay, and so does the
/// last word.
pub fn leading_title_words(words: &[&str]) -> usize {
    let gazetteer = Gazetteer::builtin();
    let mut start = 0;
    'title: while start + 1 < words.len() {
        if royal_titles().contains(&lower_hash(words[start])) {
            break;
        }
        let longest = MAX_TITLE_WORDS.min(words.len() - 1 - start);
        for length in (1..=longest).rev() {
            let title = words[start..start + length].iter().map(|w| lower_hash(w));
            if gazetteer.categories_of(title) & (1 << TITLE) != 0 {
                start += length;
                continue 'title;
            }
        }
        break;
    }
    start
}

/// Longest title looked for in a typed name ("Deputy Prime Minister").
const MAX_TITLE_WORDS: usize = 3;

/// `Mr Blair` and `Mrs Smith` alike: the title stays outside the name (as CoNLL has it), and an
/// honorific makes the name after it a person's.
fn names_without_titles(doc: &Document, labels: &mut [u8]) {
    for sentence in &doc.sentences {
        for (kind, s, e) in spans(&labels[sentence.clone()]) {
            let (s, e) = (sentence.start + s, sentence.start + e);
            if kind != PER {
                continue;
            }
            let mut start = s;
            while start + 1 < e
                && in_category(doc.gazetteer[start], TITLE)
                && !royal_titles().contains(&doc.lexemes[start].lower)
            {
                labels[start] = OUTSIDE;
                start += 1;
            }
            labels[start] = begin(PER);
        }
        for i in sentence.start..sentence.end.saturating_sub(1) {
            let next = i + 1;
            if labels[i] != OUTSIDE
                || !doc.lexemes[i].has(INIT_CAP)
                || !honorifics().contains(&doc.lexemes[i].lower)
                || !doc.lexemes[next].has(INIT_CAP)
                || type_of(labels[next]) == Some(PER)
            {
                continue;
            }
            let mut end = next;
            if type_of(labels[next]).is_some() {
                end += 1;
                while end < sentence.end && !is_begin(labels[end]) && type_of(labels[end]).is_some()
                {
                    end += 1;
                }
            } else {
                while end < sentence.end
                    && end - next < HONORED_NAME_TOKENS
                    && labels[end] == OUTSIDE
                    && doc.lexemes[end].has(INIT_CAP)
                {
                    end += 1;
                }
            }
            labels[next] = begin(PER);
            labels[next + 1..end].fill(inside(PER));
        }
    }
}

/// `Iranian` (a nationality, tagged MISC) right before an organisation ending in a party word.
fn join_nationality_to_party(doc: &Document, labels: &mut [u8]) {
    for sentence in &doc.sentences {
        let found = spans(&labels[sentence.clone()]);
        for pair in found.windows(2) {
            let ((first, s1, e1), (second, s2, e2)) = (pair[0], pair[1]);
            let (s1, e2) = (sentence.start + s1, sentence.start + e2);
            let joined = first == MISC
                && second == ORG
                && e1 == s2
                && e1 - (s1 - sentence.start) == 1
                && is_single(doc.gazetteer[s1], DEMONYM)
                && party_words().contains(&doc.lexemes[e2 - 1].lower);
            if joined {
                labels[s1] = begin(ORG);
                labels[s1 + 1..e2].fill(inside(ORG));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::EntityError;
    use crate::entities::tables::Tables;

    #[test]
    fn a_surname_alone_is_the_person_however_long_the_full_name() -> Result<(), EntityError> {
        let tokens = [
            "Maria", "Anna", "Sofia", "Luisa", "Carla", "Rosa", "Bianchi", "spoke", ".", "Bianchi",
            "left", ".",
        ];
        let tables = Tables::builtin()?;
        let doc = Document::new(&tokens, vec![0..9, 9..12], Gazetteer::builtin(), tables);
        let mut labels = vec![OUTSIDE; tokens.len()];
        labels[0] = begin(PER);
        labels[1..7].fill(inside(PER));
        labels[9] = begin(ORG);
        surnames_of_people(&doc, &mut labels);
        assert_eq!(type_of(labels[9]), Some(PER));
        Ok(())
    }

    /// The labels the rules leave on one sentence of `tokens`, given an organisation at `org`.
    fn after_rule(
        rule: fn(&Document, &mut [u8]),
        tokens: &[&str],
        org: std::ops::Range<usize>,
    ) -> Result<Vec<Option<usize>>, EntityError> {
        let whole = std::iter::once(0..tokens.len()).collect();
        let doc = Document::new(tokens, whole, Gazetteer::builtin(), Tables::builtin()?);
        let mut labels = vec![OUTSIDE; tokens.len()];
        labels[org.start] = begin(ORG);
        labels[org.start + 1..org.end].fill(inside(ORG));
        rule(&doc, &mut labels);
        assert!(
            (0..labels.len()).all(|i| is_begin(labels[i])
                || type_of(labels[i]).is_none()
                || (i > 0 && type_of(labels[i]) == type_of(labels[i - 1]))),
            "{labels:?}"
        );
        Ok(labels.iter().map(|&l| type_of(l)).collect())
    }

    #[test]
    fn a_listed_place_after_a_word_that_says_where_is_a_place() -> Result<(), EntityError> {
        let rule = places_where_things_happen;
        let near = ["Fires", "burned", "near", "Marseille", "overnight", "."];
        assert_eq!(after_rule(rule, &near, 3..4)?[3], Some(LOC));
        let lives = ["She", "lives", "in", "Marseille", "now", "."];
        assert_eq!(after_rule(rule, &lives, 3..4)?[3], Some(LOC));
        // The club: a stake in it, its ground, or the name alone.
        let stake = ["They", "bought", "a", "stake", "in", "Marseille", "."];
        assert_eq!(after_rule(rule, &stake, 5..6)?[5], Some(ORG));
        let ground = ["Fans", "waited", "near", "Marseille", "'s", "ground", "."];
        assert_eq!(after_rule(rule, &ground, 3..4)?[3], Some(ORG));
        let alone = ["Marseille", "won", "again", "."];
        assert_eq!(after_rule(rule, &alone, 0..1)?[0], Some(ORG));
        // Not a listed place.
        let firm = ["Jobs", "went", "near", "Lufthansa", "offices", "."];
        assert_eq!(after_rule(rule, &firm, 3..4)?[3], Some(ORG));
        Ok(())
    }

    #[test]
    fn an_institution_keeps_the_head_before_of() -> Result<(), EntityError> {
        let rule = institution_of_a_name;
        let port = [
            "Port",
            "of",
            "Rotterdam",
            "Authority",
            "staff",
            "met",
            "him",
            ".",
        ];
        let labels = after_rule(rule, &port, 2..4)?;
        assert_eq!(labels[..4], [Some(ORG); 4]);
        assert_eq!(labels[4], None);
        // Not every word before "of": news of a company is not its name.
        let news = ["News", "of", "Nvidia", "'s", "results", "spread", "."];
        assert_eq!(after_rule(rule, &news, 2..3)?[..3], [None, None, Some(ORG)]);
        Ok(())
    }

    #[test]
    fn typed_titles_before_a_name_are_counted() {
        assert_eq!(leading_title_words(&["mr", "sunak"]), 1);
        assert_eq!(
            leading_title_words(&["deputy", "prime", "minister", "ada", "lee"]),
            3
        );
        assert_eq!(leading_title_words(&["dr", "tedros"]), 1);
        // The last word is the name, whatever it is; royal titles belong to the name.
        assert_eq!(leading_title_words(&["president"]), 0);
        assert_eq!(leading_title_words(&["king", "hussein"]), 0);
        assert_eq!(leading_title_words(&["sheikh", "abdullah"]), 1);
        assert_eq!(leading_title_words(&["sir", "keir", "starmer"]), 1);
        assert_eq!(leading_title_words(&["tony", "blair"]), 0);
        assert_eq!(leading_title_words(&[]), 0);
    }
}
