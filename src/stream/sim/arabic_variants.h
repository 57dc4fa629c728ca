// Arabic spelling variants: how people actually type Arabic on social networks.
//
// A post written in the standard spelling is rewritten with one writer's habits: alef for the
// hamza forms (أ إ آ -> ا), heh for a final teh marbuta (ة -> ه), yeh and alef maqsura swapped
// at word ends (ى <-> ي), tatweel stretching (ـ), occasional diacritics, and Arabic-Indic
// digits (٠-٩). Mentions ("@..."), URLs and bracketed placeholder tokens are left alone; hashtags
// get the letter variants only, so the text stays consistent with the post's entity lists read back
// from it.
#pragma once

#include <string>
#include <string_view>

#include "base/random.h"

namespace chorus::sim {

struct ArabicStyle {
  double plain_alef = 0;  // chance that each hamza form is written as a bare alef
  bool heh_for_teh = false;
  bool yeh_for_maqsura = false;  // final ى -> ي
  bool maqsura_for_yeh = false;  // final ي -> ى (Egyptian habit)
  double tatweel = 0;            // chance per word of one tatweel inside it
  double diacritics = 0;         // chance per letter of a following short vowel
  bool indic_digits = false;

  // One writer's habits, drawn at random (about half of writers use each habit).
  static ArabicStyle random(Rng& rng);
};

// Appends `text` rewritten in `style` to `out`. `text` must be valid UTF-8; so is the result.
void apply_arabic_style(std::string_view text, const ArabicStyle& style, Rng& rng,
                        std::string* out);

}  // namespace chorus::sim
