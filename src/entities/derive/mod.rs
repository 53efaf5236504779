//! `dateline entities derive`: compact tables made from third-party resources that stay outside the
//! repository (word vectors, Brown clusters and word frequencies, GeoNames), written for
//! `include_bytes!` (see `tables`). Seeded and single-threaded: the same resources give the same bytes.

mod geonames;
mod kmeans;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::EntityError;
use super::hash::hash_bytes;
use super::tables::{
    MAGIC, PHRASE_RECORD, VERSION, WORD_RECORD, WORD_SEED, WordInfo, checksum, write_table,
};

/// Settings of one derivation.
#[derive(Debug, Clone)]
pub struct DeriveOptions {
    /// The most frequent words kept (by the frequency table).
    pub words: usize,
    /// k-means classes, finest first (the finest must fit in `u16`, the others in `u8`).
    pub classes: [usize; 3],
    pub iterations: usize,
    pub seed: u64,
}

impl Default for DeriveOptions {
    fn default() -> Self {
        DeriveOptions {
            words: 300_000,
            classes: [1000, 200, 50],
            iterations: 12,
            seed: 1,
        }
    }
}

const DIM: usize = 300;

fn failed(what: &str, path: &Path, reason: impl std::fmt::Display) -> EntityError {
    EntityError::Training(format!("{what} {}: {reason}", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>, EntityError> {
    std::fs::read(path).map_err(|e| failed("reading", path, e))
}

/// A gzipped JSON object of word to number.
fn read_gz_map(path: &Path) -> Result<HashMap<String, f64>, EntityError> {
    let bytes = read(path)?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .read_to_string(&mut text)
        .map_err(|e| failed("unpacking", path, e))?;
    serde_json::from_str(&text).map_err(|e| failed("parsing", path, e))
}

/// Builds the tables from `resources` (laid out as `../shared/data/ner/resources`); returns the
/// file's bytes. `progress` gets one line per step.
pub fn derive(
    resources: &Path,
    options: &DeriveOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<u8>, EntityError> {
    let probs = read_gz_map(&resources.join("brown/en_lexeme_prob.json.gz"))?;
    let clusters = read_gz_map(&resources.join("brown/en_lexeme_cluster.json.gz"))?;
    progress(&format!(
        "{} word frequencies, {} Brown clusters",
        probs.len(),
        clusters.len()
    ));
    let mut vocabulary: Vec<(&str, f64)> = probs.iter().map(|(w, &p)| (w.as_str(), p)).collect();
    vocabulary.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    vocabulary.truncate(options.words);

    let rows = read_rows(&resources.join("vectors/words.tsv"))?;
    let vectors_path = resources.join("vectors/vectors.f32");
    let raw = read(&vectors_path)?;
    if raw.len() % (4 * DIM) != 0 {
        return Err(failed("reading", &vectors_path, "not rows of 300 floats"));
    }
    let mut vectors: Vec<f32> = raw
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    kmeans::normalise(&mut vectors, DIM);
    let row_of = |word: &str| {
        rows.get(word)
            .or_else(|| rows.get(&word.to_lowercase()))
            .copied()
    };

    // The rows the vocabulary uses, weighted by how many of its words use them.
    let mut used: Vec<u32> = vocabulary.iter().filter_map(|(w, _)| row_of(w)).collect();
    used.sort_unstable();
    used.dedup();
    let mut counts: HashMap<u32, f32> = HashMap::new();
    for (w, _) in &vocabulary {
        if let Some(row) = row_of(w) {
            *counts.entry(row).or_default() += 1.0;
        }
    }
    let weights: Vec<f32> = used
        .iter()
        .map(|r| counts.get(r).copied().unwrap_or(1.0))
        .collect();
    let points: Vec<f32> = used
        .iter()
        .flat_map(|&r| {
            vectors[r as usize * DIM..(r as usize + 1) * DIM]
                .iter()
                .copied()
        })
        .collect();
    progress(&format!(
        "{} words kept, {} vector rows among them",
        vocabulary.len(),
        used.len()
    ));

    // Finest classes from the rows; coarser ones from the finer centroids, so classes nest.
    let [fine_k, mid_k, coarse_k] = options.classes;
    let (fine_centroids, fine) = kmeans::kmeans(
        &points,
        &weights,
        DIM,
        fine_k,
        options.iterations,
        options.seed,
    );
    progress(&format!("k-means: {fine_k} classes"));
    let fine_mass = class_mass(&fine, &weights, fine_k);
    let (mid_centroids, mid_of_fine) = kmeans::kmeans(
        &fine_centroids,
        &fine_mass,
        DIM,
        mid_k,
        options.iterations * 2,
        options.seed + 1,
    );
    let mid_mass = class_mass(&mid_of_fine, &fine_mass, mid_k);
    let (_, coarse_of_mid) = kmeans::kmeans(
        &mid_centroids,
        &mid_mass,
        DIM,
        coarse_k,
        options.iterations * 2,
        options.seed + 2,
    );
    progress(&format!("k-means: {mid_k} and {coarse_k} classes"));
    let class_of_row: HashMap<u32, u32> = used.iter().copied().zip(fine).collect();

    let mut words: Vec<(u64, Vec<u8>)> = Vec::with_capacity(vocabulary.len());
    for &(word, prob) in &vocabulary {
        let fine = row_of(word).and_then(|r| class_of_row.get(&r).copied());
        let mid = fine.map(|f| mid_of_fine[f as usize]);
        let coarse = mid.map(|m| coarse_of_mid[m as usize]);
        let lower = word.to_lowercase();
        let lower_prob = probs.get(&lower).copied();
        let info = WordInfo {
            brown: clusters.get(word).map_or(0, |&c| c as u32),
            row: row_of(word).map_or(0, |r| (r + 1).min(u32::from(u16::MAX)) as u16),
            fine: fine.map_or(0, |f| f as u16 + 1),
            mid: mid.map_or(0, |m| m as u8 + 1),
            coarse: coarse.map_or(0, |c| c as u8 + 1),
            lower_band: lower_prob.map_or(0, |p| (p + 21.0).clamp(1.0, 20.0) as u8),
            case_band: match lower_prob {
                Some(lower) => ((prob - lower).round() + 10.0).clamp(1.0, 20.0) as u8,
                None => 21,
            },
        };
        words.push((
            hash_bytes(WORD_SEED, word.as_bytes()),
            info.to_bytes().to_vec(),
        ));
    }
    let mut phrases = geonames::phrases(&resources.join("geonames"), progress)?;

    let mut body = Vec::new();
    for (items, record) in [(&mut words, WORD_RECORD), (&mut phrases, PHRASE_RECORD)] {
        // Same order, same probe chains, same bytes.
        items.sort();
        items.dedup_by(|a, b| a.0 == b.0);
        let bits = (items.len() as f64 / 0.6).log2().ceil().max(4.0) as u32;
        write_table(bits, record, items, &mut body);
    }
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&checksum(&body).to_le_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// `word<TAB>row` lines.
fn read_rows(path: &Path) -> Result<HashMap<String, u32>, EntityError> {
    let bytes = read(path)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut rows = HashMap::new();
    for line in text.lines() {
        if let Some((word, row)) = line.rsplit_once('\t')
            && let Ok(row) = row.trim().parse::<u32>()
        {
            rows.insert(word.to_string(), row);
        }
    }
    Ok(rows)
}

/// Total weight of each class.
fn class_mass(classes: &[u32], weights: &[f32], k: usize) -> Vec<f32> {
    let mut mass = vec![0f32; k];
    for (&class, &weight) in classes.iter().zip(weights) {
        mass[class as usize] += weight;
    }
    mass
}
