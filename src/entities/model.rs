//! The trained weights and their binary file: magic, version, fingerprints, then little-endian tables.
//!
//! Each stage is its label transitions (`i32`) and a weight table (see `weights`): hashed feature rows
//! of one `i16` score per label but `O`, only the non-zero rows stored, found through a bitmap. Loading is one pass.

use super::EntityError;
use super::viterbi::Transitions;
pub use super::weights::{Row, STORED_LABELS, WeightTable};

const MAGIC: &[u8; 8] = b"DLNERMOD";
/// 2: BILOU labels (sixteen scores a row).
const VERSION: u32 = 2;

/// One stage of the tagger: feature weights and label transitions.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub weights: WeightTable,
    pub transitions: Transitions,
}

/// The whole model: a first pass over local and document features, and a second pass that also
/// sees what the first pass predicted elsewhere in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The gazetteer lists and feature templates the weights were trained with.
    pub fingerprint: u64,
    pub first: Stage,
    /// Extra weights added to the first pass's scores for the second pass.
    pub second: Stage,
}

impl Model {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.fingerprint.to_le_bytes());
        for stage in [&self.first, &self.second] {
            write_transitions(&stage.transitions, &mut out);
            stage.weights.write(&mut out);
        }
        out
    }

    /// Parses a model file; `fingerprint` is what the running code's gazetteers and features hash to.
    pub fn from_bytes(bytes: &[u8], fingerprint: u64) -> Result<Model, EntityError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(EntityError::BadMagic);
        }
        let version = reader.u32()?;
        if version != VERSION {
            return Err(EntityError::Version(version));
        }
        let stored = reader.u64()?;
        if stored != fingerprint {
            return Err(EntityError::Mismatch);
        }
        let mut stage = || -> Result<Stage, EntityError> {
            // Forbidden BILOU moves are enforced whatever the file says.
            let transitions = read_transitions(&mut reader)?.constrained();
            let (weights, used) = WeightTable::read(&reader.bytes[reader.at..])?;
            reader.at += used;
            Ok(Stage {
                weights,
                transitions,
            })
        };
        let first = stage()?;
        let second = stage()?;
        if reader.at != bytes.len() {
            return Err(EntityError::Malformed("trailing bytes"));
        }
        Ok(Model {
            fingerprint,
            first,
            second,
        })
    }
}

fn write_transitions(transitions: &Transitions, out: &mut Vec<u8>) {
    for value in transitions
        .between
        .iter()
        .flatten()
        .chain(&transitions.start)
    {
        out.extend_from_slice(&value.to_le_bytes());
    }
}

fn read_transitions(reader: &mut Reader<'_>) -> Result<Transitions, EntityError> {
    let mut transitions = Transitions::default();
    for value in transitions.between.iter_mut().flatten() {
        *value = reader.i32()?;
    }
    for value in &mut transitions.start {
        *value = reader.i32()?;
    }
    Ok(transitions)
}

/// Reads little-endian values off a byte slice, failing cleanly at its end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], EntityError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or(EntityError::Malformed("file ends early"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], EntityError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, EntityError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn i32(&mut self) -> Result<i32, EntityError> {
        Ok(i32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, EntityError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        let mut rows = vec![[0i16; STORED_LABELS]; 1 << 4];
        rows[3][..8].copy_from_slice(&[1, -2, 3, -4, 5, -6, 7, -8]);
        rows[15][7] = i16::MAX;
        let mut transitions = Transitions::default();
        transitions.between[1][2] = 42;
        transitions.start[3] = -7;
        Model {
            fingerprint: 99,
            first: Stage {
                weights: WeightTable::new(4, &rows),
                transitions: transitions.constrained(),
            },
            second: Stage {
                weights: WeightTable::empty(),
                transitions: Transitions::default().constrained(),
            },
        }
    }

    #[test]
    fn round_trip() -> Result<(), EntityError> {
        let model = sample();
        let bytes = model.to_bytes();
        assert_eq!(Model::from_bytes(&bytes, 99)?, model);
        Ok(())
    }

    #[test]
    fn rejects_bad_files() {
        let bytes = sample().to_bytes();
        assert!(matches!(
            Model::from_bytes(b"nonsense", 99),
            Err(EntityError::BadMagic)
        ));
        assert!(matches!(
            Model::from_bytes(&bytes, 98),
            Err(EntityError::Mismatch)
        ));
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() - 1], 99),
            Err(EntityError::Malformed(_))
        ));
    }
}
