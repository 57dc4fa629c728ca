// A small gazetteer: major cities with their English, Arabic and French names, so a question in
// one language also searches posts that name the place in the others.
#include <algorithm>
#include <map>
#include <string>

#include "answer/question_plan.h"

namespace chorus::answer {
namespace {

struct CityName {
  std::string_view en;
  std::string_view ar;
  std::string_view fr;  // "" when it is the English name; one word ("Caire" of "Le Caire")
};

// clang-format off
constexpr CityName kCities[] = {
  {"Cairo", "القاهرة", "Caire"}, {"Alexandria", "الإسكندرية", "Alexandrie"},
  {"Beirut", "بيروت", "Beyrouth"}, {"Dubai", "دبي", "Dubaï"}, {"London", "لندن", "Londres"},
  {"Paris", "باريس", ""}, {"Tokyo", "طوكيو", ""}, {"Amman", "عمان", ""},
  {"Riyadh", "الرياض", "Riyad"}, {"Lyon", "ليون", ""}, {"Gaza", "غزة", ""},
  {"Damascus", "دمشق", "Damas"}, {"Baghdad", "بغداد", "Bagdad"}, {"Jerusalem", "القدس", "Jérusalem"},
  {"Tunis", "تونس", ""}, {"Algiers", "الجزائر", "Alger"}, {"Khartoum", "الخرطوم", ""},
  {"Doha", "الدوحة", ""}, {"Istanbul", "إسطنبول", ""}, {"Berlin", "برلين", ""},
  {"Washington", "واشنطن", ""}, {"Moscow", "موسكو", "Moscou"}, {"Madrid", "مدريد", ""},
  {"Rome", "روما", ""}, {"Marrakech", "مراكش", ""}, {"Jeddah", "جدة", "Djeddah"},
  {"Mecca", "مكة", "Mecque"}, {"Kuwait", "الكويت", "Koweït"}, {"Muscat", "مسقط", "Mascate"},
  {"Manama", "المنامة", ""}, {"Sanaa", "صنعاء", ""}, {"Tripoli", "طرابلس", ""},
  {"Rabat", "الرباط", ""}, {"Casablanca", "كازابلانكا", ""}, {"Abudhabi", "أبوظبي", ""},
  {"Aleppo", "حلب", "Alep"}, {"Mosul", "الموصل", "Mossoul"}, {"Benghazi", "بنغازي", ""},
  {"Tehran", "طهران", "Téhéran"}, {"Ankara", "أنقرة", ""},
};
// clang-format on

// normalized name -> the normalized names of the place in the other languages
const std::map<std::string, std::vector<std::string>>& aliases() {
  static const std::map<std::string, std::vector<std::string>> table = [] {
    text::Analyzer analyzer(text::AnalyzerOptions{.stem = false});
    std::map<std::string, std::vector<std::string>> t;
    for (const CityName& c : kCities) {
      std::vector<std::string> names;
      for (std::string_view name : {c.en, c.ar, c.fr}) {
        std::string n = name.empty() ? "" : analyzer.normalize_word(name);
        if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end())
          names.push_back(std::move(n));
      }
      for (const std::string& a : names)
        for (const std::string& b : names)
          if (a != b) t[a].push_back(b);
    }
    return t;
  }();
  return table;
}

}  // namespace

std::vector<std::string> place_aliases(std::string_view normalized_term) {
  auto it = aliases().find(std::string(normalized_term));
  return it == aliases().end() ? std::vector<std::string>{} : it->second;
}

}  // namespace chorus::answer
