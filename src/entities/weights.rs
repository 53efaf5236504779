//! A hashed feature table stored sparsely: only rows with a non-zero weight are kept, packed in order,
//! and found through a bitmap with running popcounts (rank). The packed rows are a few megabytes, so
//! they stay in cache where a dense table of `2^bits` rows would not, and loading is one copy.
//!
//! Looking a feature up is memory-bound, so the layout is for cache lines: each 32 rows' presence
//! bits sit beside the count of rows before them (one load finds the packed row, not two), and each
//! row is aligned to 32 bytes so it never straddles two lines.

use super::EntityError;
use super::hash::bucket;
use super::labels::LABEL_COUNT;
use super::viterbi::Scores;

/// Scores for the labels other than `O` (fixed at 0: only differences between labels matter).
pub type Row = [i16; STORED_LABELS];
pub const STORED_LABELS: usize = LABEL_COUNT - 1;

const ZERO_ROW: Row = [0; STORED_LABELS];

/// Rows covered by one entry of `WeightTable::blocks`.
const BLOCK: usize = 32;

/// A row on a 32-byte boundary: one cache line holds it whole.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(32))]
struct AlignedRow(Row);

#[derive(Debug, Clone, PartialEq)]
pub struct WeightTable {
    bits: u32,
    /// For each run of `BLOCK` rows: bit `i` (low half) set when its row `i` has a non-zero
    /// weight; the high half counts the present rows before the run.
    blocks: Vec<u64>,
    /// The present rows in order, then one zero row that every absent row reads.
    rows: Vec<AlignedRow>,
}

impl WeightTable {
    /// A table from all `2^bits` rows (`bits` at least 1).
    pub fn new(bits: u32, dense: &[Row]) -> WeightTable {
        debug_assert_eq!(dense.len(), 1 << bits);
        let mut present = vec![0u32; dense.len().div_ceil(BLOCK)];
        let mut rows = Vec::new();
        for (i, row) in dense.iter().enumerate() {
            if *row != ZERO_ROW {
                present[i / BLOCK] |= 1 << (i % BLOCK);
                rows.push(AlignedRow(*row));
            }
        }
        WeightTable::from_parts(bits, &present, rows)
    }

    fn from_parts(bits: u32, present: &[u32], mut rows: Vec<AlignedRow>) -> WeightTable {
        let mut blocks = Vec::with_capacity(present.len());
        let mut count = 0u64;
        for &word in present {
            blocks.push(count << 32 | u64::from(word));
            count += u64::from(word.count_ones());
        }
        rows.push(AlignedRow(ZERO_ROW));
        WeightTable { bits, blocks, rows }
    }

    /// A table with no weights, which a stage that is not used has.
    pub fn empty() -> WeightTable {
        WeightTable::new(1, &[ZERO_ROW; 2])
    }

    pub fn bits(&self) -> u32 {
        self.bits
    }

    pub fn is_empty(&self) -> bool {
        self.rows.len() == 1
    }

    /// Row `index` of the full table (zero when absent), without a branch to mispredict.
    #[inline]
    fn row(&self, index: usize) -> &Row {
        let block = self.blocks[index / BLOCK];
        let bit = 1u64 << (index % BLOCK);
        let before = (block >> 32) as usize + (block & (bit - 1)).count_ones() as usize;
        let zero = self.rows.len() - 1;
        &self.rows[if block & bit != 0 { before } else { zero }].0
    }

    /// Adds the row of each feature key to `scores` (whose `O` entry stays 0).
    #[inline]
    pub fn add_features(&self, keys: &[u64], scores: &mut Scores) {
        let mut sum = [0i32; STORED_LABELS];
        for &key in keys {
            let row = self.row(bucket(key, self.bits) as usize);
            for (total, &weight) in sum.iter_mut().zip(row) {
                *total += i32::from(weight);
            }
        }
        for (score, total) in scores[1..].iter_mut().zip(sum) {
            *score += total;
        }
    }

    /// `bits`, the count of present rows, the bitmap (bit `i` of byte `i / 8` for row `i`), then the
    /// present rows, all little-endian.
    pub fn write(&self, out: &mut Vec<u8>) {
        let stored = &self.rows[..self.rows.len() - 1];
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(stored.len() as u32).to_le_bytes());
        let bitmap_bytes = (1usize << self.bits).div_ceil(8);
        let bitmap = self
            .blocks
            .iter()
            .flat_map(|block| (*block as u32).to_le_bytes());
        out.extend(bitmap.take(bitmap_bytes));
        for weight in stored.iter().flat_map(|row| row.0) {
            out.extend_from_slice(&weight.to_le_bytes());
        }
    }

    /// Reads what `write` wrote from the front of `bytes`; returns the table and the bytes used.
    pub fn read(bytes: &[u8]) -> Result<(WeightTable, usize), EntityError> {
        let short = EntityError::Malformed("file ends inside a weight table");
        let header = bytes.get(..8).ok_or(short.clone())?;
        let bits = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
        let stored = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        if !(1..=26).contains(&bits) {
            return Err(EntityError::Malformed("weight table size out of range"));
        }
        let bitmap_bytes = (1usize << bits).div_ceil(8);
        let row_bytes = stored * STORED_LABELS * 2;
        let end = 8 + bitmap_bytes + row_bytes;
        let body = bytes.get(8..end).ok_or(short)?;
        let (bitmap, packed) = body.split_at(bitmap_bytes);
        let present: Vec<u32> = bitmap
            .chunks(4)
            .map(|chunk| {
                let mut word = [0u8; 4];
                word[..chunk.len()].copy_from_slice(chunk);
                u32::from_le_bytes(word)
            })
            .collect();
        let marked: usize = present.iter().map(|w| w.count_ones() as usize).sum();
        if marked != stored {
            return Err(EntityError::Malformed("bitmap and weight rows disagree"));
        }
        let rows = packed
            .chunks_exact(STORED_LABELS * 2)
            .map(|chunk| {
                let mut row = ZERO_ROW;
                for (weight, pair) in row.iter_mut().zip(chunk.chunks_exact(2)) {
                    *weight = i16::from_le_bytes([pair[0], pair[1]]);
                }
                AlignedRow(row)
            })
            .collect();
        Ok((WeightTable::from_parts(bits, &present, rows), end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_rows_read_like_dense_ones() {
        let mut dense = vec![ZERO_ROW; 1 << 8];
        dense[0] = [1; STORED_LABELS];
        dense[63] = [2; STORED_LABELS];
        dense[64] = [3; STORED_LABELS];
        dense[200] = [-4; STORED_LABELS];
        let table = WeightTable::new(8, &dense);
        for (i, row) in dense.iter().enumerate() {
            assert_eq!(table.row(i), row, "row {i}");
        }
        let mut bytes = Vec::new();
        table.write(&mut bytes);
        assert_eq!(bytes.len(), 8 + 32 + 4 * STORED_LABELS * 2);
        assert_eq!(
            WeightTable::read(&bytes).map(|(t, used)| (t == table, used)),
            Ok((true, bytes.len()))
        );
    }
}
