//! How far the filters and the alerts have looked: each keeps the largest article id it has
//! seen, in the store, so whichever dateline process next finds the index in step (one that
//! was busy before, a screen open beside a cron refresh) takes up what arrived since, and no
//! article is filtered or announced twice.

use rusqlite::params;

use super::{Store, StoreError};
use crate::article::ArticleId;

/// What a claim is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    Filters,
    Alerts,
    Stories,
}

impl Claim {
    fn key(self) -> &'static str {
        match self {
            Claim::Filters => "filtered_id",
            Claim::Alerts => "alerted_id",
            Claim::Stories => "storied_id",
        }
    }
}

impl Store {
    /// The articles stored since the last claim of this kind, claimed now (one process gets
    /// them); empty when there are none.
    pub fn claim_new(&mut self, claim: Claim) -> Result<Vec<ArticleId>, StoreError> {
        let tx = self.write()?;
        let seen: i64 = tx.query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [claim.key()],
            |r| r.get(0),
        )?;
        let ids: Vec<ArticleId> = tx
            .prepare("SELECT id FROM articles WHERE id > ?1 ORDER BY id")?
            .query_map([seen], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if let Some(&last) = ids.last() {
            tx.execute(
                "UPDATE meta SET value = ?1 WHERE key = ?2",
                params![last, claim.key()],
            )?;
        }
        tx.commit()?;
        Ok(ids)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::article::ArticleDraft;

    #[test]
    fn each_new_article_is_claimed_once_for_each_kind() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let draft = |t: &str| ArticleDraft {
            title: t.into(),
            body: "x".into(),
            ..ArticleDraft::default()
        };
        let first = store
            .insert_batch(&[draft("a"), draft("b")], Utc::now())
            .unwrap();
        let ids: Vec<i64> = first.inserted.iter().map(|(_, id)| *id).collect();
        assert_eq!(store.claim_new(Claim::Filters).unwrap(), ids);
        assert!(store.claim_new(Claim::Filters).unwrap().is_empty());
        assert_eq!(store.claim_new(Claim::Alerts).unwrap(), ids);
        let later = store.insert_batch(&[draft("c")], Utc::now()).unwrap();
        assert_eq!(
            store.claim_new(Claim::Filters).unwrap(),
            [later.inserted[0].1]
        );
    }
}
