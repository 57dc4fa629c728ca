// Vocabularies and text templates of the simulator, one LangPack per language.
//
// A template is text with slots in braces: "{place}" and the other dynamic slots below take a
// value chosen per post (SlotValues); any other "{name}" draws a random word from the
// language's list `name`. Hashtags, mentions and URLs are written into the text as "#tag",
// "@handle" and "https://..." tokens separated by spaces, so that they can be read back from
// the text (see extract_entities). Packs are built once per process, are immutable and may be
// shared between threads.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/random.h"
#include "base/status.h"
#include "stream/sim/lang.h"

namespace chorus::sim {

enum class Slot : uint8_t {
  kLiteral,
  kList,         // a random word of a list
  kPlace,        // the city of the post's event or claim
  kDistrict,     // the district the current facts name
  kOldDistrict,  // the district an earlier (corrected) report named
  kNumber,       // the event's metric or the claim's figure
  kWhat,         // the event kind as a noun ("fire")
  kMetric,       // what the number counts ("injured")
  kMention,      // "@" + a random handle (write "{mention}", the '@' is added)
  kParent,       // "@" + the handle of the post replied to or quoted
  kUrl,          // a URL on one of the language's domains
  kAbuse,        // a token of the post's abuse category from the lexicon
  kTag,          // the event's or claim's hashtag, with '#'
};

struct Piece {
  Slot slot = Slot::kLiteral;
  std::string text;                                // kLiteral
  const std::vector<std::string>* list = nullptr;  // kList, owned by the pack
};

using TextTemplate = std::vector<Piece>;

// Per-post values of the dynamic slots. Views must outlive render().
struct SlotValues {
  std::string_view place, district, old_district, what, metric, mention, parent, tag;
  int64_t number = 0;
  const std::vector<std::string>* abuse = nullptr;  // non-empty when the template has {abuse}
};

// Template groups every language provides; claim kinds add two groups each (see group_index).
enum Group : int {
  kGroupEventReport,      // first reports and updates: {place} {district} {number} {what}...
  kGroupEventCorrection,  // a credible account correcting {old_district} to {district}
  kGroupEventUpdate,      // a credible account giving the current figure
  kGroupReply,            // reply to any post: {parent}
  kGroupReplyEvent,       // reply about an event: {parent} {place} {tag}
  kGroupQuote,            // quote comment on any post
  kGroupQuoteEvent,       // quote comment on an event post: {place} {tag}
  kGroupQuoteDoubt,       // an ordinary account questioning a claim: {tag}
  kGroupAmplify,          // an ordinary account endorsing a claim: {tag}
  kGroupInjection,        // prompt-injection attempts
  kGroupLookalike,        // benign text that resembles an injection
  kGroupBotSpam,          // automated spam: {abuse} {url}
  kGroupBotFeed,          // automated feed posts: {url}
  kGroupAbuseFirst,       // one group per abuse category (kAbuseCategoryCount)
  kGroupClaimFirst = kGroupAbuseFirst + 5,  // then a paraphrase group and a contradiction group
                                            // per claim kind
};

inline constexpr int kTopicCount = 7;
inline constexpr int kEventKindCount = 6;
inline constexpr int kClaimKindCount = 5;
inline constexpr int kGroupCount = kGroupClaimFirst + 2 * kClaimKindCount;

constexpr int claim_group(int kind) {
  return kGroupClaimFirst + 2 * kind;
}
constexpr int contradiction_group(int kind) {
  return kGroupClaimFirst + 2 * kind + 1;
}

// "sports", "politics", "weather", "tech", "entertainment", "local", "chatter".
std::string_view topic_name(int topic);
// Relative weight of each topic in background chatter.
double topic_weight(int topic);

// The source text of a language, as written in vocab_<lang>.cc.
struct LangSpec {
  std::map<std::string, std::vector<std::string>> lists;
  std::map<std::string, std::vector<std::string>> templates;  // by topic or group name
};

struct LangPack {
  int lang = 0;
  std::map<std::string, std::vector<std::string>> lists;  // owns the words templates point to
  std::array<std::vector<TextTemplate>, kTopicCount> topics;
  std::array<std::vector<TextTemplate>, kGroupCount> groups;
  std::array<const std::vector<std::string>*, kEventKindCount> what{};
  std::array<const std::vector<std::string>*, kEventKindCount> metric{};
  const std::vector<std::string>* domains = nullptr;
  const std::vector<std::string>* first_names = nullptr;    // ASCII, for handles
  const std::vector<std::string>* last_names = nullptr;     // ASCII, for handles
  const std::vector<std::string>* display_first = nullptr;  // in the language's script
  const std::vector<std::string>* display_last = nullptr;
  const std::vector<std::string>* campaign_prefix = nullptr;
  const std::vector<std::string>* campaign_suffix = nullptr;

  LangPack() = default;
  LangPack(const LangPack&) = delete;
  LangPack& operator=(const LangPack&) = delete;
};

// The group names used in LangSpec::templates ("event_report", ..., "abuse:hate",
// "claim:water_poisoned", "contradiction:water_poisoned").
std::string group_name(int group);

// Compiles a spec; errors name the template and the unknown slot or missing list/group.
Status compile_lang_pack(const LangSpec& spec, int lang, LangPack* pack);
LangSpec english_spec();
LangSpec arabic_spec();
LangSpec french_spec();
// The compiled pack of a language, built on first use. Aborts with a message if the built-in
// text does not compile (a bug caught by the tests).
const LangPack& lang_pack(int lang);

// Appends the rendered template to `out`.
void render(const TextTemplate& t, const SlotValues& v, const LangPack& pack, Rng& rng,
            std::string* out);

inline const std::string& pick(const std::vector<std::string>& words, Rng& rng) {
  return words[rng.below(words.size())];
}

}  // namespace chorus::sim
