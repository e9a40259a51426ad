//! `jpki sim card-serve`: a virtual card in a PC/SC reader, through vpcd.
//!
//! vpcd (package `vsmartcard-vpcd`) is a pcscd reader driver whose "card" is a
//! TCP client: it listens on 127.0.0.1:35963 for reader `Virtual PCD 00 00`. This
//! module is that client, answering for a [`VirtualCard`] loaded from a card file,
//! so any PC/SC application (this library's `PcscTransport`, OpenSC…) sees a
//! My Number card in the reader.
//!
//! # The vpcd protocol
//!
//! Every message, both ways, is a 2-byte big-endian length and that many bytes.
//! A 1-byte message from vpcd is a control: `00` power off, `01` power on, `02`
//! reset (no answer; each resets the card's volatile state), `04` get ATR (answer:
//! the ATR). Any longer message is a command APDU, answered with the response APDU.
//! Messages longer than [`MAX_MESSAGE`] bytes are a protocol error.
//!
//! # Persistence and logs
//!
//! The card file is opened with [`CardFile`], whose lock card-serve holds until it
//! exits: the card is in the reader, and `jpki card --sim` on the same file waits
//! until it is taken out (card-serve ends), as a physical card would have to be.
//! A session's selection and verified secrets live in card-serve's memory, so
//! taking the lock per exchange and reloading the file would mix another
//! process's changes (a new PIN, a reset counter) into a session that verified
//! against the old ones; holding it keeps the served card one card.
//!
//! The card file is saved after every APDU that may change what the card keeps
//! (anything but SELECT, READ BINARY, GET RESPONSE and COMPUTE DIGITAL SIGNATURE),
//! before the answer goes out: once a client sees `63C2`, the file says 2 tries,
//! even if the server is killed right after. No APDU reaches the card unless the
//! temporary file of the next save could be created, so an unwritable directory
//! ends the session before a try is counted in memory only.
//!
//! With `--verbose`, exchanges are printed on stderr: each command's header
//! (CLA INS P1 P2) and the lengths of its data and `Le`, never its data (secrets
//! are marked `[redacted]`, see [`jpki::apdu::carries_secret`]); only the length
//! of a message that is not a short APDU; and each answer's length and status
//! word, never the answer's data.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::thread::sleep;
use std::time::Duration;

use jpki::apdu::{Command, carries_secret};
use jpki::sim::{CardFile, VirtualCard};

use crate::{Failure, Outcome};

/// Where vpcd listens for the card of its first reader.
pub(crate) const DEFAULT_ADDR: &str = "127.0.0.1:35963";
/// Largest message accepted from vpcd (a short APDU is at most 261 bytes).
pub(crate) const MAX_MESSAGE: usize = 4096;
/// Connection attempts while pcscd (and vpcd with it) starts…
const CONNECT_ATTEMPTS: u32 = 100;
/// …and the pause between two of them: 10 s in all.
const CONNECT_PAUSE: Duration = Duration::from_millis(100);

const CTRL_POWER_OFF: u8 = 0x00;
const CTRL_POWER_ON: u8 = 0x01;
const CTRL_RESET: u8 = 0x02;
const CTRL_GET_ATR: u8 = 0x04;

/// What the protocol loop serves.
pub(crate) trait Icc {
    /// The answer to reset.
    fn atr(&self) -> Vec<u8>;
    /// Power off, power on or reset: forget the volatile state.
    fn reset(&mut self) -> Result<(), Failure>;
    /// The response APDU (data, SW1 SW2) to a command APDU.
    fn apdu(&mut self, command: &[u8]) -> Result<Vec<u8>, Failure>;
}

/// A card in memory only.
impl Icc for VirtualCard {
    fn atr(&self) -> Vec<u8> {
        VirtualCard::atr(self)
    }

    fn reset(&mut self) -> Result<(), Failure> {
        VirtualCard::reset(self);
        Ok(())
    }

    fn apdu(&mut self, command: &[u8]) -> Result<Vec<u8>, Failure> {
        Ok(self.process(command))
    }
}

/// A card saved back to its locked file after each APDU that may change it.
struct FileCard {
    file: CardFile,
}

/// Whether a command leaves the saved part of the card unchanged (selection and
/// pending responses are volatile and never saved).
fn keeps_saved_state(command: &[u8]) -> bool {
    matches!(command.get(1), Some(0xA4 | 0xB0 | 0xC0 | 0x2A))
}

impl Icc for FileCard {
    fn atr(&self) -> Vec<u8> {
        self.file.card().atr()
    }

    fn reset(&mut self) -> Result<(), Failure> {
        self.file.card_mut()?.reset();
        Ok(())
    }

    fn apdu(&mut self, command: &[u8]) -> Result<Vec<u8>, Failure> {
        // Only once the next save is prepared (CardFile::card_mut).
        let answer = self.file.card_mut()?.process(command);
        if !keeps_saved_state(command) {
            self.file.save()?;
        }
        Ok(answer)
    }
}

/// How a session ended without error.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Session {
    /// Command APDUs answered.
    pub(crate) apdus: usize,
}

/// `jpki sim card-serve`: loads the card, connects to vpcd and serves until vpcd
/// closes the connection (pcscd stopped), which ends with exit status 0.
pub(crate) fn serve(card_file: &Path, addr: &str, verbose: bool) -> Result<Outcome, Failure> {
    let addr = loopback_addr(addr)?;
    let file = match CardFile::try_open(card_file)? {
        Some(file) => file,
        None => {
            eprintln!(
                "jpki: {} is in use by another process; waiting for it",
                card_file.display()
            );
            CardFile::open(card_file)?
        }
    };
    let mut card = FileCard { file };
    let mut stream = connect(addr, CONNECT_ATTEMPTS, CONNECT_PAUSE)?;
    stream
        .set_nodelay(true)
        .map_err(|e| Failure(format!("vpcd at {addr}: {e}")))?;
    eprintln!("jpki: serving {} to vpcd at {addr}", card_file.display());
    let session = serve_stream(&mut stream, &mut card, verbose)?;
    eprintln!(
        "jpki: vpcd closed the connection after {} APDUs",
        session.apdus
    );
    Ok(Outcome::Ok)
}

/// The address for `--vpcd`: loopback only.
pub(crate) fn loopback_addr(text: &str) -> Result<SocketAddr, Failure> {
    crate::loopback_addr(
        "--vpcd",
        text,
        DEFAULT_ADDR,
        "the vpcd protocol has no authentication; the card is only served to this machine",
    )
}

/// Connects to vpcd, retrying while pcscd starts.
fn connect(addr: SocketAddr, attempts: u32, pause: Duration) -> Result<TcpStream, Failure> {
    let mut last = None;
    for attempt in 0..attempts {
        if attempt > 0 {
            sleep(pause);
        }
        match TcpStream::connect_timeout(&addr, Duration::from_secs(1)) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    let reason = last.map_or_else(|| "no attempt made".to_owned(), |e| e.to_string());
    Err(Failure(format!(
        "cannot connect to vpcd at {addr} ({reason}); is pcscd running with the \
         vsmartcard-vpcd driver? (scripts/pcscd.sh start)"
    )))
}

/// The protocol loop: answers vpcd until it closes the connection. A truncated
/// or oversized message, an I/O error or a failure to save the card is an error.
pub(crate) fn serve_stream<S: Read + Write, C: Icc>(
    stream: &mut S,
    card: &mut C,
    verbose: bool,
) -> Result<Session, Failure> {
    let mut session = Session { apdus: 0 };
    // vpcd polls the ATR to see whether the card is still there; log it once per
    // power event only.
    let mut atr_logged = false;
    while let Some(message) = read_message(stream)? {
        match message.as_slice() {
            [] => return Err(protocol("an empty message")),
            [control] => match *control {
                CTRL_POWER_OFF | CTRL_POWER_ON | CTRL_RESET => {
                    if verbose {
                        let what = match *control {
                            CTRL_POWER_OFF => "power off",
                            CTRL_POWER_ON => "power on",
                            _ => "reset",
                        };
                        eprintln!("vpcd: {what}");
                        atr_logged = false;
                    }
                    card.reset()?;
                }
                CTRL_GET_ATR => {
                    let atr = card.atr();
                    if verbose && !atr_logged {
                        eprintln!("vpcd: ATR {}", hex(&atr));
                        atr_logged = true;
                    }
                    write_message(stream, &atr)?;
                }
                other => {
                    // Not part of the protocol this side knows; vpcd expects no
                    // answer to controls other than get ATR.
                    eprintln!("vpcd: ignoring unknown control {other:02X}");
                }
            },
            command => {
                if verbose {
                    eprintln!("> {}", describe_command(command));
                }
                let answer = card.apdu(command)?;
                if verbose {
                    eprintln!("< {}", describe_answer(&answer));
                }
                write_message(stream, &answer)?;
                session.apdus = session.apdus.saturating_add(1);
            }
        }
    }
    Ok(session)
}

/// `3B E0 00 …`
fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn protocol(what: &str) -> Failure {
    Failure(format!("vpcd protocol error: {what}"))
}

fn io_failure(e: &io::Error) -> Failure {
    Failure(format!("vpcd connection: {e}"))
}

/// One message, or `None` when the peer closed the connection between messages.
fn read_message<S: Read>(stream: &mut S) -> Result<Option<Vec<u8>>, Failure> {
    let mut header = [0u8; 2];
    let mut got = 0;
    while let Some(rest) = header.get_mut(got..).filter(|rest| !rest.is_empty()) {
        match stream.read(rest) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(protocol("the connection closed inside a length")),
            Ok(n) => got = got.saturating_add(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_failure(&e)),
        }
    }
    let len = usize::from(u16::from_be_bytes(header));
    if len > MAX_MESSAGE {
        return Err(protocol(&format!(
            "a message of {len} bytes (at most {MAX_MESSAGE} accepted)"
        )));
    }
    let mut message = vec![0; len];
    stream.read_exact(&mut message).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            protocol(&format!(
                "the connection closed inside a {len}-byte message"
            ))
        } else {
            io_failure(&e)
        }
    })?;
    Ok(Some(message))
}

fn write_message<S: Write>(stream: &mut S, message: &[u8]) -> Result<(), Failure> {
    let len = u16::try_from(message.len())
        .map_err(|_| protocol(&format!("an answer of {} bytes", message.len())))?;
    let mut framed = Vec::with_capacity(message.len().saturating_add(2));
    framed.extend_from_slice(&len.to_be_bytes());
    framed.extend_from_slice(message);
    stream.write_all(&framed).map_err(|e| io_failure(&e))?;
    stream.flush().map_err(|e| io_failure(&e))
}

/// A command for the log: its header and lengths, never its data. Of a message
/// that is not a short APDU only the length: its bytes may be anything, a PIN
/// included, and which of them would be the header is unknown.
fn describe_command(command: &[u8]) -> String {
    match Command::parse(command) {
        Ok(parsed) => {
            let mut line = format!(
                "{:02X} {:02X} {:02X} {:02X}",
                parsed.cla, parsed.ins, parsed.p1, parsed.p2
            );
            if !parsed.data.is_empty() {
                line.push_str(&format!(" Lc={}", parsed.data.len()));
                if carries_secret(parsed.ins) {
                    line.push_str(" [redacted]");
                }
            }
            if let Some(le) = parsed.le {
                line.push_str(&format!(" Le={le}"));
            }
            line
        }
        Err(_) => format!(
            "a message of {} bytes that is not a short APDU (not shown)",
            command.len()
        ),
    }
}

/// An answer for the log: its length and status word, never its data (a
/// certificate is harmless, the text application's My Number is not).
fn describe_answer(answer: &[u8]) -> String {
    let sw = answer.get(answer.len().saturating_sub(2)..).unwrap_or(&[]);
    format!(
        "SW {} ({} data bytes)",
        hex(sw),
        answer.len().saturating_sub(2)
    )
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::path::PathBuf;

    use jpki::card::{CardKind, JPKI_AID, MY_NUMBER_CARD_ATR, PinKind, Secret};

    use super::*;

    /// vpcd's side of a connection: scripted input, recorded output.
    struct Pipe {
        input: Cursor<Vec<u8>>,
        output: Vec<u8>,
    }

    impl Pipe {
        fn new(messages: &[&[u8]]) -> Self {
            let mut input = Vec::new();
            for m in messages {
                let len = u16::try_from(m.len()).unwrap();
                input.extend_from_slice(&len.to_be_bytes());
                input.extend_from_slice(m);
            }
            Self::raw(input)
        }

        fn raw(input: Vec<u8>) -> Self {
            Self {
                input: Cursor::new(input),
                output: Vec::new(),
            }
        }

        /// The answers written, unframed.
        fn answers(&self) -> Vec<Vec<u8>> {
            let mut answers = Vec::new();
            let mut rest = self.output.as_slice();
            while let [hi, lo, tail @ ..] = rest {
                let len = usize::from(u16::from_be_bytes([*hi, *lo]));
                answers.push(tail[..len].to_vec());
                rest = &tail[len..];
            }
            answers
        }
    }

    impl Read for Pipe {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.input.read(buf)
        }
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.output.write(buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Counts power events and echoes commands.
    #[derive(Default)]
    struct Probe {
        resets: usize,
        commands: Vec<Vec<u8>>,
    }

    impl Icc for Probe {
        fn atr(&self) -> Vec<u8> {
            vec![0x3B, 0x00]
        }

        fn reset(&mut self) -> Result<(), Failure> {
            self.resets += 1;
            Ok(())
        }

        fn apdu(&mut self, command: &[u8]) -> Result<Vec<u8>, Failure> {
            self.commands.push(command.to_vec());
            Ok(vec![0x90, 0x00])
        }
    }

    fn select_jpki() -> Vec<u8> {
        let mut apdu = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
        apdu.extend_from_slice(&JPKI_AID);
        apdu
    }

    const SELECT_TOKEN_INFO: [u8; 7] = [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x06];
    const READ_LABEL: [u8; 5] = [0x00, 0xB0, 0x00, 0x00, 0x20];
    const SELECT_AUTH_PIN: [u8; 7] = [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18];
    const VERIFY_STATUS: [u8; 4] = [0x00, 0x20, 0x00, 0x80];
    const VERIFY_WRONG: [u8; 9] = [0x00, 0x20, 0x00, 0x80, 0x04, b'9', b'9', b'9', b'9'];

    fn personalized() -> VirtualCard {
        let mut card = VirtualCard::new(CardKind::MyNumberCard);
        card.set_secret(&Secret::new(PinKind::AuthenticationPin, "1234").unwrap());
        card
    }

    fn ok<T>(result: Result<T, Failure>) -> T {
        match result {
            Ok(value) => value,
            Err(Failure(message)) => panic!("{message}"),
        }
    }

    fn fail(result: Result<Session, Failure>) -> String {
        match result {
            Ok(session) => panic!("expected an error, got {session:?}"),
            Err(Failure(message)) => message,
        }
    }

    #[test]
    fn atr() {
        let mut pipe = Pipe::new(&[&[CTRL_POWER_ON], &[CTRL_GET_ATR]]);
        let mut card = personalized();
        let session = ok(serve_stream(&mut pipe, &mut card, false));
        assert_eq!(session, Session { apdus: 0 });
        assert_eq!(pipe.answers(), vec![MY_NUMBER_CARD_ATR.to_vec()]);
        assert_eq!(
            pipe.output,
            [&[0x00, 0x09][..], &MY_NUMBER_CARD_ATR[..]].concat()
        );
    }

    #[test]
    fn power_messages_reset_without_answer() {
        let mut pipe = Pipe::new(&[
            &[CTRL_POWER_OFF],
            &[CTRL_POWER_ON],
            &[CTRL_RESET],
            &[0x03], // unknown: ignored
        ]);
        let mut probe = Probe::default();
        ok(serve_stream(&mut pipe, &mut probe, true));
        assert_eq!(probe.resets, 3);
        assert!(probe.commands.is_empty());
        assert!(pipe.output.is_empty());
    }

    #[test]
    fn reset_forgets_the_selection() {
        let select = select_jpki();
        let mut pipe = Pipe::new(&[
            &select,
            &SELECT_TOKEN_INFO,
            &[CTRL_RESET],
            &READ_LABEL, // nothing selected any more
        ]);
        let mut card = personalized();
        ok(serve_stream(&mut pipe, &mut card, false));
        let answers = pipe.answers();
        assert_eq!(answers[..2], [vec![0x90, 0x00], vec![0x90, 0x00]]);
        assert_ne!(
            answers[2].get(answers[2].len() - 2..),
            Some(&[0x90, 0x00][..])
        );
    }

    #[test]
    fn apdu_round_trip() {
        let select = select_jpki();
        let mut pipe = Pipe::new(&[
            &[CTRL_POWER_ON],
            &[CTRL_GET_ATR],
            &select,
            &SELECT_TOKEN_INFO,
            &READ_LABEL,
            &SELECT_AUTH_PIN,
            &VERIFY_STATUS,
            &VERIFY_WRONG,
        ]);
        let mut card = personalized();
        let session = ok(serve_stream(&mut pipe, &mut card, true));
        assert_eq!(session, Session { apdus: 6 });
        let answers = pipe.answers();
        assert_eq!(answers.len(), 7);
        assert_eq!(answers[1], [0x90, 0x00]);
        assert_eq!(answers[2], [0x90, 0x00]);
        let (label, sw) = answers[3].split_at(32);
        assert_eq!(sw, [0x90, 0x00]);
        assert_eq!(String::from_utf8_lossy(label).trim_end(), "JPKIAPICCTOKEN2");
        assert_eq!(answers[4], [0x90, 0x00]);
        assert_eq!(answers[5], [0x63, 0xC3]);
        assert_eq!(answers[6], [0x63, 0xC2]);
    }

    #[test]
    fn framing_errors() {
        let mut probe = Probe::default();

        // Too long: refused before reading the body.
        let mut pipe = Pipe::raw(vec![0x10, 0x01]);
        let message = fail(serve_stream(&mut pipe, &mut probe, false));
        assert!(message.contains("4097"), "{message}");

        // Empty message.
        let mut pipe = Pipe::raw(vec![0x00, 0x00]);
        let message = fail(serve_stream(&mut pipe, &mut probe, false));
        assert!(message.contains("empty"), "{message}");

        // Closed inside the length, then inside a message.
        let mut pipe = Pipe::raw(vec![0x00]);
        fail(serve_stream(&mut pipe, &mut probe, false));
        let mut pipe = Pipe::raw(vec![0x00, 0x05, 0x00, 0xA4]);
        let message = fail(serve_stream(&mut pipe, &mut probe, false));
        assert!(message.contains("5-byte"), "{message}");
        assert!(probe.commands.is_empty());

        // The largest message is accepted; a clean close ends the session.
        let big = vec![0; MAX_MESSAGE];
        let mut pipe = Pipe::new(&[&big]);
        let session = ok(serve_stream(&mut pipe, &mut probe, false));
        assert_eq!(session, Session { apdus: 1 });
        let mut pipe = Pipe::raw(Vec::new());
        assert_eq!(
            ok(serve_stream(&mut pipe, &mut probe, false)),
            Session { apdus: 0 }
        );
    }

    fn temp_card_file(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jpki-vpcd-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("card.json")
    }

    #[test]
    fn counters_are_saved_before_answering() {
        let path = temp_card_file("counters");
        personalized().save(&path).unwrap();
        let mut card = FileCard {
            file: CardFile::open(&path).unwrap(),
        };
        let select = select_jpki();
        let mut pipe = Pipe::new(&[&select, &SELECT_AUTH_PIN, &VERIFY_WRONG]);
        ok(serve_stream(&mut pipe, &mut card, false));
        assert_eq!(pipe.answers()[2], [0x63, 0xC2]);
        let reloaded = VirtualCard::load(&path).unwrap();
        assert_eq!(reloaded.tries_left(PinKind::AuthenticationPin), 2);
        // The card stays locked while served.
        assert!(CardFile::try_open(&path).unwrap().is_none());
        drop(card);
        assert!(CardFile::try_open(&path).unwrap().is_some());
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_card_that_cannot_be_saved_is_not_answered() {
        let path = temp_card_file("unsaved");
        let dir = path.parent().unwrap().to_path_buf();
        personalized().save(&path).unwrap();
        let mut card = FileCard {
            file: CardFile::open(&path).unwrap(),
        };
        let select = select_jpki();
        let mut pipe = Pipe::new(&[&select, &SELECT_AUTH_PIN, &VERIFY_WRONG]);
        ok(serve_stream(&mut pipe, &mut card, false));
        assert_eq!(pipe.answers()[2], [0x63, 0xC2]);

        // The card's directory goes away: no temporary file can be made for the
        // next save, so the next command is refused before the card sees it.
        let moved = dir.with_extension("moved");
        let _ = std::fs::remove_dir_all(&moved);
        std::fs::rename(&dir, &moved).unwrap();
        let mut pipe = Pipe::new(&[&VERIFY_WRONG]);
        let message = fail(serve_stream(&mut pipe, &mut card, false));
        assert!(
            message.contains("cannot create the temporary file"),
            "{message}"
        );
        assert!(
            pipe.output.is_empty(),
            "answered although the card could not be saved"
        );
        assert_eq!(card.file.card().tries_left(PinKind::AuthenticationPin), 2);
        let saved = VirtualCard::load(&moved.join("card.json")).unwrap();
        assert_eq!(saved.tries_left(PinKind::AuthenticationPin), 2);
        drop(card);
        std::fs::remove_dir_all(&moved).unwrap();
    }

    #[test]
    fn secrets_stay_out_of_the_log() {
        let line = describe_command(&VERIFY_WRONG);
        assert_eq!(line, "00 20 00 80 Lc=4 [redacted]");
        // No data of any command, secret or not.
        assert_eq!(describe_command(&select_jpki()), "00 A4 04 0C Lc=10");
        assert_eq!(describe_command(&READ_LABEL), "00 B0 00 00 Le=32");
        // Not a short APDU (Lc disagrees with the data): its length only, not
        // even what would be its header.
        for garbled in [
            &[0x00, 0x24, 0x01, 0x80, 0x09, b'1', b'2', b'3', b'4'][..],
            &[0x00, 0xA4, 0x04, 0x0C, 0x20, 0xDE, 0xAD, 0xBE, 0xEF],
            &[0xDE, 0xAD, 0xBE],
        ] {
            let line = describe_command(garbled);
            assert_eq!(
                line,
                format!(
                    "a message of {} bytes that is not a short APDU (not shown)",
                    garbled.len()
                )
            );
        }
        assert_eq!(
            describe_answer(&[0x30, 0x31, 0x90, 0x00]),
            "SW 90 00 (2 data bytes)"
        );
        assert!(!describe_answer(&[0x30, 0x31, 0x90, 0x00]).contains("30"));
    }

    #[test]
    fn only_loopback_addresses() {
        assert_eq!(
            loopback_addr(DEFAULT_ADDR).ok(),
            Some("127.0.0.1:35963".parse().unwrap())
        );
        assert!(loopback_addr("[::1]:35963").is_ok());
        assert!(loopback_addr("127.0.0.2:1").is_ok());
        assert_eq!(
            loopback_addr("localhost:35964").ok(),
            Some("127.0.0.1:35964".parse().unwrap())
        );
        for bad in [
            "0.0.0.0:35963",
            "192.168.1.2:35963",
            "[::]:1",
            "example.com:35963",
        ] {
            assert!(loopback_addr(bad).is_err(), "{bad}");
        }
        let Err(Failure(message)) = loopback_addr("10.0.0.1:35963") else {
            panic!("accepted");
        };
        assert!(message.contains("non-loopback"), "{message}");
        assert!(loopback_addr("127.0.0.1").is_err());
    }

    #[test]
    fn connect_gives_up_with_advice() {
        // Port 9 (discard) on loopback: nothing listens in the test environment.
        let addr: SocketAddr = "127.0.0.1:9".parse().unwrap();
        match connect(addr, 2, Duration::from_millis(10)) {
            Ok(_) => {} // something does listen there; nothing to check
            Err(Failure(message)) => assert!(message.contains("pcscd.sh start"), "{message}"),
        }
    }
}
