//! CoNLL files: one token a line (token first, tag last), blank lines between sentences, `-DOCSTART-`
//! lines between documents. Read at run time only; their text never goes into the repository.

use std::ops::Range;

use super::labels::to_bio;

/// A parsed CoNLL text, borrowing its lines.
#[derive(Debug, Default)]
pub struct Conll<'a> {
    pub lines: Vec<&'a str>,
    /// Documents, each a list of sentences, each a range of line numbers (0-based, non-blank lines).
    pub documents: Vec<Vec<Range<usize>>>,
}

/// One document's tokens, sentence bounds over them, and gold BIO labels.
#[derive(Debug, Default, Clone)]
pub struct GoldDocument<'a> {
    pub tokens: Vec<&'a str>,
    pub sentences: Vec<Range<usize>>,
    pub labels: Vec<u8>,
}

/// A CoNLL tag: `O`, or a position letter, `-` and an entity type such as `PER` or `MISC`.
fn is_tag(column: &str) -> bool {
    if column == "O" {
        return true;
    }
    match column.split_once('-') {
        Some((position, kind)) => {
            matches!(position, "B" | "I" | "E" | "S" | "L" | "U")
                && !kind.is_empty()
                && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

pub fn is_docstart(line: &str) -> bool {
    line.split_whitespace().next() == Some("-DOCSTART-")
}

impl<'a> Conll<'a> {
    pub fn parse(text: &'a str) -> Conll<'a> {
        let lines: Vec<&str> = text.lines().collect();
        let mut documents = Vec::new();
        let mut document: Vec<Range<usize>> = Vec::new();
        let mut start: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            let blank = line.trim().is_empty();
            let docstart = is_docstart(line);
            if blank || docstart {
                if let Some(s) = start.take() {
                    document.push(s..i);
                }
                if docstart && !document.is_empty() {
                    documents.push(std::mem::take(&mut document));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            document.push(s..lines.len());
        }
        if !document.is_empty() {
            documents.push(document);
        }
        Conll { lines, documents }
    }

    /// The first line (0-based) of a sentence that does not end in a tag (`O`, or `B-`, `I-`,
    /// `E-`, `S-` and a type), or has no column besides the token: the text is not tagged CoNLL.
    pub fn first_untagged_line(&self) -> Option<(usize, &'a str)> {
        self.documents
            .iter()
            .flatten()
            .flat_map(|sentence| sentence.clone())
            .find(|&line| {
                let mut columns = self.lines[line].split_whitespace();
                columns.next();
                !columns.next_back().is_some_and(is_tag)
            })
            .map(|line| (line, self.lines[line]))
    }

    /// The first column of a line: the token.
    pub fn token(&self, line: usize) -> &'a str {
        self.lines[line].split_whitespace().next().unwrap_or("")
    }

    /// The last column of a line: the gold tag (when the file has more than one column).
    pub fn tag(&self, line: usize) -> &'a str {
        let mut columns = self.lines[line].split_whitespace();
        let first = columns.next();
        columns.last().or(first.map(|_| "O")).unwrap_or("O")
    }

    /// One document's tokens, and each sentence's range over them: what the recogniser tags.
    pub fn document_tokens(&self, sentences: &[Range<usize>]) -> (Vec<&'a str>, Vec<Range<usize>>) {
        let mut tokens = Vec::new();
        let mut bounds = Vec::with_capacity(sentences.len());
        for range in sentences {
            let start = tokens.len();
            tokens.extend(range.clone().map(|line| self.token(line)));
            bounds.push(start..tokens.len());
        }
        (tokens, bounds)
    }

    /// Every document with tokens and gold labels (IOB1 or BIO tags read as BIO).
    pub fn gold_documents(&self) -> Vec<GoldDocument<'a>> {
        self.documents
            .iter()
            .map(|sentences| {
                let mut doc = GoldDocument::default();
                for range in sentences {
                    let start = doc.tokens.len();
                    let tags: Vec<&str> = range.clone().map(|l| self.tag(l)).collect();
                    doc.tokens.extend(range.clone().map(|l| self.token(l)));
                    doc.labels.extend(to_bio(&tags));
                    doc.sentences.push(start..doc.tokens.len());
                }
                doc
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_sentences() {
        use crate::entities::labels::{begin, inside};
        let text = "-DOCSTART- -X- O O\n\nA x y I-PER\nB x y I-PER\n\nC x y O\n-DOCSTART- -X- O O\n\nD x y B-LOC\n";
        let conll = Conll::parse(text);
        assert_eq!(conll.documents, vec![vec![2..4, 5..6], vec![8..9]]);
        let docs = conll.gold_documents();
        assert_eq!(docs[0].tokens, vec!["A", "B", "C"]);
        assert_eq!(docs[0].labels, vec![begin(0), inside(0), 0]);
        assert_eq!(docs[0].sentences, vec![0..2, 2..3]);
        assert_eq!(docs[1].labels, vec![begin(2)]);
        assert_eq!(conll.first_untagged_line(), None);
    }

    #[test]
    fn a_text_that_is_not_tagged_is_found_out() {
        let prose = Conll::parse("The minister said on Tuesday\nthat the port would open.\n");
        assert_eq!(
            prose.first_untagged_line(),
            Some((0, "The minister said on Tuesday"))
        );
        let one_column = Conll::parse("Oslo B-LOC\nport\n");
        assert_eq!(one_column.first_untagged_line(), Some((1, "port")));
    }
}
