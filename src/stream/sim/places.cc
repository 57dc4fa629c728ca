#include "stream/sim/places.h"

#include "stream/sim/vocab.h"

namespace chorus::sim {
namespace {

// clang-format off
const Place kPlaces[kPlaceCount] = {
  {{"Cairo", "القاهرة", "Le Caire"}, {"Cairo", "القاهرة", "LeCaire"},
   {{{"Zamalek", "Shubra", "Maadi"}, {"الزمالك", "شبرا", "المعادي"}, {"Zamalek", "Choubra", "Maadi"}}}},
  {{"Alexandria", "الإسكندرية", "Alexandrie"}, {"Alexandria", "الإسكندرية", "Alexandrie"},
   {{{"Smouha", "Montaza", "Anfoushi"}, {"سموحة", "المنتزه", "الأنفوشي"}, {"Smouha", "Montaza", "Anfouchi"}}}},
  {{"Beirut", "بيروت", "Beyrouth"}, {"Beirut", "بيروت", "Beyrouth"},
   {{{"Hamra", "Achrafieh", "Verdun"}, {"الحمرا", "الأشرفية", "فردان"}, {"Hamra", "Achrafieh", "Verdun"}}}},
  {{"Dubai", "دبي", "Dubaï"}, {"Dubai", "دبي", "Dubai"},
   {{{"Deira", "Jumeirah", "Al Barsha"}, {"ديرة", "جميرا", "البرشاء"}, {"Deira", "Jumeirah", "Al Barsha"}}}},
  {{"London", "لندن", "Londres"}, {"London", "لندن", "Londres"},
   {{{"Camden", "Hackney", "Croydon"}, {"كامدن", "هاكني", "كرويدون"}, {"Camden", "Hackney", "Croydon"}}}},
  {{"Paris", "باريس", "Paris"}, {"Paris", "باريس", "Paris"},
   {{{"Belleville", "Montmartre", "La Defense"}, {"بلفيل", "مونمارتر", "لاديفانس"}, {"Belleville", "Montmartre", "La Défense"}}}},
  {{"Tokyo", "طوكيو", "Tokyo"}, {"Tokyo", "طوكيو", "Tokyo"},
   {{{"Shinjuku", "Shibuya", "Asakusa"}, {"شينجوكو", "شيبويا", "أساكوسا"}, {"Shinjuku", "Shibuya", "Asakusa"}}}},
  {{"Amman", "عمّان", "Amman"}, {"Amman", "عمان", "Amman"},
   {{{"Jabal Amman", "Abdoun", "Sweileh"}, {"جبل عمان", "عبدون", "صويلح"}, {"Jabal Amman", "Abdoun", "Sweileh"}}}},
  {{"Casablanca", "الدار البيضاء", "Casablanca"}, {"Casablanca", "الدار_البيضاء", "Casablanca"},
   {{{"Maarif", "Ain Diab", "Hay Mohammadi"}, {"المعاريف", "عين الذئاب", "الحي المحمدي"}, {"Maârif", "Aïn Diab", "Hay Mohammadi"}}}},
  {{"Riyadh", "الرياض", "Riyad"}, {"Riyadh", "الرياض", "Riyad"},
   {{{"Olaya", "Malaz", "Diriyah"}, {"العليا", "الملز", "الدرعية"}, {"Olaya", "Malaz", "Diriyah"}}}},
  {{"Lyon", "ليون", "Lyon"}, {"Lyon", "ليون", "Lyon"},
   {{{"Croix-Rousse", "Part-Dieu", "Vaise"}, {"كروا روس", "بارت ديو", "فيز"}, {"Croix-Rousse", "Part-Dieu", "Vaise"}}}},
  {{"New York", "نيويورك", "New York"}, {"NewYork", "نيويورك", "NewYork"},
   {{{"Brooklyn", "Harlem", "Queens"}, {"بروكلين", "هارلم", "كوينز"}, {"Brooklyn", "Harlem", "Queens"}}}},
};

// Hashtag stems by kind and language; Latin stems follow the place, Arabic ones precede it.
constexpr std::string_view kEventStems[kEventKindCount][kLangCount] = {
  {"Fire", "حريق", "Incendie"},       {"Quake", "زلزال", "Seisme"},
  {"Flood", "فيضانات", "Inondations"}, {"Protest", "مظاهرات", "Manif"},
  {"Election", "انتخابات", "Elections"}, {"Strike", "إضراب", "Greve"},
};
constexpr std::string_view kClaimStems[kClaimKindCount][kLangCount] = {
  {"WaterAlert", "تسمم_المياه", "EauEmpoisonnee"}, {"Rigged", "تزوير", "Fraude"},
  {"AirportClosed", "إغلاق_المطار", "AeroportFerme"}, {"Curfew", "حظر_تجول", "CouvreFeu"},
  {"BankRun", "البنوك", "Banques"},
};
// clang-format on

std::string join_tag(std::string_view stem, int place_index, int lang) {
  std::string_view p = kPlaces[place_index].tag[lang];
  if (lang == kLangAr) return std::string(stem) + "_" + std::string(p);
  return std::string(p) + std::string(stem);
}

}  // namespace

const Place& place(int index) {
  return kPlaces[index];
}

std::string event_hashtag(int kind, int place_index, int lang) {
  return join_tag(kEventStems[kind][lang], place_index, lang);
}

std::string claim_hashtag(int kind, int place_index, int lang) {
  return join_tag(kClaimStems[kind][lang], place_index, lang);
}

}  // namespace chorus::sim
