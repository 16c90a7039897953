// This file is part of tool_enrolsync, licensed GPL-3.0-or-later.

//! The floor of bench/core.php: the csv crate reading a file and counting its records, with no
//! decoding, validation or allocation per field. Prints one JSON object.
//!
//! Usage: cargo run --release --example csv_floor -- FILE DELIMITER

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(delimiter)) = (args.next(), args.next()) else {
        return Err("usage: csv_floor FILE DELIMITER".into());
    };
    let delimiter = *delimiter.as_bytes().first().ok_or("empty delimiter")?;
    let started = Instant::now();
    let bytes = std::fs::read(&path)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut record = csv::ByteRecord::new();
    let mut records = 0u64;
    while reader.read_byte_record(&mut record)? {
        records += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(r#"{{"seconds": {seconds}, "records": {records}}}"#);
    Ok(())
}
