// The injection corpus (data/injection/corpus.tsv): its size and mix, the loader's errors, and
// the detector's precision/recall on the held-out half (the rules were tuned on the other half).
#include "trust/injection/injection_corpus.h"

#include <gtest/gtest.h>

#include <iostream>

#include "trust/injection/phrase_pattern.h"

namespace chorus::trust {
namespace {

std::vector<InjectionExample> corpus() {
  Result<std::vector<InjectionExample>> c = load_injection_corpus(
      Env::posix(), std::string(CHORUS_SOURCE_DIR) + "/data/injection/corpus.tsv");
  EXPECT_TRUE(c.is_ok()) << c.status().to_string();
  return c.is_ok() ? std::move(c).value() : std::vector<InjectionExample>{};
}

void print_errors(const InjectionEval& e) {
  for (const InjectionExample* x : e.false_positives) {
    std::cout << "  FP line " << x->line << ": " << x->text << "\n";
  }
  for (const InjectionExample* x : e.false_negatives) {
    std::cout << "  FN line " << x->line << ": " << x->text << "\n";
  }
}

TEST(InjectionCorpus, SizeAndLanguages) {
  std::vector<InjectionExample> c = corpus();
  size_t inj = 0, benign = 0, ar = 0, fr = 0;
  for (const InjectionExample& x : c) {
    (x.injection ? inj : benign)++;
    ar += x.lang == "ar";
    fr += x.lang == "fr";
  }
  EXPECT_GE(inj, 150u);
  EXPECT_GE(benign, 150u);
  EXPECT_GE(ar, 60u);
  EXPECT_GE(fr, 20u);
}

TEST(InjectionCorpus, ParserErrorsNameLine) {
  Result<std::vector<InjectionExample>> c =
      parse_injection_corpus("# c\ninjection\ten\tx\nmaybe\ten\ty\n", "c.tsv");
  ASSERT_FALSE(c.is_ok());
  EXPECT_NE(c.status().message().find("c.tsv:3"), std::string::npos) << c.status().message();
  EXPECT_FALSE(parse_injection_corpus("benign\tonly two\n", "c.tsv").is_ok());
  c = parse_injection_corpus("benign\ten\ta\\nb\n", "c.tsv");
  ASSERT_TRUE(c.is_ok());
  EXPECT_EQ((*c)[0].text, "a\nb");
}

TEST(InjectionCorpus, HeldOutPrecisionAndRecall) {
  std::vector<InjectionExample> c = corpus();
  ASSERT_FALSE(c.empty());
  Result<InjectionDetector> d = InjectionDetector::create();
  ASSERT_TRUE(d.is_ok());
  for (CorpusHalf half : {CorpusHalf::kTune, CorpusHalf::kHeldOut}) {
    InjectionEval e = evaluate_injection(*d, c, half);
    std::cout << (half == CorpusHalf::kTune ? "tune" : "held-out") << " half: precision "
              << e.precision << " recall " << e.recall << " (tp " << e.tp << ", fp " << e.fp
              << ", tn " << e.tn << ", fn " << e.fn << ")\n";
    print_errors(e);
    if (half == CorpusHalf::kHeldOut) {
      EXPECT_GE(e.precision, 0.9);
      EXPECT_GE(e.recall, 0.85);
    }
  }
}

// The detector's pre-check splits the text into chunks and analyzes each alone: that is exact
// only if every chunk yields the same words alone as in its text, which this checks on the
// corpus; and no text whose pre-check fails has word evidence.
TEST(InjectionCorpus, ChunksYieldTheSameWordsAlone) {
  const text::Analyzer plain(text::AnalyzerOptions{.stem = false, .drop_stopwords = false});
  const text::Analyzer stemmed(text::AnalyzerOptions{.stem = true, .drop_stopwords = false});
  Result<InjectionDetector> d = InjectionDetector::create();
  ASSERT_TRUE(d.is_ok());
  auto key = [](const PatternWord& w) { return w.term + "|" + w.stem + "|" + w.alt_stem; };
  size_t prechecked_out = 0;
  for (const InjectionExample& x : corpus()) {
    std::vector<std::string> whole, alone;
    for (const PatternWord& w : split_pattern_words(x.text, plain, stemmed)) {
      whole.push_back(key(w));
    }
    std::string_view t = x.text;
    for (size_t i = 0; i < t.size();) {
      size_t end = i;
      while (end < t.size() && !is_pattern_space(t[end])) ++end;
      for (const PatternWord& w : split_pattern_words(t.substr(i, end - i), plain, stemmed)) {
        alone.push_back(key(w));
      }
      i = end + 1;
    }
    EXPECT_EQ(whole, alone) << "line " << x.line;
    if (d->may_match_words(x.text)) continue;
    ++prechecked_out;
    for (const InjectionEvidence& e : d->detect(x.text).evidence) {
      EXPECT_TRUE(e.kind == "role_token") << "line " << x.line << ": " << e.rule;
    }
  }
  EXPECT_GT(prechecked_out, 50u);  // the pre-check does skip most benign texts
}

}  // namespace
}  // namespace chorus::trust
