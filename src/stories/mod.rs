//! Stories: the reports of one event, found as each article arrives. Each article gets a small
//! signature (`signature.rs`): MinHash sketches of its words and of its runs of three words, and
//! the names it mentions. An article joins the story of an earlier one published within
//! `WINDOW` when their signatures say they are copies or rewrites of one report (many shared
//! runs of words) or two reports of one event (many shared names and some shared words); the
//! earlier ones are found through the index (`search/similar.rs`), never by comparing with every
//! stored article. Reports on the same subject at another time (the next match of the same
//! clubs, the next rate decision) fall outside the window; the same kind of event elsewhere (a
//! fire in another province the same day) shares too few names.

mod signature;

pub use signature::{Signature, search_words, sign, signature};

/// Reports of one event are at most this far apart (seconds).
pub const WINDOW: i64 = 2 * 24 * 3600;

/// How alike two articles are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Likeness {
    /// Estimated Jaccard similarity of their runs of three words: copies and rewrites.
    pub runs: f32,
    /// Estimated Jaccard similarity of their sets of words: the same subject.
    pub words: f32,
    /// Names both mention.
    pub shared_names: usize,
    /// Shared names over the names of the one with fewer.
    pub name_overlap: f32,
}

impl Likeness {
    /// The two are reports of one event.
    pub fn same_event(&self) -> bool {
        self.runs >= 0.3
            || (self.shared_names >= 4 && self.name_overlap >= 0.3 && self.words >= 0.08)
            || (self.shared_names >= 2 && self.name_overlap >= 0.25 && self.words >= 0.2)
    }

    /// A score to choose among several stories an article could join.
    pub fn score(&self) -> f32 {
        self.runs * 2.0 + self.words + self.name_overlap
    }
}

/// How alike `a` and `b` are.
pub fn likeness(a: &Signature, b: &Signature) -> Likeness {
    let shared_names = a
        .names
        .iter()
        .filter(|name| b.names.binary_search(name).is_ok())
        .count();
    let fewer = a.names.len().min(b.names.len());
    Likeness {
        runs: signature::agreement(&a.runs, &b.runs),
        words: signature::agreement(&a.words, &b.words),
        shared_names,
        name_overlap: if fewer == 0 {
            0.0
        } else {
            shared_names as f32 / fewer as f32
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "A magnitude 6.1 earthquake struck the mountain town of Sarnesk in northern \
        Valdoria early on Monday, killing at least 14 people and bringing down dozens of houses, \
        the Valdorian emergency ministry said.\n\nThe quake hit at 04:12 local time at a depth \
        of 10 kilometres, according to the Valdorian Seismic Institute. Rescue teams from the \
        regional capital Brenholm reached the town by mid-morning.";

    #[test]
    fn a_copy_under_another_headline_is_the_same_event_and_another_quake_is_not() {
        let wire = signature("Earthquake kills 14 in Sarnesk", "", WIRE, &[]);
        let copy = signature("Deadly quake flattens homes", "", WIRE, &[]);
        let alike = likeness(&wire, &copy);
        assert!(alike.runs > 0.9, "{alike:?}");
        assert!(alike.same_event());
        let other = signature(
            "Earthquake shakes coastal town of Orvane",
            "",
            "A magnitude 5.4 earthquake shook the fishing town of Orvane on Tessaly Bay on \
             Sunday, cracking walls and injuring three people, the regional governor said.",
            &[],
        );
        let apart = likeness(&wire, &other);
        assert!(!apart.same_event(), "{apart:?}");
        assert!(apart.runs < 0.2, "{apart:?}");
    }

    #[test]
    fn signatures_survive_the_store() {
        let wire = signature("Earthquake kills 14 in Sarnesk", "", WIRE, &[]);
        assert_eq!(Signature::from_bytes(&wire.to_bytes()), Some(wire));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }
}
