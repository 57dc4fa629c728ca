// The named places of the simulated world and the hashtags built from them.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "stream/sim/lang.h"

namespace chorus::sim {

inline constexpr int kPlaceCount = 12;
inline constexpr int kDistrictsPerPlace = 3;

struct Place {
  std::array<std::string_view, kLangCount> name;  // by language
  std::array<std::string_view, kLangCount> tag;   // hashtag-safe form (no spaces)
  // Districts by language: Latin for en/fr, Arabic script for ar.
  std::array<std::array<std::string_view, kDistrictsPerPlace>, kLangCount> districts;
};

const Place& place(int index);

// "CairoFire", "حريق_القاهرة", "LeCaireIncendie": the hashtag of an event of `kind` in a place.
std::string event_hashtag(int kind, int place, int lang);
// The hashtag a campaign of claim `kind` about a place spreads ("CairoWaterAlert").
std::string claim_hashtag(int kind, int place, int lang);

}  // namespace chorus::sim
