//! A page context's fingerprint: its values as they would be serialised for
//! Tera, but as tagged, length-prefixed bytes instead of JSON, hashed at the end
//! in one go (a streaming hash fed a few bytes at a time cost more than the
//! encoding). Two contexts that serialise differently make different bytes (the
//! encoding is prefix-free), without the cost of escaping strings and formatting
//! numbers that `serve` paid for every page of every rebuild. Written here
//! rather than taken from a binary serde format: bincode is unmaintained
//! (RUSTSEC-2025-0141) and postcard fails on a sequence of unknown length,
//! which would leave a fingerprint cut short; this encoding cannot fail.

use serde::ser::{self, Serialize};

/// Writes serialised values as bytes to be hashed.
pub struct Hashing<'h>(pub &'h mut Vec<u8>);

/// Never made: hashing cannot fail. Serde asks for an error type all the same.
#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("custom serialisation error")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Never {
        Never
    }
}

/// One byte before every value says what it is, so that no value's bytes can be
/// read as the start of another's.
#[repr(u8)]
enum Tag {
    Bool,
    Int,
    Uint,
    Float,
    Char,
    Str,
    Bytes,
    None,
    Some,
    Unit,
    Variant,
    Open,
    Close,
}

impl Hashing<'_> {
    fn tag(&mut self, tag: Tag) {
        self.0.push(tag as u8);
    }

    fn text(&mut self, tag: Tag, bytes: &[u8]) {
        self.tag(tag);
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
    }

    fn open(&mut self, name: &str) -> Result<&mut Self, Never> {
        self.text(Tag::Open, name.as_bytes());
        Ok(self)
    }
}

/// Narrower numbers are written as the widest of their kind.
macro_rules! widened {
    ($($method:ident($narrow:ty) => $wide:ident),*) => {$(
        fn $method(self, v: $narrow) -> Result<(), Never> {
            self.$wide(v.into())
        }
    )*};
}

impl<'a, 'h> ser::Serializer for &'a mut Hashing<'h> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.0.extend_from_slice(&[Tag::Bool as u8, v as u8]);
        Ok(())
    }
    widened!(
        serialize_i8(i8) => serialize_i64,
        serialize_i16(i16) => serialize_i64,
        serialize_i32(i32) => serialize_i64,
        serialize_u8(u8) => serialize_u64,
        serialize_u16(u16) => serialize_u64,
        serialize_u32(u32) => serialize_u64,
        serialize_f32(f32) => serialize_f64
    );
    fn serialize_i64(self, v: i64) -> Result<(), Never> {
        self.tag(Tag::Int);
        self.0.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Never> {
        self.tag(Tag::Uint);
        self.0.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.tag(Tag::Float);
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.tag(Tag::Char);
        self.0.extend_from_slice(&u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.text(Tag::Str, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.text(Tag::Bytes, v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.tag(Tag::None);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        self.tag(Tag::Some);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.tag(Tag::Unit);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Never> {
        self.text(Tag::Variant, v.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.text(Tag::Variant, variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.open("seq")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.open("seq")
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.open("seq")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.text(Tag::Variant, variant.as_bytes());
        self.open("seq")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.open("map")
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.open("map")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.text(Tag::Variant, variant.as_bytes());
        self.open("map")
    }
}

/// The end of a sequence or map: after its last element, so that `[[a], b]`
/// and `[[a, b]]` differ.
fn close(h: &mut Hashing<'_>) -> Result<(), Never> {
    h.tag(Tag::Close);
    Ok(())
}

macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Hashing<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                close(self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for &mut Hashing<'_> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Never> {
                self.text(Tag::Str, key.as_bytes());
                value.serialize(&mut **self)
            }
            fn skip_field(&mut self, _: &'static str) -> Result<(), Never> {
                Ok(())
            }
            fn end(self) -> Result<(), Never> {
                close(self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for &mut Hashing<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        close(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn hash<T: Serialize + ?Sized>(value: &T) -> u128 {
        let mut bytes = Vec::new();
        let _ = value.serialize(&mut Hashing(&mut bytes));
        xxhash_rust::xxh3::xxh3_128(&bytes)
    }

    #[test]
    fn values_that_serialise_differently_hash_differently() {
        // Nesting, where one string ends and the next begins, absence and
        // emptiness: each pair would be the same bytes without tags and lengths.
        assert_ne!(
            hash(&(vec![vec!["a"]], "b")),
            hash(&(vec![vec!["a", "b"]],))
        );
        assert_ne!(hash(&("ab", "c")), hash(&("a", "bc")));
        assert_ne!(hash(&None::<&str>), hash(&Some("")));
        assert_ne!(hash(&Vec::<u8>::new()), hash(&()));
        assert_ne!(hash(&1u32), hash(&1i32));
        let map = |k: &str, v: &str| BTreeMap::from([(k.to_owned(), v.to_owned())]);
        assert_ne!(hash(&map("a", "b")), hash(&map("b", "a")));
        assert_eq!(hash(&map("a", "b")), hash(&map("a", "b")));
    }
}
