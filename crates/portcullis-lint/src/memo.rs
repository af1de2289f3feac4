//! Values computed on first use and kept with what they were computed from.

/// A value worked out from the rest of its owner (an instruction, a command) the first time it
/// is asked for. It is not part of the owner: memos are always equal, and a clone starts empty
/// (a cloned owner may then be changed).
#[derive(Debug)]
pub(crate) struct Memo<T>(std::cell::OnceCell<T>);

impl<T> Memo<T> {
    pub(crate) fn get_or_init(&self, f: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(f)
    }
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(std::cell::OnceCell::new())
    }
}

impl<T> Clone for Memo<T> {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl<T> PartialEq for Memo<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Memo<T> {}
