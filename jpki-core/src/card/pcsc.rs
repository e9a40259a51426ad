//! PC/SC transport for card readers (feature `pcsc`).
//!
//! Built on the `pcsc` crate: pcsc-lite (`pcscd`) on Linux and macOS, WinSCard on
//! Windows. [`PcscTransport`] carries APDUs to one card; [`list_readers`] shows
//! what is attached.
//!
//! # Finding the card
//!
//! [`PcscTransport::connect`] with a reader name picks that reader (an exact name,
//! or a unique part of one). Without a name it tries every reader in the order
//! PC/SC lists them and keeps the first whose card answers `9000` to SELECT of the
//! JPKI application (`00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01`). Cards are
//! recognised by that answer, never by their ATR: My Number cards exist with more
//! than one ATR, and phones or other tokens carry the JPKI application too.
//! Readers that were only probed are left as they were (`SCARD_LEAVE_CARD`).
//!
//! # Sharing
//!
//! Connections are shared (`SCARD_SHARE_SHARED`, T=0 or T=1), so other
//! applications can use the same card. [`Transport::exclusive`] wraps one
//! operation's whole exchange in a PC/SC transaction, so no other application
//! interleaves commands (and changes the selected file) in the middle of it;
//! [`JpkiCard`](super::JpkiCard) runs every operation that way.
//!
//! The `pcsc` crate offers the transaction only as a scoped guard borrowing the
//! card (`Card::transaction` → `Transaction<'_>`, ended on drop), and this crate
//! has no `unsafe` to call `SCardBeginTransaction`/`SCardEndTransaction` apart.
//! So [`PcscTransport`] overrides [`Transport::exclusive`] with that guard, and
//! its [`Transport::begin`] and [`Transport::end`] are the default no-ops: a host
//! driving a [`CardSession`](super::CardSession) over a `PcscTransport` by hand
//! runs its loop inside [`Transport::exclusive`] to get the transaction.
//!
//! When another application resets the card, the next command fails with
//! [`TransportErrorKind::CardReset`]: the card forgot what was selected and
//! verified, and the caller must start over. The transport reconnects (without
//! resetting again) so that the following command works.
//!
//! Dropping a [`PcscTransport`] disconnects with `SCARD_RESET_CARD`: a verified PIN
//! does not outlive the connection that presented it.
//!
//! # Errors
//!
//! Every PC/SC failure becomes [`Error::Transport`] with a [`TransportErrorKind`]:
//!
//! | PC/SC | kind |
//! |---|---|
//! | `SCARD_W_REMOVED_CARD` | [`CardRemoved`](TransportErrorKind::CardRemoved) |
//! | `SCARD_W_RESET_CARD` | [`CardReset`](TransportErrorKind::CardReset) |
//! | `SCARD_E_NO_SMARTCARD` | [`NoCard`](TransportErrorKind::NoCard) |
//! | `SCARD_E_READER_UNAVAILABLE`, `SCARD_E_UNKNOWN_READER` | [`ReaderUnavailable`](TransportErrorKind::ReaderUnavailable) |
//! | `SCARD_E_NO_READERS_AVAILABLE` | [`NoReader`](TransportErrorKind::NoReader) |
//! | `SCARD_E_NO_SERVICE`, `SCARD_E_SERVICE_STOPPED` | [`ServiceUnavailable`](TransportErrorKind::ServiceUnavailable) |
//! | `SCARD_E_SHARING_VIOLATION` | [`Busy`](TransportErrorKind::Busy) |
//! | `SCARD_E_TIMEOUT` | [`Timeout`](TransportErrorKind::Timeout) |
//! | anything else | [`Other`](TransportErrorKind::Other) |

use core::cell::Cell;
use core::fmt;
use std::ffi::{CStr, CString};
use std::time::Duration;

use pcsc::{Card, Context, Disposition, Protocols, ReaderState, Scope, ShareMode, State};

use super::{JPKI_AID, Transport, TransportError, TransportErrorKind};
use crate::error::Error;

/// SELECT of the JPKI application by AID (`00 A4 04 0C 0A <AID>`, no Le).
fn select_jpki() -> Vec<u8> {
    let mut apdu = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
    apdu.extend_from_slice(&JPKI_AID);
    apdu
}

/// Room for any answer, extended length included, so a long answer is never
/// lost after the card executed the command.
const RECEIVE_BUFFER: usize = pcsc::MAX_BUFFER_SIZE_EXTENDED;

/// One reader, as [`list_readers`] saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReaderInfo {
    /// The reader's PC/SC name (e.g. `SONY FeliCa RC-S300/P [RC-S300/P] 00 00`).
    pub name: String,
    /// Whether a card is in (or on) the reader.
    pub card_present: bool,
    /// The card's ATR, when a card is present and PC/SC reported one.
    pub atr: Option<Vec<u8>>,
}

/// Lists the readers PC/SC knows and whether each holds a card.
///
/// Asks PC/SC for each reader's state (`SCardGetStatusChange` with a zero timeout
/// and "unaware" states, which answers at once without touching any card). No
/// reader at all gives an empty list; a stopped `pcscd` gives
/// [`TransportErrorKind::ServiceUnavailable`].
pub fn list_readers() -> Result<Vec<ReaderInfo>, Error> {
    let context = establish()?;
    let names = reader_names(&context)?;
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let mut states: Vec<ReaderState> = names
        .iter()
        .map(|name| ReaderState::new(name.clone(), State::UNAWARE))
        .collect();
    context
        .get_status_change(Duration::ZERO, &mut states)
        .map_err(|e| failed(e, "reading reader states"))?;
    Ok(states
        .iter()
        .map(|state| {
            let event = state.event_state();
            let card_present = event.contains(State::PRESENT);
            let atr = state.atr();
            ReaderInfo {
                name: state.name().to_string_lossy().into_owned(),
                card_present,
                atr: (card_present && !atr.is_empty()).then(|| atr.to_vec()),
            }
        })
        .collect())
}

/// A card behind a PC/SC reader.
pub struct PcscTransport {
    card: Card,
    reader: String,
    atr: Vec<u8>,
}

impl fmt::Debug for PcscTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PcscTransport")
            .field("reader", &self.reader)
            .field("atr", &hex(&self.atr))
            .finish_non_exhaustive()
    }
}

impl PcscTransport {
    /// Connects to a card (shared mode, T=0 or T=1).
    ///
    /// * `Some(name)`: the reader called exactly `name`, else the only reader whose
    ///   name contains `name` (several → [`TransportErrorKind::Other`] naming them,
    ///   none → [`TransportErrorKind::ReaderUnavailable`]). The card is not probed.
    /// * `None`: the first reader whose card answers `9000` to SELECT of the JPKI
    ///   application. None does → [`TransportErrorKind::NoReader`] (or
    ///   [`TransportErrorKind::Busy`] when a reader was held exclusively by another
    ///   application). The JPKI application is then selected on the card.
    pub fn connect(reader: Option<&str>) -> Result<Self, Error> {
        let context = establish()?;
        let names = reader_names(&context)?;
        match reader {
            Some(wanted) => {
                let name = choose_reader(&names, wanted)?;
                Self::open(&context, name)
            }
            None => Self::detect(&context, &names),
        }
    }

    /// The name of the reader holding the card.
    pub fn reader_name(&self) -> &str {
        &self.reader
    }

    /// The card's ATR as read when connecting.
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    fn open(context: &Context, name: &CStr) -> Result<Self, Error> {
        let card = context
            .connect(name, ShareMode::Shared, Protocols::ANY)
            .map_err(|e| failed(e, &format!("connecting to {}", lossy(name))))?;
        let atr = card
            .status2_owned()
            .map(|status| status.atr().to_vec())
            .map_err(|e| failed(e, "reading the card status"))?;
        Ok(Self {
            card,
            reader: lossy(name),
            atr,
        })
    }

    fn detect(context: &Context, names: &[CString]) -> Result<Self, Error> {
        if names.is_empty() {
            return Err(Error::Transport(TransportError::new(
                TransportErrorKind::NoReader,
                "no card reader is attached",
            )));
        }
        let mut busy = Vec::new();
        for name in names {
            let transport = match Self::open(context, name) {
                Ok(transport) => transport,
                Err(Error::Transport(e)) if e.kind == TransportErrorKind::Busy => {
                    busy.push(lossy(name));
                    continue;
                }
                Err(e) => {
                    log::debug!("pcsc: skipping reader {}: {e}", lossy(name));
                    continue;
                }
            };
            match transmit_on(&transport.card, &select_jpki()) {
                Ok(answer) if answer.ends_with(&[0x90, 0x00]) => {
                    log::debug!("pcsc: JPKI card in {}", transport.reader);
                    return Ok(transport);
                }
                Ok(answer) => {
                    log::debug!(
                        "pcsc: no JPKI application in {} (SW {})",
                        transport.reader,
                        hex(answer.get(answer.len().saturating_sub(2)..).unwrap_or(&[]))
                    );
                }
                Err(e) => log::debug!("pcsc: skipping reader {}: {e}", transport.reader),
            }
            transport.release();
        }
        let readers = names
            .iter()
            .map(|n| lossy(n))
            .collect::<Vec<_>>()
            .join(", ");
        Err(Error::Transport(if busy.is_empty() {
            TransportError::new(
                TransportErrorKind::NoReader,
                format!("no reader holds a card with the JPKI application (readers: {readers})"),
            )
        } else {
            TransportError::new(
                TransportErrorKind::Busy,
                format!(
                    "no JPKI card found; another application holds {} exclusively",
                    busy.join(", ")
                ),
            )
        }))
    }

    /// Disconnects leaving the card as it is (for cards that were only probed).
    fn release(self) {
        if let Err((_card, e)) = self.card.disconnect(Disposition::LeaveCard) {
            // The returned card is dropped, which disconnects once more.
            log::debug!("pcsc: disconnecting from {}: {e}", self.reader);
        }
    }

    /// After another application reset the card, the handle keeps failing until
    /// it reconnects; do so without a second reset.
    fn recover(&mut self, error: &TransportError) {
        if error.kind != TransportErrorKind::CardReset {
            return;
        }
        let reconnected =
            self.card
                .reconnect(ShareMode::Shared, Protocols::ANY, Disposition::LeaveCard);
        if let Err(e) = reconnected {
            log::debug!("pcsc: reconnecting to {}: {e}", self.reader);
        }
    }
}

impl Transport for PcscTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let result = transmit_on(&self.card, command);
        if let Err(e) = &result {
            self.recover(e);
        }
        result
    }

    /// Runs `body` inside a PC/SC transaction (`SCardBeginTransaction` …
    /// `SCardEndTransaction(SCARD_LEAVE_CARD)`). An error of `body` wins over an
    /// error ending the transaction.
    fn exclusive(
        &mut self,
        body: &mut dyn FnMut(&mut dyn Transport) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let reset = Cell::new(false);
        let outcome = match self.card.transaction() {
            Err(e) => Err(failed(e, "beginning a transaction")),
            Ok(transaction) => {
                let mut inner = InTransaction {
                    card: &transaction,
                    reset: &reset,
                };
                let result = body(&mut inner);
                let ended = transaction
                    .end(Disposition::LeaveCard)
                    .map_err(|(_, e)| failed(e, "ending a transaction"));
                result.and(ended)
            }
        };
        if let Err(Error::Transport(e)) = &outcome {
            reset.set(reset.get() || e.kind == TransportErrorKind::CardReset);
        }
        if reset.get() {
            self.recover(&TransportError::new(TransportErrorKind::CardReset, ""));
        }
        outcome
    }
}

/// The transport handed to the body of [`PcscTransport::exclusive`]: transmits
/// within the open transaction.
struct InTransaction<'a> {
    card: &'a Card,
    reset: &'a Cell<bool>,
}

impl Transport for InTransaction<'_> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let result = transmit_on(self.card, command);
        if let Err(e) = &result
            && e.kind == TransportErrorKind::CardReset
        {
            self.reset.set(true);
        }
        result
    }
}

fn transmit_on(card: &Card, command: &[u8]) -> Result<Vec<u8>, TransportError> {
    let mut buffer = vec![0; RECEIVE_BUFFER];
    let answer = card
        .transmit(command, &mut buffer)
        .map_err(|e| transport_error(e, "transmitting an APDU"))?;
    if answer.len() < 2 {
        return Err(TransportError::new(
            TransportErrorKind::Other,
            format!(
                "the card answered {} bytes, without a status word",
                answer.len()
            ),
        ));
    }
    Ok(answer.to_vec())
}

fn establish() -> Result<Context, Error> {
    Context::establish(Scope::User).map_err(|e| failed(e, "connecting to the PC/SC service"))
}

/// The readers' names; none is an empty list, not an error.
fn reader_names(context: &Context) -> Result<Vec<CString>, Error> {
    match context.list_readers_owned() {
        Ok(names) => Ok(names),
        Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
        Err(e) => Err(failed(e, "listing readers")),
    }
}

/// The reader named exactly `wanted`, else the only one whose name contains it.
fn choose_reader<'a>(names: &'a [CString], wanted: &str) -> Result<&'a CStr, Error> {
    if let Some(exact) = names.iter().find(|n| n.to_bytes() == wanted.as_bytes()) {
        return Ok(exact);
    }
    let matching: Vec<&CString> = names
        .iter()
        .filter(|n| n.to_string_lossy().contains(wanted))
        .collect();
    match matching.as_slice() {
        [only] => Ok(only),
        [] => {
            let readers = names.iter().map(|n| lossy(n)).collect::<Vec<_>>();
            Err(Error::Transport(TransportError::new(
                TransportErrorKind::ReaderUnavailable,
                if readers.is_empty() {
                    format!("no reader matches {wanted:?}: no reader is attached")
                } else {
                    format!(
                        "no reader matches {wanted:?} (readers: {})",
                        readers.join(", ")
                    )
                },
            )))
        }
        several => Err(Error::Transport(TransportError::new(
            TransportErrorKind::Other,
            format!(
                "{wanted:?} matches several readers: {}",
                several
                    .iter()
                    .map(|n| lossy(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ))),
    }
}

/// The [`TransportErrorKind`] of a PC/SC error.
fn kind_of(error: pcsc::Error) -> TransportErrorKind {
    match error {
        pcsc::Error::RemovedCard => TransportErrorKind::CardRemoved,
        pcsc::Error::ResetCard => TransportErrorKind::CardReset,
        pcsc::Error::NoSmartcard => TransportErrorKind::NoCard,
        pcsc::Error::ReaderUnavailable | pcsc::Error::UnknownReader => {
            TransportErrorKind::ReaderUnavailable
        }
        pcsc::Error::NoReadersAvailable => TransportErrorKind::NoReader,
        pcsc::Error::NoService | pcsc::Error::ServiceStopped => {
            TransportErrorKind::ServiceUnavailable
        }
        pcsc::Error::SharingViolation => TransportErrorKind::Busy,
        pcsc::Error::Timeout => TransportErrorKind::Timeout,
        _ => TransportErrorKind::Other,
    }
}

/// A PC/SC error as a [`TransportError`]: the kind, and what was being done.
fn transport_error(error: pcsc::Error, doing: &str) -> TransportError {
    let mut message = format!("PC/SC: {doing}: {error}");
    if matches!(error, pcsc::Error::NoService | pcsc::Error::ServiceStopped) {
        message.push_str(" (is pcscd running?)");
    }
    TransportError::new(kind_of(error), message)
}

/// A PC/SC error as [`Error::Transport`].
fn failed(error: pcsc::Error, doing: &str) -> Error {
    Error::Transport(transport_error(error, doing))
}

fn lossy(name: &CStr) -> String {
    name.to_string_lossy().into_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_kinds() {
        use TransportErrorKind as K;
        let cases = [
            (pcsc::Error::RemovedCard, K::CardRemoved),
            (pcsc::Error::ResetCard, K::CardReset),
            (pcsc::Error::NoSmartcard, K::NoCard),
            (pcsc::Error::ReaderUnavailable, K::ReaderUnavailable),
            (pcsc::Error::UnknownReader, K::ReaderUnavailable),
            (pcsc::Error::NoReadersAvailable, K::NoReader),
            (pcsc::Error::NoService, K::ServiceUnavailable),
            (pcsc::Error::ServiceStopped, K::ServiceUnavailable),
            (pcsc::Error::SharingViolation, K::Busy),
            (pcsc::Error::Timeout, K::Timeout),
            (pcsc::Error::UnpoweredCard, K::Other),
            (pcsc::Error::CommError, K::Other),
            (pcsc::Error::InsufficientBuffer, K::Other),
            (pcsc::Error::UnknownError, K::Other),
        ];
        for (error, kind) in cases {
            assert_eq!(kind_of(error), kind, "{error:?}");
            let mapped = transport_error(error, "testing");
            assert_eq!(mapped.kind, kind);
            assert!(mapped.message.contains("testing"), "{}", mapped.message);
        }
        assert!(
            transport_error(pcsc::Error::NoService, "x")
                .message
                .contains("pcscd")
        );
    }

    #[test]
    fn select_apdu_names_the_jpki_aid() {
        assert_eq!(
            select_jpki(),
            [
                0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00,
                0x01
            ]
        );
    }

    fn names(list: &[&str]) -> Vec<CString> {
        list.iter().filter_map(|n| CString::new(*n).ok()).collect()
    }

    #[test]
    fn reader_choice() {
        let readers = names(&[
            "Virtual PCD 00 00",
            "Virtual PCD 00 01",
            "SONY FeliCa RC-S300/P 01 00",
        ]);
        let pick = |wanted| choose_reader(&readers, wanted).map(lossy);
        assert_eq!(
            pick("Virtual PCD 00 01").ok().as_deref(),
            Some("Virtual PCD 00 01")
        );
        assert_eq!(
            pick("FeliCa").ok().as_deref(),
            Some("SONY FeliCa RC-S300/P 01 00")
        );
        match pick("Virtual") {
            Err(Error::Transport(e)) => {
                assert_eq!(e.kind, TransportErrorKind::Other);
                assert!(e.message.contains("several"), "{}", e.message);
            }
            other => panic!("ambiguous name accepted: {other:?}"),
        }
        match pick("ACR122") {
            Err(Error::Transport(e)) => assert_eq!(e.kind, TransportErrorKind::ReaderUnavailable),
            other => panic!("unknown reader accepted: {other:?}"),
        }
        match choose_reader(&[], "x") {
            Err(Error::Transport(e)) => assert_eq!(e.kind, TransportErrorKind::ReaderUnavailable),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn exact_name_wins_over_substring() {
        let readers = names(&["Reader 0", "Reader 00"]);
        let chosen = choose_reader(&readers, "Reader 0").map(lossy);
        assert_eq!(chosen.ok().as_deref(), Some("Reader 0"));
    }
}
