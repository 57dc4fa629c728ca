// Tweet-specific text normalization for the moderation features.
//
// normalize_tweet(text) rewrites a raw post before analysis:
//   HTML entities   &amp; &lt; &gt; &quot; &apos; &#NNN; &#xHH; are decoded (Davidson's tweets
//                   carry them: "&#128514;" -> 😂); an unknown or invalid entity stays as is
//   mentions        every @handle becomes "@user" (TweetEval already anonymizes this way)
//   URLs            http://..., https://..., www.... become the word "url" (OLID writes "URL")
//   hashtags        kept, followed by the words of a camel-case or underscore tag:
//                   "#BuildTheWall" -> "#BuildTheWall build the wall", "#MAGA2020" ->
//                   "#MAGA2020 maga 2020"; a tag of one word (all lower case) is not split
//   elongations     a code point repeated 3+ times is squeezed to two ("soooo" -> "soo",
//                   "!!!!!" -> "!!")
// Invalid UTF-8 bytes are dropped. Case is kept (the analyzer folds it later).
//
// char_ngram_text(text) is the text the cross-word character n-grams are taken from: the
// normalized text with ASCII letters lower-cased and each run of white space made one space,
// padded with one space at both ends.
#pragma once

#include <string>
#include <string_view>

namespace chorus::trust {

std::string normalize_tweet(std::string_view text);
std::string char_ngram_text(std::string_view normalized);

}  // namespace chorus::trust
