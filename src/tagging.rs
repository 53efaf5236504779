//! Running the entity recogniser over articles on every core: drafts before they are stored, and
//! stored articles from before tagging existed (`dateline reindex`).

use crate::article::ArticleDraft;
use crate::entities::{EntityError, Recognizer};
use crate::parallel;
use crate::store::{Store, StoreError, Tagged, Untagged};

/// Stored articles tagged per transaction when catching up.
const UNTAGGED_BATCH: usize = 1_000;

/// Fills `entities` of every draft whose `wanted` flag is set, on every core.
pub fn tag_drafts(recognizer: &Recognizer, drafts: &mut [ArticleDraft], wanted: &[bool]) {
    let mut work: Vec<(&mut ArticleDraft, bool)> =
        drafts.iter_mut().zip(wanted.iter().copied()).collect();
    parallel::map(&mut work, |(draft, wanted)| {
        if *wanted {
            tag_draft(recognizer, draft);
        }
    });
}

/// Fills `entities` of every draft on this thread, for callers that already keep every core
/// busy with threads of their own (a refresh's fetching threads).
pub fn tag_drafts_here(recognizer: &Recognizer, drafts: &mut [ArticleDraft]) {
    for draft in drafts {
        tag_draft(recognizer, draft);
    }
}

fn tag_draft(recognizer: &Recognizer, draft: &mut ArticleDraft) {
    let published = draft.published.map(|p| p.date_naive());
    draft.entities =
        Some(recognizer.article_entities(&draft.title, &draft.standfirst, &draft.body, published));
}

/// Tags every stored article that has no entities yet; returns how many.
pub fn tag_untagged(
    store: &mut Store,
    recognizer: &Recognizer,
    on_batch: &mut dyn FnMut(usize),
) -> Result<usize, StoreError> {
    let mut done = 0;
    loop {
        let mut batch: Vec<Untagged> = store.untagged(UNTAGGED_BATCH)?;
        if batch.is_empty() {
            return Ok(done);
        }
        let tagged: Vec<Tagged> = parallel::map(&mut batch, |article| {
            let published = Some(article.published.date_naive());
            let mut found = recognizer.article_entities(
                &article.title,
                &article.standfirst,
                &article.body,
                published,
            );
            if let Some(full) = &article.full_body {
                found.extend(recognizer.full_text_entities(full, published));
            }
            Tagged {
                id: article.id,
                entities: found,
                full_text: article.full_body.take(),
            }
        });
        store.set_entities(&tagged)?;
        done += tagged.len();
        on_batch(done);
    }
}

/// The recogniser shipped in the binary, or why it cannot be used.
pub fn recognizer() -> Result<&'static Recognizer, EntityError> {
    Recognizer::builtin()
}
