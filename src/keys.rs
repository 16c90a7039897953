//! Interning of the distinct values a file names (users, courses, roles, methods, groups, dates):
//! lines store small integer ids, and the distinct values are what PHP looks up in bulk.

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// Index of a value in a [`KeySet`].
pub type KeyId = u32;

/// A value as the lookup table holds it: inline when short, as most identifiers are, so that a
/// lookup compares it without following a pointer (that cache miss dominated reading).
type Inline = SmallVec<[u8; 24]>;

/// The distinct values of one kind, in order of first appearance.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KeySet {
    ids: FxHashMap<Inline, KeyId>,
    values: Vec<Box<str>>,
}

impl KeySet {
    /// The id of `value`, adding it when new.
    pub fn intern(&mut self, value: &str) -> KeyId {
        if let Some(&id) = self.ids.get(value.as_bytes()) {
            return id;
        }
        let id = self.values.len() as KeyId;
        self.values.push(value.into());
        self.ids.insert(Inline::from_slice(value.as_bytes()), id);
        id
    }

    /// Interns every value of `other`, in its order; returns the ids they have here, indexed by
    /// their ids in `other`.
    pub fn intern_all(&mut self, other: &KeySet) -> Vec<KeyId> {
        other.values().map(|value| self.intern(value)).collect()
    }

    pub fn get(&self, value: &str) -> Option<KeyId> {
        self.ids.get(value.as_bytes()).copied()
    }

    pub fn value(&self, id: KeyId) -> &str {
        &self.values[id as usize]
    }

    pub fn values(&self) -> impl ExactSizeIterator<Item = &str> {
        self.values.iter().map(|v| &**v)
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
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
