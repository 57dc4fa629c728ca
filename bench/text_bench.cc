// text_bench: analyzer throughput over generated posts, printed as JSON.
//
//   posts_per_s_en   typical English posts (~20 words, ~130 bytes, a hashtag, a mention or a URL
//                    now and then), one core, tokens vector reused between posts
//   posts_per_s_ar   Arabic posts of ~20 words with harakat, alef forms, hashtags and digits
//   termlist_posts_per_s_en / _ar   the same posts analyzed into one reused TermList (the
//                    index's form: terms back to back in one buffer) instead of Tokens
//   fresh_posts_per_s_en   English posts into a fresh Token vector each (as callers that
//                    analyze one text at a time do)
//   xapian_posts_per_s_en / ratio_en   the peer: Xapian::TermGenerator with the English stemmer
//                    indexing the same English posts into a fresh Document each (when built
//                    with Xapian)
// Each figure is the best of several rounds, timed in thread CPU time (CLOCK_THREAD_CPUTIME_ID) so
// that other processes on a shared machine do not count; "wall_posts_per_s_en" is the wall-clock
// figure for comparison. Usage: text_bench [posts=20000] [rounds=5]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "text/analyzer.h"

#ifdef CHORUS_HAVE_XAPIAN
#include <xapian.h>
#endif

namespace {

using Clock = std::chrono::steady_clock;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

const std::vector<std::string> kEnglish = {
    "the",    "fire",     "is",     "spreading", "near",   "homes",   "people",   "were",
    "told",   "to",       "leave",  "now",       "smoke",  "across",  "city",     "roads",
    "closed", "after",    "storm",  "flooding",  "update", "from",    "police",   "officials",
    "said",   "we",       "are",    "watching",  "this",   "closely", "Breaking", "news",
    "in",     "downtown", "and",    "schools",   "will",   "stay",    "open",     "tomorrow",
    "power",  "outages",  "report", "thousands", "of",     "without", "water",    "I'm"};
const std::vector<std::string> kEnglishExtras = {
    "#wildfire", "@alice.bsky.social", "#LAFires", "https://news.example.org/fire/update", "2024",
    "🔥"};

const std::vector<std::string> kArabic = {
    "اندلع",   "حريقٌ",      "كبيرٌ",   "في",        "مستشفى",    "المدينة", "وأُصيب",   "شخصاً",
    "بجروح",   "الدفاع",    "المدني", "يحاول",     "السيطرة",   "على",     "النيران", "الأخبار",
    "العاجلة", "إطلاق",     "سراح",   "المعتقلين", "الحكومة",   "أعلنت",   "عن",      "إجراءات",
    "جديدة",   "للمواطنين", "مدرسة",  "الطلاب",    "والمعلمين", "القاهرة", "غزة",     "٢٠٢٤"};
const std::vector<std::string> kArabicExtras = {"#غزة", "#عاجل", "@reporter", "🔥"};

std::vector<std::string> make_posts(const std::vector<std::string>& words,
                                    const std::vector<std::string>& extras, size_t count,
                                    uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> word(0, words.size() - 1);
  std::uniform_int_distribution<size_t> extra(0, extras.size() - 1);
  std::uniform_int_distribution<int> len(16, 24);
  std::vector<std::string> posts(count);
  for (std::string& p : posts) {
    int n = len(rng);
    for (int k = 0; k < n; ++k) {
      if (!p.empty()) p += ' ';
      p += (rng() % 12 == 0) ? extras[extra(rng)] : words[word(rng)];
    }
    if (rng() % 3 == 0) p += '.';
  }
  return posts;
}

struct Rate {
  double cpu = 0;   // posts per second of thread CPU time
  double wall = 0;  // posts per second of wall-clock time
};

template <typename F>
Rate best_posts_per_s(const std::vector<std::string>& posts, int rounds, F&& analyze_one) {
  Rate best;
  auto n = static_cast<double>(posts.size());
  for (int r = 0; r < rounds; ++r) {
    double cpu_start = thread_cpu_seconds();
    auto wall_start = Clock::now();
    for (const std::string& p : posts) analyze_one(p);
    double cpu = thread_cpu_seconds() - cpu_start;
    double wall = std::chrono::duration<double>(Clock::now() - wall_start).count();
    if (cpu > 0) best.cpu = std::max(best.cpu, n / cpu);
    if (wall > 0) best.wall = std::max(best.wall, n / wall);
  }
  return best;
}

double average_bytes(const std::vector<std::string>& posts) {
  double total = 0;
  for (const std::string& p : posts) total += static_cast<double>(p.size());
  return posts.empty() ? 0 : total / static_cast<double>(posts.size());
}

}  // namespace

int main(int argc, char** argv) {
  size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  if (count == 0 || rounds <= 0) {
    std::fprintf(stderr, "usage: text_bench [posts>0] [rounds>0]\n");
    return 2;
  }
  std::vector<std::string> en = make_posts(kEnglish, kEnglishExtras, count, 1);
  std::vector<std::string> ar = make_posts(kArabic, kArabicExtras, count, 2);

  chorus::text::Analyzer analyzer;
  std::vector<chorus::text::Token> tokens;
  size_t token_count = 0;
  auto run = [&](const std::string& p) {
    tokens.clear();
    analyzer.analyze(p, "", &tokens);
    token_count += tokens.size();
  };
  Rate en_rate = best_posts_per_s(en, rounds, run);
  double en_tokens = static_cast<double>(token_count) / static_cast<double>(count * rounds);
  token_count = 0;
  Rate ar_rate = best_posts_per_s(ar, rounds, run);
  double ar_tokens = static_cast<double>(token_count) / static_cast<double>(count * rounds);
  chorus::text::TermList list;
  auto run_list = [&](const std::string& p) {
    list.clear();
    analyzer.analyze(p, "", &list);
    token_count += list.size();
  };
  Rate en_list = best_posts_per_s(en, rounds, run_list);
  Rate ar_list = best_posts_per_s(ar, rounds, run_list);
  Rate en_fresh = best_posts_per_s(en, rounds, [&](const std::string& p) {
    std::vector<chorus::text::Token> fresh;
    analyzer.analyze(p, "", &fresh);
    token_count += fresh.size();
  });

  std::printf(
      "{\"posts\": %zu, \"rounds\": %d, \"bytes_per_post_en\": %.1f, "
      "\"tokens_per_post_en\": %.1f, \"posts_per_s_en\": %.0f, "
      "\"bytes_per_post_ar\": %.1f, \"tokens_per_post_ar\": %.1f, "
      "\"posts_per_s_ar\": %.0f, \"wall_posts_per_s_en\": %.0f, \"wall_posts_per_s_ar\": %.0f",
      count, rounds, average_bytes(en), en_tokens, en_rate.cpu, average_bytes(ar), ar_tokens,
      ar_rate.cpu, en_rate.wall, ar_rate.wall);
  std::printf(
      ", \"termlist_posts_per_s_en\": %.0f, \"termlist_posts_per_s_ar\": %.0f, "
      "\"fresh_posts_per_s_en\": %.0f",
      en_list.cpu, ar_list.cpu, en_fresh.cpu);
#ifdef CHORUS_HAVE_XAPIAN
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  size_t xapian_terms = 0;
  Rate xapian_rate = best_posts_per_s(en, rounds, [&](const std::string& p) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(p);
    xapian_terms += doc.termlist_count();
  });
  std::printf(", \"xapian_posts_per_s_en\": %.0f, \"ratio_en\": %.2f", xapian_rate.cpu,
              xapian_rate.cpu > 0 ? en_rate.cpu / xapian_rate.cpu : 0.0);
  if (xapian_terms == 0) std::fprintf(stderr, "xapian produced no terms\n");
#endif
  std::printf("}\n");
  return 0;
}
