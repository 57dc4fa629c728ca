#include "stream/sim/vocab.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "stream/sim/lexicon.h"
#include "stream/sim/sim_types.h"

namespace chorus::sim {
namespace {

constexpr std::string_view kTopicNames[kTopicCount] = {
    "sports", "politics", "weather", "tech", "entertainment", "local", "chatter"};
constexpr double kTopicWeights[kTopicCount] = {0.16, 0.14, 0.08, 0.12, 0.14, 0.10, 0.26};

constexpr std::string_view kGroupNames[kGroupAbuseFirst] = {
    "event_report", "event_correction", "event_update", "reply",   "reply_event",
    "quote",        "quote_event",      "quote_doubt",  "amplify", "injection",
    "lookalike",    "bot_spam",         "bot_feed"};

struct DynamicSlot {
  std::string_view name;
  Slot slot;
};
constexpr DynamicSlot kDynamicSlots[] = {
    {"place", Slot::kPlace},
    {"district", Slot::kDistrict},
    {"old_district", Slot::kOldDistrict},
    {"number", Slot::kNumber},
    {"what", Slot::kWhat},
    {"metric", Slot::kMetric},
    {"mention", Slot::kMention},
    {"parent", Slot::kParent},
    {"url", Slot::kUrl},
    {"abuse", Slot::kAbuse},
    {"tag", Slot::kTag},
};

Status compile_template(const std::string& src, const LangSpec& spec, const LangPack& pack,
                        TextTemplate* out) {
  size_t pos = 0;
  while (pos < src.size()) {
    size_t open = src.find('{', pos);
    if (open != pos) {
      out->push_back({Slot::kLiteral, src.substr(pos, open - pos), nullptr});
      if (open == std::string::npos) break;
    }
    size_t close = src.find('}', open);
    if (close == std::string::npos) return invalid_argument("template '" + src + "': unclosed {");
    std::string name = src.substr(open + 1, close - open - 1);
    pos = close + 1;
    Piece piece;
    piece.slot = Slot::kList;
    for (const auto& d : kDynamicSlots)
      if (d.name == name) piece.slot = d.slot;
    if (piece.slot == Slot::kList) {
      auto it = pack.lists.find(name);
      if (it == pack.lists.end() || it->second.empty() || !spec.lists.count(name))
        return invalid_argument("template '" + src + "': no word list '" + name + "'");
      piece.list = &it->second;
    }
    out->push_back(std::move(piece));
  }
  return Status::ok();
}

Status compile_group(const LangSpec& spec, const std::string& name, const LangPack& pack,
                     std::vector<TextTemplate>* out) {
  auto it = spec.templates.find(name);
  if (it == spec.templates.end() || it->second.empty())
    return invalid_argument("no templates for '" + name + "'");
  for (const auto& src : it->second) {
    out->emplace_back();
    CHORUS_RETURN_IF_ERROR(compile_template(src, spec, pack, &out->back()));
  }
  return Status::ok();
}

Status bind_list(const LangPack& pack, const std::string& name,
                 const std::vector<std::string>** out) {
  auto it = pack.lists.find(name);
  if (it == pack.lists.end() || it->second.empty())
    return invalid_argument("no word list '" + name + "'");
  *out = &it->second;
  return Status::ok();
}

Status bind_lists(LangPack* p) {
  CHORUS_RETURN_IF_ERROR(bind_list(*p, "domain", &p->domains));
  CHORUS_RETURN_IF_ERROR(bind_list(*p, "first_name", &p->first_names));
  CHORUS_RETURN_IF_ERROR(bind_list(*p, "last_name", &p->last_names));
  CHORUS_RETURN_IF_ERROR(bind_list(*p, "display_first", &p->display_first));
  CHORUS_RETURN_IF_ERROR(bind_list(*p, "display_last", &p->display_last));
  CHORUS_RETURN_IF_ERROR(bind_list(*p, "campaign_prefix", &p->campaign_prefix));
  CHORUS_RETURN_IF_ERROR(bind_list(*p, "campaign_suffix", &p->campaign_suffix));
  for (int k = 0; k < kEventKindCount; ++k) {
    std::string kind(event_kind_name(k));
    CHORUS_RETURN_IF_ERROR(bind_list(*p, "what:" + kind, &p->what[k]));
    CHORUS_RETURN_IF_ERROR(bind_list(*p, "metric:" + kind, &p->metric[k]));
  }
  return Status::ok();
}

void append_int(int64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

void append_url(const LangPack& pack, Rng& rng, std::string* out) {
  static constexpr char kAlnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  out->append("https://");
  out->append(pick(*pack.domains, rng));
  out->push_back('/');
  uint64_t bits = rng.next();
  for (int i = 0; i < 8; ++i, bits /= 36) out->push_back(kAlnum[bits % 36]);
}

}  // namespace

std::string_view topic_name(int topic) {
  return kTopicNames[topic];
}
double topic_weight(int topic) {
  return kTopicWeights[topic];
}

std::string group_name(int group) {
  if (group < kGroupAbuseFirst) return std::string(kGroupNames[group]);
  if (group < kGroupClaimFirst)
    return "abuse:" + std::string(abuse_category_name(group - kGroupAbuseFirst));
  int k = (group - kGroupClaimFirst) / 2;
  bool contra = (group - kGroupClaimFirst) % 2 == 1;
  return (contra ? "contradiction:" : "claim:") + std::string(claim_kind_name(k));
}

Status compile_lang_pack(const LangSpec& spec, int lang, LangPack* pack) {
  pack->lang = lang;
  pack->lists = spec.lists;
  CHORUS_RETURN_IF_ERROR(bind_lists(pack));
  for (int t = 0; t < kTopicCount; ++t)
    CHORUS_RETURN_IF_ERROR(
        compile_group(spec, std::string(kTopicNames[t]), *pack, &pack->topics[t]));
  for (int g = 0; g < kGroupCount; ++g)
    CHORUS_RETURN_IF_ERROR(compile_group(spec, group_name(g), *pack, &pack->groups[g]));
  return Status::ok();
}

const LangPack& lang_pack(int lang) {
  static const auto* packs = [] {
    auto* p = new std::array<LangPack, kLangCount>();
    LangSpec specs[kLangCount] = {english_spec(), arabic_spec(), french_spec()};
    for (int l = 0; l < kLangCount; ++l) {
      Status s = compile_lang_pack(specs[l], l, &(*p)[l]);
      if (!s.is_ok()) {
        std::fprintf(stderr, "chorus: built-in simulator text for '%s' is broken: %s\n",
                     std::string(lang_code(l)).c_str(), s.to_string().c_str());
        std::abort();
      }
    }
    return p;
  }();
  return (*packs)[lang];
}

void render(const TextTemplate& t, const SlotValues& v, const LangPack& pack, Rng& rng,
            std::string* out) {
  for (const Piece& p : t) {
    switch (p.slot) {
      case Slot::kLiteral:
        out->append(p.text);
        break;
      case Slot::kList:
        out->append(pick(*p.list, rng));
        break;
      case Slot::kPlace:
        out->append(v.place);
        break;
      case Slot::kDistrict:
        out->append(v.district);
        break;
      case Slot::kOldDistrict:
        out->append(v.old_district);
        break;
      case Slot::kNumber:
        append_int(v.number, out);
        break;
      case Slot::kWhat:
        out->append(v.what);
        break;
      case Slot::kMetric:
        out->append(v.metric);
        break;
      case Slot::kMention:
        out->push_back('@');
        out->append(v.mention);
        break;
      case Slot::kParent:
        out->push_back('@');
        out->append(v.parent);
        break;
      case Slot::kUrl:
        append_url(pack, rng, out);
        break;
      case Slot::kAbuse:
        if (v.abuse && !v.abuse->empty()) out->append(pick(*v.abuse, rng));
        break;
      case Slot::kTag:
        out->push_back('#');
        out->append(v.tag);
        break;
    }
  }
}

}  // namespace chorus::sim
