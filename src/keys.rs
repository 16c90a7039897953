//! Interning of the distinct values a file names (users, courses, roles, methods, groups, dates).
//!
//! A feed file names the same users and courses over and over, a line each time. Each value is
//! stored once in a [`KeySet`] and lines hold its [`KeyId`], a small integer: lines stay small
//! and free of strings, and the distinct values of a set are exactly what PHP looks up in bulk
//! (one query per chunk of keys, never one per line). Ids follow the order of first appearance,
//! so the same file always gives the same ids.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rustc_hash::FxBuildHasher;

/// Index of a value in a [`KeySet`]: 0 for the first value interned, then 1, 2… Meaningful only
/// with the set it came from (each kind of key has its own set).
pub type KeyId = u32;

/// The distinct values of one kind, in order of first appearance: value `id` is the one
/// [`KeySet::intern`] saw `id`-th.
///
/// Compact on purpose: every line of the file interns its user, and a large file names as many
/// users as a school has, so this lookup runs once a line against a set that can be large. Its
/// hash table holds only ids (4 bytes a slot, the values compared through them), and the
/// values' bytes lie one after the other in one string: the whole set stays small enough for
/// the processor's cache to keep, rather than costing a cache miss a line.
#[derive(Debug, Default, Clone)]
pub struct KeySet {
    ids: HashTable<KeyId>,
    /// The values, one after the other; value `id` ends at `ends[id]`.
    bytes: String,
    ends: Vec<usize>,
}

impl KeySet {
    /// The id of `value`, adding it when new.
    pub fn intern(&mut self, value: &str) -> KeyId {
        let KeySet { ids, bytes, ends } = self;
        let entry = ids.entry(
            hash(value),
            |&id| value_at(bytes, ends, id) == value,
            |&id| hash(value_at(bytes, ends, id)),
        );
        match entry {
            Entry::Occupied(found) => *found.get(),
            Entry::Vacant(slot) => {
                let id = ends.len() as KeyId;
                bytes.push_str(value);
                ends.push(bytes.len());
                slot.insert(id);
                id
            }
        }
    }

    /// Interns every value of `other`, in its order; returns the ids they have here, indexed by
    /// their ids in `other`.
    pub fn intern_all(&mut self, other: &KeySet) -> Vec<KeyId> {
        other.values().map(|value| self.intern(value)).collect()
    }

    /// The id of `value`, if the set holds it (compared byte for byte: no case folding).
    pub fn get(&self, value: &str) -> Option<KeyId> {
        self.ids
            .find(hash(value), |&id| self.value(id) == value)
            .copied()
    }

    /// The value of `id`. Panics when `id` is not one of this set's.
    pub fn value(&self, id: KeyId) -> &str {
        value_at(&self.bytes, &self.ends, id)
    }

    /// Every value, in id order (that of first appearance).
    pub fn values(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.ends.len()).map(|id| self.value(id as KeyId))
    }

    /// The number of distinct values (ids run from 0 to `len() - 1`).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the set holds no value.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Two sets are equal when they hold the same values in the same order (their tables follow).
impl PartialEq for KeySet {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes && self.ends == other.ends
    }
}

impl Eq for KeySet {}

fn hash(value: &str) -> u64 {
    FxBuildHasher.hash_one(value)
}

fn value_at<'a>(bytes: &'a str, ends: &[usize], id: KeyId) -> &'a str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] };
    &bytes[start..ends[id]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_in_first_appearance_order() {
        let mut set = KeySet::default();
        assert_eq!(set.intern("b"), 0);
        assert_eq!(set.intern("a"), 1);
        assert_eq!(set.intern("b"), 0);
        assert_eq!(set.values().collect::<Vec<_>>(), vec!["b", "a"]);
        assert_eq!(set.get("a"), Some(1));
        assert_eq!(set.value(1), "a");
    }
}
