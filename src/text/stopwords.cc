#include "text/stopwords.h"

#include <algorithm>
#include <array>

namespace chorus::text::internal {
namespace {

// Sorted by byte value (std::string_view ordering); checked by a test.
constexpr auto kStopwords = std::to_array<std::string_view>({
    "a",     "about", "all",   "also",  "am",   "an",     "and",   "any",   "are",  "as",
    "at",    "be",    "been",  "being", "but",  "by",     "can",   "could", "did",  "do",
    "does",  "dont",  "for",   "from",  "had",  "has",    "have",  "he",    "her",  "here",
    "him",   "his",   "how",   "i",     "if",   "im",     "in",    "into",  "is",   "it",
    "its",   "just",  "me",    "more",  "most", "my",     "no",    "not",   "of",   "on",
    "or",    "our",   "out",   "over",  "she",  "should", "so",    "some",  "such", "than",
    "that",  "the",   "their", "them",  "then", "there",  "these", "they",  "this", "those",
    "to",    "too",   "up",    "us",    "very", "was",    "we",    "were",  "what", "when",
    "where", "which", "who",   "why",   "will", "with",   "would", "you",   "your", "اذا",
    "التي",  "الذي",  "الذين", "الي",   "ان",   "انه",    "او",    "ايضا",  "بعد",  "به",
    "بين",   "تلك",   "ثم",    "حتي",   "ذلك",  "عن",     "عند",   "في",    "فيه",  "فيها",
    "قبل",   "قد",    "كان",   "كانت",  "كل",   "لا",     "لكن",   "لم",    "لن",   "له",
    "لها",   "ما",    "مع",    "من",    "منذ",  "هذا",    "هذه",   "هو",    "هي",   "و",
    "يا",
});

}  // namespace

bool stopwords_sorted() {
  return std::is_sorted(kStopwords.begin(), kStopwords.end());
}

bool is_stopword(std::string_view normalized_word) {
  return std::binary_search(kStopwords.begin(), kStopwords.end(), normalized_word);
}

}  // namespace chorus::text::internal
