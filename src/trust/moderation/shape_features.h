// Shape features of a post for the moderation classifier's shape block (features.h): counts and
// ratios that the lower-cased n-grams cannot see, each as a bucketed indicator, e.g. "3+ '!'",
// "upper-case letter share >= 0.6", "2 mentions", "20-39 terms".
//
// add_shape_features(raw, tokens) appends one hashed bucket id per indicator: the upper-case
// share of ASCII letters in `raw` (the text before tweet normalization; none, < 0.1, < 0.3,
// < 0.6, >= 0.6), words of 2+ letters all upper-case (0, 1, 2, 3+), '!' and '?' (0, 1, 2, 3+),
// a character repeated 3+ times (no, yes), and from the analyzer's `tokens` of the normalized
// text: mentions, URLs (URL tokens and the word "url"), hashtags and emoji (0, 1, 2, 3+ each)
// and the term count (< 5, < 10, < 20, < 40, >= 40). Ids are mix64 of the indicator xor `seed`,
// masked by `mask`.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace chorus::trust {

void add_shape_features(std::string_view raw, const std::vector<text::Token>& tokens, uint64_t seed,
                        uint32_t mask, std::vector<uint32_t>* out);

}  // namespace chorus::trust
