// Conservative English light stemmer (private to src/text).
//
// Goal: a word and its regular inflections reduce to the same stem ("fire", "fires", "fired",
// "firing" -> "fir"), while short and irregular words are left alone. Stems are index terms, not
// dictionary words. Applied only to words of ASCII letters a-z, in this order:
//   1. plural / 3rd person, words of >= 4 letters:
//        "-ies" -> "-i" when the word has > 4 letters, else "-ie"   (cities -> citi, ties -> tie)
//        "-s"   -> ""  unless the word ends in "ss", "us" or "is"  (fires -> fire, this, bus)
//        the word "news" is kept whole.
//   2. "-ing" (words of >= 6 letters) and "-ed" (>= 5 letters, not "-eed") when the rest has a
//      vowel; then a doubled final consonant other than l, s, z is undoubled when >= 4
//      letters remain (burning -> burn, running -> run, stopped -> stop, adding -> add;
//      string, thing, need, used kept)
//   3. final "y" -> "i" in words of >= 3 letters                   (city -> citi, fly -> fli)
//   4. final "e" dropped in words of >= 4 letters unless after another "e"
//        (fire -> fir, boxes -> boxe -> box, cache -> cach; tree, free kept)
// Steps 3 and 4 make the base form meet the stem of its inflections (cities/city -> citi,
// created/create -> creat).
// Thread-safety: pure function.
#pragma once

#include <string>

namespace chorus::text::internal {

// Stems `word` in place when it is made only of ASCII a-z; other words are left unchanged.
void stem_english(std::string* word);

}  // namespace chorus::text::internal
