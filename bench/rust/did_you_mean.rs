//! What "did you mean" costs at 10,000 ids, measured apart from the rest of a
//! check: `cargo bench --bench did_you_mean`. The ids are a generated site's
//! (`bench/generate.py 10000`: stories, epics, initiatives, goals); the
//! questions are 2,000 unknown ids, half typos of existing ones and half with
//! nothing near. The target: under 50 µs a question, the index's making
//! counted in.

use std::hint::black_box;
use std::time::Instant;

use roadbook::base::{Nearest, did_you_mean};

fn main() {
    let mut ids: Vec<String> = (1..=10_000).map(|n| format!("S-{n}")).collect();
    ids.extend((1..=1_000).map(|n| format!("E-{n}")));
    ids.extend((1..=200).map(|n| format!("I-{n}")));
    ids.extend((1..=50).map(|n| format!("G-{n}")));
    let questions: Vec<String> = (0..2_000)
        .map(|k| match k % 4 {
            0 => format!("S-{}x", (k * 7919) % 10_000 + 1),
            1 => format!("S-{}", 20_000 + k),
            2 => format!("Q-{}", 900_000 + k),
            _ => format!("s-{}O", (k * 104_729) % 1_000 + 1),
        })
        .collect();
    let runs = 5;
    // Asked of a fresh index (which makes its parts as the questions need
    // them): the first 200 questions, then all 2,000; and all again, warm.
    let (mut first_200, mut all_cold, mut warm) = (Vec::new(), Vec::new(), Vec::new());
    let mut found = 0;
    let per = |start: Instant, n: usize| start.elapsed().as_secs_f64() * 1e6 / n as f64;
    for _ in 0..runs {
        let index = Nearest::new(ids.iter().map(String::as_str));
        let start = Instant::now();
        for q in &questions[..200] {
            black_box(index.find(q, None));
        }
        first_200.push(per(start, 200));
        let index = Nearest::new(ids.iter().map(String::as_str));
        let start = Instant::now();
        for q in &questions {
            black_box(index.find(q, None));
        }
        all_cold.push(per(start, questions.len()));
        let start = Instant::now();
        found = questions
            .iter()
            .filter(|q| black_box(index.find(q, None)).is_some())
            .count();
        warm.push(per(start, questions.len()));
    }
    // Without the index: every id measured, as did_you_mean does for one
    // question (and as every unknown id did before the index).
    let start = Instant::now();
    for q in questions.iter().take(100) {
        black_box(did_you_mean(q, ids.iter().map(String::as_str)));
    }
    let one_by_one = start.elapsed().as_secs_f64() * 1e6 / 100.0;
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{} ids, {} questions ({found} with a suggestion), median of {runs}",
        ids.len(),
        questions.len()
    );
    println!(
        "a question, the index made as needed: {:>8.2} µs over the first 200, {:.2} µs over 2,000",
        median(&mut first_200),
        median(&mut all_cold)
    );
    println!(
        "a question, the index made:           {:>8.2} µs",
        median(&mut warm)
    );
    println!("every id measured (did_you_mean): {one_by_one:.0} µs a question");
}
