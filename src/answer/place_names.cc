// A small gazetteer: major cities with their English and Arabic names, so a question in one
// language also searches posts that name the place in the other.
#include <map>
#include <string>

#include "answer/question_plan.h"

namespace chorus::answer {
namespace {

struct CityName {
  std::string_view en;
  std::string_view ar;
};

// clang-format off
constexpr CityName kCities[] = {
  {"Cairo", "القاهرة"}, {"Alexandria", "الإسكندرية"}, {"Beirut", "بيروت"}, {"Dubai", "دبي"},
  {"London", "لندن"}, {"Paris", "باريس"}, {"Tokyo", "طوكيو"}, {"Amman", "عمان"},
  {"Riyadh", "الرياض"}, {"Lyon", "ليون"}, {"Gaza", "غزة"}, {"Damascus", "دمشق"},
  {"Baghdad", "بغداد"}, {"Jerusalem", "القدس"}, {"Tunis", "تونس"}, {"Algiers", "الجزائر"},
  {"Khartoum", "الخرطوم"}, {"Doha", "الدوحة"}, {"Istanbul", "إسطنبول"}, {"Berlin", "برلين"},
  {"Washington", "واشنطن"}, {"Moscow", "موسكو"}, {"Madrid", "مدريد"}, {"Rome", "روما"},
  {"Marrakech", "مراكش"}, {"Jeddah", "جدة"}, {"Mecca", "مكة"}, {"Kuwait", "الكويت"},
  {"Muscat", "مسقط"}, {"Manama", "المنامة"}, {"Sanaa", "صنعاء"}, {"Tripoli", "طرابلس"},
  {"Rabat", "الرباط"}, {"Casablanca", "كازابلانكا"}, {"Abudhabi", "أبوظبي"}, {"Aleppo", "حلب"},
  {"Mosul", "الموصل"}, {"Benghazi", "بنغازي"}, {"Tehran", "طهران"}, {"Ankara", "أنقرة"},
};
// clang-format on

// normalized name -> normalized names in the other language
const std::map<std::string, std::vector<std::string>>& aliases() {
  static const std::map<std::string, std::vector<std::string>> table = [] {
    text::Analyzer analyzer(text::AnalyzerOptions{.stem = false});
    std::map<std::string, std::vector<std::string>> t;
    for (const CityName& c : kCities) {
      std::string en = analyzer.normalize_word(c.en);
      std::string ar = analyzer.normalize_word(c.ar);
      t[en].push_back(ar);
      t[ar].push_back(en);
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
