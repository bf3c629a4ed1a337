//! The contract and its citations cannot drift apart: every statement label that a
//! `.rs` or Markdown file of the repository cites (`// SPEC R7`, "(SPEC O1–O3, P5)")
//! must be defined in `SPEC.md`, and every label `SPEC.md` defines must be cited
//! somewhere.
//!
//! A label is defined by a list item that opens with it in bold (`- **R7** ...`) or
//! by a heading that opens with it (`### R7 ...`). A citation is the word `SPEC`
//! followed by a label; the labels that follow it up to the end of the clause (the
//! first `(`, `)`, `:`, `;`, a full stop or the end of the line) are cited too,
//! ranges such as `R2–R10` included. A lowercase letter right after a label names a
//! part of that statement (`A3a`, `A3 c`) and cites the label itself.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The repository root: the facade package lives there.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A label: one uppercase letter and a number (`R7`, `A0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Label {
    letter: char,
    number: u32,
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.letter, self.number)
    }
}

/// Reads a label at the start of `text`: the label and the bytes it took, or `None`.
/// A third digit, an uppercase letter or `_` right after it means it is no label.
fn label_at(text: &str) -> Option<(Label, usize)> {
    let letter = text.chars().next()?;
    if !letter.is_ascii_uppercase() {
        return None;
    }
    let digits: String = text[1..].chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let end = 1 + digits.len();
    if text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
    {
        return None;
    }
    let number = digits.parse().ok()?;
    Some((Label { letter, number }, end))
}

/// The labels `SPEC.md` defines, each with the line that defines it. Fails on a
/// label defined twice.
fn defined_labels(spec: &str) -> BTreeMap<Label, usize> {
    let mut defined = BTreeMap::new();
    for (index, line) in spec.lines().enumerate() {
        let line = line.trim_start();
        let head = if let Some(rest) = line.strip_prefix("- **") {
            rest
        } else if let Some(rest) = line.strip_prefix("**") {
            rest
        } else if line.starts_with('#') {
            line.trim_start_matches('#').trim_start()
        } else {
            continue;
        };
        let Some((label, len)) = label_at(head) else {
            continue;
        };
        // A bold definition closes right after the label; a heading goes on with a
        // space or ends.
        let after = &head[len..];
        let is_definition = if line.starts_with('#') {
            after.is_empty() || after.starts_with(' ')
        } else {
            after.starts_with("**")
        };
        if is_definition {
            if let Some(first) = defined.insert(label, index + 1) {
                panic!(
                    "SPEC.md defines {label} twice, on lines {first} and {}",
                    index + 1
                );
            }
        }
    }
    defined
}

/// The labels one line cites, with ranges expanded.
fn cited_labels(line: &str) -> Vec<Label> {
    let mut cited = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("SPEC") {
        let before = rest[..at].chars().next_back();
        let after_word = &rest[at + "SPEC".len()..];
        rest = after_word;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        // `SPEC` then whitespace then a label; anything else (`SPEC.md`) is no citation.
        let trimmed = after_word.trim_start_matches([' ', '\t']);
        if trimmed.len() == after_word.len() || label_at(trimmed).is_none() {
            continue;
        }
        cited.extend(clause_labels(clause(trimmed)));
    }
    cited
}

/// `text` up to the end of its clause.
fn clause(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends = match b {
            b'(' | b')' | b':' | b';' => true,
            b'.' => bytes.get(i + 1).map_or(true, |c| c.is_ascii_whitespace()),
            _ => false,
        };
        if ends {
            return &text[..i];
        }
    }
    text
}

/// Every label in a clause; `X1–X5` (en dash or hyphen) stands for X1 to X5.
fn clause_labels(text: &str) -> Vec<Label> {
    let mut labels = Vec::new();
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        let starts_word = prev.map_or(true, |p| !p.is_alphanumeric() && p != '_');
        if starts_word {
            if let Some((first, len)) = label_at(&text[i..]) {
                i += len;
                // An optional part letter (`A3a`), then an optional range.
                if text[i..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase())
                    && !text[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphanumeric())
                {
                    i += 1;
                }
                let mut last = first;
                for dash in ["–", "-"] {
                    if let Some(tail) = text[i..].strip_prefix(dash) {
                        if let Some((end, len)) = label_at(tail) {
                            if end.letter == first.letter && end.number >= first.number {
                                last = end;
                                i += dash.len() + len;
                            }
                        }
                    }
                }
                labels.extend((first.number..=last.number).map(|number| Label {
                    letter: first.letter,
                    number,
                }));
                prev = text[..i].chars().next_back();
                continue;
            }
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    labels
}

/// The `.rs` and Markdown files of the repository, `SPEC.md` aside, skipping build
/// output and hidden directories.
fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("a directory entry");
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry.file_type().expect("a file type");
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" {
                sources(&path, found);
            }
        } else if kind.is_file()
            && (name.ends_with(".rs") || name.ends_with(".md"))
            && path != root().join("SPEC.md")
        {
            found.push(path);
        }
    }
}

/// Every citation in the repository: label → where (`file:line`).
fn citations() -> BTreeMap<Label, Vec<String>> {
    let mut files = Vec::new();
    sources(root(), &mut files);
    files.sort();
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("reactor/tests/registration.rs")),
        "the scan found the reactor's tests"
    );
    let mut found: BTreeMap<Label, Vec<String>> = BTreeMap::new();
    for file in &files {
        let text = fs::read_to_string(file);
        let text = text.unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let shown = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        for (index, line) in text.lines().enumerate() {
            for label in cited_labels(line) {
                found
                    .entry(label)
                    .or_default()
                    .push(format!("{shown}:{}", index + 1));
            }
        }
    }
    found
}

fn spec() -> String {
    fs::read_to_string(root().join("SPEC.md")).expect("SPEC.md at the repository root")
}

#[test]
fn every_cited_label_is_defined_in_spec_md() {
    let defined = defined_labels(&spec());
    let undefined: Vec<String> = citations()
        .into_iter()
        .filter(|(label, _)| !defined.contains_key(label))
        .map(|(label, places)| format!("{label} (cited at {})", places.join(", ")))
        .collect();
    assert!(
        undefined.is_empty(),
        "labels cited but not defined in SPEC.md:\n{}",
        undefined.join("\n")
    );
}

#[test]
fn every_label_defined_in_spec_md_is_cited() {
    let cited: BTreeSet<Label> = citations().into_keys().collect();
    let uncited: Vec<String> = defined_labels(&spec())
        .into_iter()
        .filter(|(label, _)| !cited.contains(label))
        .map(|(label, line)| format!("{label} (SPEC.md:{line})"))
        .collect();
    assert!(
        uncited.is_empty(),
        "labels defined in SPEC.md that no test or doc cites:\n{}",
        uncited.join("\n")
    );
}

#[test]
fn the_families_the_code_relies_on_are_all_defined() {
    let defined = defined_labels(&spec());
    let families = [
        ('R', 1, 11),
        ('O', 1, 4),
        ('E', 1, 4),
        ('P', 1, 6),
        ('N', 1, 5),
        ('A', 0, 5),
    ];
    for (letter, first, last) in families {
        for number in first..=last {
            let label = Label { letter, number };
            assert!(
                defined.contains_key(&label),
                "SPEC.md does not define {label}"
            );
        }
    }
}

#[test]
fn citations_are_parsed_as_written() {
    let spec = "SPEC";
    let parse = |tail: &str| -> Vec<String> {
        cited_labels(&format!("{spec}{tail}"))
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(parse(" R7"), ["R7"]);
    assert_eq!(parse(" R2–R4 and O1-O2."), ["R2", "R3", "R4", "O1", "O2"]);
    assert_eq!(parse(" O1 coalescing, E1, E3). Not P9"), ["O1", "E1", "E3"]);
    assert_eq!(parse(" R3/R4 queue"), ["R3", "R4"]);
    assert_eq!(parse(" A3a)"), ["A3"]);
    assert_eq!(parse(" A3 c)"), ["A3"]);
    assert_eq!(parse(" R9: the order of R1"), ["R9"]);
    assert_eq!(parse(" P2 (mio 0.6 returned P1)"), ["P2"]);
    assert_eq!(parse(".md (statements R1–R11)"), Vec::<String>::new());
    assert_eq!(parse(" statements"), Vec::<String>::new());
    assert_eq!(parse("IAL R7"), Vec::<String>::new());
    assert_eq!(
        cited_labels(&format!("x{spec} R7, and {spec} P5 allows one. R1")),
        [Label {
            letter: 'P',
            number: 5
        }]
    );

    let defined = defined_labels(
        "- **R1** text\n- **R10** text\n### N2 heading\n**not** R3\n- **Edge** (x)\n",
    );
    assert_eq!(
        defined.keys().map(ToString::to_string).collect::<Vec<_>>(),
        ["N2", "R1", "R10"]
    );
}
