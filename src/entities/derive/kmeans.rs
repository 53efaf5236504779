//! Spherical k-means: unit vectors grouped by cosine similarity, seeded and single-threaded, so
//! the same input gives the same classes on every machine.

use crate::entities::hash::SplitMix;

/// Dot product in eight lanes, which the compiler turns into SIMD (a plain sum would stay serial).
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (chunks_a, chunks_b) = (a.chunks_exact(8), b.chunks_exact(8));
    let (rest_a, rest_b) = (chunks_a.remainder(), chunks_b.remainder());
    for (x, y) in chunks_a.zip(chunks_b) {
        for lane in 0..8 {
            lanes[lane] += x[lane] * y[lane];
        }
    }
    let tail: f32 = rest_a.iter().zip(rest_b).map(|(x, y)| x * y).sum();
    lanes.iter().sum::<f32>() + tail
}

/// Scales each `dim`-long row of `data` to unit length (rows of zeros stay zero).
pub fn normalise(data: &mut [f32], dim: usize) {
    for row in data.chunks_exact_mut(dim) {
        let norm = dot(row, row).sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|x| *x /= norm);
        }
    }
}

/// Groups the unit rows of `points` (`dim` wide, each weighted by `weights`) into `k` classes;
/// returns the centroids (unit rows) and each point's class.
pub fn kmeans(
    points: &[f32],
    weights: &[f32],
    dim: usize,
    k: usize,
    iterations: usize,
    seed: u64,
) -> (Vec<f32>, Vec<u32>) {
    let n = points.len() / dim;
    let k = k.min(n).max(1);
    let mut rng = SplitMix(seed);
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut centroids: Vec<f32> = order[..k]
        .iter()
        .flat_map(|&p| points[p * dim..(p + 1) * dim].iter().copied())
        .collect();
    let mut assignment = vec![0u32; n];
    for _ in 0..iterations {
        assign(points, &centroids, dim, &mut assignment);
        let mut sums = vec![0f32; k * dim];
        let mut mass = vec![0f32; k];
        for (p, &class) in assignment.iter().enumerate() {
            let class = class as usize;
            mass[class] += weights[p];
            let sum = &mut sums[class * dim..(class + 1) * dim];
            for (s, &x) in sum.iter_mut().zip(&points[p * dim..(p + 1) * dim]) {
                *s += weights[p] * x;
            }
        }
        for class in 0..k {
            if mass[class] == 0.0 {
                // An empty class takes a point at random, so k classes stay k.
                let p = (rng.next_u64() % n as u64) as usize;
                sums[class * dim..(class + 1) * dim]
                    .copy_from_slice(&points[p * dim..(p + 1) * dim]);
            }
        }
        normalise(&mut sums, dim);
        centroids = sums;
    }
    assign(points, &centroids, dim, &mut assignment);
    (centroids, assignment)
}

/// Each point's nearest centroid (largest dot product; the lowest class on a tie).
fn assign(points: &[f32], centroids: &[f32], dim: usize, out: &mut [u32]) {
    for (p, class) in out.iter_mut().enumerate() {
        let point = &points[p * dim..(p + 1) * dim];
        let mut best = (f32::NEG_INFINITY, 0u32);
        for (c, centroid) in centroids.chunks_exact(dim).enumerate() {
            let score = dot(point, centroid);
            if score > best.0 {
                best = (score, c as u32);
            }
        }
        *class = best.1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_clear_groups_the_same_way_each_time() {
        // Two bundles of directions around the x and y axes.
        let mut points = Vec::new();
        for i in 0..20 {
            let wobble = i as f32 * 0.01;
            if i % 2 == 0 {
                points.extend([1.0, wobble, 0.0]);
            } else {
                points.extend([wobble, 1.0, 0.0]);
            }
        }
        normalise(&mut points, 3);
        let weights = vec![1.0; 20];
        let (_, first) = kmeans(&points, &weights, 3, 2, 5, 9);
        let (_, again) = kmeans(&points, &weights, 3, 2, 5, 9);
        assert_eq!(first, again);
        for i in 0..20 {
            assert_eq!(first[i] == first[0], i % 2 == 0, "point {i}");
        }
    }

    #[test]
    fn dot_matches_a_plain_sum() {
        let a: Vec<f32> = (0..19).map(|x| x as f32).collect();
        let plain: f32 = a.iter().map(|x| x * x).sum();
        assert!((dot(&a, &a) - plain).abs() < 1e-3);
    }
}
