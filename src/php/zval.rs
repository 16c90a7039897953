//! Reading PHP values where they are: arrays' slots and zvals' type bytes and longs. A snapshot
//! arrives as flat lists of millions of ints, and the API's iterator and type checks would do
//! several calls into the engine for each where the value itself is one load; so these read the
//! engine's structures directly. This is the extension's only `unsafe` code.

use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::types::{ZendHashTable, Zval};

/// The values of a PHP array in order, read from its storage. The API's iterator makes four
/// Zend calls per element, which would outweigh what is done with each of the snapshot's
/// millions of values.
pub(super) fn values(list: &ZendHashTable) -> Values<'_> {
    // Since PHP 8.2 (this module API) a packed array stores bare zvals, others store buckets.
    const PACKED_ZVALS_SINCE: u32 = 20220829;
    const HASH_FLAG_PACKED: u32 = 1 << 2;
    let used = list.nNumUsed as usize;
    if used == 0 {
        return Values::Packed([].iter());
    }
    // SAFETY: a zend_array holds `nNumUsed` slots at `arPacked` (packed) or `arData`, holes
    // being UNDEF zvals; the borrow of `list` keeps it alive and unchanged meanwhile.
    let is_packed = unsafe { list.u.flags } & HASH_FLAG_PACKED != 0
        && ext_php_rs::ffi::ZEND_MODULE_API_NO >= PACKED_ZVALS_SINCE;
    unsafe {
        if is_packed {
            Values::Packed(std::slice::from_raw_parts(list.__bindgen_anon_1.arPacked, used).iter())
        } else {
            Values::Buckets(std::slice::from_raw_parts(list.__bindgen_anon_1.arData, used).iter())
        }
    }
}

/// The slots of a PHP array, holes skipped. A plain iterator over its storage, so that going
/// through an array twice costs no copy.
#[derive(Clone)]
pub(super) enum Values<'a> {
    Packed(std::slice::Iter<'a, Zval>),
    Buckets(std::slice::Iter<'a, ext_php_rs::ffi::Bucket>),
}

impl<'a> Iterator for Values<'a> {
    type Item = &'a Zval;

    fn next(&mut self) -> Option<&'a Zval> {
        loop {
            let value = match self {
                Values::Packed(slots) => slots.next()?,
                Values::Buckets(buckets) => &buckets.next()?.val,
            };
            if zval_type(value) != ext_php_rs::ffi::IS_UNDEF as u8 {
                return Some(value);
            }
        }
    }
}

/// The type byte of a zval (`IS_LONG`, `IS_UNDEF`...), read in place: it is checked for every
/// value of every list, where the API's type check would be a call each.
pub(super) fn zval_type(value: &Zval) -> u8 {
    // SAFETY: every zval has its type byte set.
    unsafe { value.u1.v.type_ }
}

/// An int (or a numeric string, as Moodle's database layer returns them).
pub(super) fn int(value: &Zval) -> Option<i64> {
    if zval_type(value) == ext_php_rs::ffi::IS_LONG as u8 {
        // SAFETY: the type byte says the value union holds a long.
        Some(unsafe { value.value.lval })
    } else {
        // Only a string that is an integer, whole: "12abc" is not 12, "1.9e30" not a saturated
        // id, "abc" not 0.
        value.str().and_then(|s| s.parse().ok())
    }
}

/// Reads a PHP list of ints.
pub(super) fn ints(list: &ZendHashTable) -> PhpResult<Vec<i64>> {
    values(list)
        .map(|v| {
            int(v).ok_or_else(|| PhpException::from_message("expected a list of integers".into()))
        })
        .collect()
}

/// A flat PHP list of ints, which the snapshot goes through twice (counting each course's rows,
/// then placing them). Int zvals are read where they are; a list with other values (the numeric
/// strings Moodle's database returns) is converted once, not on every pass.
pub(super) enum IntList<'a> {
    InPlace(Values<'a>, usize),
    Converted(Vec<i64>),
}

impl<'a> IntList<'a> {
    pub(super) fn read(list: &'a ZendHashTable) -> PhpResult<Self> {
        let values = values(list);
        let is_long = |v: &Zval| zval_type(v) == ext_php_rs::ffi::IS_LONG as u8;
        if values.clone().all(is_long) {
            let count = values.clone().count();
            return Ok(IntList::InPlace(values, count));
        }
        Ok(IntList::Converted(ints(list)?))
    }

    /// The list as rows of `W`.
    pub(super) fn rows<const W: usize>(&self) -> PhpResult<Rows<'_, W>> {
        let (cells, count) = match self {
            IntList::InPlace(values, count) => (Cells::InPlace(values.clone()), *count),
            IntList::Converted(ints) => (Cells::Converted(ints.iter()), ints.len()),
        };
        if count % W != 0 {
            return Err(PhpException::from_message(format!(
                "expected rows of {W} integers"
            )));
        }
        Ok(Rows {
            cells,
            left: count / W,
        })
    }
}

/// The ints of an [`IntList`], in order.
#[derive(Clone)]
pub(super) enum Cells<'a> {
    InPlace(Values<'a>),
    Converted(std::slice::Iter<'a, i64>),
}

impl Iterator for Cells<'_> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        match self {
            // Every value was found to be an int.
            Cells::InPlace(values) => values.next().and_then(int),
            Cells::Converted(ints) => ints.next().copied(),
        }
    }
}

/// Rows of an [`IntList`].
#[derive(Clone)]
pub(super) struct Rows<'a, const W: usize> {
    cells: Cells<'a>,
    left: usize,
}

impl<const W: usize> Iterator for Rows<'_, W> {
    type Item = [i64; W];

    fn next(&mut self) -> Option<[i64; W]> {
        self.left = self.left.checked_sub(1)?;
        let mut row = [0; W];
        for cell in &mut row {
            *cell = self.cells.next().unwrap_or_default();
        }
        Some(row)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

pub(super) fn strings(list: &ZendHashTable) -> PhpResult<Vec<String>> {
    values(list)
        .map(|v| {
            v.coerce_to_string()
                .ok_or_else(|| PhpException::from_message("expected a list of strings".into()))
        })
        .collect()
}

pub(super) fn bools(list: &ZendHashTable) -> Vec<bool> {
    values(list).map(Zval::coerce_to_bool).collect()
}

/// Checks that parallel lists have the same length.
pub(super) fn same_length(lengths: &[usize]) -> PhpResult<usize> {
    let first = lengths.first().copied().unwrap_or(0);
    if lengths.iter().all(|&l| l == first) {
        Ok(first)
    } else {
        Err(PhpException::from_message(
            "the lists must have the same length".into(),
        ))
    }
}
