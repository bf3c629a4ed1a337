//! Loom models of the channel's protocols, driving the crate's own code (the queue
//! storage is the loom stand-in of `queue.rs`, with crossbeam's orderings).
//!
//! ```text
//! LOOM_MAX_PREEMPTIONS=3 RUSTFLAGS="--cfg loom" \
//!     cargo test -p runtime-channel --release --lib loom_
//! ```
//!
//! A lost wake-up shows as a deadlock, which loom reports; every assertion is
//! checked in every interleaving.
//!
//! | file       | protocol                                                     |
//! |------------|--------------------------------------------------------------|
//! | `wake.rs`  | the receiver's park against a sender's push (`chan.rs`)      |
//! | `close.rs` | the last sender's close, the receiver's drop against sends   |
//! | `room.rs`  | blocked senders against the receiver's pops (`waiters.rs`)   |
//! | `poll.rs`  | `Poll` mode: arming against a push leaves no value unsignalled |

mod close;
mod poll;
mod room;
mod wake;
