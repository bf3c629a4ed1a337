//! `Async::new` on a registration the user registered with their own `Poll`: an
//! `AlreadyExists` error that says the registration belongs to another `Poll` and
//! the fix (deregister it there), naming no internal call; after `deregister` the
//! same registration works in an `Async`.

use std::io::ErrorKind;

use runtime_executor::{Async, Ready, Registration};
use runtime_reactor::{Poll, PollOpt, Token};

#[test]
fn the_error_names_async_new_and_the_fix() {
    let rt = runtime_executor::Builder::new_current_thread()
        .build()
        .unwrap();
    let poll = Poll::new().unwrap();
    let (registration, set_readiness) = Registration::new2();
    poll.register(&registration, Token(0), Ready::readable(), PollOpt::edge())
        .unwrap();
    let err = rt
        .block_on(async { Async::new(&registration).map(drop) })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(
        err.to_string(),
        "this registration belongs to another Poll (an Async's, if an Async owns it); \
         deregister it there (or drop the Async) first"
    );
    // The failed call left everything as it was: the user's Poll still owns it.
    poll.reregister(&registration, Token(1), Ready::readable(), PollOpt::edge())
        .unwrap();
    poll.deregister(&registration).unwrap();
    let ready = rt.block_on(async {
        let source = Async::new(registration)?;
        set_readiness.set_readiness(Ready::readable())?;
        Ok::<_, std::io::Error>(source.readable().await?.ready())
    });
    assert_eq!(ready.unwrap(), Ready::readable());
}
