//! `Token`: the caller's name for a registration, handed back in its events.

/// Associates an event with the registration that produced it.
///
/// `Token(usize::MAX)` is reserved for the reactor's own wake-up; registering with it
/// fails with [`std::io::ErrorKind::InvalidInput`].
///
/// ```
/// use runtime_reactor::Token;
///
/// let token = Token(7);
/// assert_eq!(usize::from(token), 7);
/// assert_eq!(Token::from(7), token);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Token(pub usize);

impl Token {
    /// The token the reactor keeps for itself.
    pub(crate) const WAKE: Token = Token(usize::MAX);
}

impl From<usize> for Token {
    fn from(val: usize) -> Token {
        Token(val)
    }
}

impl From<Token> for usize {
    fn from(val: Token) -> usize {
        val.0
    }
}
