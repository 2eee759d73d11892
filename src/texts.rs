//! Texts stored once and named by number: the cells many findings share (brands, sites,
//! sellers, sweeps), held once by the outputs that keep many findings in memory (the
//! report, the takedown batches, the seller dossiers).

use std::collections::HashMap;

/// Each distinct text once; [`Texts::id`] names it by a number, [`Texts::get`] gives it
/// back.
#[derive(Debug, Default)]
pub(crate) struct Texts {
    ids: HashMap<Box<str>, u32>,
    all: Vec<Box<str>>,
}

impl Texts {
    /// The number of `text`, given it the first time it is seen.
    pub fn id(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.ids.get(text) {
            return i;
        }
        let i = self.all.len() as u32;
        self.all.push(text.into());
        self.ids.insert(text.into(), i);
        i
    }

    /// The text of number `i` (empty for a number never given).
    pub fn get(&self, i: u32) -> &str {
        self.all.get(i as usize).map_or("", |t| t)
    }

    /// How many distinct texts are held.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// The texts of `ids`, in that order, `; `-joined.
    pub fn join(&self, ids: &[u32]) -> String {
        ids.iter()
            .map(|&i| self.get(i))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The texts of `ids`, sorted.
    pub fn sorted(&self, ids: &std::collections::HashSet<u32>) -> Vec<String> {
        let mut v: Vec<String> = ids.iter().map(|&i| self.get(i).to_string()).collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_held_once_and_named_by_one_number() {
        let mut t = Texts::default();
        let (a, b) = (t.id("Nike"), t.id("Gucci"));
        assert_eq!(t.id("Nike"), a);
        assert_eq!(t.len(), 2);
        assert_eq!((t.get(a), t.get(b), t.get(9)), ("Nike", "Gucci", ""));
        assert_eq!(t.join(&[b, a]), "Gucci; Nike");
        assert_eq!(t.sorted(&[b, a].into_iter().collect()), ["Gucci", "Nike"]);
    }
}
